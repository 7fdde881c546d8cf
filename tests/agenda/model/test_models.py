"""Domain model behaviour on both database engines: aware UTC times, optimistic locking, audit."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError

from agenda.model import audit
from agenda.model.enums import Gender, InvitationStatus, Role, SessionKind
from agenda.model.errors import ConflictError
from agenda.model.orm import AuditEntry, Meeting, Person, RoleAssignment, Session
from agenda.model.uow import check_version, transaction
from agenda.programme.templates import build_meeting


def _meeting() -> Meeting:
    return build_meeting(
        "gcm-regional-review",
        title_en="Review",
        start=date(2021, 4, 26),
        days=2,
        home_tz="America/Santiago",
    )


def test_times_round_trip_as_aware_utc(db_factory) -> None:  # type: ignore[no-untyped-def]
    santiago_ten = datetime(2021, 4, 26, 10, 0, tzinfo=timezone(timedelta(hours=-4)))
    with transaction(db_factory) as db:
        meeting = _meeting()
        meeting.sessions.append(
            Session(
                uid="x@test",
                kind=SessionKind.PLENARY,
                title_en="Extra",
                start=santiago_ten,
                end=santiago_ten + timedelta(hours=1),
            )
        )
        db.add(meeting)
    with transaction(db_factory) as db:
        stored = db.scalar(select(Session).where(Session.uid == "x@test"))
        assert stored is not None
        assert stored.start.tzinfo is not None and stored.start.utcoffset() == timedelta(0)
        assert stored.start == datetime(2021, 4, 26, 14, 0, tzinfo=UTC)


def test_naive_datetimes_are_refused(db_factory) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StatementError, match="naive datetime"):
        with transaction(db_factory) as db:
            meeting = _meeting()
            meeting.sessions.append(
                Session(
                    uid="n@test",
                    kind=SessionKind.PLENARY,
                    title_en="Naive",
                    start=datetime(2021, 4, 26, 10),
                    end=datetime(2021, 4, 26, 11),
                )
            )
            db.add(meeting)


def test_stale_write_raises_conflict_and_keeps_first_change(db_factory) -> None:  # type: ignore[no-untyped-def]
    with transaction(db_factory) as db:
        db.add(Person(given_name="Ana", family_name="Silva", gender=Gender.WOMAN))
    first, second = db_factory(), db_factory()
    try:
        mine = first.scalars(select(Person)).one()
        theirs = second.scalars(select(Person)).one()
        mine.position = "Director"
        first.commit()
        theirs.position = "Adviser"
        with pytest.raises(Exception) as caught:
            second.commit()
        assert "expected to update" in str(caught.value)
    finally:
        first.close()
        second.close()
    with transaction(db_factory) as db:
        person = db.scalars(select(Person)).one()
        assert person.position == "Director"
        assert person.version == 2


def test_unit_of_work_translates_stale_data_to_conflict(db_factory) -> None:  # type: ignore[no-untyped-def]
    with transaction(db_factory) as db:
        db.add(Person(given_name="Ana", family_name="Silva"))
    outside = db_factory()
    stale = outside.scalars(select(Person)).one()
    with transaction(db_factory) as db:
        db.scalars(select(Person)).one().position = "Director"
    with pytest.raises(ConflictError, match="changed by someone else"):
        with transaction(db_factory) as db:
            merged = db.merge(stale, load=False)
            merged.position = "Adviser"
    outside.close()


def test_check_version_names_the_row() -> None:
    check_version("session", 7, current=3, expected=None)
    check_version("session", 7, current=3, expected=3)
    with pytest.raises(ConflictError, match="session 7"):
        check_version("session", 7, current=4, expected=3)


def test_audit_entries_are_written_with_the_change(db_factory) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError):
        with transaction(db_factory) as db:
            db.add(Person(given_name="Rolled", family_name="Back"))
            audit.record(db, "tester", "person.create", "person", None, name="Rolled Back")
            raise RuntimeError("boom")
    with transaction(db_factory) as db:
        assert db.scalars(select(AuditEntry)).all() == []
        assert db.scalars(select(Person)).all() == []
        audit.record(db, "tester", "person.create", "person", 1, name="Ana")
    with transaction(db_factory) as db:
        entry = db.scalars(select(AuditEntry)).one()
        assert (entry.actor, entry.action, entry.details) == (
            "tester",
            "person.create",
            {"name": "Ana"},
        )
        assert entry.at.tzinfo is not None


def test_email_key_is_unique(db_factory) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConflictError, match="email_key"):  # the unit of work translates it
        with transaction(db_factory) as db:
            db.add(Person(given_name="A", email="a@x.org", email_key="a@x.org"))
            db.add(Person(given_name="B", email="A@X.org", email_key="a@x.org"))
    with transaction(db_factory) as db:
        db.add(Person(given_name="No", email=None, email_key=None))
        db.add(Person(given_name="Mail", email=None, email_key=None))


def test_assignment_roles_statuses_and_objectives_persist(db_factory) -> None:  # type: ignore[no-untyped-def]
    with transaction(db_factory) as db:
        meeting = _meeting()
        db.add(meeting)
        person = Person(given_name="Lucía", family_name="Núñez", gender=Gender.WOMAN, country="CL")
        db.add(person)
        table = next(s for s in meeting.sessions if s.kind == SessionKind.ROUND_TABLE)
        table.assignments.append(RoleAssignment(person=person, role=Role.MODERATOR))
    with transaction(db_factory) as db:
        table = db.scalars(
            select(Session).where(Session.kind == SessionKind.ROUND_TABLE).order_by(Session.start)
        ).first()
        assert table is not None
        assert table.objectives == [1, 3, 17, 23]
        (assignment,) = table.assignments
        assert assignment.role is Role.MODERATOR
        assert assignment.status is InvitationStatus.NOMINATED
        assert assignment.person.full_name == "Lucía Núñez"
