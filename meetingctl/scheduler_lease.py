"""The scheduler lease: who is active, its heartbeat, takeover when it froze, and its epoch.

The operating-system lock (:mod:`meetingctl.scheduler_lock`) is released when its holder dies,
but not when it is frozen (SIGSTOP, a hung VM, a stopped container): a frozen holder keeps it.
So the lease row is what makes a scheduler active:

* a scheduler holding the lock takes the lease at once (``take``: the previous holder died, or
  stopped), unless another holder that took over *without* the lock is still beating;
* a standby that cannot get the lock watches the lease: when its heartbeat (``expires_at``)
  has not moved for ``ttl`` seconds *of the standby's own monotonic clock* (so clock skew
  between machines does not matter) it takes the lease over (``take_if_stale``, a
  compare-and-set on what it saw);
* every take raises the ``epoch`` by one. The holder's claims carry it (``outbox.claim_epoch``)
  and its results are recorded only while the lease still has that epoch, so a frozen holder
  that resumes cannot record over its successor's work: its writes are refused
  (:class:`meetingctl.delivery.outbox.LeaseLost`) and its heartbeat finds the lease gone, upon
  which it stops being active;
* a holder that cannot confirm its heartbeat for ``ttl`` seconds stops too (self-fencing).

On PostgreSQL the lease and claim transactions set ``idle_in_transaction_session_timeout``, so
the server ends the session of a holder frozen inside one of them and its row locks go.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda.model.orm import utcnow
from agenda.model.uow import transaction
from meetingctl.delivery.fencing import guard_frozen
from meetingctl.delivery.tables import LEASE_NAME, SchedulerLease

log = logging.getLogger(__name__)


def lease_ttl(standby_poll_seconds: float) -> float:
    """Seconds a heartbeat stays valid; a standby takes over a lease silent for that long."""
    return 3 * standby_poll_seconds + 5


class Lease:
    """One scheduler's hold on the lease row (``epoch`` is None while it does not hold it)."""

    def __init__(
        self,
        factory: sessionmaker[DbSession],
        holder: str,
        ttl: float,
        *,
        clock: Callable[[], datetime] = utcnow,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.factory = factory
        self.holder = holder[:200]
        self.ttl = ttl
        self.clock = clock
        self.monotonic = monotonic
        self.epoch: int | None = None
        #: the previous holder when this one took over a silent lease
        self.took_over_from: str | None = None
        self._seen: tuple[int, str, datetime] | None = None
        self._seen_since = 0.0
        self._confirmed = 0.0

    # -- becoming the holder ------------------------------------------------------------------

    def take(self) -> int | None:
        """Holding the lock: become the holder (epoch + 1); None when another scheduler that
        took over without the lock (from a frozen holder) is still beating."""
        now = self.clock()
        try:
            with transaction(self.factory) as db:
                guard_frozen(db)
                row = db.execute(
                    select(SchedulerLease.epoch, SchedulerLease.holder, SchedulerLease.locked)
                    .add_columns(SchedulerLease.expires_at)
                    .where(SchedulerLease.name == LEASE_NAME)
                    .with_for_update()
                ).first()
                if row is None:
                    epoch = 1
                    db.add(self._row(epoch, now, locked=True))
                else:
                    if row.holder != self.holder and not row.locked and row.expires_at > now:
                        return None
                    epoch = int(row.epoch) + 1
                    if not self._set(db, epoch, now, True, SchedulerLease.epoch == row.epoch):
                        return None
        except (IntegrityError, OperationalError) as exc:  # a concurrent take won
            log.info("did not take the scheduler lease: %s", type(exc).__name__)
            return None
        return self._became(epoch, None)

    def take_if_stale(self) -> int | None:
        """Standby without the lock: take the lease over once its heartbeat has not moved for
        ``ttl`` seconds (as this process observed it); None until then."""
        try:
            with transaction(self.factory) as db:
                row = db.execute(
                    select(
                        SchedulerLease.epoch, SchedulerLease.holder, SchedulerLease.expires_at
                    ).where(SchedulerLease.name == LEASE_NAME)
                ).first()
        except OperationalError as exc:
            log.warning("cannot read the scheduler lease: %s", type(exc).__name__)
            return None
        if row is None:
            self._seen = None
            return None  # the lock holder is starting (it writes the lease right away)
        seen = (int(row.epoch), str(row.holder), cast(datetime, row.expires_at))
        now_mono = self.monotonic()
        if seen != self._seen:
            self._seen, self._seen_since = seen, now_mono
            return None
        if now_mono - self._seen_since < self.ttl:
            return None
        epoch = seen[0] + 1
        now = self.clock()
        try:
            with transaction(self.factory) as db:
                guard_frozen(db)
                taken = self._set(
                    db,
                    epoch,
                    now,
                    False,
                    SchedulerLease.epoch == seen[0],
                    SchedulerLease.expires_at == seen[2],
                )
        except OperationalError as exc:  # e.g. the frozen holder still holds the row
            log.warning("cannot take over the scheduler lease: %s", type(exc).__name__)
            return None
        if not taken:
            return None
        log.warning(
            "took over the scheduler lease from %s: its heartbeat stopped %.0f s ago",
            seen[1],
            now_mono - self._seen_since,
        )
        return self._became(epoch, seen[1])

    def _row(self, epoch: int, now: datetime, *, locked: bool) -> SchedulerLease:
        expires = now + timedelta(seconds=self.ttl)
        return SchedulerLease(
            name=LEASE_NAME,
            holder=self.holder,
            acquired_at=now,
            expires_at=expires,
            epoch=epoch,
            locked=locked,
        )

    def _set(self, db: DbSession, epoch: int, now: datetime, locked: bool, *where: Any) -> bool:
        result = cast(
            CursorResult[Any],
            db.execute(
                update(SchedulerLease)
                .where(SchedulerLease.name == LEASE_NAME, *where)
                .values(
                    epoch=epoch,
                    holder=self.holder,
                    locked=locked,
                    acquired_at=now,
                    expires_at=now + timedelta(seconds=self.ttl),
                )
                .execution_options(synchronize_session=False)
            ),
        )
        return result.rowcount == 1

    def _became(self, epoch: int, previous: str | None) -> int:
        self.epoch, self.took_over_from = epoch, previous
        self._seen = None
        self._confirmed = self.monotonic()
        return epoch

    # -- holding it ---------------------------------------------------------------------------

    def beat(self, *, locked: bool) -> bool:
        """Renew the heartbeat; False when the lease is no longer this holder's (another took
        it over) or the heartbeat could not be confirmed for ``ttl`` seconds."""
        if self.epoch is None:
            return False
        now = self.clock()
        try:
            with transaction(self.factory) as db:
                guard_frozen(db)
                result = cast(
                    CursorResult[Any],
                    db.execute(
                        update(SchedulerLease)
                        .where(
                            SchedulerLease.name == LEASE_NAME,
                            SchedulerLease.epoch == self.epoch,
                            SchedulerLease.holder == self.holder,
                        )
                        .values(expires_at=now + timedelta(seconds=self.ttl), locked=locked)
                        .execution_options(synchronize_session=False)
                    ),
                )
                held = result.rowcount == 1
        except Exception as exc:  # noqa: BLE001 - unknown: still ours unless silent too long
            silent = self.monotonic() - self._confirmed
            log.warning("cannot write the scheduler heartbeat: %s", type(exc).__name__)
            if silent < self.ttl:
                return True
            log.error("heartbeat unconfirmed for %.0f s: stopping as the active scheduler", silent)
            self.epoch = None
            return False
        if not held:
            log.error("another scheduler took over the lease (epoch %s is stale)", self.epoch)
            self.epoch = None
            return False
        self._confirmed = self.monotonic()
        return True

    def drop(self) -> None:
        """Give the lease up (only if still this holder's)."""
        epoch, self.epoch = self.epoch, None
        if epoch is None:
            return
        try:
            with transaction(self.factory) as db:
                db.execute(
                    delete(SchedulerLease).where(
                        SchedulerLease.name == LEASE_NAME,
                        SchedulerLease.epoch == epoch,
                        SchedulerLease.holder == self.holder,
                    )
                )
        except Exception as exc:  # noqa: BLE001
            log.warning("cannot clear the scheduler lease: %s", type(exc).__name__)


__all__ = ["Lease", "lease_ttl"]
