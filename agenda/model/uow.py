"""Unit of work: one database transaction per organizer action."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from agenda.model.errors import ConflictError


@contextmanager
def transaction(factory: sessionmaker[DbSession]) -> Iterator[DbSession]:
    """Open a session, commit on success, roll back on any error.

    A stale optimistic-lock write becomes :class:`ConflictError`; nothing is half-applied.
    """
    db = factory()
    try:
        yield db
        db.commit()
    except StaleDataError as exc:
        db.rollback()
        raise ConflictError(detail=_stale_entity(exc)) from None
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


def _stale_entity(exc: StaleDataError) -> str:
    text = str(exc)
    if "table '" in text:
        return "table " + text.split("table '", 1)[1].split("'", 1)[0]
    return ""
