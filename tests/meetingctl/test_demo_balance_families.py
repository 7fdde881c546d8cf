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
    for rule in {v.rule_id for v in report.violations if v.session_id is None}:
        for item in suggest_meeting(model, limit=5, rule_id=rule):  # each meeting-wide finding
            helped.update(item.fixes + item.improves)
    for session in report.sessions:  # the suggestions offered for each finding of a session
        for rule in {v.rule_id for v in session.violations}:
            for item in suggest(model, session.session.id, limit=5, rule_id=rule):
                helped.update(item.fixes + item.improves)
    for family, violations in found.items():
        assert {v.rule_id for v in violations} & helped, family
    # a single-gender panel (the demo's closing session): the suggestions that fix it bring in
    # someone of another gender
    single = next(v for s in report.sessions for v in s.violations if v.rule_id == "gender-single")
    fixes = suggest(model, single.session_id, limit=5, rule_id="gender-single")
    assert fixes
    assert all(model.people[s.person_id].gender != single.details["gender"] for s in fixes)
