"""BalanceModel on a real database (demo programme): loading, reloading, applying suggestions."""

from __future__ import annotations

from sqlalchemy import select

from agenda.balance import BalanceModel, apply_suggestion, suggest
from agenda.model.enums import ACTIVE_STATUSES, SPEAKER_ROLES, InvitationStatus
from agenda.model.orm import RoleAssignment
from agenda.model.uow import transaction
from agenda.people import roster
from meetingctl.demo import create_demo


def _demo(db_factory) -> int:
    with transaction(db_factory) as db:
        return create_demo(db, people_count=120, seed=7, year=2021).id


def test_snapshot_counts_only_active_holders(db_factory) -> None:
    meeting_id = _demo(db_factory)
    with transaction(db_factory) as db:
        model = BalanceModel.from_db(db, meeting_id)
        report = model.evaluate()
        rows = list(db.scalars(select(RoleAssignment)))
    speakers = {
        (a.session_id, a.person_id)
        for a in rows
        if a.status in ACTIVE_STATUSES and a.role in SPEAKER_ROLES
    }
    from_report = set()
    for item in report.sessions:
        panel, found = model.panel_of(model.active_slots(item.session.id))
        from_report |= {(item.session.id, p.id) for p in found}
        assert item.composition.size == len(panel)
    assert from_report == speakers


def test_reload_after_a_status_change_matches_a_fresh_load(db_factory) -> None:
    meeting_id = _demo(db_factory)
    with transaction(db_factory) as db:
        model = BalanceModel.from_db(db, meeting_id)
        model.evaluate()
        target = db.scalars(
            select(RoleAssignment).where(RoleAssignment.status == InvitationStatus.CONFIRMED)
        ).first()
        roster.change_status(db, target.id, "withdrawn", "t")
        model.reload_assignment(db, target.id)
    with transaction(db_factory) as db:
        fresh = BalanceModel.from_db(db, meeting_id).evaluate()
    assert model.report().to_dict() == fresh.to_dict()


def test_apply_suggestion_fixes_the_rule_in_the_database(db_factory) -> None:
    meeting_id = _demo(db_factory)
    with transaction(db_factory) as db:
        model = BalanceModel.from_db(db, meeting_id)
        report = model.evaluate()
        failing = next(s for s in report.sessions if s.violations)
        session_id = failing.session.id
        suggestion = suggest(model, session_id, limit=1)[0]
        created = apply_suggestion(db, suggestion, "tester", model)
        assert created.person_id == suggestion.person_id
        incremental = model.report().to_dict()
    with transaction(db_factory) as db:
        fresh = BalanceModel.from_db(db, meeting_id)
        after = fresh.evaluate()
        rules_after = {
            v.rule_id for s in after.sessions if s.session.id == session_id for v in s.violations
        }
        assert suggestion.rule_id not in rules_after
        assert after.to_dict() == incremental
        row = db.get(RoleAssignment, created.id)
        assert row.history[0].note.startswith("balance suggestion")


def test_person_edit_is_reflected_incrementally(db_factory) -> None:
    from agenda.model.enums import Gender
    from agenda.model.orm import Person

    meeting_id = _demo(db_factory)
    with transaction(db_factory) as db:
        model = BalanceModel.from_db(db, meeting_id)
        model.evaluate()
        speaker = (
            db.scalars(
                select(RoleAssignment).where(RoleAssignment.status == InvitationStatus.CONFIRMED)
            )
            .first()
            .person
        )
        speaker.gender = Gender.UNDISCLOSED if speaker.gender != Gender.UNDISCLOSED else Gender.MAN
        speaker.country, speaker.category = "HT", "migrants"
        db.flush()
        model.upsert_person(db, speaker.id)
        gone = db.scalars(select(Person).where(Person.id != speaker.id)).first()
        db.delete(gone)
        db.flush()
        model.upsert_person(db, gone.id)
    with transaction(db_factory) as db:
        fresh = BalanceModel.from_db(db, meeting_id).evaluate()
    assert model.report().to_dict() == fresh.to_dict()
