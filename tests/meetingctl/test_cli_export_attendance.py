"""Who counts in the annex for a meeting built without demo data, and `people attendance`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from agenda.model.enums import InvitationStatus, Role
from agenda.model.orm import AuditEntry, Person, RoleAssignment
from agenda.programme.templates import build_meeting
from tests.conftest import run_cli


def _listed_names(path: Path) -> set[str]:
    sheet = load_workbook(path).worksheets[0]
    header = [c.value for c in sheet[1]]
    column = header.index("Name")
    return {row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}


def _person(given: str, family: str) -> Person:
    return Person(given_name=given, family_name=family, country="CL", category="member_state")


def test_confirmed_roles_and_recorded_attendance_count(
    tmp_path: Path, engine_url: str, db_factory
) -> None:  # type: ignore[no-untyped-def]
    with db_factory() as db:
        meeting = build_meeting(
            "gcm-regional-review",
            title_en="Review",
            title_es="Examen",
            start=date(2021, 4, 26),
            days=2,
            home_tz="America/Santiago",
            uid_domain="t.invalid",
        )
        db.add(meeting)
        speaker, accepted, plain = (
            _person("Ana", "Confirmada"),
            _person("Luis", "Aceptado"),
            _person("Eva", "Inscrita"),
        )
        db.add_all([speaker, accepted, plain])
        db.flush()
        session = meeting.sessions[0]
        session.assignments.append(
            RoleAssignment(person=speaker, role=Role.PANELLIST, status=InvitationStatus.CONFIRMED)
        )
        session.assignments.append(
            RoleAssignment(person=accepted, role=Role.PANELLIST, status=InvitationStatus.ACCEPTED)
        )
        db.commit()
        plain_id, speaker_id = plain.id, speaker.id

    outputs: list[str] = []

    def export(name: str, *extra: str) -> set[str]:
        target = tmp_path / name
        args = ("--db", engine_url, "export", "annex", "--lang", "en", "-o", str(target))
        result = run_cli(*args, *extra)
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
        return _listed_names(target)

    # Default [exports] participants = confirmed: the confirmed speaker only.
    assert export("a.xlsx") == {"Ana Confirmada"}
    # The meeting's two days are counted; the template's preparatory days are mentioned apart.
    assert "2 meeting days (+2 preparatory days), 1 participant (confirmed)" in outputs[-1]
    assert export("b.xlsx", "--participants", "registered") == {
        "Ana Confirmada",
        "Luis Aceptado",
        "Eva Inscrita",
    }
    assert export("c.xlsx", "--participants", "attended") == set()

    recorded = run_cli(
        "--db",
        engine_url,
        "people",
        "attendance",
        "--person",
        str(plain_id),
        "--person",
        str(speaker_id),
        "--status",
        "attended",
    )
    assert recorded.returncode == 0, recorded.stderr
    assert "for 2 people" in recorded.stdout
    assert export("d.xlsx", "--participants", "attended") == {"Ana Confirmada", "Eva Inscrita"}
    with db_factory() as db:
        entries = db.scalars(
            select(AuditEntry).where(AuditEntry.action == "person.attendance")
        ).all()
        assert sorted(e.entity_id for e in entries) == sorted([plain_id, speaker_id])
        assert {(e.details["before"], e.details["after"]) for e in entries} == {
            ("registered", "attended")
        }

    unknown = run_cli(
        "--db", engine_url, "people", "attendance", "--person", "99999", "--status", "confirmed"
    )
    assert unknown.returncode == 2
    assert "no person with id 99999" in unknown.stderr and "Traceback" not in unknown.stderr
