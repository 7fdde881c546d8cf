"""Review fixes for `people import`: Spanish throughout, a dry run that matches the real run."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from agenda.model.orm import Person
from agenda.model.uow import transaction
from meetingctl.cli import main

HEADER = "Given name,Family name,Email,Country,Gender,Organization,Stakeholder category\n"
ROWS = HEADER + (
    "Ana,Pérez,ana@example.org,Chile,F,Org,Academia\n"
    "Luis,Soto,luis@example.org,Colmbia,M,Org,Academia\n"
    'Mallory,"=cmd()",mallory@example.org,Chile,F,Org,Academia\n'
    "Eva,Díaz,eva@example.org,Perú,F,Org,Academia\n"
)


def run(url: str, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--db", url, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def count(factory) -> int:
    with transaction(factory) as db:
        return db.scalar(select(func.count()).select_from(Person))


@pytest.mark.parametrize("skip", [False, True])
def test_dry_run_reports_what_the_real_run_does(engine_url, db_factory, tmp_path, capsys, skip):
    path = tmp_path / "p.csv"
    path.write_text(ROWS, encoding="utf-8")
    extra = ["--skip-invalid"] if skip else []
    dry = run(engine_url, capsys, "people", "import", str(path), "--dry-run", *extra)
    assert count(db_factory) == 0 and not (tmp_path / "p.csv.rejects.csv").exists()
    assert "dry run: nothing written" in dry[1] + dry[2]
    assert "would be written to" in dry[2]
    real = run(engine_url, capsys, "people", "import", str(path), *extra)
    assert dry[0] == real[0] == (0 if skip else 2)
    assert count(db_factory) == (2 if skip else 0)
    strip = lambda text: text.replace("Would import", "Imported")  # noqa: E731
    assert strip(dry[1].replace("dry run: nothing written\n", "")) == real[1]
    dry_errors = [line for line in dry[2].splitlines() if line.startswith(("rejected", "Error"))]
    real_errors = [line for line in real[2].splitlines() if line.startswith(("rejected", "Error"))]
    assert dry_errors == real_errors and len(dry_errors) == 2 + (0 if skip else 1)


def test_spanish_import_messages_are_spanish(engine_url, tmp_path, capsys) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(ROWS.encode("cp1252"))
    code, _, err = run(engine_url, capsys, "people", "import", str(path), "--lang", "es")
    assert code == 2
    assert "advertencia: p.csv: archivo: el archivo no está en UTF-8" in err
    assert "rechazada: p.csv: fila 3, columna 'Country': país desconocido 'Colmbia'" in err
    assert "Colombia (CO)" in err and "Libia (LY)" in err and "Libya" not in err
    assert "línea(s) rechazada(s) escrita(s) en" in err
    assert "fila(s) rechazada(s); no se importó nada" in err
    for english in ("warning:", "rejected:", " row ", "column ", "row(s)", "written to", "row 0"):
        assert english not in err, english


def test_too_large_file_names_the_real_option(engine_url, db_factory, tmp_path, capsys) -> None:
    path = tmp_path / "p.csv"
    path.write_text(ROWS + "Zoe,Ruiz,zoe@example.org,Chile,F,Org,Academia\n" * 40, "utf-8")
    code, _, err = run(engine_url, capsys, "people", "import", str(path), "--max-mb", "0.001")
    assert code == 2 and "raise the limit (--max-mb)" in err
    code, _, err = run(
        engine_url, capsys, "people", "import", str(path), "--max-mb", "0.001", "--lang", "es"
    )
    assert code == 2 and "aumente el límite (--max-mb)" in err and "no se importó nada" in err
    code, _, _ = run(
        engine_url, capsys, "people", "import", str(path), "--max-mb", "1", "--skip-invalid"
    )
    assert code == 0 and count(db_factory) == 3
