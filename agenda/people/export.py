"""Writing rosters and rejects to CSV/XLSX with spreadsheet-formula escaping.

A text cell that starts with = + - @ tab or carriage return would be run as a formula by
Excel, LibreOffice or Google Sheets. In CSV such cells get a leading apostrophe; in XLSX they
are stored as typed text with Excel's "quote prefix" style, so the value stays exactly the
same text and is never evaluated.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agenda.i18n.catalog import N_, NC_, base_language, tr
from agenda.i18n.labels import gender_label
from agenda.people.columns import EXPORT_HEADERS, FIELDS

if TYPE_CHECKING:
    from agenda.people.records import ParseResult, PersonRecord, RowError

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_REJECT_HEADERS = (
    NC_("rejects column", "Row"),
    NC_("rejects column", "Column"),
    NC_("rejects column", "Value"),
    NC_("rejects column", "Reason"),
)


def escape_cell(value: str) -> str:
    """Neutralize a CSV cell that a spreadsheet would evaluate: prefix an apostrophe."""
    if value and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _lang(language: str) -> str:
    return base_language(language)


def _display(name: str, value: Any, lang: str) -> str:
    from agenda.reference import category, country

    if value is None or value == "":
        return ""
    if name in {"country", "delegation"}:
        try:
            return country(str(value)).name(lang) if len(str(value)) == 2 else str(value)
        except KeyError:
            return str(value)
    if name == "gender":
        return gender_label(lang, str(value))
    if name == "category":
        try:
            return category(str(value)).label(lang)
        except KeyError:
            return str(value)
    if isinstance(value, bool):
        return tr(lang, NC_("yes or no", "Yes") if value else NC_("yes or no", "No"))
    if isinstance(value, tuple | list):
        return ", ".join(str(item) for item in value)
    return str(value)


#: Sensitive demography (issue 16): exported only when the organizer asks for it.
SENSITIVE_FIELDS = ("birth_year", "age_band", "self_identification", "self_id_consent_at")
SENSITIVE_HEADERS = {
    "birth_year": N_("Year of birth"),
    "age_band": N_("Age band"),
    "self_identification": N_("Self-identification"),
    "self_id_consent_at": N_("Consent recorded"),
}


def _sensitive(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def roster_rows(
    people: Iterable[PersonRecord | Mapping[str, Any]],
    language: str = "en",
    include_sensitive: bool = False,
) -> Iterable[list[str]]:
    """Header row then one display row per person (not yet escaped).

    Year of birth, age band and self-identification (with the consent date) are left out
    unless ``include_sensitive``."""
    lang = _lang(language)
    extra = SENSITIVE_FIELDS if include_sensitive else ()
    yield [tr(lang, EXPORT_HEADERS[name]) for name in FIELDS] + [
        tr(lang, SENSITIVE_HEADERS[name]) for name in extra
    ]
    for person in people:
        data = person if isinstance(person, Mapping) else person.as_dict()
        yield [_display(name, data.get(name), lang) for name in FIELDS] + [
            _sensitive(data.get(name)) for name in extra
        ]


def export_roster(
    people: Iterable[PersonRecord | Mapping[str, Any]],
    path: str | Path,
    format: str = "csv",
    language: str = "en",
    include_sensitive: bool = False,
) -> int:
    """Write people to ``path`` as 'csv' (UTF-8 with BOM, for Excel) or 'xlsx'.

    Headers, countries, genders, categories and yes/no are in ``language`` ('en' or 'es');
    the file reads back with read_people_file. Returns the number of people written.
    """
    rows = roster_rows(people, language, include_sensitive)
    if format == "csv":
        return _write_csv(Path(path), rows) - 1
    if format == "xlsx":
        return _write_xlsx(Path(path), rows, tr(language, NC_("sheet", "Roster"))) - 1
    raise ValueError(f"unknown export format {format!r}: use 'csv' or 'xlsx'")


def _write_csv(path: Path, rows: Iterable[list[str]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for row in rows:
            writer.writerow([escape_cell(cell) for cell in row])
            count += 1
    return count


def _write_xlsx(path: Path, rows: Iterable[list[str]], title: str) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    count = 0
    for row in rows:
        cells = []
        for text in row:
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
            cell.data_type = "s"
            if text.startswith(FORMULA_TRIGGERS):
                cell.quotePrefix = True
            if count == 0:
                cell.font = Font(bold=True)
            cells.append(cell)
        sheet.append(cells)
        count += 1
    workbook.save(path)
    return count


def write_rejects_csv(
    errors: Iterable[RowError],
    path: str | Path,
    result: ParseResult | None = None,
    language: str = "en",
) -> int:
    """Write one line per error (row, column, value, reason in ``language``) to a CSV file.

    With ``result``, the original cells of the rejected row follow, under the file's own
    headers, so the rows can be fixed and imported again. Returns the number of lines written.
    """
    if result is None:
        return write_reject_lines(((error, []) for error in errors), path, None, language)
    lines = ((error, result.rejected.get(error.row, [])) for error in errors)
    return write_reject_lines(lines, path, result.headers, language)


def write_reject_lines(
    lines: Iterable[tuple[RowError, list[str]]],
    path: str | Path,
    headers: list[str] | None,
    language: str = "en",
) -> int:
    """Stream (error, original cells) pairs to a rejects CSV file (see
    :func:`write_rejects_csv`; ``headers`` are the file's own, None for no cells). Nothing is
    held in memory beyond one line. Returns the number of lines written."""
    lang = _lang(language)
    head = [tr(lang, text) for text in _REJECT_HEADERS] + (
        list(headers) if headers is not None else []
    )

    def rows() -> Iterable[list[str]]:
        yield head
        for error, cells in lines:
            line = [str(error.row), error.column or "", error.value, error.message(lang)]
            yield line + (list(cells) if headers is not None else [])

    return _write_csv(Path(path), rows()) - 1
