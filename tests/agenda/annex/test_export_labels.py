"""Acceptance review of the annex: languages, role labels, demo data, zone line, metadata.

Each test writes the files and opens them again.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from agenda.annex.document import build_annex, load_annex
from agenda.annex.exporters import write_annex
from agenda.i18n.names import honorific_for, un_entity_name
from agenda.model.enums import Gender
from agenda.model.orm import Person
from meetingctl.demo import POSITIONS_SECRETARIAT, create_demo
from tests.agenda.annex.test_annex_data import build_dataset


def _docx_lines(path: Path) -> list[str]:
    document = Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [p.text for p in cell.paragraphs]
    return lines


def _cells(path: Path) -> list[list[str]]:
    document = Document(str(path))
    return [
        [p.text for p in cell.paragraphs]
        for table in document.tables
        for row in table.rows[1:]
        for cell in row.cells[1:]
    ]


@pytest.fixture
def demo_annexes(db_factory, tmp_path: Path) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    """The demo's annex written as DOCX and XLSX in both languages (everyone registered)."""
    paths = {}
    with db_factory() as db:
        meeting = create_demo(db, people_count=150, seed=2021, year=2021)
        db.flush()
        unknown = [p for p in db.query(Person) if p.gender not in (Gender.WOMAN, Gender.MAN)]
        assert unknown and all(p.honorific == "" for p in unknown)
        for lang in ("en", "es"):
            annex = load_annex(db, meeting, lang, "registered")
            for fmt in ("docx", "xlsx"):
                paths[f"{lang}.{fmt}"] = write_annex(annex, fmt, tmp_path / f"annex-{lang}.{fmt}")
        db.rollback()
    return paths


def test_spanish_demo_annex_has_no_english_honorifics_or_names(demo_annexes) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(_docx_lines(demo_annexes["es.docx"]))
    assert not re.search(r"\b(Ms|Mr|Mx)\.", text)
    assert "Sra. " in text and "Sr. " in text
    for english in ("(fictional)", "(ficticia)", "Ministry of Foreign Affairs", "(ECLAC)"):
        assert english not in text
    assert "Ministerio de Relaciones Exteriores de " in text
    assert "Comisión Económica para América Latina y el Caribe (CEPAL)" in text
    assert "hora de Chile (Santiago de Chile) (UTC-04:00)" in text
    assert "America/Santiago" not in text


def test_english_demo_annex_has_english_honorifics_and_names(demo_annexes) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(_docx_lines(demo_annexes["en.docx"]))
    assert not re.search(r"\bSra?\.", text)
    assert "Ministry of Foreign Affairs of " in text and "Ministerio" not in text
    assert "Economic Commission for Latin America and the Caribbean (ECLAC)" in text
    assert "All times are in Chile (Santiago) Time (UTC-04:00)." in text


@pytest.mark.parametrize(
    ("lang", "kind", "keynote", "panel", "discussant", "rapporteur"),
    [
        ("es", "Discurso principal", "Orador", "Panelistas: ", "Comentarista: ", "Relator"),
        (
            "en",
            "Keynote address",
            "Keynote speaker: ",
            "Panellists: ",
            "Discussant: ",
            "Rapporteur: ",
        ),
    ],
)
def test_speaker_labels_by_role(  # type: ignore[no-untyped-def]
    demo_annexes, lang, kind, keynote, panel, discussant, rapporteur
) -> None:
    cells = _cells(demo_annexes[f"{lang}.docx"])
    keynote_cell = next(c for c in cells if c[0] == kind)
    assert keynote_cell.count(kind) == 1  # the kind is not repeated under the title
    assert any(line.startswith(keynote) for line in keynote_cell)
    assert not any(line.startswith(panel) for line in keynote_cell)
    round_tables = [c for c in cells if c[0].startswith(("Round table", "Mesa redonda"))]
    assert len(round_tables) == 5
    for cell in round_tables:
        assert any(line.startswith(panel) for line in cell)
        assert any(line.startswith(discussant) for line in cell)
        assert any(line.startswith(rapporteur) for line in cell)


def test_xlsx_chair_column_has_header_and_no_prefix(demo_annexes) -> None:  # type: ignore[no-untyped-def]
    sheet = load_workbook(demo_annexes["es.xlsx"]).worksheets[1]
    header = [c.value for c in sheet[1]]
    column = header.index("Presidencia o moderación")
    chairs = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True) if row[column]]
    assert chairs and not any(c.startswith(("Presidencia:", "Moderación:")) for c in chairs)
    speakers = header.index("Oradores")
    keynote = next(
        r for r in sheet.iter_rows(min_row=2, values_only=True) if r[4] == "Discurso principal"
    )
    assert keynote[speakers].startswith("Orador") and "Panelistas" not in keynote[speakers]


def test_secretariat_has_secretariat_positions(demo_annexes) -> None:  # type: ignore[no-untyped-def]
    sheet = load_workbook(demo_annexes["en.xlsx"]).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    secretariat = [r for r in rows if str(r[0]).endswith(". Secretariat")]
    assert secretariat and rows[-len(secretariat) :] == secretariat  # the secretariat is last
    posts = [post[0] for _, post in POSITIONS_SECRETARIAT]
    assert [r[5] for r in secretariat] == posts  # in order of precedence (rank)


def test_single_objective_and_pdf_metadata(tmp_path: Path) -> None:
    meeting, sessions, people = build_dataset()
    round_table = next(s for s in sessions if s.objectives)
    round_table.set_objectives([23])
    annex = build_annex(meeting, sessions, people, "es", "confirmed", author="Secretaría CEPAL")
    path = write_annex(annex, "pdf", tmp_path / "anexo.pdf")
    reader = PdfReader(str(path))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Objetivo: 23. Cooperación internacional" in text and "Objetivos: 23" not in text
    info = reader.metadata
    assert info.title == f"Anexo – {annex.meeting_title}"
    assert info.author == "Secretaría CEPAL"
    assert info.subject == "Anexo: organización de los trabajos y lista de participantes"
    assert info.creator == "meetingctl"
    default = build_annex(meeting, sessions, people, "en", "confirmed")
    assert default.author == ", ".join(meeting.organizers)


@pytest.mark.parametrize(
    ("stored", "gender", "en", "es"),
    [
        ("Ms.", Gender.WOMAN, "Ms.", "Sra."),
        ("Sr.", Gender.MAN, "Mr.", "Sr."),
        ("Mx.", Gender.NON_BINARY, "Mx.", ""),
        ("Dr.", Gender.WOMAN, "Dr.", "Dra."),
        ("H.E.", Gender.MAN, "H.E.", "Excmo."),
        ("Amb.", Gender.UNKNOWN, "Amb.", "Emb."),
        ("Rev.", Gender.MAN, "Rev.", "Rev."),
    ],
)
def test_honorifics_follow_the_document_language(
    stored: str, gender: Gender, en: str, es: str
) -> None:
    assert (honorific_for(stored, "en", gender), honorific_for(stored, "es", gender)) == (en, es)


@pytest.mark.parametrize(
    ("name", "es"),
    [
        ("ECLAC", "CEPAL"),
        ("UN Women", "ONU-Mujeres"),
        ("Office of the United Nations High Commissioner for Refugees", "ACNUR"),
        ("Regional Conference on Migration (RCM)", "CRM"),
        ("SACM", "CSM"),
        ("CARICOM", "CARICOM"),
        ("OHCHR", "ACNUDH"),
    ],
)
def test_un_and_igo_names_in_spanish(name: str, es: str) -> None:
    assert un_entity_name(name, "es").endswith(f"({es})")
    assert un_entity_name(un_entity_name(name, "es"), "en") == un_entity_name(name, "en")
