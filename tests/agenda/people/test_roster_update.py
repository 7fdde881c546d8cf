"""update_person: validation, e-mail uniqueness, optimistic locking and the audit entry."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agenda.model.enums import Gender
from agenda.model.errors import ConflictError, NotFoundError, ValidationError
from agenda.model.orm import AuditEntry, Person
from agenda.model.uow import transaction
from agenda.people import roster


@pytest.fixture
def people(db_factory) -> list[int]:
    with transaction(db_factory) as db:
        rows = [
            Person(given_name="Ana", family_name="Ruiz", country="MX", category="civil_society"),
            Person(
                given_name="Luis",
                country="CL",
                category="member_state",
                email="luis@example.org",
                email_key="luis@example.org",
            ),
        ]
        db.add_all(rows)
        db.flush()
        return [p.id for p in rows]


def test_update_normalizes_and_audits(db_factory, people) -> None:
    with transaction(db_factory) as db:
        roster.update_person(
            db,
            people[0],
            actor="tester",
            expected_version=1,
            given_name="  Ana María ",
            email="Ana.Ruiz@Example.ORG",
            country="bo",
            gender="woman",
            category="academia",
            timezone="america/la_paz",
        )
    with transaction(db_factory) as db:
        person = db.get(Person, people[0])
        assert (person.given_name, person.country, person.gender) == (
            "Ana María",
            "BO",
            Gender.WOMAN,
        )
        assert person.email_key == "ana.ruiz@example.org"
        assert (person.category, person.timezone) == ("academia", "America/La_Paz")
        assert person.version == 2
        entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "person.update")).one()
        assert entry.entity_id == people[0] and entry.actor == "tester"
        assert entry.details["changes"]["country"] == {"old": "MX", "new": "BO"}


@pytest.mark.parametrize(
    ("field", "value", "word"),
    [
        ("email", "not-an-address", "email"),
        ("country", "XX", "country"),
        ("gender", "robot", "gender"),
        ("category", "pirates", "category"),
        ("timezone", "Mars/Olympus", "time zone"),
        ("given_name", "   ", "given_name"),
        ("shoe_size", "42", "shoe_size"),
    ],
)
def test_invalid_values_are_rejected_naming_the_field(db_factory, people, field, value, word):
    with pytest.raises(ValidationError, match=word), transaction(db_factory) as db:
        roster.update_person(db, people[0], actor="t", **{field: value})
    with transaction(db_factory) as db:
        assert db.get(Person, people[0]).version == 1


def test_email_must_be_unique(db_factory, people) -> None:
    with pytest.raises(ValidationError, match="already belongs"), transaction(db_factory) as db:
        roster.update_person(db, people[0], actor="t", email="LUIS@example.org")


def test_stale_version_conflicts_and_unknown_person(db_factory, people) -> None:
    with transaction(db_factory) as db:
        roster.update_person(db, people[1], actor="t", position="Minister")
    with pytest.raises(ConflictError), transaction(db_factory) as db:
        roster.update_person(db, people[1], actor="t", expected_version=1, position="Vice")
    with pytest.raises(NotFoundError), transaction(db_factory) as db:
        roster.update_person(db, 999_999, actor="t", position="x")


def test_no_change_writes_no_audit(db_factory, people) -> None:
    with transaction(db_factory) as db:
        roster.update_person(db, people[1], actor="t", email="luis@example.org", country="CL")
    with transaction(db_factory) as db:
        assert db.get(Person, people[1]).version == 1
        assert not db.scalars(select(AuditEntry).where(AuditEntry.action == "person.update")).all()
