"""Backups a secretariat can trust: ``meetingctl db backup`` / ``db restore`` (the whole
database) and ``meetingctl export meeting`` / ``import meeting`` (one meeting as JSON).

Everything a use case needs is checked before it writes: a backup never overwrites a file
without ``force``; a restore checks the file (SQLite, integrity, a schema revision this program
knows) and the target (empty, or ``force``) first; an import reads and checks the whole document
(naming the key of any problem) and that the database is empty before its one transaction.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, func, inspect, select, text
from sqlalchemy.engine import make_url

from agenda.model.errors import ValidationError
from meetingctl.db import (
    current_revision,
    head_revision,
    metadata,
    normalize_url,
    safe_url,
    upgrade,
)
from meetingctl.services import meeting_json
from meetingctl.services.sqlite_backup import (
    PgDumpCommand,
    backup_sqlite,
    check_backup_file,
    pg_dump_command,
    refuse_existing,
    restore_sqlite,
    same_file,
    sqlite_path,
)

if TYPE_CHECKING:
    from meetingctl.context import AppContext

__all__ = [
    "LARGE_CHANGE_ROWS",
    "BackupMade",
    "BackupService",
    "MeetingExported",
    "MeetingImported",
    "PgDumpCommand",
    "Restored",
]

#: An import that changes more rows than this suggests a backup first.
LARGE_CHANGE_ROWS = 50

#: The largest JSON document ``import meeting`` reads.
MAX_DOCUMENT_BYTES = 512 * 2**20


@dataclass(frozen=True)
class BackupMade:
    """A SQLite backup written to ``path`` (``size`` bytes) of ``database`` at ``revision``."""

    path: Path
    size: int
    database: str
    revision: str | None


@dataclass(frozen=True)
class Restored:
    """``database`` now holds the backup ``path`` at ``revision``; ``program`` is the revision
    this program expects (different: run ``meetingctl db upgrade``)."""

    path: Path
    database: str
    revision: str
    program: str | None


@dataclass(frozen=True)
class MeetingExported:
    """The meeting ``slug`` written to ``path``, with the number of rows of each part."""

    path: Path
    slug: str
    counts: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class MeetingImported:
    """The meeting ``slug`` of ``path`` imported into ``database``, rows per part."""

    path: Path
    slug: str
    database: str
    counts: tuple[tuple[str, int], ...]


class BackupService:
    """Whole-database backups and whole-meeting JSON documents."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def backup(self, target: Path, force: bool = False) -> BackupMade | PgDumpCommand:
        """Back up the database to ``target``: on SQLite with the online backup API (consistent
        while the scheduler writes); on PostgreSQL, the ``pg_dump`` command to run (and whether
        ``pg_dump`` is on PATH). An existing ``target`` is refused unless ``force``."""
        refuse_existing(target, force)
        engine = self.ctx.engine
        source = sqlite_path(engine.url)
        if source is None:
            return pg_dump_command(engine, target)
        if not source.is_file():
            raise ValidationError(f"database {source} does not exist: nothing to back up")
        if same_file(source, target):
            raise ValidationError(f"{target} is the database itself: choose another file")
        size = backup_sqlite(engine, target)
        return BackupMade(target, size, safe_url(engine), current_revision(engine))

    def restore(self, source: Path, force: bool = False) -> Restored:
        """Replace the (SQLite) database with the backup ``source``: the file must be a sound
        meetingctl database at a known schema revision, and the database empty unless
        ``force``; both are checked before anything is written."""
        url = make_url(normalize_url(self.ctx.database_url))
        target = sqlite_path(url)
        if target is None:
            command = pg_dump_command(self.ctx.engine, source)
            raise ValidationError(
                f"db restore works on SQLite; for PostgreSQL run: {command.restore_command}"
            )
        revision = check_backup_file(source)  # before the engine (it creates the directory)
        if same_file(source, target):
            raise ValidationError(f"{source} is the database itself: nothing to restore")
        engine = self.ctx.engine
        if target.exists():
            rows = self._rows_in_database()
            if rows and not force:
                raise ValidationError(
                    f"database {safe_url(engine)} is not empty ({rows} rows): back it up with "
                    "`meetingctl db backup FILE` first, then restore with --force"
                )
        restore_sqlite(source, engine)
        return Restored(source, safe_url(engine), revision, head_revision())

    def export_meeting(self, target: Path) -> MeetingExported:
        """Write the current meeting as one JSON document to ``target`` (see
        :mod:`meetingctl.services.meeting_json` for what it holds and leaves out)."""
        if target.is_dir():
            raise ValidationError(f"{target} is a directory: give a file name")
        tables = metadata().tables
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            document: dict[str, Any] = {
                "format": meeting_json.FORMAT,
                "format_version": meeting_json.FORMAT_VERSION,
                "schema_revision": current_revision(self.ctx.engine),
            }
            sessions = select(tables["session"].c.id).where(
                tables["session"].c.meeting_id == meeting.id
            )
            assignments = select(tables["role_assignment"].c.id).where(
                tables["role_assignment"].c.session_id.in_(sessions)
            )
            scope = {
                "meeting": tables["meeting"].c.id == meeting.id,
                "session": tables["session"].c.meeting_id == meeting.id,
                "session_objective": tables["session_objective"].c.session_id.in_(sessions),
                "role_assignment": tables["role_assignment"].c.session_id.in_(sessions),
                "status_change": tables["status_change"].c.assignment_id.in_(assignments),
                "agenda_version": tables["agenda_version"].c.meeting_id == meeting.id,
                "video_link": tables["video_link"].c.meeting_id == meeting.id,
                "stakeholder_input": tables["stakeholder_input"].c.meeting_id == meeting.id,
            }
            for part in meeting_json.PARTS:
                table = tables[part.table]
                query = select(table).order_by(*table.primary_key.columns)
                if part.table in scope:
                    query = query.where(scope[part.table])
                rows = [meeting_json.row_to_json(table, row) for row in db.execute(query)]
                document[part.key] = rows[0] if part.key == "meeting" else rows
            slug = meeting.slug
        _write_json(target, document)
        return MeetingExported(target, slug, _counts(document))

    def import_meeting(self, source: Path) -> MeetingImported:
        """Import the JSON document ``source`` (from :meth:`export_meeting`) into an empty
        database, ids kept, in one transaction. A malformed document is refused naming the key,
        a non-empty database naming its rows; nothing is written then. Not audited: the audit
        log imported is the meeting's own."""
        document = _read_json(source)
        tables = metadata().tables
        try:
            rows = meeting_json.parse_document(document, dict(tables), head_revision())
        except ValidationError as exc:
            raise ValidationError(f"{source}: {exc}") from None
        engine = self.ctx.engine
        if current_revision(engine) is None:
            upgrade(engine)
        elif count := self._rows_in_database():
            raise ValidationError(
                f"database {safe_url(engine)} is not empty ({count} rows): import a meeting "
                "into a new database (--db)"
            )
        with self.ctx.transaction() as db:
            for part in meeting_json.PARTS:
                table = tables[part.table]
                selfish = [
                    c.name
                    for c in table.columns
                    if any(fk.column.table is table for fk in c.foreign_keys)
                ]
                batch = [{**r, **dict.fromkeys(selfish)} for r in rows[part.table]]
                if batch:
                    db.execute(table.insert(), batch)
                for row in rows[part.table]:
                    later = {name: row[name] for name in selfish if row[name] is not None}
                    if later:  # keep the stored values onupdate would replace
                        later.update({c.name: row[c.name] for c in table.c if c.onupdate})
                        key = [c == row[c.name] for c in table.primary_key.columns]
                        db.execute(table.update().where(*key).values(**later))
            if engine.dialect.name == "postgresql":
                _advance_sequences(db, [tables[part.table] for part in meeting_json.PARTS])
        slug = str(document["meeting"]["slug"])
        return MeetingImported(source, slug, safe_url(engine), _counts(document))

    def _rows_in_database(self) -> int:
        """The rows of every meetingctl table present (the Alembic and lease tables aside)."""
        engine = self.ctx.engine
        present = set(inspect(engine).get_table_names())
        skip = {"alembic_version", "scheduler_lease"}
        total = 0
        with engine.connect() as connection:
            for name, table in metadata().tables.items():
                if name in present and name not in skip:
                    total += connection.scalar(select(func.count()).select_from(table)) or 0
        return total


def _advance_sequences(db: Any, tables: list[Table]) -> None:
    """Move PostgreSQL's id sequences past the imported ids (the next insert must not clash)."""
    for table in tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        highest = db.scalar(select(func.max(table.c.id)))
        if highest is not None:
            db.execute(
                text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :value)"),
                {"table": f'"{table.name}"', "value": highest},
            )


def _counts(document: dict[str, Any]) -> tuple[tuple[str, int], ...]:
    return tuple(
        (part.key, 1 if part.key == "meeting" else len(document[part.key]))
        for part in meeting_json.PARTS
    )


def _write_json(target: Path, document: dict[str, Any]) -> None:
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        partial.write_text(
            json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        os.replace(partial, target)
    except OSError as exc:
        raise ValidationError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)


def _read_json(source: Path) -> Any:
    if not source.is_file():
        raise ValidationError(f"{source}: no such file")
    if source.stat().st_size > MAX_DOCUMENT_BYTES:
        raise ValidationError(f"{source}: larger than {MAX_DOCUMENT_BYTES // 2**20} MB")
    try:
        return json.loads(source.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ValidationError(f"{source}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{source}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
