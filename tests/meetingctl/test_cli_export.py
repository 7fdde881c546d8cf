"""`meetingctl export annex|report` and `meetingctl inputs import` through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from meetingctl.demo import create_demo
from tests.agenda.annex.test_annex_data import CHILE_ES, build_dataset
from tests.conftest import run_cli


@pytest.fixture
def hand_db(engine_url: str, db_factory) -> str:  # type: ignore[no-untyped-def]
    """URL of a database holding the hand-built meeting."""
    with db_factory() as db:
        build_dataset(db)
        db.commit()
    return engine_url


def test_annex_docx_force_and_errors(tmp_path: Path, engine_url: str, db_factory) -> None:  # type: ignore[no-untyped-def]
    with db_factory() as db:
        create_demo(db, people_count=60, seed=3, year=2021)
        db.commit()
    url = engine_url
    target = tmp_path / "anexo.docx"
    first = run_cli("--db", url, "export", "annex", "--lang", "es", "-o", str(target))
    assert first.returncode == 0, first.stderr
    assert "Wrote" in first.stdout and "(docx, es)" in first.stdout
    document = Document(str(target))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["Organización de los trabajos", "Lista de participantes"]
    before = target.read_bytes()

    again = run_cli("--db", url, "export", "annex", "--lang", "es", "-o", str(target))
    assert again.returncode == 2
    assert "already exists; use --force" in again.stderr and "Traceback" not in again.stderr
    assert target.read_bytes() == before

    forced = run_cli("--db", url, "export", "annex", "--lang", "en", "-o", str(target), "--force")
    assert forced.returncode == 0, forced.stderr
    english = Document(str(target))
    assert [p.text for p in english.paragraphs if p.style.name == "Heading 1"] == ["Annex"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "{tmp}/no/a.pdf"], "does not exist; create it first"),
        (["--format", "docx", "-o", "{tmp}/a.pdf"], "does not match the file name"),
        (["-o", "{tmp}/a.odt"], "add --format"),
    ],
)
def test_bad_output_paths_are_explained(
    tmp_path: Path, hand_db: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    from meetingctl.cli import main

    argv = ["--db", hand_db, "export", "annex", *[a.format(tmp=tmp_path) for a in args]]
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert not any(p.suffix in {".pdf", ".odt", ".tmp"} for p in tmp_path.rglob("*"))


def test_annex_xlsx_and_pdf_with_participants_setting(tmp_path: Path, hand_db: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[exports]\nparticipants = "attended"\n', encoding="utf-8")
    xlsx = tmp_path / "list.xlsx"
    result = run_cli(
        "--config", str(config), "--db", hand_db, "export", "annex", "--lang", "es", "-o", str(xlsx)
    )
    assert result.returncode == 0, result.stderr
    assert "1 participant (attended)" in result.stdout
    rows = list(load_workbook(xlsx).worksheets[0].iter_rows(values_only=True))
    assert [r[4] for r in rows[1:]] == ["Inés Oliveira"]

    pdf = tmp_path / "annex.pdf"
    result = run_cli(
        "--db",
        hand_db,
        "export",
        "annex",
        "--lang",
        "es",
        "--participants",
        "confirmed",
        "-o",
        str(pdf),
    )
    assert result.returncode == 0, result.stderr
    reader = PdfReader(str(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) == 3 and "Página 3 de 3" in text  # each part on a new page
    positions = [text.index(name) for name in CHILE_ES]
    assert positions == sorted(positions)


def test_inputs_import_then_report(
    tmp_path: Path, hand_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = tmp_path / "cuestionario.csv"
    inputs.write_text(
        "Organización;País;Categoría;Objetivos;Texto\n"
        "Red Datos;México;Sociedad civil;17;Datos desagregados.\n"
        "Foro Niñez;;children_youth;2, 7;Proteger a la niñez.\n"
        "Colectivo General;Chile;children and youth;;Aporte sin objetivo.\n",
        encoding="utf-8",
    )
    imported = run_cli("--db", hand_db, "inputs", "import", str(inputs))
    assert imported.returncode == 0, imported.stderr
    assert "Imported 3 inputs" in imported.stdout
    assert "row 4: no GCM objective given; imported as a general input" in imported.stderr
    repeated = run_cli("--db", hand_db, "inputs", "import", str(inputs))
    assert "Imported 0 inputs" in repeated.stdout and "3 already present" in repeated.stdout

    from meetingctl.cli import main

    assert main(["--db", hand_db, "inputs", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed == [
        "   1  Round table 1: data",
        "   1  Round table 2: vulnerabilities",
        "   1  General inputs",
        "3 inputs in total",
    ]

    bad = tmp_path / "bad.csv"
    bad.write_text("organization,objectives,text\nX,99,t\n", encoding="utf-8")
    refused = run_cli("--db", hand_db, "inputs", "import", str(bad))
    assert refused.returncode == 2 and "row 2: objective(s) 99 do not exist" in refused.stderr

    report = tmp_path / "informe.docx"
    result = run_cli("--db", hand_db, "export", "report", "--lang", "es", "-o", str(report))
    assert result.returncode == 0, result.stderr
    document = Document(str(report))
    texts = [p.text for p in document.paragraphs]
    rt2 = texts.index("Mesa redonda 2: vulnerabilidades")
    assert any(
        t.startswith("Foro Niñez (Niñas, niños y jóvenes; Objetivos 2, 7)") for t in texts[rt2:]
    )
    assert (
        texts.index("Mesa redonda 1: datos")
        < texts.index(next(t for t in texts if t.startswith("Red Datos")))
        < rt2
    )
    assert "g) Anexo: organización de los trabajos y lista de participantes" in texts
    general = texts.index("Aportes generales")
    assert texts[general + 1].startswith("Colectivo General (Chile, Niñas, niños y jóvenes): ")
    assert len(document.inline_shapes) == 4
