"""Limits of stored text, read from the ORM column types (one place) and checked in the domain.

PostgreSQL refuses a value longer than its ``VARCHAR(n)`` or containing a NUL character with a
raw ``DataError`` (SQL and parameters included); SQLite stores both silently. Every flush checks
the new and changed rows here first, so both backends answer the same
:class:`~agenda.model.errors.ValidationError` naming the field and its limit, and nothing is
written.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Enum, String, event, inspect
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import UOWTransaction

from agenda.model.errors import ValidationError

#: What to tell the organizer to change, for values that come from settings, not data.
_HINTS: dict[str, str] = {
    "actor": "set a shorter name with --actor or MEETINGCTL_ACTOR",
}


def max_length(column: Any) -> int | None:
    """The most characters ``column`` (a Column or an ORM attribute such as ``Session.room``)
    may hold, or None for unbounded text and non-text columns."""
    found = _column(column)
    if found is None or isinstance(found.type, Enum) or not isinstance(found.type, String):
        return None
    return found.type.length


def check_text(label: str, value: str, limit: int | None) -> None:
    """Raise ValidationError naming ``label`` when ``value`` has a NUL character or is longer
    than ``limit`` characters (None: no limit)."""
    hint = _HINTS.get(label.split()[-1], "shorten it")
    if "\x00" in value:
        raise ValidationError(
            f"{label} contains a NUL character (\\x00), which cannot be stored; "
            "remove it (it often comes from a file saved in the wrong encoding)"
        )
    if limit is not None and len(value) > limit:
        raise ValidationError(
            f"{label} is {len(value)} characters long; at most {limit} are allowed: {hint}"
        )


def check_row(obj: object) -> None:
    """Check every text attribute of a mapped object against its column (see :func:`check_text`)."""
    mapper = inspect(type(obj))
    table = mapper.local_table.name
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        if not isinstance(column.type, String) or isinstance(column.type, Enum):
            continue
        value = getattr(obj, prop.key, None)
        if isinstance(value, str):
            check_text(f"{_entity(table)} {column.name}", value, column.type.length)


def _entity(table: str) -> str:
    return table.replace("_", " ")


def _column(column: Any) -> Column[Any] | None:
    if isinstance(column, Column):
        return column
    prop = getattr(column, "property", None)
    columns = getattr(prop, "columns", None)
    return columns[0] if columns else None


@event.listens_for(DbSession, "before_flush")
def _check_before_flush(db: DbSession, _flush: UOWTransaction, _instances: object) -> None:
    for obj in (*db.new, *db.dirty):
        check_row(obj)
