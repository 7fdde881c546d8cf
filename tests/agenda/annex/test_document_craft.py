"""Document craft read back from the files: DOCX header rows that repeat and rows that never
split, parts on new pages, headings in the body font without theme colour, core properties;
XLSX print setup with real dates and times; the Excel CSV; PDF fonts and bookmarks."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from pypdf import PdfReader

from agenda.annex.cover import CoverInfo
from agenda.annex.document import build_annex
from agenda.annex.exporters import write_annex
from agenda.model.errors import ValidationError
from tests.agenda.annex.test_annex_data import build_dataset


def _annex(lang: str, **options: object):  # type: ignore[no-untyped-def]
    meeting, sessions, people = build_dataset()
    return build_annex(meeting, sessions, people, lang, "confirmed", **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_docx_tables_repeat_their_header_and_rows_never_split(tmp_path: Path, lang: str) -> None:
    document = Document(str(write_annex(_annex(lang), "docx", tmp_path / "a.docx")))
    assert document.tables
    for table in document.tables:
        first = table.rows[0]._tr.trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in table.rows[1:])


def test_docx_list_of_participants_starts_on_a_new_page(tmp_path: Path) -> None:
    document = Document(str(write_annex(_annex("es"), "docx", tmp_path / "a.docx")))
    paragraphs = document.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p.text == "Lista de participantes")
    breaks = paragraphs[index - 1]._p.findall(f".//{qn('w:br')}")
    assert any(b.get(qn("w:type")) == "page" for b in breaks)


def test_docx_headings_use_the_body_font_in_black_and_core_properties_are_set(
    tmp_path: Path,
) -> None:
    before = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=1)
    annex = _annex("es", author="Secretaría CEPAL")
    document = Document(str(write_annex(annex, "docx", tmp_path / "a.docx")))
    for level in range(1, 5):
        style = document.styles[f"Heading {level}"]
        assert style.font.name == document.styles["Normal"].font.name == "Arial"
        assert str(style.font.color.rgb) == "000000"
        fonts = style.element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:asciiTheme")) is None
        assert style.element.rPr.find(qn("w:color")).get(qn("w:themeColor")) is None
    properties = document.core_properties
    assert properties.title == f"Anexo – {annex.meeting_title}"
    assert properties.author == "Secretaría CEPAL"
    assert properties.language == "es-ES"
    assert properties.created is not None and properties.created >= before
    assert properties.modified is not None and properties.modified >= before


def test_docx_cover_block_from_the_configuration(tmp_path: Path) -> None:
    cover = CoverInfo("LC/MIG.2021/3", date(2021, 5, 10), "Santiago", "es")
    document = Document(str(write_annex(_annex("en", cover=cover), "docx", tmp_path / "a.docx")))
    texts = [p.text for p in document.paragraphs[:4]]
    assert texts[:3] == ["LC/MIG.2021/3", "Santiago, 10 May 2021", "ORIGINAL: SPANISH"]
    spanish = _annex("es", cover=cover)
    assert spanish.cover[1:] == ("Santiago, 10 de mayo de 2021", "ORIGINAL: ESPAÑOL")
    assert _annex("es").cover == ()  # nothing configured: no block


def test_time_zone_note_once_and_offsets_not_repeated_on_rows(tmp_path: Path) -> None:
    annex = _annex("en")
    assert annex.common_offset == "UTC-04:00" and "UTC-04:00" in annex.times_note
    document = Document(str(write_annex(annex, "docx", tmp_path / "a.docx")))
    cells = [row.cells[0].text for table in document.tables for row in table.rows[1:]]
    assert cells and not any("UTC" in cell for cell in cells)


def test_xlsx_print_setup_and_real_dates_and_times(tmp_path: Path) -> None:
    workbook = load_workbook(write_annex(_annex("es"), "xlsx", tmp_path / "a.xlsx"))
    for sheet in workbook.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.print_title_rows == "$1:$1"
    agenda = workbook.worksheets[1]
    first = [c for c in agenda[2]]
    assert first[0].is_date and first[0].value.date() == date(2021, 4, 26)
    assert first[0].number_format == "yyyy-mm-dd"
    assert first[1].value == time(9, 0) and first[1].number_format == "hh:mm"
    assert first[2].value == time(9, 45)


def test_csv_for_spanish_excel_uses_semicolons_and_a_bom(tmp_path: Path) -> None:
    path = write_annex(_annex("es"), "csv", tmp_path / "a.csv", excel=True)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][:3] == ["Grupo", "Delegación u organización", "Jefe(a) de delegación"]
    assert any("Zúñiga" in cell for row in rows for cell in row)
    with pytest.raises(ValidationError, match="--excel applies to CSV only"):
        write_annex(_annex("es"), "xlsx", tmp_path / "a.xlsx", excel=True)


def test_pdf_embeds_truetype_fonts_and_bookmarks_each_part(tmp_path: Path) -> None:
    reader = PdfReader(str(write_annex(_annex("es"), "pdf", tmp_path / "a.pdf")))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            if descriptor is not None:
                fonts.add("/FontFile2" in descriptor.get_object())
    assert fonts == {True}  # every font is an embedded TrueType program
    titles = [item.title for item in reader.outline]
    assert titles == ["Organización de los trabajos", "Lista de participantes"]
    participants = reader.get_destination_page_number(reader.outline[1])
    assert "Lista de participantes" in reader.pages[participants].extract_text()
    assert participants > reader.get_destination_page_number(reader.outline[0])
