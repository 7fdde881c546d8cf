"""The list of participants (and the organization of work) as CSV and XLSX.

Spreadsheet cells are escaped against formula injection: in CSV a text starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is prefixed with an apostrophe (OWASP); in XLSX
such a text is stored as a string cell (never a formula), so it shows literally and is not run.
"""

from __future__ import annotations

import csv
import os
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from agenda.annex.document import Annex
from agenda.annex.exporters import write_output
from agenda.i18n.catalog import tr
from agenda.i18n.export import label

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PARTICIPANT_COLUMNS = (
    "col_group",
    "col_subgroup",
    "col_head",
    "col_honorific",
    "col_name",
    "col_position",
    "col_organization",
    "col_country",
)
AGENDA_COLUMNS = (
    "col_date",
    "time",
    "end",
    "col_utc_offset",
    "session",
    "kind",
    "objectives",
    "chair_or_moderator",
    "speakers",
)


def escape_formula(text: str) -> str:
    """Neutralize a CSV cell a spreadsheet would run as a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def participant_header(lang: str) -> list[str]:
    """Column titles of the participant list in ``lang``."""
    return [label(key, lang) for key in PARTICIPANT_COLUMNS]


def participant_rows(annex: Annex) -> list[list[str]]:
    """One row per person, in the annex order (groups A-G, delegations, head first)."""
    yes, no = label("yes", annex.lang), label("no", annex.lang)
    rows = []
    for group in annex.groups:
        for delegation in group.delegations:
            for entry in delegation.entries:
                rows.append(
                    [
                        f"{group.letter}. {group.title}",
                        delegation.name,
                        yes if entry.head_of_delegation else no,
                        entry.honorific,
                        entry.name,
                        entry.position,
                        entry.organization,
                        entry.country,
                    ]
                )
    return rows


def agenda_header(lang: str) -> list[str]:
    """Column titles of the organization of work in ``lang``."""
    return [
        tr(lang, "End") if key == "end" else label(key, lang)  # es: Fin
        for key in AGENDA_COLUMNS
    ]


def agenda_rows(annex: Annex) -> list[list[Any]]:
    """One row per session of the organization of work: the date and times as real values."""
    rows = []
    for day in annex.days:
        for item in day.items:
            rows.append(
                [
                    day.day or f"{day.heading} – {day.date}",
                    item.start_time or item.start,
                    item.end_time or item.end,
                    item.utc_offset,
                    item.title,
                    item.kind_line,
                    "; ".join(item.objectives),
                    "; ".join(f"{p.name} ({p.affiliation})" for p in item.chairs),
                    "; ".join(
                        f"{heading}: " + ", ".join(f"{p.name} ({p.affiliation})" for p in people)
                        for heading, people in item.speaker_groups
                    ),
                ]
            )
    return rows


def write_participants_csv(
    annex: Annex, path: str | os.PathLike[str], *, force: bool = False, excel: bool = False
) -> Path:
    """Write the list of participants as UTF-8 CSV with BOM (so Excel reads the accents).

    ``excel``: semicolon-separated with CRLF line ends, as Excel in a Spanish (or any
    comma-decimal) locale opens a CSV by double-click into columns.
    """

    def write(temp: Path) -> None:
        with temp.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";") if excel else csv.writer(handle)
            writer.writerow(participant_header(annex.lang))
            for row in participant_rows(annex):
                writer.writerow([escape_formula(cell) for cell in row])

    return write_output(path, write, force=force)


def _sheet(
    workbook: Workbook, title: str, header: list[str], rows: list[list[Any]], widths: list[int]
) -> Any:
    sheet = workbook.create_sheet(title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
                cell.data_type = "s"  # a literal string, never a formula
            elif isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, time):
                cell.number_format = "hh:mm"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    print_setup(sheet)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sheet


def print_setup(sheet: Any) -> None:
    """Landscape A4, fit to one page wide (any number of pages tall), the header row repeated
    on every printed page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = True


def write_annex_xlsx(annex: Annex, path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write an XLSX with the list of participants (first sheet) and the organization of work."""

    def write(temp: Path) -> None:
        workbook = Workbook()
        workbook.remove(workbook.active)
        _sheet(
            workbook,
            annex.participants_title,
            participant_header(annex.lang),
            participant_rows(annex),
            [40, 32, 12, 10, 30, 40, 40, 24],
        )
        _sheet(
            workbook,
            annex.organization_title,
            agenda_header(annex.lang),
            agenda_rows(annex),
            [12, 8, 8, 12, 50, 20, 40, 40, 60],
        )
        workbook.properties.title = f"{annex.annex_title} – {annex.meeting_title}"
        workbook.properties.language = annex.lang
        workbook.save(str(temp))

    return write_output(path, write, force=force)
