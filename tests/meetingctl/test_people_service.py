"""PeopleService: the people use cases the CLI and the TUI share, on the database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agenda.model.enums import Gender, InvitationStatus, Role, SessionKind
from agenda.model.errors import ValidationError
from agenda.model.orm import AuditEntry, Meeting, Organization, Person, RoleAssignment, Session
from agenda.model.uow import transaction
from meetingctl.context import AppContext
from meetingctl.services.people import PeopleService
from meetingctl.services.people_import import ImportRefused, ImportRequest
from meetingctl.services.people_views import PersonFields

HEADER = "Given name,Family name,Email,Country,Organization\n"
GOOD = HEADER + (
    "Ana,Pérez,ana.perez@example.org,México,Cancillería\n"
    "Jean,Baptiste,jean@example.org,Haiti,Université d'État\n"
)
ONE_BAD = GOOD + "Luis,Mena,not-an-email,Ecuador,\n"


@pytest.fixture
def people(engine_url, db_factory) -> PeopleService:
    """The service on a migrated database with one round table (and no one in it)."""
    start = datetime(2021, 4, 26, 14, tzinfo=UTC)
    with transaction(db_factory) as db:
        meeting = Meeting(
            slug="m", title_en="M", home_tz="America/Santiago", start_date=date(2021, 4, 26)
        )
        meeting.sessions.append(
            Session(
                uid="rt1",
                kind=SessionKind.ROUND_TABLE,
                title_en="Round table",
                start=start,
                end=start + timedelta(hours=1),
            )
        )
        db.add(meeting)
    context = AppContext(database_url=engine_url)
    yield context.services.people
    context.close()


def _count(db_factory) -> int:  # type: ignore[no-untyped-def]
    with transaction(db_factory) as db:
        return int(db.scalar(select(func.count(Person.id))))


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _session_id(db_factory) -> int:  # type: ignore[no-untyped-def]
    with transaction(db_factory) as db:
        return int(db.scalar(select(Session.id)))


def test_import_dry_run_reports_but_writes_nothing(people, db_factory, tmp_path) -> None:
    path = _write(tmp_path, GOOD)
    result = people.import_file(ImportRequest(path, dry_run=True))
    assert (result.created, result.organizations_created, result.dry_run) == (2, 2, True)
    assert _count(db_factory) == 0
    with transaction(db_factory) as db:
        assert db.scalar(select(func.count(Organization.id))) == 0
        assert db.scalar(select(func.count(AuditEntry.id))) == 0
    assert not (tmp_path / "people.csv.rejects.csv").exists()


def test_import_is_all_or_nothing_and_writes_the_rejects_file(people, db_factory, tmp_path) -> None:
    path = _write(tmp_path, ONE_BAD)
    with pytest.raises(ImportRefused, match="1 row") as refused:
        people.import_file(ImportRequest(path))
    assert _count(db_factory) == 0  # two valid rows, one bad: nothing imported
    result = refused.value.result
    assert [(e.row, e.column) for e in result.errors] == [(4, "Email")]
    rejects = tmp_path / "people.csv.rejects.csv"
    assert result.rejects_path == rejects and result.rejects_written
    lines = rejects.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Row,Column,Value,Reason") and lines[1].startswith("4,Email")
    assert "Luis" in lines[1]  # the original cells follow, to fix and import again
    skipped = people.import_file(ImportRequest(path, skip_invalid=True, write_rejects=False))
    assert (skipped.created, skipped.rejected_rows) == (2, 1)
    assert _count(db_factory) == 2


def test_preview_lists_errors_in_the_language_asked(people, db_factory, tmp_path) -> None:
    result = people.preview_import(_write(tmp_path, ONE_BAD), lang="es")
    assert result.valid_rows == 2 and result.rejected_rows == 1
    assert result.rejects_path is None and _count(db_factory) == 0
    assert "correo" in result.errors[0].message.lower()


def test_add_person_validates_like_an_import_row(people, db_factory) -> None:
    saved = people.add_person(
        PersonFields(
            given_name=" Ana ",
            family_name="Quispe",
            email="Ana.Quispe@Example.NET",
            country="Bolivia (Estado Plurinacional de)",
            gender="woman",
            category="Civil society",
            organization="Red de Migrantes",
            position="Coordinator",
            delegation="BO",
            head_of_delegation=True,
            languages=("Spanish", "qu"),
            timezone="america/la_paz",
            is_youth=True,
        )
    )
    assert (saved.name, saved.email, saved.organization) == (
        "Ana Quispe",
        "Ana.Quispe@example.net",
        "Red de Migrantes",
    )
    with transaction(db_factory) as db:
        person = db.get(Person, saved.id)
        assert (person.country, person.gender) == ("BO", Gender.WOMAN)
        assert person.category == "civil_society"
        assert (person.languages, person.timezone) == (["es", "qu"], "America/La_Paz")
        assert person.head_of_delegation and person.is_youth and person.email_key
        assert db.scalars(select(AuditEntry.action)).all() == ["person.create"]
    for bad, word in [
        (PersonFields(given_name=""), "given_name"),
        (PersonFields(given_name="Bo", email="ana.quispe@example.net"), "already belongs"),
        (PersonFields(given_name="Bo", country="Atlantis"), "country"),
        (PersonFields(given_name="=HYPERLINK(1)"), "formula"),
        (PersonFields(given_name="Bo", timezone="Mars/Olympus"), "time zone"),
        (PersonFields(given_name="Bo", languages=("Klingon",)), "languages"),
    ]:
        with pytest.raises(ValidationError, match=word):
            people.add_person(bad)
    assert _count(db_factory) == 1


def test_unassign_releases_the_substitutes(people, db_factory) -> None:
    holder = people.add_person(PersonFields(given_name="Holder"))
    sub = people.add_person(PersonFields(given_name="Sub"))
    session_id = _session_id(db_factory)
    assigned = people.assign(holder.id, session_id, Role.PANELLIST)
    nominated = people.nominate_substitute(assigned.assignment_id, sub.id)
    assert (nominated.name, nominated.holder_id) == ("Sub", assigned.assignment_id)
    removed = people.unassign(assigned.assignment_id, expected_version=1)
    assert removed.released_substitutes == (nominated.assignment_id,)
    with transaction(db_factory) as db:
        assert db.get(RoleAssignment, assigned.assignment_id) is None
        assert db.get(RoleAssignment, nominated.assignment_id).substitute_for_id is None


def test_substitute_takes_over_when_the_holder_declines(people, db_factory) -> None:
    holder = people.add_person(PersonFields(given_name="Holder"))
    sub = people.add_person(PersonFields(given_name="Sub"))
    assigned = people.assign(holder.id, _session_id(db_factory), Role.MODERATOR)
    nominated = people.nominate_substitute(assigned.assignment_id, sub.id)
    with pytest.raises(ValidationError, match="cannot change the status"):
        people.change_status(assigned.assignment_id, InvitationStatus.CONFIRMED)
    assert people.allowed_transitions("nominated") == (
        InvitationStatus.INVITED,
        InvitationStatus.WITHDRAWN,
    )
    people.change_status(assigned.assignment_id, InvitationStatus.INVITED)
    changed = people.change_status(assigned.assignment_id, InvitationStatus.DECLINED)
    assert [p.assignment_id for p in changed.promoted] == [nominated.assignment_id]
    with pytest.raises(ValidationError, match="no active substitute"):
        people.promote_substitute(assigned.assignment_id)
    roles = {r.id: r for r in people.roles()}
    assert roles[nominated.assignment_id].substitute_for is None
    assert [h.new for h in roles[assigned.assignment_id].history] == [
        "nominated",
        "invited",
        "declined",
    ]
