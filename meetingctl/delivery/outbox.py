"""The outbox: every message is a row; dispatch claims rows, sends them and records the result.

Life of a row: ``pending`` -> (claimed) ``sending`` -> ``sent``; a transient failure makes it
``failed`` with ``next_attempt_at`` pushed back (exponential backoff with jitter, honouring a
server's Retry-After) and it is claimed again later; a permanent failure, or too many attempts,
makes it ``dead`` with the reason. ``cancelled`` rows are never sent.

Only answers about a message count as attempts. When the transport itself fails
(``SendStatus.UNAVAILABLE``: authentication, TLS, DNS, connection refused, timeouts) the row
goes back to what it was (``pending``, or ``failed`` if an earlier answer failed it) with its
attempts unchanged and the cause in ``last_error``; it stays due (``next_attempt_at`` = now,
behind the rows due earlier). So an outage, however long, never dead-letters a message; the
time budget ends at the session's start: a message still undelivered (after a transient
answer or an outage) once its session has started is ``dead`` with that reason.

Crash safety: a claim is committed (status ``sending``, ``claimed_by`` a unique token,
``attempts`` + 1) before anything is sent, and results are committed after every chunk of
``record_every`` messages. If the process dies, rows left in ``sending`` are claimed again
(at once by the next scheduler, or by anyone after ``claim_timeout``). So no message is lost,
and the only duplicates possible are the messages of the chunk in flight at the crash.

Fencing: a scheduler's claims carry its lease epoch (``claim_epoch``; see
:mod:`meetingctl.scheduler_lease`). It claims and records only while the lease still has that
epoch (checked in the same transaction, under a share lock of the lease row on PostgreSQL, and
in the UPDATE itself), else :class:`LeaseLost`; and rows in ``sending`` under an older epoch are
claimable at once by the current holder (their old claimer can no longer record them).

Claiming (:mod:`meetingctl.delivery.claims`) reads the partial index ``ix_outbox_claimable``
in order, so its cost is the batch size, not the backlog. It uses ``SELECT ... FOR UPDATE SKIP
LOCKED`` on PostgreSQL (concurrent dispatchers take disjoint rows without waiting) and a
guarded ``UPDATE ... WHERE status IN (...)`` everywhere, so two dispatchers can never both own
a row, on SQLite too.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import String, Table, bindparam, func, update
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda.messaging.types import OutgoingMessage, SendResult, SendStatus
from agenda.model.orm import UTCDateTime
from agenda.model.uow import transaction
from meetingctl.delivery.claims import ClaimedMessage, claim, reclaim_abandoned
from meetingctl.delivery.enqueueing import sender_of
from meetingctl.delivery.fencing import LeaseLost, check_epoch, lease_epoch
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus
from meetingctl.secrets import redact

log = logging.getLogger(__name__)

RETRYABLE = (OutboxStatus.PENDING, OutboxStatus.FAILED)


@dataclass(frozen=True, slots=True)
class DispatchSettings:
    """How dispatch claims, records and retries (from [scheduler] in the config)."""

    batch_size: int = 50
    record_every: int = 10
    max_attempts: int = 8
    backoff_seconds: float = 60.0
    backoff_max_seconds: float = 6 * 3600.0
    claim_timeout_seconds: float = 300.0

    @classmethod
    def from_config(cls, settings: Any) -> DispatchSettings:
        """From a ``SchedulerSettings`` section."""
        return cls(
            batch_size=settings.batch_size,
            record_every=settings.record_every,
            max_attempts=settings.max_attempts,
            backoff_seconds=settings.backoff_seconds,
            backoff_max_seconds=settings.backoff_max_seconds,
            claim_timeout_seconds=settings.claim_timeout_seconds,
        )


@dataclass
class DispatchReport:
    """Counts of one dispatch run."""

    claimed: int = 0
    sent: int = 0
    retry: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)
    #: messages kept waiting, attempts unchanged, because the transport failed
    held: int = 0
    #: why the transport failed (plain words), empty when it worked
    transport_error: str = ""

    def add(self, other: DispatchReport) -> None:
        """Accumulate another run's counts."""
        self.claimed += other.claimed
        self.sent += other.sent
        self.retry += other.retry
        self.dead += other.dead
        self.held += other.held
        self.errors.extend(other.errors)
        self.transport_error = other.transport_error or self.transport_error


def backoff_delay(
    attempts: int, settings: DispatchSettings, rng: random.Random, retry_after: float | None = None
) -> float:
    """Seconds before the next attempt: exponential in ``attempts`` with equal jitter
    (half fixed, half random), capped, and never shorter than a server's Retry-After."""
    ceiling = min(
        settings.backoff_max_seconds,
        settings.backoff_seconds * (2 ** max(0, min(attempts - 1, 30))),
    )
    delay = ceiling / 2 + rng.uniform(0, ceiling / 2)
    if retry_after is not None:
        delay = max(delay, float(retry_after))
    return float(delay)


def record_results(
    factory: sessionmaker[DbSession],
    claimed: Sequence[ClaimedMessage],
    results: Sequence[SendResult],
    settings: DispatchSettings,
    *,
    now: datetime,
    rng: random.Random,
) -> DispatchReport:
    """Store each result on its row (only while this dispatcher still owns it).

    One executemany UPDATE per chunk; ``claimed_by`` stays (it tells which dispatcher made the
    last attempt) and guards against recording over a row someone else reclaimed. Claims made
    under a scheduler lease epoch are recorded only while the lease has it: else
    :class:`LeaseLost` and nothing is written.
    """
    report = DispatchReport()
    params: list[dict[str, Any]] = []
    for item, result in zip(claimed, results, strict=True):
        row: dict[str, Any] = {
            "b_id": item.id,
            "b_token": item.token,
            "b_error": redact(result.error or ""),
            "b_sent_at": None,
            "b_provider": None,
            "b_next": None,
            "b_attempts": item.attempts,
        }
        late = item.session_start is not None and item.session_start <= now
        if result.status == SendStatus.UNAVAILABLE:
            # Not an answer about this message: give the claim's attempt back.
            row["b_attempts"] = item.attempts - 1
            report.transport_error = report.transport_error or row["b_error"]
        if result.status == SendStatus.SENT:
            row.update(
                b_status=OutboxStatus.SENT, b_sent_at=now, b_provider=result.provider_id or ""
            )
            report.sent += 1
        elif result.status in (SendStatus.TRANSIENT, SendStatus.UNAVAILABLE) and late:
            assert item.session_start is not None
            reason = (
                f"not delivered before its session started "
                f"({item.session_start.astimezone(UTC):%Y-%m-%d %H:%M} UTC): "
                f"{result.error or 'no answer'}"
            )
            row.update(b_status=OutboxStatus.DEAD, b_error=reason)
            report.dead += 1
            report.errors.append(f"{item.recipient or item.key}: {reason}")
        elif result.status == SendStatus.UNAVAILABLE:
            waiting = OutboxStatus.FAILED if row["b_attempts"] > 0 else OutboxStatus.PENDING
            row.update(b_status=waiting, b_next=now)
            report.held += 1
        elif result.status == SendStatus.TRANSIENT and item.attempts < settings.max_attempts:
            delay = backoff_delay(item.attempts, settings, rng, result.retry_after)
            row.update(b_status=OutboxStatus.FAILED, b_next=now + timedelta(seconds=delay))
            report.retry += 1
        else:
            reason = redact(result.error or "refused")
            if result.status == SendStatus.TRANSIENT:
                reason = f"gave up after {item.attempts} attempts: {reason}"
            row.update(b_status=OutboxStatus.DEAD, b_error=reason)
            report.dead += 1
            report.errors.append(f"{item.recipient or item.key}: {reason}")
        params.append(row)
    if not params:
        return report
    table = cast(Table, OutboxMessage.__table__)
    epoch = claimed[0].epoch
    fenced = [lease_epoch() == epoch] if epoch is not None else []
    statement = (
        table.update()
        .where(table.c.id == bindparam("b_id"), table.c.claimed_by == bindparam("b_token"), *fenced)
        .values(
            status=bindparam("b_status"),
            attempts=bindparam("b_attempts"),
            last_error=bindparam("b_error"),
            sent_at=func.coalesce(bindparam("b_sent_at", type_=UTCDateTime()), table.c.sent_at),
            provider_id=func.coalesce(bindparam("b_provider", type_=String()), table.c.provider_id),
            next_attempt_at=func.coalesce(
                bindparam("b_next", type_=UTCDateTime()), table.c.next_attempt_at
            ),
        )
    )
    with transaction(factory) as db:
        if epoch is not None:
            check_epoch(db, epoch)
        db.connection().execute(statement, params)
    return report


def release(factory: sessionmaker[DbSession], claimed: Sequence[ClaimedMessage]) -> None:
    """Give back claimed rows that were not attempted (e.g. on shutdown)."""
    if not claimed:
        return
    with transaction(factory) as db:
        for item in claimed:
            db.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == item.id, OutboxMessage.claimed_by == item.token)
                .values(
                    status=OutboxStatus.PENDING, claimed_by="", attempts=OutboxMessage.attempts - 1
                )
                .execution_options(synchronize_session=False)
            )


def to_outgoing(item: ClaimedMessage) -> OutgoingMessage:
    """The transport message for a claimed row: the stored bytes and the sender kept at
    enqueue (for a row without one, the From address of its header block)."""
    mime = item.payload.encode("utf-8")
    return OutgoingMessage(
        key=item.key,
        sender=item.sender or sender_of(item.payload),
        recipients=(item.recipient,),
        mime=mime,
        # tried: handed to a transport before (the graph transport looks in Sent Items first)
        extra={
            "kind": str(item.kind),
            "session_uid": item.session_uid,
            "attempt": str(item.attempts),
            "tried": "true" if item.tried else "",
        },
    )


__all__ = [
    "ClaimedMessage",
    "DispatchReport",
    "DispatchSettings",
    "LeaseLost",
    "backoff_delay",
    "check_epoch",
    "claim",
    "reclaim_abandoned",
    "record_results",
    "release",
    "to_outgoing",
]
