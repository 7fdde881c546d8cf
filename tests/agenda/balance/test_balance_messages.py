"""Violation messages of the demo programme name values by their labels, never by raw codes."""

from __future__ import annotations

import re

import pytest

from agenda import reference
from agenda.balance import BalanceModel
from agenda.balance.labels import region_label
from agenda.model.uow import transaction
from meetingctl.demo import create_demo

_CODES = (
    "woman|man|non_binary|member_state|un_system|igo|civil_society|migrant_diaspora_org"
    "|children_youth"
)


def _raw_code_pattern(lang: str) -> re.Pattern[str]:
    """Codes plus the region keys whose label in ``lang`` differs from the stored key."""
    regions = [r.key for r in reference.regions() if region_label(r.key, lang) != r.key]
    alternatives = _CODES + "".join(f"|{re.escape(key)}" for key in regions)
    return re.compile(rf"\b({alternatives})\b")


#: Stricter thresholds so that the region and category messages are produced too.
_STRICT = {
    "gender-single": {"severity": "warning", "value": 1},
    "geo-regions-per-table": {"value": 4},
    "geo-region-share": {"value": 1.0},
    "stakeholder-nongov": {"value": 6},
}


@pytest.mark.parametrize("strict", [False, True], ids=["defaults", "strict"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_demo_violation_messages_use_labels(db_factory, lang: str, strict: bool) -> None:
    with transaction(db_factory) as db:
        meeting_id = create_demo(db, people_count=120, seed=7, year=2021).id
        settings = _STRICT if strict else None
        report = BalanceModel.from_db(db, meeting_id, settings).evaluate()
    violations = report.violations
    assert violations, "the demo is expected to break some rules"
    pattern = _raw_code_pattern(lang)
    offending = [v.message(lang) for v in violations if pattern.search(v.message(lang))]
    assert offending == []
    if lang == "es":  # every finding, the new rules of issue 16 too, reads in Spanish
        untranslated = [v.message_en for v in violations if v.message(lang) == v.message_en]
        assert untranslated == []
