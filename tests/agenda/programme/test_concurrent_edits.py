"""Issue 18 item 1: a change to a session's children (objectives, roles) is a change of the
session under optimistic locking: its version goes up, and a stale edit is refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from agenda.model.errors import ConflictError
from agenda.model.orm import Meeting, Person, Session
from agenda.model.uow import transaction
from agenda.people import roster
from agenda.programme import operations as ops
from agenda.programme.templates import build_meeting

START = datetime(2021, 4, 26, 13, tzinfo=UTC)


@pytest.fixture
def ids(db_factory) -> tuple[int, int]:
    """(meeting id, id of a round table with objectives 1, 3, 23)."""
    with transaction(db_factory) as db:
        meeting = build_meeting(
            "blank", title_en="Locks", start=date(2021, 4, 26), days=1, home_tz="UTC"
        )
        db.add(meeting)
        db.flush()
        session = ops.add_session(
            db,
            meeting,
            kind="round-table",
            title_en="RT",
            start=START,
            end=START + timedelta(hours=1),
            objectives=[1, 3, 23],
            actor="setup",
        )
        return meeting.id, session.id


def _edit(db_factory, ids, objectives, expected_version=None) -> Session:
    meeting_id, session_id = ids
    with transaction(db_factory) as db:
        meeting = db.get_one(Meeting, meeting_id)
        return ops.edit_session(
            db,
            meeting,
            session_id,
            actor="organizer",
            objectives=objectives,
            expected_version=expected_version,
        )


def _stored(db_factory, session_id) -> Session:
    with transaction(db_factory) as db:
        session = db.get_one(Session, session_id)
        session.objectives  # noqa: B018 - load them before the transaction ends
        return session


def test_editing_objectives_raises_the_version(db_factory, ids):
    before = _stored(db_factory, ids[1]).version
    _edit(db_factory, ids, [2])
    after = _stored(db_factory, ids[1])
    assert after.objectives == [2]
    assert after.version == before + 1


def test_second_organizer_with_the_same_version_is_refused(db_factory, ids):
    """A and B both loaded version v (`--if-version v`); A saves first, B is refused."""
    version = _stored(db_factory, ids[1]).version
    _edit(db_factory, ids, [1, 2, 23], expected_version=version)
    with pytest.raises(ConflictError, match="changed by someone else"):
        _edit(db_factory, ids, [3, 4, 23], expected_version=version)
    assert _stored(db_factory, ids[1]).objectives == [1, 2, 23]


def test_interleaved_transactions_never_merge_two_sets(db_factory, ids):
    """B's transaction is open (session loaded) while A commits: B's flush is refused, the
    stored set is exactly A's, never a mix of both."""
    meeting_id, session_id = ids
    with pytest.raises(ConflictError):
        with transaction(db_factory) as b:
            meeting_b = b.get_one(Meeting, meeting_id)
            loaded = ops.get_session(b, meeting_b, session_id)
            version = loaded.version
            assert loaded.objectives == [1, 3, 23]
            _edit(db_factory, ids, [1, 2, 23], expected_version=version)
            ops.edit_session(
                b,
                meeting_b,
                session_id,
                actor="B",
                objectives=[3, 4, 23],
                expected_version=version,
            )
    assert _stored(db_factory, session_id).objectives == [1, 2, 23]


def test_roles_are_part_of_the_session_version(db_factory, ids):
    _meeting_id, session_id = ids
    with transaction(db_factory) as db:
        person = Person(given_name="Ana")
        db.add(person)
        db.flush()
        person_id = person.id
    version = _stored(db_factory, session_id).version
    with transaction(db_factory) as db:
        assignment_id = roster.assign(db, session_id, person_id, "panellist", "organizer").id
    assert _stored(db_factory, session_id).version == version + 1
    with pytest.raises(ConflictError):  # an edit made on the roster's old version is stale
        _edit(db_factory, ids, [5], expected_version=version)
    with transaction(db_factory) as db:
        roster.unassign(db, assignment_id, "organizer")
    assert _stored(db_factory, session_id).version == version + 2
