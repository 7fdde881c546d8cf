"""Sensitive demography (year of birth, consented self-identification) stays out of the people
export unless the organizer asks, and the balance report shows only aggregate counts."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from agenda.model.enums import Role, SessionKind
from agenda.model.orm import Meeting, Person, RoleAssignment, Session
from agenda.model.uow import transaction
from meetingctl.cli import main


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def db(engine_url, db_factory):
    with transaction(db_factory) as session:
        session.add(
            Person(
                given_name="Ana",
                family_name="Quispe",
                country="BO",
                email_key="ana@example.org",
                category="civil_society",
                birth_year=1961,
                self_identification=["indigenous"],
                self_id_consent_at=datetime(2021, 3, 1, tzinfo=UTC),
                self_id_consent_note="form of 2021-03-01",
            )
        )
    return engine_url


def _cells(path) -> list[str]:
    return [cell for row in csv.reader(path.open(encoding="utf-8-sig")) for cell in row]


def test_people_export_leaves_sensitive_fields_out_unless_asked(db, tmp_path, capsys) -> None:
    target = tmp_path / "roster.csv"
    code, _, err = run_cli(["--db", db, "people", "export", "-o", str(target)], capsys)
    assert code == 0, err
    cells = _cells(target)
    assert "Quispe" in cells
    assert not {"1961", "indigenous", "Year of birth", "Self-identification"} & set(cells)
    code, _, err = run_cli(
        ["--db", db, "people", "export", "-o", str(target), "--include-sensitive"], capsys
    )
    assert code == 0, err
    cells = _cells(target)
    assert {"1961", "indigenous", "Year of birth", "Consent recorded"} <= set(cells)
    assert any(cell.startswith("2021-03-01") for cell in cells)


def test_balance_json_has_no_person_level_demography(db, db_factory, capsys) -> None:
    init = ["--db", db, "init", "--template", "blank", "--title", "T", "--start", "2021-04-26"]
    assert run_cli([*init, "--tz", "America/Santiago"], capsys)[0] == 0
    with transaction(db_factory) as session:
        meeting = session.scalars(select(Meeting)).one()
        start = datetime(2021, 4, 26, 14, tzinfo=UTC)
        table = Session(
            meeting_id=meeting.id,
            uid="t1",
            kind=SessionKind.ROUND_TABLE,
            title_en="Round table",
            start=start,
            end=start + timedelta(hours=1),
        )
        session.add(table)
        session.flush()
        ana = session.scalars(select(Person)).one()
        session.add(RoleAssignment(session_id=table.id, person_id=ana.id, role=Role.PANELLIST))
    code, out, err = run_cli(["--db", db, "balance", "--format", "json"], capsys)
    assert code in (0, 1, 2), err
    report = json.loads(out)
    demography = report["programme"]["summary"]["demography"]
    assert demography["older"] == 1 and demography["self_identification"] == {"indigenous": 1}
    text = json.dumps(report)
    assert "1961" not in text and "form of 2021" not in text
    assert not any("Quispe" in json.dumps(v["details"]) for v in report["programme"]["violations"])
