"""Database wiring: engines for SQLite and PostgreSQL, sessions and Alembic migrations."""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, MetaData, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, NoSuchModuleError, OperationalError
from sqlalchemy.exc import DatabaseError as DriverDatabaseError
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda.i18n.catalog import N_
from agenda.model.errors import MeetingctlError

if TYPE_CHECKING:  # Alembic is imported by the functions that use it (CLI start-up)
    from alembic.config import Config as AlembicConfig

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def metadata() -> MetaData:
    """Every table of the schema: the domain's (``agenda.model.orm``) and the application's
    (``meetingctl.delivery.tables``), on one ``Base`` metadata; what the migrations build."""
    from agenda.model.orm import Base
    from meetingctl.delivery import tables  # noqa: F401 - registers the delivery tables

    return Base.metadata


class DatabaseError(MeetingctlError):
    """The database cannot be opened or is not at the expected schema."""

    exit_code = 2


def normalize_url(url: str) -> str:
    """Use the psycopg 3 driver for plain ``postgresql://`` URLs; leave others alone."""
    parsed = make_url(url)
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


#: The database URLs meetingctl works with, for messages.
SUPPORTED_URLS = "sqlite:///PATH/meeting.db or postgresql://USER@HOST/DATABASE"


def check_backend(url: str) -> None:
    """Refuse a URL for a database meetingctl does not support (MySQL, Oracle...) or whose
    driver is not installed, naming the driver, instead of a raw ModuleNotFoundError."""
    parsed = make_url(url)
    backend, driver = parsed.get_backend_name(), parsed.get_driver_name()
    if backend not in {"sqlite", "postgresql"}:
        raise DatabaseError(
            f"database URL {safe_url(url)}: {backend} databases are not supported; use "
            f"{SUPPORTED_URLS}; {CHECK_URL_HINT}"
        )
    try:
        parsed.get_dialect().import_dbapi()
    except (ImportError, NoSuchModuleError) as exc:
        missing = getattr(exc, "name", None) or driver
        raise DatabaseError(
            f"database URL {safe_url(url)}: the {backend} driver {missing!r} is not installed; "
            f"use {SUPPORTED_URLS} (postgresql:// uses psycopg 3, installed with meetingctl); "
            f"{CHECK_URL_HINT}"
        ) from None


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys, a busy timeout and its directory.
    Raises DatabaseError for an unsupported database or a missing driver."""
    url = normalize_url(url)
    try:
        check_backend(url)
    except NoSuchModuleError as exc:
        raise DatabaseError(
            f"database URL {safe_url(url)}: {exc}; use {SUPPORTED_URLS}; {CHECK_URL_HINT}"
        ) from None
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            _make_parent_dir(url, Path(database).expanduser())
        kwargs.setdefault("connect_args", {"timeout": 30})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def missing_sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL when it does not exist yet (None for other databases)."""
    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = Path(database).expanduser()
    return None if path.exists() else path


def refuse_missing_sqlite_file(url: str) -> None:
    """Refuse to open a SQLite database that does not exist, creating nothing (a mistyped
    ``--db`` must not leave directories and an empty database behind)."""
    missing = missing_sqlite_file(url)
    if missing is not None:
        raise DatabaseError.from_msgid(
            N_(
                "the database file {file} does not exist ({url}): check --db / "
                "MEETINGCTL_DATABASE_URL / [database] url, or create it: `meetingctl init` "
                "(a new meeting), `meetingctl demo`, or `meetingctl db upgrade` (an empty schema)"
            ),
            file=missing,
            url=safe_url(url),
        )


def _make_parent_dir(url: str, database: Path) -> None:
    try:
        database.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        ancestors = [database.parent, *database.parent.parents]
        blocker = next((p for p in ancestors if p.is_file()), None)
        reason = f"{blocker} is a file, not a directory" if blocker else exc.strerror or "error"
        raise DatabaseError(
            f"cannot create the directory {database.parent} for database {safe_url(url)}: "
            f"{reason}; {CHECK_URL_HINT}"
        ) from None


#: Where the database URL comes from, for connection error messages.
CHECK_URL_HINT = "check --db / MEETINGCTL_DATABASE_URL / [database] url"


def safe_url(url: str | Engine) -> str:
    """The URL with its password masked, for messages."""
    if isinstance(url, Engine):
        return url.url.render_as_string(hide_password=True)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL: show nothing secret
        return "<invalid database URL>"


def connection_error(url: str | Engine, exc: BaseException) -> DatabaseError:
    """A clear DatabaseError for a failed connection: masked URL and a one-line reason."""
    original = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    reason = lines[0] if lines else type(original).__name__
    if isinstance(url, Engine):
        password = url.url.password
    else:
        try:
            password = make_url(url).password
        except Exception:  # noqa: BLE001
            password = None
    if password:
        reason = reason.replace(str(password), "***")
    return DatabaseError(f"cannot connect to database {safe_url(url)}: {reason}; {CHECK_URL_HINT}")


def describe_database_error(exc: BaseException, url: str) -> str | None:
    """The one-line message for a database error the driver raised (exit code 2), or None
    when ``exc`` is not one: a failed connection names the masked ``url`` and the reason, an
    unparsable URL says where the URL comes from."""
    if isinstance(exc, OperationalError | InterfaceError):
        return str(connection_error(url, exc))
    if isinstance(exc, DriverDatabaseError) and _not_a_database(exc):
        try:
            where = f"the file {make_url(url).database}"
        except ArgumentError:
            where = "the database file"
        return (
            f"{where} (database {safe_url(url)}) is not a SQLite database or is damaged "
            f"({_first_line(exc)}); check --db / MEETINGCTL_DATABASE_URL / [database] url points "
            "at the meeting's .db file, or restore it from a backup"
        )
    if isinstance(exc, ArgumentError):
        return f"invalid database URL: {exc}; {CHECK_URL_HINT}"
    return None


def _first_line(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    return lines[0] if lines else type(original).__name__


def _not_a_database(exc: BaseException) -> bool:
    text = _first_line(exc)
    return "file is not a database" in text or "disk image is malformed" in text


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[DbSession]:
    """Session factory used by every unit of work (objects stay readable after commit)."""
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(engine: Engine) -> AlembicConfig:
    """An Alembic configuration bound to ``engine`` using the packaged migrations."""
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option(
        "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
    )
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema to ``revision``."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database, or None for an empty one.

    Read from ``alembic_version`` with SQLAlchemy (importing Alembic costs every command's
    start-up); several rows (an unmerged history) are left to Alembic to report.
    """
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            found = list(connection.execute(text("SELECT version_num FROM alembic_version")))
            if len(found) <= 1:
                return str(found[0][0]) if found else None
            from alembic.runtime.migration import MigrationContext

            return MigrationContext.configure(connection).get_current_revision()
    except (OperationalError, InterfaceError) as exc:
        raise connection_error(engine, exc) from None


_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    """The newest migration shipped with this version of meetingctl.

    Read from the ``revision`` / ``down_revision`` lines of the packaged revision files (no
    Alembic import); anything but exactly one head is left to Alembic's own reading.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        for file in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
            values = dict(_REVISION_LINE.findall(file.read_text(encoding="utf-8")))
            if "revision" not in values:
                continue
            revisions.add(str(ast.literal_eval(values["revision"])))
            parent = ast.literal_eval(values.get("down_revision", "None"))
            parents.update([parent] if isinstance(parent, str) else list(parent or ()))
    except (OSError, ValueError, SyntaxError):
        revisions = set()
    heads = revisions - parents
    if len(heads) == 1:
        return heads.pop()
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def ensure_current(engine: Engine) -> None:
    """Refuse to work on a database whose schema is older or newer than this program."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        shown = engine.url.render_as_string(hide_password=True)
        if current is None:
            raise DatabaseError(
                f"database {shown} has no meetingctl schema: run `meetingctl db upgrade` "
                "or `meetingctl init` first"
            )
        raise DatabaseError(
            f"database {shown} is at schema {current}, this program expects {head}: "
            "run `meetingctl db upgrade`"
        )
