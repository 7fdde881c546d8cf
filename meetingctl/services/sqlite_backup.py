"""Copying whole databases: SQLite's online backup API in both directions, the checks a file
must pass before it replaces a database, and the ``pg_dump`` command for PostgreSQL.

The backup API copies every page under one read transaction of the source: in WAL mode the
writers (the scheduler, another organizer) keep working and the copy is the database as of one
instant, never a mix.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine

from agenda.model.errors import ValidationError
from meetingctl.db import MIGRATIONS_DIR

SQLITE_HEADER = b"SQLite format 3\x00"

#: What to install when pg_dump is missing.
PG_CLIENT_HINT = (
    "install the PostgreSQL client tools of your server's major version "
    "(Debian/Ubuntu: `sudo apt-get install postgresql-client`)"
)


@dataclass(frozen=True)
class PgDumpCommand:
    """The documented ``pg_dump`` command for the configured PostgreSQL database (no password:
    libpq reads it from ``PGPASSWORD`` or ``~/.pgpass``), the matching ``pg_restore`` command,
    and where ``pg_dump`` is (None: not on PATH, see ``install_hint``)."""

    command: str
    restore_command: str
    pg_dump: str | None
    install_hint: str


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite database ``url`` (None for another backend); a ValidationError for
    an in-memory database, which has nothing to back up."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        raise ValidationError(f"database {database or ':memory:'} is not a file: nothing to copy")
    return Path(database).expanduser()


def refuse_existing(target: Path, force: bool) -> None:
    """Refuse to overwrite ``target`` unless ``force``; its directory must exist."""
    if target.is_dir():
        raise ValidationError(f"{target} is a directory: give a file name")
    if target.exists() and not force:
        raise ValidationError(f"{target} already exists: use --force to overwrite it")
    if not target.parent.is_dir():
        raise ValidationError(f"directory {target.parent} does not exist (backup file {target})")


def _temporary(target: Path) -> Path:
    return target.with_name(f".{target.name}.partial-{os.getpid()}")


def backup_sqlite(engine: Engine, target: Path) -> int:
    """Copy the database of ``engine`` to ``target`` with the online backup API (written beside
    it, checked with ``PRAGMA integrity_check``, then moved into place); its size in bytes."""
    partial = _temporary(target)
    try:
        with engine.connect() as connection, closing(sqlite3.connect(partial)) as copy:
            raw: Any = connection.connection.dbapi_connection
            raw.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
            _check_integrity(copy, target)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size


def _check_integrity(connection: sqlite3.Connection, name: Path) -> None:
    rows = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
    if rows != ["ok"]:
        raise ValidationError(f"{name}: integrity check failed: {'; '.join(map(str, rows[:3]))}")


def known_revisions() -> set[str]:
    """Every schema revision of the packaged migrations."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return {revision.revision for revision in script.walk_revisions()}


def check_backup_file(source: Path) -> str:
    """Check that ``source`` is a sound meetingctl SQLite database at a known schema revision
    (read-only, nothing written); its revision. ValidationError naming the file otherwise."""
    if not source.is_file():
        raise ValidationError(f"{source}: no such file")
    with source.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise ValidationError(f"{source}: not a SQLite database (a meetingctl backup is one)")
    try:
        with closing(_open_read_only(source)) as connection:
            _check_integrity(connection, source)
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
            if not {"alembic_version", "meeting"} <= tables:
                raise ValidationError(f"{source}: a SQLite database, but not a meetingctl one")
            revisions = [
                r[0] for r in connection.execute("SELECT version_num FROM alembic_version")
            ]
    except sqlite3.DatabaseError as exc:
        raise ValidationError(f"{source}: cannot be read as a database: {exc}") from None
    if len(revisions) != 1 or revisions[0] not in known_revisions():
        raise ValidationError(
            f"{source}: schema revision {', '.join(revisions) or 'none'} is unknown to this "
            "version of meetingctl; restore it with the version that wrote it"
        )
    return str(revisions[0])


def _open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def restore_sqlite(source: Path, engine: Engine) -> None:
    """Copy the (checked) database ``source`` over the database of ``engine`` with the backup
    API, in one step; the engine's pooled connections are dropped afterwards."""
    with closing(_open_read_only(source)) as origin, engine.connect() as connection:
        raw: Any = connection.connection.dbapi_connection
        origin.backup(raw)
        _check_integrity(raw, Path(engine.url.database or ""))
    engine.dispose()


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (through links too)."""
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def pg_dump_command(engine: Engine, target: Path) -> PgDumpCommand:
    """The ``pg_dump`` command that backs up the database of ``engine`` to ``target``."""
    url = URL.create(
        "postgresql",
        username=engine.url.username,
        host=engine.url.host,
        port=engine.url.port,
        database=engine.url.database,
        query=engine.url.query,
    )
    dsn = url.render_as_string(hide_password=True)
    dump = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", f"--dbname={dsn}"]
    restore = ["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={dsn}", str(target)]
    return PgDumpCommand(
        shlex.join(dump), shlex.join(restore), shutil.which("pg_dump"), PG_CLIENT_HINT
    )
