"""The whole-meeting JSON document: which tables it holds, how a row becomes JSON and back, and
the checks that name the key of anything malformed before a single row is written.

The document is table-driven (the columns come from the schema's metadata), so a new column is
exported and imported without touching this module. Excluded on purpose: the outbox (messages
to send are a state of one installation, and re-importing them would send them twice), the
scheduler lease (which process runs the scheduler), the received replies (what one installation
read from its mailbox; the answers they applied are in the status history and the audit log) and
Alembic's version table (the document carries ``schema_revision`` instead).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, Enum, Integer, String, Table

from agenda.model.errors import ValidationError
from agenda.model.orm import UTCDateTime

#: The value of the document's ``format`` key.
FORMAT = "meetingctl-meeting"
#: The version of the document's layout (not of the schema).
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Part:
    """One list of the document: its JSON key and the table its rows belong to."""

    key: str
    table: str


#: The document's parts, in insertion order (a row only refers to rows of earlier parts, or to
#: its own table: ``role_assignment.substitute_for_id``, set in a second pass).
PARTS = (
    Part("meeting", "meeting"),
    Part("organizations", "organization"),
    Part("people", "person"),
    Part("sessions", "session"),
    Part("session_objectives", "session_objective"),
    Part("role_assignments", "role_assignment"),
    Part("status_changes", "status_change"),
    Part("agenda_versions", "agenda_version"),
    Part("video_links", "video_link"),
    Part("stakeholder_inputs", "stakeholder_input"),
    Part("audit_log", "audit_log"),
)

#: Tables a database may hold that the document leaves out (see the module docstring).
EXCLUDED_TABLES = ("outbox", "scheduler_lease", "received_reply", "alembic_version")

_TOP_KEYS = {"format", "format_version", "schema_revision", *(part.key for part in PARTS)}


def to_json(column: Column[Any], value: Any) -> Any:
    """The JSON value of one stored ``value`` of ``column``."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, UTCDateTime | Date):
        return value.isoformat()
    if isinstance(kind, Enum):
        return getattr(value, "value", value)
    return value


def from_json(column: Column[Any], value: Any, where: str) -> Any:
    """The stored value of ``column`` for the JSON ``value`` found at ``where``; a
    ValidationError naming ``where`` when it has the wrong type, length or value."""
    if value is None:
        if column.nullable and not column.primary_key:
            return None
        raise ValidationError(f"{where}: must not be null")
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return _datetime(value, where)
    if isinstance(kind, Date):
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise ValidationError(f"{where}: expected a date YYYY-MM-DD, got {value!r}")
    if isinstance(kind, Enum):
        if value not in kind.enums:
            raise ValidationError(f"{where}: {value!r} is not one of {', '.join(kind.enums)}")
        return kind.enum_class(value) if kind.enum_class is not None else value
    if isinstance(kind, Boolean):
        if isinstance(value, bool):
            return value
        raise ValidationError(f"{where}: expected true or false, got {value!r}")
    if isinstance(kind, Integer):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise ValidationError(f"{where}: expected an integer, got {value!r}")
    if isinstance(kind, JSON):
        return value
    if isinstance(kind, String):
        if not isinstance(value, str):
            raise ValidationError(f"{where}: expected a string, got {value!r}")
        if "\x00" in value:
            raise ValidationError(f"{where}: contains a NUL character")
        if kind.length is not None and len(value) > kind.length:
            raise ValidationError(
                f"{where}: {len(value)} characters, at most {kind.length} allowed"
            )
        return value
    raise ValidationError(f"{where}: unsupported column type {kind!r}")  # pragma: no cover


def _datetime(value: Any, where: str) -> datetime:
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is not None and parsed.utcoffset() is not None:
            return parsed
    raise ValidationError(f"{where}: expected an ISO 8601 time with its UTC offset, got {value!r}")


def row_to_json(table: Table, row: Any) -> dict[str, Any]:
    """One stored row of ``table`` as a JSON object (every column, by name)."""
    mapping = row._mapping
    return {column.name: to_json(column, mapping[column.name]) for column in table.columns}


def parse_document(
    document: Any, tables: dict[str, Table], revision: str | None
) -> dict[str, list[dict[str, Any]]]:
    """Check a whole-meeting ``document`` and return its rows per table name, ready to insert.

    Every problem raises a ValidationError naming the key (``people[3].email``); the schema
    revision must be ``revision`` (the one this program writes), every reference must point to
    a row of the document."""
    if not isinstance(document, dict):
        raise ValidationError("the document must be a JSON object")
    for key in sorted(_TOP_KEYS - set(document)):
        raise ValidationError(f"key {key!r}: missing")
    for key in sorted(set(document) - _TOP_KEYS):
        raise ValidationError(f"key {key!r}: unknown (expected {', '.join(sorted(_TOP_KEYS))})")
    if document["format"] != FORMAT:
        raise ValidationError(f"key 'format': expected {FORMAT!r}, got {document['format']!r}")
    if document["format_version"] != FORMAT_VERSION:
        raise ValidationError(
            f"key 'format_version': this program reads version {FORMAT_VERSION}, "
            f"got {document['format_version']!r}"
        )
    if document["schema_revision"] != revision:
        raise ValidationError(
            f"key 'schema_revision': the document is at {document['schema_revision']!r}, this "
            f"program at {revision!r}; export it again with the matching meetingctl version"
        )
    rows: dict[str, list[dict[str, Any]]] = {}
    for part in PARTS:
        value = document[part.key]
        items = [value] if part.key == "meeting" else value
        if not isinstance(items, list) or (part.key == "meeting" and not isinstance(value, dict)):
            kind = "an object" if part.key == "meeting" else "a list of objects"
            raise ValidationError(f"key {part.key!r}: expected {kind}")
        table = tables[part.table]
        rows[part.table] = [
            _parse_row(table, item, part.key if part.key == "meeting" else f"{part.key}[{i}]")
            for i, item in enumerate(items)
        ]
    _check_references(tables, rows)
    return rows


def _parse_row(table: Table, item: Any, where: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ValidationError(f"{where}: expected an object")
    names = {column.name for column in table.columns}
    for key in sorted(names - set(item)):
        raise ValidationError(f"{where}.{key}: missing")
    for key in sorted(set(item) - names):
        raise ValidationError(f"{where}.{key}: unknown key")
    return {c.name: from_json(c, item[c.name], f"{where}.{c.name}") for c in table.columns}


def _check_references(tables: dict[str, Table], rows: dict[str, list[dict[str, Any]]]) -> None:
    keys = {part.table: part.key for part in PARTS}
    for part in PARTS:
        table = tables[part.table]
        pk = [column.name for column in table.primary_key.columns]
        seen: set[tuple[Any, ...]] = set()
        for index, row in enumerate(rows[part.table]):
            identity = tuple(row[name] for name in pk)
            if identity in seen:
                raise ValidationError(f"{_where(part, index)}: {'/'.join(pk)} repeated")
            seen.add(identity)
        for column in table.columns:
            for fk in column.foreign_keys:
                target = fk.column.table.name
                known = {r[fk.column.name] for r in rows.get(target, [])}
                for index, row in enumerate(rows[part.table]):
                    value = row[column.name]
                    if value is not None and value not in known:
                        raise ValidationError(
                            f"{_where(part, index)}.{column.name}: {value!r} is not the "
                            f"{fk.column.name} of any row of {keys.get(target, target)!r}"
                        )


def _where(part: Part, index: int) -> str:
    return part.key if part.key == "meeting" else f"{part.key}[{index}]"
