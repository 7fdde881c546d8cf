"""Role assignments, the invitation pipeline with history, and substitutes (both backends)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from agenda.model.enums import Gender, InvitationStatus, Role, SessionKind
from agenda.model.errors import ConflictError, NotFoundError, ValidationError
from agenda.model.orm import AuditEntry, Meeting, Person, RoleAssignment, Session, StatusChange
from agenda.model.uow import transaction
from agenda.people import roster

S = InvitationStatus
START = datetime(2021, 4, 26, 13, 0, tzinfo=UTC)


def make_meeting(db, people: int = 4) -> tuple[int, list[int], list[int]]:
    meeting = Meeting(
        slug="m", title_en="M", home_tz="America/Santiago", start_date=date(2021, 4, 26)
    )
    for index in range(2):
        meeting.sessions.append(
            Session(
                uid=f"s{index}",
                kind=SessionKind.ROUND_TABLE,
                title_en=f"RT {index}",
                start=START + timedelta(hours=2 * index),
                end=START + timedelta(hours=2 * index + 1),
            )
        )
    db.add(meeting)
    persons = [
        Person(
            given_name=f"P{i}",
            family_name="X",
            gender=Gender.WOMAN,
            country="MX",
            category="civil_society",
        )
        for i in range(people)
    ]
    db.add_all(persons)
    db.flush()
    return meeting.id, [s.id for s in meeting.sessions], [p.id for p in persons]


@pytest.fixture
def setup(db_factory):
    with transaction(db_factory) as db:
        return make_meeting(db)


PATH = {
    S.INVITED: [S.INVITED],
    S.ACCEPTED: [S.INVITED, S.ACCEPTED],
    S.DECLINED: [S.INVITED, S.DECLINED],
    S.CONFIRMED: [S.INVITED, S.ACCEPTED, S.CONFIRMED],
    S.WITHDRAWN: [S.WITHDRAWN],
}


def test_assign_records_history_and_audit(db_factory, setup) -> None:
    _, sessions, people = setup
    with transaction(db_factory) as db:
        created = roster.assign(db, sessions[0], people[0], "panellist", "alice", 8)
        assignment_id = created.id
    with transaction(db_factory) as db:
        row = db.get(RoleAssignment, assignment_id)
        assert (row.status, row.role, row.speaking_minutes) == (S.NOMINATED, Role.PANELLIST, 8)
        history = list(db.scalars(select(StatusChange)))
        assert [(h.old_status, h.new_status, h.actor) for h in history] == [
            (None, "nominated", "alice")
        ]
        audit = db.scalars(select(AuditEntry).where(AuditEntry.action == "assignment.create")).one()
        assert audit.entity_id == assignment_id and audit.details["role"] == "panellist"


def test_assign_rejects_duplicate_slot_unknown_role_and_missing_rows(db_factory, setup) -> None:
    _, sessions, people = setup
    with transaction(db_factory) as db:
        roster.assign(db, sessions[0], people[0], Role.PANELLIST, "a")
    with transaction(db_factory) as db, pytest.raises(ValidationError, match="already holds"):
        roster.assign(db, sessions[0], people[0], Role.PANELLIST, "a")
    with transaction(db_factory) as db, pytest.raises(ValidationError, match="valid roles"):
        roster.assign(db, sessions[0], people[1], "speaker-ish", "a")
    with transaction(db_factory) as db, pytest.raises(NotFoundError, match="no session"):
        roster.assign(db, 9999, people[1], Role.PANELLIST, "a")
    with transaction(db_factory) as db, pytest.raises(NotFoundError, match="no person"):
        roster.assign(db, sessions[0], 9999, Role.PANELLIST, "a")


@pytest.mark.parametrize("start", list(S))
@pytest.mark.parametrize("target", list(S))
def test_every_transition_follows_the_pipeline(start: S, target: S) -> None:
    allowed = {
        S.NOMINATED: {S.INVITED, S.WITHDRAWN},
        S.INVITED: {S.ACCEPTED, S.DECLINED, S.TENTATIVE, S.WITHDRAWN},
        S.TENTATIVE: {S.ACCEPTED, S.DECLINED, S.WITHDRAWN},
        S.ACCEPTED: {S.CONFIRMED, S.WITHDRAWN},
        S.CONFIRMED: {S.WITHDRAWN},
        S.DECLINED: set(),
        S.WITHDRAWN: set(),
    }[start]
    if target in allowed:
        roster.check_transition(start, target)
        return
    with pytest.raises(ValidationError) as info:
        roster.check_transition(start, target)
    message = str(info.value)
    assert f"from {start.value} to {target.value}" in message
    for status in allowed:
        assert status.value in message.split("allowed from")[1]
    if not allowed:
        assert "is final" in message


@pytest.mark.parametrize("target", list(PATH))
def test_change_status_walks_the_pipeline_with_history(db_factory, setup, target: S) -> None:
    _, sessions, people = setup
    with transaction(db_factory) as db:
        assignment_id = roster.assign(db, sessions[0], people[0], "panellist", "a").id
    for step in PATH[target]:
        with transaction(db_factory) as db:
            roster.change_status(db, assignment_id, step, "bob", note=f"to {step}")
    with transaction(db_factory) as db:
        row = db.get(RoleAssignment, assignment_id)
        assert row.status == target
        steps = [(h.old_status, h.new_status) for h in row.history]
        chain = [S.NOMINATED, *PATH[target]]
        assert steps == [(None, "nominated")] + [
            (a.value, b.value) for a, b in zip(chain, chain[1:], strict=False)
        ]
        assert (
            db.scalar(
                select(AuditEntry)
                .where(AuditEntry.action == "assignment.status")
                .order_by(AuditEntry.id.desc())
                .limit(1)
            ).details["new"]
            == target.value
        )


def test_invalid_transition_changes_nothing(db_factory, setup) -> None:
    _, sessions, people = setup
    with transaction(db_factory) as db:
        assignment_id = roster.assign(db, sessions[0], people[0], "panellist", "a").id
    with transaction(db_factory) as db, pytest.raises(ValidationError, match="invited, withdrawn"):
        roster.change_status(db, assignment_id, "confirmed", "a")
    with transaction(db_factory) as db:
        assert db.get(RoleAssignment, assignment_id).status == S.NOMINATED
        assert len(db.get(RoleAssignment, assignment_id).history) == 1


def test_stale_expected_version_is_a_conflict(db_factory, setup) -> None:
    _, sessions, people = setup
    with transaction(db_factory) as db:
        assignment = roster.assign(db, sessions[0], people[0], "panellist", "a")
        assignment_id, version = assignment.id, assignment.version
    with transaction(db_factory) as db:
        roster.change_status(db, assignment_id, "invited", "a", expected_version=version)
    with transaction(db_factory) as db, pytest.raises(ConflictError):
        roster.change_status(db, assignment_id, "accepted", "b", expected_version=version)


@pytest.mark.parametrize("vacate", [[S.INVITED, S.DECLINED], [S.WITHDRAWN]])
def test_substitute_promoted_when_holder_declines_or_withdraws(db_factory, setup, vacate) -> None:
    _, sessions, people = setup
    with transaction(db_factory) as db:
        holder = roster.assign(db, sessions[0], people[0], "moderator", "a").id
        first = roster.nominate_substitute(db, holder, people[1], "a").id
        second = roster.nominate_substitute(db, holder, people[2], "a").id
        assert [s.id for s in roster.substitutes_of(db, holder)] == [first, second]
    for step in vacate:
        with transaction(db_factory) as db:
            roster.change_status(db, holder, step, "a")
    with transaction(db_factory) as db:
        promoted, waiting = db.get(RoleAssignment, first), db.get(RoleAssignment, second)
        assert promoted.substitute_for_id is None and promoted.role == Role.MODERATOR
        assert waiting.substitute_for_id == first
        assert "promoted" in promoted.history[-1].note
        assert db.scalar(select(AuditEntry).where(AuditEntry.action == "assignment.promote"))


def test_substitute_rules(db_factory, setup) -> None:
    _, sessions, people = setup
    with transaction(db_factory) as db:
        holder = roster.assign(db, sessions[0], people[0], "panellist", "a").id
        sub = roster.nominate_substitute(db, holder, people[1], "a").id
    with transaction(db_factory) as db, pytest.raises(ValidationError, match="own substitute"):
        roster.nominate_substitute(db, holder, people[0], "a")
    with transaction(db_factory) as db, pytest.raises(ValidationError, match="itself a substitute"):
        roster.nominate_substitute(db, sub, people[2], "a")
    with transaction(db_factory) as db, pytest.raises(ValidationError, match="still nominated"):
        roster.promote_substitute(db, holder, "a")
    with transaction(db_factory) as db:  # without promotion the substitute keeps waiting
        roster.change_status(db, holder, "withdrawn", "a", promote=False)
        assert db.get(RoleAssignment, sub).substitute_for_id == holder
        assert roster.promote_substitute(db, holder, "a").id == sub


def test_unassign_frees_substitutes(db_factory, setup) -> None:
    _, sessions, people = setup
    with transaction(db_factory) as db:
        holder = roster.assign(db, sessions[0], people[0], "panellist", "a").id
        sub = roster.nominate_substitute(db, holder, people[1], "a").id
    with transaction(db_factory) as db:
        roster.unassign(db, holder, "a")
    with transaction(db_factory) as db:
        assert db.get(RoleAssignment, holder) is None
        assert db.get(RoleAssignment, sub).substitute_for_id is None
        assert db.scalar(select(AuditEntry).where(AuditEntry.action == "assignment.delete"))
