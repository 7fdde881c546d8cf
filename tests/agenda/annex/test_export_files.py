"""The annex written as DOCX, PDF, HTML, Markdown, CSV and XLSX, opened and inspected."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from agenda.annex.document import Annex, build_annex
from agenda.annex.exporters import FORMATS, write_annex
from agenda.annex.exporters.html import render_annex_html
from agenda.annex.exporters.markdown import md_escape, render_annex_markdown
from agenda.annex.exporters.tables import escape_formula
from agenda.model.errors import ValidationError
from tests.agenda.annex.test_annex_data import (
    CHILE_EN,
    CHILE_ES,
    FORMULA,
    GROUP_A_EN,
    GROUP_A_ES,
    build_dataset,
)

GROUP_TITLES = {
    "es": [
        "A. Estados miembros de la Comisión",
        "B. Miembros asociados",
        "C. Estados Miembros de las Naciones Unidas que no son miembros de la Comisión y "
        "participan con carácter consultivo",
    ],
    "en": [
        "A. States members of the Commission",
        "B. Associate members",
        "C. States Members of the United Nations not members of the Commission participating "
        "in a consultative capacity",
    ],
}


def _annex(lang: str, participants: str = "confirmed") -> Annex:
    meeting, sessions, people = build_dataset()
    return build_annex(meeting, sessions, people, lang, participants)


def _headings(document, level: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def _paragraphs_under(document, heading: str) -> list[str]:  # type: ignore[no-untyped-def]
    texts, inside = [], False
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            if inside:
                break
            inside = paragraph.text == heading
        elif inside:
            texts.append(paragraph.text)
    return texts


@pytest.mark.parametrize(
    ("lang", "countries", "chile"), [("es", GROUP_A_ES, CHILE_ES), ("en", GROUP_A_EN, CHILE_EN)]
)
def test_docx_structure(tmp_path: Path, lang: str, countries: list[str], chile: list[str]) -> None:
    path = write_annex(_annex(lang), "docx", tmp_path / "annex.docx")
    document = Document(str(path))
    assert _headings(document, 1) == [{"es": "Anexo", "en": "Annex"}[lang]]
    assert (
        _headings(document, 2)
        == {
            "es": ["Organización de los trabajos", "Lista de participantes"],
            "en": ["Organization of work", "List of participants"],
        }[lang]
    )
    groups = [h for h in _headings(document, 3) if h[:2] in {f"{c}." for c in "ABCDEFG"}]
    assert [g[0] for g in groups] == list("ABCDEF")
    assert groups[:3] == GROUP_TITLES[lang]
    delegations = _headings(document, 4)
    assert delegations[: len(countries)] == countries
    chile_lines = _paragraphs_under(document, "Chile")
    members_label = chile_lines.pop(1)
    assert (
        members_label
        == {"es": "Miembros de la delegación:", "en": "Members of the delegation:"}[lang]
    )
    assert [line.split(",")[0].split()[-1] for line in chile_lines] == chile
    head = {
        "es": "Jefa de la delegación: Sra. Lucía Zúñiga",
        "en": "Head of delegation: Ms. Lucía Zúñiga",
    }
    assert chile_lines[0].startswith(head[lang])
    assert chile_lines[0].endswith(
        "Subsecretaria de Relaciones Exteriores, Ministerio de Relaciones Exteriores de Chile"
    )
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 1) == 2.5
    assert len(document.tables) == 2  # one per day
    assert all(t.style.name == "Table Grid" for t in document.tables)
    first_rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert first_rows[1][0] == "09:00–09:45"  # the offset is in the note, said once
    assert first_rows[2][1].startswith(
        {"es": "Mesa redonda 1: datos", "en": "Round table 1: data"}[lang]
    )
    footer = section.footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    assert document.core_properties.language == {"es": "es-ES", "en": "en-GB"}[lang]


def test_docx_in_spanish_marks_the_untranslated_title(tmp_path: Path) -> None:
    document = Document(str(write_annex(_annex("es"), "docx", tmp_path / "a.docx")))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any(c.startswith("[EN] Opening session") for c in cells)
    english = Document(str(write_annex(_annex("en"), "docx", tmp_path / "b.docx")))
    assert "[EN]" not in "".join(
        c.text for t in english.tables for row in t.rows for c in row.cells
    )


@pytest.mark.parametrize("lang", ["es", "en"])
def test_xlsx_structure_order_and_formula_escaping(tmp_path: Path, lang: str) -> None:
    path = write_annex(_annex(lang), "xlsx", tmp_path / "annex.xlsx")
    workbook = load_workbook(path)
    assert (
        workbook.sheetnames
        == {
            "es": ["Lista de participantes", "Organización de los trabajos"],
            "en": ["List of participants", "Organization of work"],
        }[lang]
    )
    sheet = workbook.worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert (
        rows[0][:3]
        == {
            "es": ["Grupo", "Delegación u organización", "Jefe(a) de delegación"],
            "en": ["Group", "Delegation or organization", "Head of delegation"],
        }[lang]
    )
    assert len(rows) == 1 + 19
    groups = [r[0][0] for r in rows[1:]]
    assert groups == sorted(groups)  # A..G in order
    chile = [r for r in rows[1:] if r[1] == "Chile"]
    assert [r[4].split()[-1] for r in chile] == (CHILE_ES if lang == "es" else CHILE_EN)
    assert chile[0][2] == {"es": "sí", "en": "yes"}[lang] and {r[2] for r in chile[1:]} == {"no"}
    formula_cell = next(c for row in sheet.iter_rows() for c in row if c.value == FORMULA)
    assert formula_cell.data_type == "s"
    with zipfile.ZipFile(path) as archive:
        sheets = [
            archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")
        ]
    assert all("<f>" not in xml for xml in sheets)
    agenda = [[c.value for c in row] for row in workbook.worksheets[1].iter_rows()]
    assert len(agenda) == 1 + 3 and agenda[1][3] == "UTC-04:00"


def test_csv_escapes_formulas_and_keeps_accents(tmp_path: Path) -> None:
    path = write_annex(_annex("es"), "csv", tmp_path / "annex.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][0] == "Grupo" and len(rows) == 20
    assert ["'" + FORMULA] == [cell for row in rows for cell in row if FORMULA in cell]
    assert [r[4] for r in rows if r[1] == "Chile"][-1] == "Ana Østergaard"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_prefixes_are_neutralized(value: str) -> None:
    assert escape_formula(value) == "'" + value
    assert escape_formula("Ana") == "Ana"


@pytest.mark.parametrize(("lang", "footer"), [("es", "Página {} de {}"), ("en", "Page {} of {}")])
def test_pdf_pages_and_extractable_text(tmp_path: Path, lang: str, footer: str) -> None:
    path = write_annex(_annex(lang), "pdf", tmp_path / "annex.pdf")
    reader = PdfReader(str(path))
    assert len(reader.pages) == 3  # each part starts on a new page
    text = "\n".join(page.extract_text() for page in reader.pages)
    for page in (1, 2, 3):
        assert footer.format(page, 3) in text
    for name in ("Ana Østergaard", "José Ñúñez", "María Álvarez", "Lucía Zúñiga"):
        assert name in text
    order = CHILE_ES if lang == "es" else CHILE_EN
    positions = [text.index(family) for family in order]
    assert positions == sorted(positions)
    assert ("[EN] Opening session" in text) is (lang == "es")


def test_pdf_page_count_grows_with_the_list(tmp_path: Path) -> None:
    from tests.agenda.annex.test_annex_data import _person

    meeting, sessions, people = build_dataset()
    people += [
        _person(f"Persona{n}", f"Apellido{n:03d}", country="CL", category="member_state")
        for n in range(200)
    ]
    annex = build_annex(meeting, sessions, people, "es", "confirmed")
    reader = PdfReader(str(write_annex(annex, "pdf", tmp_path / "long.pdf")))
    assert len(reader.pages) == 8
    assert "Página 8 de 8" in reader.pages[-1].extract_text()


def test_html_is_escaped_and_has_lang(tmp_path: Path) -> None:
    page = render_annex_html(_annex("es"))
    assert page.startswith('<!DOCTYPE html>\n<html lang="es">')
    assert "Fundación &lt;Uno&gt; &amp; Co" in page and "<Uno>" not in page
    assert (
        page.index("<h4>Argentina</h4>")
        < page.index("<h4>Chile</h4>")
        < page.index("<h4>España</h4>")
    )
    path = write_annex(_annex("en"), "html", tmp_path / "annex.html")
    assert '<html lang="en">' in path.read_text(encoding="utf-8")


def test_markdown_escapes_and_orders(tmp_path: Path) -> None:
    text = render_annex_markdown(_annex("es"))
    assert "# Anexo" in text and "### A. Estados miembros de la Comisión" in text
    assert "Fundación \\<Uno\\> \\& Co" in text
    assert text.index("#### México") < text.index("#### Perú")
    assert md_escape("*bold* [x](y) # _u_") == "\\*bold\\* \\[x\\](y) \\# \\_u\\_"
    assert md_escape("1. first", line_start=True) == "1\\. first"


@pytest.mark.parametrize("fmt", FORMATS)
def test_existing_file_needs_force(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"annex.{fmt}"
    target.write_text("keep me")
    with pytest.raises(ValidationError, match="already exists; use --force"):
        write_annex(_annex("en"), fmt, target)
    assert target.read_text() == "keep me"
    write_annex(_annex("en"), fmt, target, force=True)
    assert target.read_bytes() != b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # no temporary files left


def test_missing_directory_and_directory_target_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="does not exist; create it first"):
        write_annex(_annex("en"), "docx", tmp_path / "missing" / "annex.docx")
    with pytest.raises(ValidationError, match="is a directory"):
        write_annex(_annex("en"), "docx", tmp_path)
    with pytest.raises(ValidationError, match="unknown export format"):
        write_annex(_annex("en"), "odt", tmp_path / "annex.odt")


def test_demo_annex_in_every_format(tmp_path: Path, db_factory) -> None:  # type: ignore[no-untyped-def]
    from agenda.annex.document import load_annex
    from meetingctl.demo import create_demo

    with db_factory() as db:
        meeting = create_demo(db, people_count=120, seed=7, year=2021)
        annex = load_annex(db, meeting, "es", "registered")
    assert annex.participant_count == 120
    for fmt in FORMATS:
        assert write_annex(annex, fmt, tmp_path / f"demo.{fmt}").stat().st_size > 0
    document = Document(str(tmp_path / "demo.docx"))
    countries = [h for h in _headings(document, 4)][: len(annex.groups[0].delegations)]
    from agenda.i18n.export import collation_key

    assert countries == sorted(countries, key=lambda n: collation_key(n, "es"))
    assert len(PdfReader(str(tmp_path / "demo.pdf")).pages) >= 3


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_meeting_exports_say_so(tmp_path: Path, fmt: str) -> None:
    meeting, _, _ = build_dataset()
    annex = build_annex(meeting, [], [], "es", "confirmed")
    path = write_annex(annex, fmt, tmp_path / f"empty.{fmt}")
    if fmt in ("html", "md"):
        text = path.read_text(encoding="utf-8")
        assert "No hay sesiones programadas." in text and "No hay participantes." in text
    elif fmt == "docx":
        texts = [p.text for p in Document(str(path)).paragraphs]
        assert "No hay participantes." in texts
    elif fmt == "pdf":
        pages = PdfReader(str(path)).pages
        assert "No hay participantes." in " ".join(p.extract_text() for p in pages)
    else:
        assert path.stat().st_size > 0


def test_pdf_embeds_a_unicode_font_for_names_beyond_latin1(tmp_path: Path) -> None:
    from agenda.annex.exporters.pdf import UNICODE_FONT_PATHS

    if not any(Path(p).exists() for p in UNICODE_FONT_PATHS):
        pytest.skip("DejaVu Sans is not installed")
    meeting, sessions, people = build_dataset()
    people[0].given_name, people[0].family_name = "Łucja", "Wałęsa"
    annex = build_annex(meeting, sessions, people, "en", "confirmed")
    reader = PdfReader(str(write_annex(annex, "pdf", tmp_path / "u.pdf")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Łucja Wałęsa" in text and "Ana Østergaard" in text


def test_written_files_get_ordinary_permissions(tmp_path: Path) -> None:
    import os

    mask = os.umask(0o022)
    try:
        path = write_annex(_annex("en"), "md", tmp_path / "annex.md")
    finally:
        os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o644
