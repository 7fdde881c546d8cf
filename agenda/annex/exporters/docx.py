"""Annex (g) as a Word document (python-docx): real heading styles, styled tables, A4 pages.

The layout follows ECLAC meeting reports so the annex can be pasted into the official report:
``Heading 1`` annex title, ``Heading 2`` for "Organization of work" and "List of participants",
``Heading 3`` per day and per participant group (A. ... G.), ``Heading 4`` per delegation.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from agenda.annex.document import AgendaItem, Annex
from agenda.annex.exporters import write_output
from agenda.annex.participants import ParticipantEntry
from agenda.i18n.export import label

TABLE_STYLE = "Table Grid"
BODY_FONT = "Arial"
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(21.0), Cm(29.7), Cm(2.5)
#: Word proofing languages. Spanish stays "es-ES": "es-419" (Latin America) is not a proofing
#: language in every Word version still in use at ministries, and would show as unknown there.
LANGUAGE_TAGS = {"en": "en-GB", "es": "es-ES"}


def new_document(lang: str, title: str) -> DocxDocument:
    """An empty A4 document with margins, language, title property and page numbers."""
    document = Document()
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.left_margin = section.right_margin = MARGIN
        section.top_margin = section.bottom_margin = MARGIN
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_number_footer(footer, lang)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(10)
    _set_language(normal, LANGUAGE_TAGS.get(lang, lang))
    _plain_headings(document)
    now = datetime.now(UTC).replace(microsecond=0)
    properties = document.core_properties
    properties.title = title
    properties.language = LANGUAGE_TAGS.get(lang, lang)
    properties.created = properties.modified = now
    properties.last_modified_by = "meetingctl"
    properties.revision = 1
    return document


def _plain_headings(document: DocxDocument) -> None:
    """Headings and titles in the body's font family, black, no theme font or colour."""
    for name in ("Title", "Subtitle", *(f"Heading {n}" for n in range(1, 6))):
        style = document.styles[name]
        font = style.font
        font.name = BODY_FONT
        font.color.rgb = RGBColor(0, 0, 0)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None:
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attribute), None)
            for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
                fonts.set(qn(attribute), BODY_FONT)
        color = rpr.find(qn("w:color"))
        if color is not None:
            for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
                color.attrib.pop(qn(attribute), None)


def repeat_header(table: Table, rows: int = 1) -> None:
    """Repeat the first ``rows`` rows on every page; no row of the table splits over pages."""
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        if index < rows:
            tr_pr.append(OxmlElement("w:tblHeader"))
        tr_pr.append(OxmlElement("w:cantSplit"))


def page_break(document: DocxDocument) -> None:
    """Start the next part on a new page."""
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def add_cover(document: DocxDocument, lines: tuple[str, ...]) -> None:
    """The cover block (symbol, place and date, original language), right-aligned."""
    for line in lines:
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_after = Pt(0)
    if lines:
        document.add_paragraph()


def _set_language(style: BaseStyle, tag: str) -> None:
    rpr = style.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), tag)
    rpr.append(lang)


def _field(paragraph: Paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_number_footer(paragraph: Paragraph, lang: str) -> None:
    """'Page X of Y' / 'Página X de Y' with live PAGE and NUMPAGES fields."""
    template = label("page_of", lang, page="\x00", total="\x01")
    before, rest = template.split("\x00", 1)
    middle, after = rest.split("\x01", 1)
    paragraph.add_run(before)
    _field(paragraph, "PAGE")
    paragraph.add_run(middle)
    _field(paragraph, "NUMPAGES")
    paragraph.add_run(after)


def add_row(table: Table) -> tuple[_Cell, ...]:
    """Append a row to ``table`` and return its cells (python-docx leaves add_row untyped)."""
    row: _Row = table.add_row()  # type: ignore[no-untyped-call,unused-ignore]
    return tuple(row.cells)


class StyleCache:
    """Paragraph style ids looked up once.

    python-docx resolves a style passed to ``add_paragraph`` by scanning all styles on every call
    (milliseconds each); setting the style id directly keeps a 5,000-name list fast.
    """

    def __init__(self, document: DocxDocument, base_level: int) -> None:
        self.document = document
        self.heading: dict[int, str] = {
            n: document.styles[f"Heading {n}"].style_id for n in range(1, 6)
        }
        self.ids = {
            name: document.styles[name].style_id
            for name in ("Title", "Subtitle", "List Bullet", TABLE_STYLE)
        }
        self.base = base_level

    def level(self, depth: int) -> str:
        return self.heading[min(self.base + depth, 5)]

    def table(self, rows: int, cols: int) -> Table:
        """Append a table in the house table style."""
        table: Table = self.document.add_table(rows=rows, cols=cols)
        table._tbl.tblStyle_val = self.ids[TABLE_STYLE]
        return table

    def add(self, text: str = "", style_id: str | None = None) -> Paragraph:
        """Append a paragraph; ``None`` keeps the default (Normal) style."""
        paragraph = self.document.add_paragraph(text)
        if style_id:
            paragraph._p.style = style_id
        return paragraph


def add_annex(
    document: DocxDocument, annex: Annex, base_level: int = 1, *, title: bool = True
) -> None:
    """Append the annex to ``document``; its top heading uses ``Heading {base_level}``."""
    styles = StyleCache(document, base_level)
    if title:
        add_cover(document, annex.cover)
        styles.add(annex.annex_title, styles.level(0))
        styles.add(annex.meeting_title)
    add_organization_of_work(document, annex, styles)
    page_break(document)
    add_list_of_participants(document, annex, styles)


def add_organization_of_work(document: DocxDocument, annex: Annex, styles: StyleCache) -> None:
    """Heading, time-zone note, then per day a heading and a two-column table."""
    styles.add(annex.organization_title, styles.level(1))
    styles.add(annex.times_note)
    if not annex.days:
        styles.add(label("no_sessions", annex.lang))
    for day in annex.days:
        styles.add(f"{day.heading} – {day.date}", styles.level(2))
        table = styles.table(1, 2)
        header = table.rows[0].cells
        header[0].text = label("time", annex.lang)
        header[1].text = label("session", annex.lang)
        for cell in header:
            cell.paragraphs[0].runs[0].bold = True
        common = annex.common_offset
        for item in day.items:
            cells = add_row(table)
            offset = "" if item.utc_offset == common else f"\n({item.utc_offset})"
            cells[0].text = f"{item.start}–{item.end}{offset}"
            _session_cell(cells[1], item, annex.lang)
        repeat_header(table)
        table.columns[0].width = Cm(3.2)
        table.columns[1].width = Cm(12.8)


def _session_cell(cell: Any, item: AgendaItem, lang: str) -> None:
    first = cell.paragraphs[0]
    first.add_run(item.title).bold = True
    if item.kind_line:
        cell.add_paragraph(item.kind_line).runs[0].italic = True
    for line in item.detail_lines:
        cell.add_paragraph(line)


def entry_text(entry: ParticipantEntry) -> str:
    """'Sra. María Álvarez, Minister of Foreign Affairs, Organization'."""
    parts = [entry.display_name, entry.position, entry.organization]
    return ", ".join(part for part in parts if part)


def add_list_of_participants(document: DocxDocument, annex: Annex, styles: StyleCache) -> None:
    """Heading, who counts, then groups A-G with delegations and their members."""
    styles.add(annex.participants_title, styles.level(1))
    styles.add(annex.counted_note)
    if not annex.groups:
        styles.add(label("no_participants", annex.lang))
    for group in annex.groups:
        styles.add(f"{group.letter}. {group.title}", styles.level(2))
        for delegation in group.delegations:
            heading = styles.add(delegation.name, styles.level(3))
            heading.paragraph_format.keep_with_next = True
            labelled = False
            for entry in delegation.entries:
                if not entry.head_of_delegation and delegation.members_label and not labelled:
                    members = styles.add(f"{delegation.members_label}:")
                    members.runs[0].italic = True
                    _tight(members)
                    labelled = True
                paragraph = styles.add()
                _tight(paragraph)
                if entry.role:
                    paragraph.add_run(f"{entry.role}: ").bold = True
                paragraph.add_run(entry_text(entry))


def _tight(paragraph: Paragraph) -> None:
    """The lines of one delegation close together (the space goes between delegations)."""
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(2)


def write_annex_docx(annex: Annex, path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write the annex as a DOCX file at ``path`` (see
    :func:`agenda.annex.exporters.write_output`).
    """

    def write(temp: Path) -> None:
        document = new_document(annex.lang, f"{annex.annex_title} – {annex.meeting_title}")
        document.core_properties.author = annex.author
        document.core_properties.subject = annex.subject
        add_annex(document, annex)
        document.save(str(temp))

    return write_output(path, write, force=force)
