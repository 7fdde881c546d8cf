"""Audit log helpers: every change is recorded in the same transaction that makes it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session as DbSession

from agenda.model.orm import AuditEntry


def record(
    db: DbSession,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None = None,
    **details: Any,
) -> AuditEntry:
    """Add an audit entry to the current transaction and return it.

    ``details`` must be JSON-serializable (use ISO strings for datetimes).
    """
    entry = AuditEntry(
        actor=actor or "unknown", action=action, entity=entity, entity_id=entity_id, details=details
    )
    db.add(entry)
    return entry
