"""Stakeholder inputs (e.g. the online questionnaire's CSV export) and their round tables.

The CSV needs the columns organization, country, category, objectives and text (English or
Spanish headers, any case, accents optional; comma, semicolon or tab separated; UTF-8). An input
is attached to every round table whose objectives it addresses; a row with no objective is
accepted as a general input (listed under "General inputs" in the report) and reported by
:func:`input_warnings`. Re-importing the same file adds nothing: an input with the same
organization and text is already there.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import reference
from agenda.i18n.catalog import tr
from agenda.inputs.columns import (
    FIELDS,
    HEADER_ALIASES,
    HEADER_WORDS,
    IGNORE,
    REQUIRED,
    columns_of,
    load_inputs_mapping,
)
from agenda.inputs.layouts import Table, read_table
from agenda.model import audit
from agenda.model.enums import SessionKind
from agenda.model.errors import ValidationError
from agenda.model.orm import Meeting, Session, StakeholderInput
from agenda.people.normalize import normalize_category, normalize_country, suggest_countries
from agenda.people.sources import csv_problem

MAX_ERRORS_SHOWN = 10
__all__ = [  # column vocabulary re-exported from agenda.inputs.columns
    "FIELDS",
    "HEADER_ALIASES",
    "HEADER_WORDS",
    "IGNORE",
    "REQUIRED",
    "load_inputs_mapping",
]


@dataclass(frozen=True)
class InputRecord:
    """One validated row of an inputs file."""

    row: int
    organization: str
    country: str | None
    category: str
    objectives: tuple[int, ...]
    text: str
    language: str = ""


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    added: int
    duplicates: int


def resolve_country(value: str) -> str | None:
    """ISO alpha-2 code for a code, name or common variant (agenda.people.normalize); None when
    blank.
    """
    if not value.strip():
        return None
    code = normalize_country(value)
    if code is None:
        close = suggest_countries(value)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ValueError(
            f"unknown country {value!r}: use an ISO code (e.g. MX) or the country's name{hint}"
        )
    return code


def resolve_category(value: str) -> str:
    """Stakeholder category key for a key, label or variant (agenda.people.normalize); 'other' if
    blank.
    """
    if not value.strip():
        return "other"
    key = normalize_category(value)
    if key is None:
        labels = "; ".join(item.label("en") for item in reference.stakeholder_categories())
        raise ValueError(
            f"unknown category {value!r}; valid categories (English or Spanish labels): {labels}"
        )
    return key


_ALL_OBJECTIVES = re.compile(r"\b(todos|todas|all|tous)\b", re.IGNORECASE)
_NAMED_OBJECTIVE = re.compile(
    r"\b(?:(?:objetivos?|objectives?|obj)\.?\s*(?:n\.?\s*[o°º]?\s*)?|o)(\d{1,2})\b", re.IGNORECASE
)
_BARE_NUMBER = re.compile(r"(?<![\d.])\d+(?![\d.])")
_LABEL_NUMBER = re.compile(r"(?<![\d.\-])\d{1,2}(?![\d.])")


def parse_objectives(value: str) -> tuple[int, ...]:
    """Objective numbers in text such as '2, 5; 12', 'Objective 7 / Objetivo 23', 'O5 O7'
    (KoboToolbox) or 'Objetivo 5: Aumentar la disponibilidad...'; 'Todos' / 'All' means the
    23. When objectives are named ("Objetivo 5") other numbers in the text are not read.

    A blank cell gives no objectives (a general input); text without any number is an error.
    """
    if _ALL_OBJECTIVES.search(value):
        return tuple(range(1, 24))
    named = _NAMED_OBJECTIVE.findall(value)
    if named:  # "Objetivos 5 y 7: ..., Agenda 2030": other small numbers count, years do not
        rest = _NAMED_OBJECTIVE.sub(" ", value)
        found = named + [n for n in _LABEL_NUMBER.findall(rest) if 1 <= int(n) <= 23]
    else:
        found = _BARE_NUMBER.findall(value)
    numbers = sorted({int(n) for n in found})
    if not numbers and not value.strip():
        return ()
    if not numbers:
        raise ValueError(
            f"no GCM objective number in {value!r}: list numbers 1 to 23, e.g. '2; 7' or "
            "'Objetivo 5', write 'Todos' / 'All', or leave the cell blank for a general input"
        )
    wrong = [n for n in numbers if not 1 <= n <= 23]
    if wrong:
        raise ValueError(f"objective(s) {', '.join(map(str, wrong))} do not exist: use 1 to 23")
    return tuple(numbers)


def input_warnings(records: Iterable[InputRecord], source: str = "inputs") -> list[str]:
    """Warnings for accepted rows an organizer should check (rows with no objective)."""
    return [
        f"{source}: row {record.row}: no GCM objective given; "
        "imported as a general input (not attached to a round table)"
        for record in records
        if not record.objectives
    ]


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"{source} is not UTF-8 (byte {exc.start}): save it as 'CSV UTF-8' and import again"
        ) from None


def parse_inputs_text(
    text: str,
    source: str = "inputs",
    mapping: Mapping[str, str] | None = None,
    lang: str = "en",
) -> list[InputRecord]:
    """Validate CSV text; raise ValidationError listing every bad row (row numbers as in a
    spreadsheet, header = row 1). A CSV syntax error (an unclosed quote, a cell above the
    field limit), a NUL byte or cells beyond the header are refused naming the row, and so is
    a file with a header but no data rows (messages in ``lang``).
    Questionnaire exports (Qualtrics, SurveyMonkey, KoboToolbox, Google Forms) are read in
    their own layout (agenda.inputs.layouts); ``mapping`` maps their columns to fields."""
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    return parse_table(read_table(list(_numbered(reader, source))), source, mapping, lang)


def parse_table(
    table: Table,
    source: str = "inputs",
    mapping: Mapping[str, str] | None = None,
    lang: str = "en",
) -> list[InputRecord]:
    """Validate the rows of a questionnaire table (see :func:`parse_inputs_text`)."""
    position = columns_of(table, source, mapping)
    width = len(table.header)
    if table.kind == "kobo":  # Kobo rows were cut to the kept columns already
        width = max([width, *(len(cells) for _, cells in table.rows)])
    records: list[InputRecord] = []
    errors: list[str] = []
    data_rows = 0
    for row_number, cells in table.rows:

        def cell(key: str, cells: list[str] = cells) -> str:
            at = position.get(key, [len(cells)])[0]
            return cells[at].strip() if at < len(cells) else ""

        def body_of(cells: list[str] = cells) -> str:
            places = position.get("text", [])
            if len(places) == 1:
                return cell("text")
            parts = [
                f"{table.header[at]}: {cells[at].strip()}"
                for at in places
                if at < len(cells) and cells[at].strip()
            ]
            return "\n\n".join(parts)

        if not any(value.strip() for value in cells):
            continue
        data_rows += 1
        problem = _row_problem(cells, width)
        if problem:
            errors.append(f"row {row_number}: {problem}")
            continue
        try:
            organization = cell("organization")
            body = body_of()
            if not organization:
                raise ValueError("organization is empty")
            if len(organization) > 300:
                raise ValueError("organization is longer than 300 characters")
            if not body:
                raise ValueError("text is empty")
            records.append(
                InputRecord(
                    row=row_number,
                    organization=organization,
                    country=resolve_country(cell("country")),
                    category=resolve_category(cell("category")),
                    objectives=parse_objectives(cell("objectives")),
                    text=body,
                    language=cell("language")[:8],
                )
            )
        except ValueError as exc:
            errors.append(f"row {row_number}: {exc}")
    if not data_rows:
        # es: "{source}: el archivo tiene encabezados pero ninguna fila de datos; agregue los
        # aportes debajo de los encabezados e importe de nuevo (no se importó nada)"
        raise ValidationError(
            tr(
                lang,
                "{source}: the file has a header row but no data rows; add the inputs below "
                "the header and import again (nothing imported)",
            ).format(source=source)
        )
    if errors:
        shown = "; ".join(errors[:MAX_ERRORS_SHOWN])
        more = (
            f" (and {len(errors) - MAX_ERRORS_SHOWN} more)"
            if len(errors) > MAX_ERRORS_SHOWN
            else ""
        )
        raise ValidationError(
            f"{source}: {len(errors)} bad row(s), nothing imported: {shown}{more}"
        )
    return records


def _numbered(reader: Iterator[list[str]], source: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells), the header being row 1; a CSV syntax error becomes a
    ValidationError naming the file and the row."""
    row_number = 0
    try:
        for row_number, cells in enumerate(reader, start=1):  # noqa: B007
            yield row_number, cells
    except csv.Error as exc:
        raise ValidationError(
            f"{source}: row {row_number + 1}: {csv_problem(exc)}; nothing imported"
        ) from None


def _row_problem(cells: list[str], width: int) -> str | None:
    """Why a row cannot be read at all (a NUL byte, cells beyond the header), or None."""
    if any("\x00" in value for value in cells):
        return (
            "contains a NUL byte (\\x00), which is not text; the file is damaged or not a CSV "
            "export: save it again as CSV UTF-8"
        )
    extra = [value for value in cells[width:] if value.strip()]
    if extra:
        return (
            f"{len(cells)} cells but the header has {width} columns (a delimiter inside an "
            "unquoted cell?); quote that cell or remove the extra cells"
        )
    return None


MAX_INPUTS_BYTES = 20 * 1024 * 1024
"""Largest inputs file read (it is read whole): 20 MiB, thousands of contributions."""


def read_inputs_csv(
    path: str | os.PathLike[str],
    max_bytes: int = MAX_INPUTS_BYTES,
    mapping: Mapping[str, str] | str | os.PathLike[str] | None = None,
    lang: str = "en",
) -> list[InputRecord]:
    """Read and validate an inputs file: CSV, or XLSX (KoboToolbox, Qualtrics), plain or as a
    questionnaire platform exports it (see the module docstring for the columns); a file
    above ``max_bytes`` is refused before it is read. ``mapping`` is ``{column: field}`` or
    the path of a mapping file (:func:`load_inputs_mapping`)."""
    if isinstance(mapping, str | os.PathLike):
        mapping = load_inputs_mapping(mapping)
    file = Path(path)
    if not file.is_file():
        raise ValidationError(f"inputs file {file} does not exist")
    size = file.stat().st_size
    if size > max_bytes:
        raise ValidationError(
            f"{file}: the file is {size / 1048576:.1f} MiB, above the limit of "
            f"{max_bytes / 1048576:.0f} MiB for an inputs file; split it into smaller files"
        )
    with file.open("rb") as handle:
        zipped = handle.read(4) == b"PK\x03\x04"
    if zipped or file.suffix.lower() in {".xlsx", ".xlsm"}:
        return parse_table(_xlsx_table(file, max_bytes), str(file), mapping, lang)
    return parse_inputs_text(_decode(file.read_bytes(), str(file)), str(file), mapping, lang)


def _xlsx_table(file: Path, max_bytes: int) -> Table:
    """The first sheet of an XLSX export, through the people importer's guarded reader."""
    from agenda.people.messages import PeopleFileError
    from agenda.people.sources import open_rows

    try:
        with open_rows(file, max_bytes) as (_, rows):
            return read_table(list(rows))
    except PeopleFileError as exc:
        raise ValidationError(f"{exc}; nothing imported") from None


def _key(organization: str, text: str) -> tuple[str, str]:
    return organization.strip().casefold(), " ".join(text.split())


def import_inputs(
    db: DbSession, meeting: Meeting, records: Iterable[InputRecord], *, actor: str, source: str = ""
) -> ImportResult:
    """Store new inputs for ``meeting`` (duplicates skipped) and audit the import."""
    existing = {
        _key(item.organization, item.text)
        for item in db.scalars(
            select(StakeholderInput).where(StakeholderInput.meeting_id == meeting.id)
        )
    }
    added = duplicates = 0
    for record in records:
        key = _key(record.organization, record.text)
        if key in existing:
            duplicates += 1
            continue
        existing.add(key)
        db.add(
            StakeholderInput(
                meeting_id=meeting.id,
                organization=record.organization,
                country=record.country,
                category=record.category,
                objectives=list(record.objectives),
                text=record.text,
                language=record.language,
                source=source[:300],
            )
        )
        added += 1
    db.flush()
    audit.record(
        db,
        actor,
        "inputs.import",
        "meeting",
        meeting.id,
        added=added,
        duplicates=duplicates,
        source=source,
    )
    return ImportResult(added=added, duplicates=duplicates)


def load_inputs(db: DbSession, meeting: Meeting) -> list[StakeholderInput]:
    """The meeting's inputs in the order received."""
    query = (
        select(StakeholderInput)
        .where(StakeholderInput.meeting_id == meeting.id)
        .order_by(StakeholderInput.received_at, StakeholderInput.id)
    )
    return list(db.scalars(query))


def round_tables(sessions: Iterable[Session]) -> list[Session]:
    """The round-table sessions, in programme order."""
    return [s for s in sessions if s.kind == SessionKind.ROUND_TABLE]


def inputs_by_round_table(
    sessions: Iterable[Session], inputs: Sequence[StakeholderInput]
) -> dict[int, list[StakeholderInput]]:
    """Session id -> inputs addressing at least one of the round table's objectives."""
    result: dict[int, list[StakeholderInput]] = {}
    for session in round_tables(sessions):
        wanted = set(session.objectives)
        result[session.id] = [item for item in inputs if wanted & set(item.objectives or [])]
    return result


def general_inputs(
    sessions: Iterable[Session], inputs: Sequence[StakeholderInput]
) -> list[StakeholderInput]:
    """Inputs attached to no round table: no objective given, or objectives no round table
    addresses. The report lists them under "General inputs"."""
    covered = {n for session in round_tables(sessions) for n in session.objectives}
    return [item for item in inputs if not covered & set(item.objectives or [])]
