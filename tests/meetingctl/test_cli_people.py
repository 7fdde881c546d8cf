"""`meetingctl people import/export` through the real command, with messy files.

Each bad file must give a clear error (file, row, column, reason) and leave the database as it
was. Most tests call the console entry point in-process (fast); one runs the subprocess.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agenda.model.enums import Gender
from agenda.model.orm import AuditEntry, Organization, Person
from agenda.model.uow import transaction
from meetingctl.cli import main
from tests.conftest import run_cli

HEADER = "Given name,Family name,Email,Country,Gender,Organization,Stakeholder category\n"
GOOD = HEADER + (
    "Ana,Pérez,ana.perez@example.org,México,Female,Cancillería,Member State\n"
    "Jean,Baptiste,JEAN@example.org,Haiti,Male,Université d'État,Academia\n"
    "Sam,Rivera,sam@example.org,Bolivia (Estado Plurinacional de),,Cancillería,Civil society\n"
)


@pytest.fixture
def db(engine_url, db_factory):
    """URL for the command and the session factory to check the database."""
    return engine_url, db_factory


def cli(url: str, *args: str, capsys) -> tuple[int, str, str]:
    code = main(["--db", url, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def people_count(factory) -> int:
    with transaction(factory) as session:
        return session.scalar(select(func.count()).select_from(Person))


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_import_creates_people_organizations_and_an_audit_entry(db, tmp_path, capsys) -> None:
    url, factory = db
    code, out, err = cli(
        url, "people", "import", str(write(tmp_path, "p.csv", GOOD)), capsys=capsys
    )
    assert code == 0, err
    assert "created 3" in out and "2 organization(s) created" in out
    with transaction(factory) as session:
        people = {p.email_key: p for p in session.scalars(select(Person))}
        assert people["ana.perez@example.org"].country == "MX"
        assert people["ana.perez@example.org"].gender == Gender.WOMAN
        assert people["jean@example.org"].category == "academia"
        assert people["sam@example.org"].country == "BO"
        assert people["sam@example.org"].gender == Gender.UNKNOWN  # never guessed
        assert (
            people["sam@example.org"].organization is people["ana.perez@example.org"].organization
        )
        assert people["jean@example.org"].organization.name == "Université d'État"
        assert session.scalar(select(func.count()).select_from(Organization)) == 2
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "people.import")
        ).one()
        assert entry.details["created"] == 3 and entry.details["source"] == "p.csv"


@pytest.mark.parametrize(
    ("name", "text", "encoding"),
    [
        ("bom.csv", "\ufeff" + GOOD, "utf-8"),
        ("excel.csv", GOOD.replace(",", ";").replace("Université d'État", "Universidad"), "cp1252"),
        (
            "spanish.csv",
            "Nombre;Apellido;Correo;País;Género\nMaría José;Núñez;mj@example.org;Perú;Mujer\n",
            "latin-1",
        ),
    ],
)
def test_import_reads_bom_semicolons_and_latin1(db, tmp_path, capsys, name, text, encoding) -> None:
    url, factory = db
    code, _out, err = cli(
        url, "people", "import", str(write(tmp_path, name, text, encoding)), capsys=capsys
    )
    assert code == 0, err
    with transaction(factory) as session:
        names = {p.given_name for p in session.scalars(select(Person))}
    assert names & {"Ana", "María José"}


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("empty.csv", "", "empty"),
        ("missing.csv", "Full name,Correo\nAna Pérez,ana@example.org\n", "given_name"),
    ],
)
def test_unusable_files_are_refused_with_a_clear_message(
    db, tmp_path, capsys, name, text, message
) -> None:
    url, factory = db
    path = write(tmp_path, name, text)
    code, _out, err = cli(url, "people", "import", str(path), capsys=capsys)
    assert code == 2
    assert name in err and message in err.lower() and "nothing was imported" in err
    assert "Traceback" not in err
    assert people_count(factory) == 0


def test_mapping_file_overrides_headers(db, tmp_path, capsys) -> None:
    url, factory = db
    path = write(
        tmp_path,
        "custom.csv",
        "Vorname,Nachname,Kontakt,Land\nAnna,Schmidt,anna@example.org,Alemania\n",
    )
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        '[columns]\nVorname = "given_name"\nNachname = "family_name"\n'
        'Kontakt = "email"\nLand = "country"\n',
        encoding="utf-8",
    )
    code, _out, err = cli(url, "people", "import", str(path), capsys=capsys)
    assert code == 2 and "missing required column" in err and "Vorname" in err
    assert people_count(factory) == 0
    code, out, err = cli(
        url, "people", "import", str(path), "--mapping", str(mapping), capsys=capsys
    )
    assert code == 0, err
    with transaction(factory) as session:
        anna = session.scalars(select(Person)).one()
        assert (anna.given_name, anna.country) == ("Anna", "DE")


def test_a_50_mb_file_is_refused_before_reading(db, tmp_path, capsys) -> None:
    url, factory = db
    path = tmp_path / "huge.csv"
    row = "Ana,Pérez,ana@example.org,Chile,F,Org,Academia\n".encode()
    with path.open("wb") as handle:
        handle.write(HEADER.encode())
        handle.write(row * (50 * 2**20 // len(row) + 1))
    code, _out, err = cli(url, "people", "import", str(path), capsys=capsys)
    assert code == 2 and "huge.csv" in err and "50.0 MiB" in err and "--max-mb" in err
    assert people_count(factory) == 0


BAD_ROWS = HEADER + (
    "Ana,Pérez,ana@example.org,Chile,F,Org,Academia\n"
    'Mallory,"=HYPERLINK(""http://evil.example"",""click"")",mallory@example.org,Chile,F,Org,Academia\n'
    "Carol\x07,Jones,carol@example.org,Chile,F,Org,Academia\n"
    '"Bob\nBobby",Smith,bob@example.org,Chile,M,Org,Academia\n'
)


def test_invalid_rows_block_the_import_and_are_written_to_the_rejects_file(
    db, tmp_path, capsys
) -> None:
    url, factory = db
    path = write(tmp_path, "bad.csv", BAD_ROWS)
    rejects = tmp_path / "out" / "rejects.csv"
    rejects.parent.mkdir()
    code, _out, err = cli(
        url, "people", "import", str(path), "--rejects", str(rejects), capsys=capsys
    )
    assert code == 2 and "3 row(s) rejected; nothing was imported" in err
    assert "row 3, column 'Family name'" in err and "formula" in err
    assert "row 4, column 'Given name'" in err and "row 5, column 'Given name'" in err
    assert people_count(factory) == 0
    with rejects.open(encoding="utf-8-sig") as handle:
        lines = list(csv.reader(handle))
    assert {line[0] for line in lines[1:]} >= {"3", "4", "5"}
    assert not any(cell.startswith("=") for line in lines for cell in line)


def test_skip_invalid_imports_the_good_rows_only(db, tmp_path, capsys) -> None:
    url, factory = db
    path = write(tmp_path, "bad.csv", BAD_ROWS)
    code, out, _err = cli(url, "people", "import", str(path), "--skip-invalid", capsys=capsys)
    assert code == 0 and "created 1" in out and "3 row(s) rejected" in out
    assert (tmp_path / "bad.csv.rejects.csv").exists()
    with transaction(factory) as session:
        assert [p.email_key for p in session.scalars(select(Person))] == ["ana@example.org"]


def test_dry_run_writes_nothing(db, tmp_path, capsys) -> None:
    url, factory = db
    code, out, _ = cli(
        url, "people", "import", str(write(tmp_path, "p.csv", GOOD)), "--dry-run", capsys=capsys
    )
    assert code == 0 and out.startswith("Would import 3 people")
    assert people_count(factory) == 0
    bad = write(tmp_path, "bad.csv", BAD_ROWS)
    code, _, err = cli(url, "people", "import", str(bad), "--dry-run", capsys=capsys)
    assert code == 2 and "3 row(s) rejected" in err
    code, out, _ = cli(
        url, "people", "import", str(bad), "--dry-run", "--skip-invalid", capsys=capsys
    )
    assert code == 0 and out.startswith("Would import 1 people")
    assert people_count(factory) == 0


def test_duplicates_by_email_are_merged_or_flagged(db, tmp_path, capsys) -> None:
    url, factory = db
    assert cli(url, "people", "import", str(write(tmp_path, "p.csv", GOOD)), capsys=capsys)[0] == 0
    again = HEADER + "Ana,Pérez,ANA.PEREZ@Example.org,México,,Cancillería,Member State\n"
    again_path = write(tmp_path, "again.csv", again.replace(",Cancillería,", ",Nueva Org,"))
    code, _out, err = cli(
        url, "people", "import", str(again_path), "--on-duplicate", "flag", capsys=capsys
    )
    assert code == 2 and "already belongs to person" in err and "row 2" in err
    code, out, _ = cli(url, "people", "import", str(again_path), "--lang", "es", capsys=capsys)
    assert code == 0 and "actualizadas 1" in out and "nuevas 0" in out
    with transaction(factory) as session:
        ana = session.scalars(
            select(Person).where(Person.email_key == "ana.perez@example.org")
        ).one()
        assert ana.organization.name == "Nueva Org"
        assert ana.gender == Gender.WOMAN  # an empty cell never erases stored data
        assert people_count(factory) == 3


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_escapes_formulas(db, tmp_path, capsys, fmt) -> None:
    url, factory = db
    with transaction(factory) as session:
        session.add(
            Person(
                given_name='=HYPERLINK("http://x")',
                family_name="+cmd",
                country="CL",
                email="e@example.org",
                email_key="e@example.org",
                category="academia",
            )
        )
    target = tmp_path / f"roster.{fmt}"
    code, out, err = cli(url, "people", "export", "-o", str(target), "--lang", "es", capsys=capsys)
    assert code == 0, err and "1 people" in out
    if fmt == "csv":
        cells = [cell for row in csv.reader(target.open(encoding="utf-8-sig")) for cell in row]
        assert "Nombre" in cells and "Chile" in cells
        assert '\'=HYPERLINK("http://x")' in cells and "'+cmd" in cells
        assert not any(cell.startswith(("=", "+")) for cell in cells)
        return
    from openpyxl import load_workbook

    sheet = load_workbook(target).active
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "Nombre" in cells
    for text in ('=HYPERLINK("http://x")', "+cmd"):  # stored as text, shown as text
        assert cells[text].data_type == "s" and cells[text].quotePrefix


def test_real_subprocess_import_error_has_no_traceback(db, tmp_path) -> None:
    path = write(tmp_path, "bad.csv", BAD_ROWS)
    result = run_cli("--db", db[0], "people", "import", str(path))
    assert result.returncode == 2
    assert "nothing was imported" in result.stderr and "Traceback" not in result.stderr
