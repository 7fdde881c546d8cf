"""Exactly one active scheduler per database: the lock, and the lease that names the holder.

PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) on a dedicated connection,
keyed by database and schema. SQLite: file locks (``filelock``) next to the real database
file (symbolic links resolved, and one named by device and inode).
The server or the operating system releases either when the holder dies, even on ``kill -9``,
but not when it is frozen: the lease row (``scheduler_lease``, :mod:`meetingctl.scheduler_lease`)
with its heartbeat and epoch decides who is active, and names the holder for
``meetingctl scheduler --status`` and the TUI.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda.model.orm import utcnow
from agenda.model.uow import transaction
from meetingctl.delivery.tables import LEASE_NAME, SchedulerLease

log = logging.getLogger(__name__)


# -- the lock -------------------------------------------------------------------------------


class SchedulerLock:
    """One lock per database; ``acquire`` never blocks."""

    def acquire(self) -> bool:  # pragma: no cover - interface
        raise NotImplementedError

    def healthy(self) -> bool:
        """Still held (a PostgreSQL lock dies with its connection)."""
        return True

    def release(self) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class PostgresAdvisoryLock(SchedulerLock):
    """``pg_try_advisory_lock`` on a dedicated connection, keyed by database and schema."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection: Any = None
        self.key: int | None = None

    def _key(self, connection: Any) -> int:
        database, schema = connection.execute(
            text("SELECT current_database(), current_schema()")
        ).one()
        digest = hashlib.sha256(f"meetingctl-scheduler:{database}:{schema}".encode()).digest()
        return int.from_bytes(digest[:8], "big", signed=True)

    def acquire(self) -> bool:
        if self._connection is not None:
            return True
        connection = self.engine.connect()
        try:
            self.key = self._key(connection)
            got = bool(
                connection.execute(
                    text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}
                ).scalar()
            )
            connection.commit()
        except Exception:
            connection.close()
            raise
        if not got:
            connection.close()
            return False
        self._connection = connection
        return True

    def healthy(self) -> bool:
        if self._connection is None:
            return False
        try:
            self._connection.execute(text("SELECT 1"))
            self._connection.commit()
            return True
        except Exception:  # noqa: BLE001 - a dropped connection means the lock is gone
            log.error("lost the connection holding the scheduler lock")
            self._discard()
            return False

    def _discard(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.invalidate()
            except Exception:  # noqa: BLE001
                pass

    def release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
            connection.commit()
        finally:
            connection.close()


class FileSchedulerLock(SchedulerLock):
    """File locks next to the SQLite database (released by the OS when the process dies).

    ``path`` is the main lock; ``also`` are further lock files taken with it (all or none),
    so that every name reaching the same database file meets on at least one of them.
    """

    def __init__(self, path: Path, *also: Path) -> None:
        self.path = path
        self.paths = (path, *also)
        self._locks = [
            FileLock(str(each), thread_local=False, is_singleton=False) for each in self.paths
        ]

    def acquire(self) -> bool:
        if all(lock.is_locked for lock in self._locks):
            return True
        taken: list[FileLock] = []
        for lock in self._locks:
            try:
                lock.acquire(timeout=0)
            except Timeout:
                for held in reversed(taken):
                    held.release(force=True)
                return False
            taken.append(lock)
        return True

    def release(self) -> None:
        for lock in reversed(self._locks):
            if lock.is_locked:
                lock.release(force=True)


def sqlite_lock_paths(database: str) -> tuple[Path, ...]:
    """The lock files for a SQLite database file, independent of the name it was reached by.

    The first is next to the real file (symbolic links resolved, in every path component:
    ``<real file>.scheduler.lock``), which survives the file being replaced by a restore. When
    the file exists, a second one in the real file's directory is named by its device and
    inode, so hard links and bind mounts of the directory meet on it too.
    """
    real = Path(os.path.realpath(database))
    paths = [real.with_name(f"{real.name}.scheduler.lock")]
    try:
        info = real.stat()
    except OSError:
        return tuple(paths)
    paths.append(real.with_name(f".meetingctl-{info.st_dev}-{info.st_ino}.scheduler.lock"))
    return tuple(paths)


def lock_for(engine: Engine) -> SchedulerLock:
    """The right lock for the engine's database."""
    if engine.dialect.name == "postgresql":
        return PostgresAdvisoryLock(engine)
    database = engine.url.database or ""
    if not database or database == ":memory:":
        raise ValueError("the scheduler needs a file or server database, not an in-memory one")
    return FileSchedulerLock(*sqlite_lock_paths(database))


# -- who is active --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActiveScheduler:
    """The scheduler named by the lease row."""

    holder: str
    since: datetime
    expires_at: datetime

    def alive(self, now: datetime) -> bool:
        """Its heartbeat is recent."""
        return self.expires_at > now


def lease_holder(factory: sessionmaker[DbSession]) -> ActiveScheduler | None:
    """The scheduler named by the lease row, whether its heartbeat is current or not."""
    with transaction(factory) as db:
        lease = db.get(SchedulerLease, LEASE_NAME)
        if lease is None:
            return None
        return ActiveScheduler(lease.holder, lease.acquired_at, lease.expires_at)


def active_scheduler(
    factory: sessionmaker[DbSession],
    *,
    now: datetime | None = None,
) -> ActiveScheduler | None:
    """The scheduler whose heartbeat is current, or None."""
    found = lease_holder(factory)
    return found if found is not None and found.alive(now or utcnow()) else None


def may_run_in_process(engine: Engine) -> bool:
    """True when no scheduler holds the lock (the TUI may then start its own)."""
    lock = lock_for(engine)
    if not lock.acquire():
        return False
    lock.release()
    return True


@dataclass(frozen=True, slots=True)
class SchedulerStatus:
    """What the TUI shows: who is active (if anyone) and whether it may run its own."""

    active: ActiveScheduler | None
    may_run_in_process: bool


def scheduler_status(engine: Engine, factory: sessionmaker[DbSession]) -> SchedulerStatus:
    """Which scheduler is active on this database and whether an in-process one may start."""
    return SchedulerStatus(active_scheduler(factory), may_run_in_process(engine))


# -- pausing automatic sending ----------------------------------------------------------------

PAUSE_NAME = "dispatch-paused"


def is_paused(factory: sessionmaker[DbSession]) -> bool:
    """True while automatic sending is paused (the scheduler plans but does not send)."""
    with transaction(factory) as db:
        return db.get(SchedulerLease, PAUSE_NAME) is not None


def set_paused(factory: sessionmaker[DbSession], paused: bool, actor: str) -> bool:
    """Pause or resume automatic sending for every scheduler on this database; returns it."""
    from agenda.model import audit

    with transaction(factory) as db:
        row = db.get(SchedulerLease, PAUSE_NAME)
        if paused and row is None:
            now = utcnow()
            db.add(
                SchedulerLease(name=PAUSE_NAME, holder=actor[:200], acquired_at=now, expires_at=now)
            )
            audit.record(db, actor, "scheduler.pause", "scheduler", None)
        elif not paused and row is not None:
            db.delete(row)
            audit.record(db, actor, "scheduler.resume", "scheduler", None)
    return paused
