"""Issue 18 item 4: values the database would refuse (too long for their column, a NUL
character) are refused in the domain with the field's name and limit, identically on SQLite
(which would store them) and PostgreSQL (which would raise a raw DataError); a unique-constraint
race is a conflict, not an IntegrityError."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from agenda.model import audit
from agenda.model.errors import ConflictError, ValidationError
from agenda.model.limits import max_length
from agenda.model.orm import AuditEntry, Meeting, Person, Session
from agenda.model.uow import transaction
from agenda.people import importer
from agenda.people.edit import update_person
from agenda.people.records import PersonRecord
from agenda.people.values import field_limit
from agenda.programme import operations as ops
from agenda.programme.templates import build_meeting

START = datetime(2021, 4, 26, 13, tzinfo=UTC)


@pytest.fixture
def ids(db_factory) -> tuple[int, int]:
    with transaction(db_factory) as db:
        meeting = build_meeting(
            "blank", title_en="Limits", start=date(2021, 4, 26), days=1, home_tz="UTC"
        )
        db.add(meeting)
        db.flush()
        session = ops.add_session(
            db,
            meeting,
            kind="plenary",
            title_en="Plenary",
            start=START,
            end=START + timedelta(hours=1),
            actor="setup",
        )
        return meeting.id, session.id


def test_limits_come_from_the_column_types():
    assert max_length(Session.room) == 120
    assert max_length(Session.title_es) == 300
    assert max_length(Session.video_url) == 500
    assert max_length(Session.description_en) is None  # Text: no limit
    assert max_length(Session.kind) is None  # an enum, validated by its values
    assert field_limit("delegation") == max_length(Person.delegation) == 120


@pytest.mark.parametrize(("field", "limit"), [("room", 120), ("title_es", 300), ("video_url", 500)])
def test_over_length_session_field_is_refused_with_its_name_and_limit(
    db_factory, ids, field, limit
):
    meeting_id, session_id = ids
    with pytest.raises(ValidationError) as caught:
        with transaction(db_factory) as db:
            meeting = db.get_one(Meeting, meeting_id)
            ops.edit_session(db, meeting, session_id, actor="o", **{field: "x" * (limit + 1)})
    message = str(caught.value)
    assert f"session {field} is {limit + 1} characters long" in message
    assert f"at most {limit}" in message
    with transaction(db_factory) as db:  # nothing stored, on SQLite too
        assert getattr(db.get_one(Session, session_id), field) == ""
        assert db.scalars(select(AuditEntry.action)).all() == ["session.add"]


def test_exactly_the_limit_is_stored(db_factory, ids):
    meeting_id, session_id = ids
    with transaction(db_factory) as db:
        ops.edit_session(db, db.get_one(Meeting, meeting_id), session_id, actor="o", room="r" * 120)
    with transaction(db_factory) as db:
        assert db.get_one(Session, session_id).room == "r" * 120


@pytest.mark.parametrize("field", ["room", "description_en", "video_url"])
def test_nul_character_is_refused(db_factory, ids, field):
    meeting_id, session_id = ids
    with pytest.raises(ValidationError, match=f"session {field} contains a NUL character"):
        with transaction(db_factory) as db:
            meeting = db.get_one(Meeting, meeting_id)
            ops.edit_session(db, meeting, session_id, actor="o", **{field: "a\x00b"})


def test_venue_over_length_is_refused(db_factory):
    with pytest.raises(ValidationError, match="meeting venue is 301 characters long; at most 300"):
        with transaction(db_factory) as db:
            db.add(
                build_meeting(
                    "blank",
                    title_en="Venue",
                    start=date(2021, 4, 26),
                    days=1,
                    home_tz="UTC",
                    venue="v" * 301,
                )
            )
    with transaction(db_factory) as db:
        assert db.scalars(select(Meeting)).all() == []


def test_long_actor_is_refused_with_the_setting_to_change(db_factory, ids):
    with pytest.raises(ValidationError, match="actor is 121 characters long.*MEETINGCTL_ACTOR"):
        with transaction(db_factory) as db:
            audit.record(db, "a" * 121, "test", "session", ids[1])


def test_long_delegation_is_refused_before_the_database(db_factory):
    with transaction(db_factory) as db:
        person = Person(given_name="Ana")
        db.add(person)
        db.flush()
        person_id = person.id
    with pytest.raises(ValidationError, match="delegation: longer than 120 characters"):
        with transaction(db_factory) as db:
            update_person(db, person_id, actor="o", delegation="d" * 121)


def test_concurrent_import_of_the_same_address_is_a_conflict(db_factory, monkeypatch):
    """B read the roster before A committed the same new address: B's insert hits the unique
    e-mail key and is answered as a conflict (exit 3), nothing of B is stored."""
    record = PersonRecord(
        given_name="Ana", family_name="Ruiz", email="ana@x.org", email_key="ana@x.org"
    )
    with transaction(db_factory) as db:
        importer.import_people(db, [record], "A")
    monkeypatch.setattr(importer, "_existing", lambda _db, _keys: {})  # B's stale read
    with pytest.raises(ConflictError) as caught:
        with transaction(db_factory) as db:
            importer.import_people(db, [record], "B")
    assert caught.value.exit_code == 3
    assert "email_key" in str(caught.value)
    with transaction(db_factory) as db:
        assert len(db.scalars(select(Person)).all()) == 1


def test_people_file_row_with_a_long_delegation_is_rejected_with_its_row(tmp_path):
    """The file check uses the column's limit (120), not the generic 200 PostgreSQL refuses."""
    from agenda.people.files import read_people_file

    path = tmp_path / "people.csv"
    path.write_text(
        "Given name,Family name,Email,Delegation\n"
        f"Ana,Ruiz,ana@x.org,{'d' * 121}\n"
        "Bea,Soto,bea@x.org,Chile\n",
        encoding="utf-8",
    )
    result = read_people_file(path)
    assert [r.given_name for r in result.rows] == ["Bea"]
    (error,) = result.errors
    assert error.row == 2 and error.column == "Delegation" and "120" in error.describe()
