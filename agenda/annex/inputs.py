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
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import reference
from agenda.i18n.catalog import tr
from agenda.model import audit
from agenda.model.enums import SessionKind
from agenda.model.errors import ValidationError
from agenda.model.orm import Meeting, Session, StakeholderInput
from agenda.people.normalize import normalize_category, normalize_country, suggest_countries
from agenda.people.sources import csv_problem

MAX_ERRORS_SHOWN = 10
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "organization": ("organization", "organisation", "organizacion", "org", "entity", "entidad"),
    "country": ("country", "pais"),
    "category": ("category", "stakeholder category", "categoria", "tipo de actor"),
    "objectives": (
        "objectives",
        "objectives addressed",
        "gcm objectives",
        "objetivos",
        "objetivos abordados",
    ),
    "text": ("text", "input", "contribution", "texto", "contribucion", "aporte"),
    "language": ("language", "idioma", "lang"),
}
REQUIRED = ("organization", "objectives", "text")


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


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.replace("_", " ").casefold().split())


def _header_map(fieldnames: Sequence[str], source: str) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for name in fieldnames:
        folded = _fold(name or "")
        for key, aliases in HEADER_ALIASES.items():
            if folded in aliases and key not in mapping:
                mapping[key] = name
    missing = [key for key in REQUIRED if key not in mapping]
    if missing:
        raise ValidationError(
            f"{source}: missing column(s) {', '.join(missing)}; the header row has "
            f"{', '.join(repr(n) for n in fieldnames) or 'no columns'}. Expected columns: "
            "organization, country, category, objectives, text (Spanish headers work too)"
        )
    return mapping


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


def parse_objectives(value: str) -> tuple[int, ...]:
    """Objective numbers in text such as '2, 5; 12' or 'Objective 7 / Objetivo 23'.

    A blank cell gives no objectives (a general input); text without any number is an error.
    """
    numbers = sorted({int(n) for n in re.findall(r"\d+", value)})
    if not numbers and not value.strip():
        return ()
    if not numbers:
        raise ValueError(
            f"no GCM objective number in {value!r}: list numbers 1 to 23, e.g. '2; 7', "
            "or leave the cell blank for a general input"
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


def parse_inputs_text(text: str, source: str = "inputs", lang: str = "en") -> list[InputRecord]:
    """Validate CSV text; raise ValidationError listing every bad row (row numbers as in a
    spreadsheet, header = row 1). A CSV syntax error (an unclosed quote, a cell above the
    field limit), a NUL byte or cells beyond the header are refused naming the row, and so is
    a file with a header but no data rows (messages in ``lang``)."""
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    rows = _numbered(csv.reader(io.StringIO(text), delimiter=delimiter, strict=True), source)
    header = next(rows, (1, []))[1]
    names = _header_map(header, source)
    position = {key: header.index(name) for key, name in names.items()}
    records: list[InputRecord] = []
    errors: list[str] = []
    data_rows = 0
    for row_number, cells in rows:

        def cell(key: str, cells: list[str] = cells) -> str:
            at = position.get(key, len(cells))
            return cells[at].strip() if at < len(cells) else ""

        if not any(value.strip() for value in cells):
            continue
        data_rows += 1
        problem = _row_problem(cells, len(header))
        if problem:
            errors.append(f"row {row_number}: {problem}")
            continue
        try:
            organization = cell("organization")
            body = cell("text")
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
    path: str | os.PathLike[str], max_bytes: int = MAX_INPUTS_BYTES, lang: str = "en"
) -> list[InputRecord]:
    """Read and validate an inputs CSV file (see the module docstring for the columns);
    a file above ``max_bytes`` is refused before it is read."""
    file = Path(path)
    if not file.is_file():
        raise ValidationError(f"inputs file {file} does not exist")
    size = file.stat().st_size
    if size > max_bytes:
        raise ValidationError(
            f"{file}: the file is {size / 1048576:.1f} MiB, above the limit of "
            f"{max_bytes / 1048576:.0f} MiB for an inputs file; split it into smaller files"
        )
    return parse_inputs_text(_decode(file.read_bytes(), str(file)), str(file), lang)


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
