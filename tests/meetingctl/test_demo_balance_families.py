"""The demo shows a finding of every balance family (gender, geography, whole of government,
whole of society, demography, languages), each with a suggestion that fixes or improves it."""

from __future__ import annotations

from agenda.balance import BalanceModel, suggest, suggest_meeting
from agenda.model.uow import transaction
from meetingctl.demo import create_demo

FAMILIES = ("gender", "geo", "gov", "stakeholder", "demo", "lang")


def test_every_family_has_a_finding_and_a_suggestion_that_helps(db_factory) -> None:
    with transaction(db_factory) as db:
        model = BalanceModel.from_db(db, create_demo(db).id)
    report = model.evaluate()
    found = {
        family: [v for v in report.violations if v.rule_id.startswith(family + "-")]
        for family in FAMILIES
    }
    assert all(found.values()), {k: len(v) for k, v in found.items()}
    helped: set[str] = set()
    for item in suggest_meeting(model, limit=10):
        helped.update(item.fixes + item.improves)
    for session in report.sessions:
        if session.violations:
            for item in suggest(model, session.session.id, limit=5):
                helped.update(item.fixes + item.improves)
    for family, violations in found.items():
        assert {v.rule_id for v in violations} & helped, family
    # round table 3 of the demo: a panel of men; a swap bringing a woman in fixes it
    table3 = next(s for s in report.sessions if s.session.title_en.startswith("Round table 3"))
    assert "gender-single" in {v.rule_id for v in table3.violations}
    fixes = suggest(model, table3.session.id, limit=5, rule_id="gender-single")
    assert fixes and all(model.people[s.person_id].gender != "man" for s in fixes)
