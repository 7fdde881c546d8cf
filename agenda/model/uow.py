"""Unit of work: one database transaction per organizer action."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import update
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from agenda.model.errors import ConflictError, MeetingctlError, ValidationError
from agenda.model.orm import Versioned


@contextmanager
def transaction(factory: sessionmaker[DbSession]) -> Iterator[DbSession]:
    """Open a session, commit on success, roll back on any error.

    A stale optimistic-lock write and a unique-constraint race (another organizer added the
    same row first) become :class:`ConflictError`; a value the database refuses becomes
    :class:`ValidationError` without SQL nor parameters. Nothing is half-applied.
    """
    db = factory()
    try:
        yield db
        db.commit()
    except StaleDataError as exc:
        db.rollback()
        raise ConflictError(detail=_stale_entity(exc)) from None
    except IntegrityError as exc:
        db.rollback()
        raise _integrity_error(exc) from None
    except DataError as exc:
        db.rollback()
        raise ValidationError(f"the database refused a value: {_reason(exc)}") from None
    except BaseException:
        db.rollback()
        raise
    finally:
        db.close()


def check_version(entity: str, entity_id: int, current: int, expected: int | None) -> None:
    """Raise ConflictError when the caller edited an older version than the stored one."""
    if expected is not None and expected != current:
        raise ConflictError(
            entity, entity_id, f"you edited version {expected}, stored is {current}"
        )


def lock_for_update(db: DbSession, row: Versioned) -> None:
    """Hold ``row``'s write lock until the transaction ends and reload its version.

    A no-op UPDATE: PostgreSQL locks the row, SQLite takes the database's write lock, so two
    organizers changing the same parent (e.g. numbering a session's panel) run one after the
    other, the second seeing the first's rows; the parent's version is then the stored one.
    """
    db.flush()  # a row added in this transaction gets its key first
    table = type(row).__table__  # type: ignore[attr-defined]
    key = {column.name: getattr(row, column.key) for column in table.primary_key.columns}
    condition = [table.c[name] == value for name, value in key.items()]
    db.execute(update(table).where(*condition).values(version=table.c.version))
    db.refresh(row, ["version"])


def _integrity_error(exc: IntegrityError) -> MeetingctlError:
    original = exc.orig
    sqlstate = getattr(original, "sqlstate", None)
    diag = getattr(original, "diag", None)
    text = str(original)
    if sqlstate == "23505" or "UNIQUE constraint failed" in text:
        constraint = getattr(diag, "constraint_name", None) or text.rsplit(":", 1)[-1].strip()
        table = getattr(diag, "table_name", None) or constraint.split(".", 1)[0]
        return ConflictError(
            table.replace("_", " "),
            detail=f"{constraint}: another organizer added the same one first",
        )
    return ValidationError(f"the database refused the change: {_reason(exc)}")


def _reason(exc: DataError | IntegrityError) -> str:
    lines = [line.strip() for line in str(exc.orig).splitlines() if line.strip()]
    return lines[0] if lines else type(exc.orig).__name__


def _stale_entity(exc: StaleDataError) -> str:
    text = str(exc)
    if "table '" in text:
        return "table " + text.split("table '", 1)[1].split("'", 1)[0]
    return ""
