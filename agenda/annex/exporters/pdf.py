"""Annex (g) as a paginated PDF (reportlab platypus) with "Page X of Y" footers.

Text is real, extractable text in an embedded TrueType font (DejaVu Sans, subset) when it is
installed; otherwise Helvetica (a standard PDF font, WinAnsi encoding), which covers Spanish,
Portuguese and French letters and also "Ø", "Œ", "Š", "Ž". Each part (organization of work,
list of participants) starts on a new page and has a bookmark in the PDF outline.
"""

from __future__ import annotations

import os
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

from agenda.annex.document import AgendaItem, Annex
from agenda.annex.exporters import write_output
from agenda.annex.exporters.docx import entry_text
from agenda.annex.participants import first_member
from agenda.i18n.export import label

MARGIN = 2.5 * cm
#: Where an embeddable Unicode font is looked for (only needed beyond WinAnsi).
UNICODE_FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/Library/Fonts/DejaVuSans.ttf",
)


def _fonts(annex: Annex) -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans, embedded, when installed (PDF/A and archives
    want every font embedded); else Helvetica, which covers WinAnsi only."""
    for path in UNICODE_FONT_PATHS:
        bold_path = path.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
        if os.path.exists(path) and os.path.exists(bold_path):
            if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("DejaVuSans", path))
                pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", bold_path))
            return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def _numbered_canvas(lang: str, font: str) -> type[canvas.Canvas]:
    """A canvas that adds 'Page X of Y' once the total page count is known."""

    class NumberedCanvas(canvas.Canvas):  # type: ignore[misc,unused-ignore]  # untyped reportlab
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, object]] = []
            self.page_bookmarks: list[tuple[str, str, int]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._saved_pages.append(dict(self.__dict__))
            self.page_bookmarks = []
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                self.setFont(font, 8)
                text = label("page_of", lang, page=self._pageNumber, total=total)
                self.drawCentredString(A4[0] / 2, MARGIN / 2, text)
                # Pages are written here, so the bookmarks can only point at them now.
                for key, title, level in self.page_bookmarks:
                    self.bookmarkPage(key)
                    self.addOutlineEntry(title, key, level=level, closed=False)
                super().showPage()
            super().save()

    return NumberedCanvas


def _styles(regular: str, bold: str) -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName=regular, fontSize=9, leading=11)
    return {
        "h1": ParagraphStyle("h1", parent=base["Heading1"], fontName=bold),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName=bold),
        "h3": ParagraphStyle("h3", parent=base["Heading3"], fontName=bold),
        "h4": ParagraphStyle("h4", parent=base["Heading4"], fontName=bold, spaceBefore=6),
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5),
        "entry": ParagraphStyle("entry", parent=body, leftIndent=0.5 * cm, spaceAfter=1),
        "cover": ParagraphStyle("cover", parent=body, alignment=2, spaceAfter=0),
    }


class Bookmark(Flowable):  # type: ignore[misc,unused-ignore]  # untyped reportlab
    """An invisible mark: a PDF outline entry (bookmark) for one part of the document."""

    def __init__(self, title: str, key: str, level: int = 0) -> None:
        super().__init__()
        self.title, self.key, self.level = title, key, level
        self.width = self.height = 0

    def draw(self) -> None:
        pending = getattr(self.canv, "page_bookmarks", None)
        if pending is None:  # a plain canvas writes its pages at once
            self.canv.bookmarkPage(self.key)
            self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=False)
        else:
            pending.append((self.key, self.title, self.level))


def _session_cell(item: AgendaItem, lang: str, style: ParagraphStyle) -> Paragraph:
    lines = [f"<b>{escape(item.title)}</b>"]
    if item.kind_line:
        lines.append(f"<i>{escape(item.kind_line)}</i>")
    lines += [escape(line) for line in item.detail_lines]
    return Paragraph("<br/>".join(lines), style)


def annex_story(annex: Annex, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """The flowables of the annex: headings, day tables, participant groups."""
    lang = annex.lang
    story: list[Flowable] = [
        *(Paragraph(escape(line), styles["cover"]) for line in annex.cover),
        Paragraph(escape(annex.annex_title), styles["h1"]),
        Paragraph(escape(annex.meeting_title), styles["body"]),
        Bookmark(annex.organization_title, "organization"),
        Paragraph(escape(annex.organization_title), styles["h2"]),
        Paragraph(escape(annex.times_note), styles["body"]),
    ]
    if not annex.days:
        story.append(Paragraph(escape(label("no_sessions", lang)), styles["body"]))
    for day in annex.days:
        story.append(Paragraph(escape(f"{day.heading} – {day.date}"), styles["h3"]))
        rows: list[list[object]] = [
            [
                Paragraph(f"<b>{escape(label('time', lang))}</b>", styles["cell"]),
                Paragraph(f"<b>{escape(label('session', lang))}</b>", styles["cell"]),
            ]
        ]
        for item in day.items:
            when = escape(f"{item.start}–{item.end}")
            if item.utc_offset != annex.common_offset:
                when += "<br/>" + escape(f"({item.utc_offset})")
            rows.append(
                [Paragraph(when, styles["cell"]), _session_cell(item, lang, styles["cell"])]
            )
        table = Table(rows, colWidths=[3 * cm, A4[0] - 2 * MARGIN - 3 * cm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE4EE")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    story += [
        PageBreak(),
        Bookmark(annex.participants_title, "participants"),
        Paragraph(escape(annex.participants_title), styles["h2"]),
        Paragraph(escape(annex.counted_note), styles["body"]),
    ]
    if not annex.groups:
        story.append(Paragraph(escape(label("no_participants", lang)), styles["body"]))
    for group in annex.groups:
        story.append(Paragraph(escape(f"{group.letter}. {group.title}"), styles["h3"]))
        for delegation in group.delegations:
            story.append(Paragraph(escape(delegation.name), styles["h4"]))
            for entry in delegation.entries:
                if entry is first_member(delegation):
                    members = f"<i>{escape(delegation.members_label)}:</i>"
                    story.append(Paragraph(members, styles["entry"]))
                prefix = f"<b>{escape(entry.role)}:</b> " if entry.role else ""
                story.append(Paragraph(prefix + escape(entry_text(entry)), styles["entry"]))
    return story


def write_annex_pdf(annex: Annex, path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write the annex as an A4 PDF with page numbers at ``path``."""

    def write(temp: Path) -> None:
        regular, bold = _fonts(annex)
        document = SimpleDocTemplate(
            str(temp),
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=f"{annex.annex_title} – {annex.meeting_title}",
            author=annex.author,
            subject=annex.subject,
            creator="meetingctl",
            producer="meetingctl (reportlab)",
            lang=annex.lang,
        )
        document.build(
            annex_story(annex, _styles(regular, bold)),
            canvasmaker=_numbered_canvas(annex.lang, regular),
        )

    return write_output(path, write, force=force)
