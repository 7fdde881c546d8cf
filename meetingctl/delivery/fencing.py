"""Fencing: the scheduler lease epoch that a scheduler's claims and results must still match.

See :mod:`meetingctl.scheduler_lease` (who holds the lease) and
:mod:`meetingctl.delivery.outbox` (where the claims and results are checked).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session as DbSession

from meetingctl.delivery.tables import LEASE_NAME, SchedulerLease

#: On PostgreSQL, the server ends a session idle inside a lease or claim transaction this long
#: (a holder frozen there), so its row locks do not block its successor.
FROZEN_TRANSACTION_SECONDS = 10


class LeaseLost(Exception):
    """The scheduler lease moved on to a newer epoch: this holder's claims are void."""

    def __init__(self, epoch: int, current: int | None) -> None:
        super().__init__(f"scheduler lease epoch {epoch} is stale (now {current})")
        self.epoch = epoch
        self.current = current


def guard_frozen(db: DbSession) -> None:
    """PostgreSQL: end this transaction's session if it sits idle in it (its process frozen)
    for ``FROZEN_TRANSACTION_SECONDS``."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(
            text(f"SET LOCAL idle_in_transaction_session_timeout = '{FROZEN_TRANSACTION_SECONDS}s'")
        )


def lease_epoch() -> Any:
    """The lease's current epoch, as a scalar subquery (for fencing inside an UPDATE)."""
    return select(SchedulerLease.epoch).where(SchedulerLease.name == LEASE_NAME).scalar_subquery()


def check_epoch(db: DbSession, epoch: int) -> None:
    """Raise :class:`LeaseLost` unless the lease still has ``epoch``; on PostgreSQL the lease
    row stays share-locked until the transaction ends (a takeover waits for it)."""
    guard_frozen(db)
    current = db.scalar(
        select(SchedulerLease.epoch)
        .where(SchedulerLease.name == LEASE_NAME)
        .with_for_update(read=True)
    )
    if current != epoch:
        raise LeaseLost(epoch, current)


__all__ = ["FROZEN_TRANSACTION_SECONDS", "LeaseLost", "check_epoch", "guard_frozen", "lease_epoch"]
