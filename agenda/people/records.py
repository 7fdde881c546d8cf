"""Records produced by reading a people file: PersonRecord, RowError, ParseResult."""

from __future__ import annotations

import dataclasses
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from agenda.i18n.catalog import tr
from agenda.people.messages import render
from agenda.people.values import safe_excerpt


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One valid, normalized person from a people file."""

    given_name: str
    family_name: str
    email: str
    email_key: str
    honorific: str | None = None
    country: str | None = None
    gender: str = "unknown"
    organization: str | None = None
    organization_es: str | None = None
    position: str | None = None
    position_es: str | None = None
    category: str | None = None
    languages: tuple[str, ...] = ()
    timezone: str | None = None
    is_youth: bool = False
    is_migrant: bool = False
    head_of_delegation: bool = False
    delegation: str | None = None
    accessibility: str | None = None
    phone: str | None = None
    notes: str | None = None
    source_row: int = 0

    def as_dict(self) -> dict[str, object]:
        """Field name -> value (what export_roster and the database import consume)."""
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem in one cell: row as the spreadsheet shows it (header = 1), column header,
    a safe excerpt of the value, and the reason (English; ``message('es')`` for Spanish)."""

    row: int
    column: str | None
    value: str
    reason: str
    code: str = ""
    params: tuple[tuple[str, object], ...] = ()

    def message(self, lang: str = "en") -> str:
        """The reason in ``lang`` ('en' or 'es')."""
        return render(self.code, lang, dict(self.params)) if self.code else self.reason

    def describe(self, lang: str = "en") -> str:
        """One line for a report: "row 3, column 'Email': reason" (or "fila 3, columna ...")."""
        where = tr(lang, "row {row}").format(row=self.row) if self.row else ""
        if self.column:
            column = tr(lang, "column {column}").format(column=repr(self.column))
            where += (", " if where else "") + column
        return f"{where}: {self.message(lang)}" if where else self.message(lang)

    def __str__(self) -> str:
        return self.describe("en")


MAX_KEPT_REJECTS = 1000
"""Rejected rows kept in memory (errors and cells); later ones go to a temporary file."""


@dataclass
class ParseResult:
    """Outcome of reading a people file: valid ``rows``, rejected-row ``errors``, ``warnings``.

    Only the first ``MAX_KEPT_REJECTS`` rejected rows are kept in ``errors`` and ``rejected``;
    the others are spooled to a temporary file as they are read. ``rejected_count`` counts
    them all and :meth:`rejects` yields them all, in file order (for the rejects file).
    """

    path: Path
    kind: str
    encoding: str | None
    delimiter: str | None
    headers: list[str]
    columns: dict[str, str]
    rows: list[PersonRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    rejected: dict[int, list[str]] = field(default_factory=dict)
    rows_read: int = 0
    rejected_count: int = 0
    _spool: IO[str] | None = field(default=None, repr=False, compare=False)

    def reject(self, row: int, cells: list[str], errors: list[RowError]) -> None:
        """Record a rejected row: in memory for the first ones, spooled to disk after."""
        self.rejected_count += 1
        if self.rejected_count <= MAX_KEPT_REJECTS:
            self.errors.extend(errors)
            self.rejected[row] = list(cells)
            return
        if self._spool is None:
            self._spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        for error in errors:
            entry: list[object] = [error.row, error.column, error.value, error.reason]
            entry.append(error.code)
            entry += [[list(pair) for pair in error.params], cells]
            self._spool.write(json.dumps(entry) + "\n")

    def rejects(self) -> Iterator[tuple[RowError, list[str]]]:
        """Every rejected cell as (error, the row's cells): kept ones, then spooled ones."""
        for error in self.errors:
            yield error, self.rejected.get(error.row, [])
        if self._spool is None:
            return
        self._spool.seek(0)
        for line in self._spool:
            row, column, value, reason, code, params, cells = json.loads(line)
            pairs = tuple((str(key), item) for key, item in params)
            yield RowError(row, column, value, reason, code, pairs), cells
        self._spool.seek(0, 2)

    @property
    def ok(self) -> bool:
        """True when no row was rejected."""
        return not self.errors

    @property
    def rejected_rows(self) -> list[int]:
        """Row numbers with at least one error, ascending."""
        return sorted({error.row for error in self.errors})


def issue(row: int, column: str | None, cell: str, code: str, /, **params: object) -> RowError:
    return RowError(
        row=row,
        column=column,
        value=safe_excerpt(cell),
        reason=render(code, "en", params),
        code=code,
        params=tuple(params.items()),
    )
