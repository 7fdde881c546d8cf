"""The list of participants (and the organization of work) as CSV and XLSX.

Spreadsheet cells are escaped against formula injection: in CSV a text starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is prefixed with an apostrophe (OWASP); in XLSX
such a text is stored as a string cell (never a formula), so it shows literally and is not run.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from agenda.annex.document import Annex
from agenda.annex.exporters import write_output
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


def agenda_rows(annex: Annex) -> list[list[str]]:
    """One row per session of the organization of work."""
    rows = []
    for day in annex.days:
        for item in day.items:
            rows.append(
                [
                    f"{day.heading} – {day.date}",
                    f"{item.start}–{item.end}",
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
    annex: Annex, path: str | os.PathLike[str], *, force: bool = False
) -> Path:
    """Write the list of participants as UTF-8 CSV (with BOM, so Excel reads the accents)."""

    def write(temp: Path) -> None:
        with temp.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(participant_header(annex.lang))
            for row in participant_rows(annex):
                writer.writerow([escape_formula(cell) for cell in row])

    return write_output(path, write, force=force)


def _sheet(
    workbook: Workbook, title: str, header: list[str], rows: list[list[str]], widths: list[int]
) -> Any:
    sheet = workbook.create_sheet(title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
                cell.data_type = "s"  # a literal string, never a formula
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sheet


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
            [label(k, annex.lang) for k in AGENDA_COLUMNS],
            agenda_rows(annex),
            [30, 14, 12, 50, 20, 40, 40, 60],
        )
        workbook.properties.title = f"{annex.annex_title} – {annex.meeting_title}"
        workbook.properties.language = annex.lang
        workbook.save(str(temp))

    return write_output(path, write, force=force)
