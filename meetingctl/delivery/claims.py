"""Claiming outbox rows: which rows are due, and the exclusive, fenced claim of a batch.

See :mod:`meetingctl.delivery.outbox` for the row life cycle. A claim commits (status
``sending``, a unique token, attempts + 1, the claimer's lease epoch) before anything is sent.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, and_, false, or_, select, text, update
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda.model.enums import MessageKind
from agenda.model.orm import Session
from agenda.model.uow import transaction
from meetingctl.delivery.fencing import check_epoch, lease_epoch
from meetingctl.delivery.tables import CLAIMABLE_SQL, OutboxMessage, OutboxStatus


@dataclass(frozen=True, slots=True)
class ClaimedMessage:
    """A row this dispatcher owns until it records a result."""

    id: int
    key: str
    token: str
    recipient: str
    payload: str
    attempts: int
    kind: MessageKind
    session_uid: str
    #: when its session starts (None: no session, or not known): the end of its time budget
    session_start: datetime | None = None
    #: the claimer's lease epoch (None: a dispatcher holding no lease)
    epoch: int | None = None
    #: the envelope sender kept at enqueue ("" for rows without one: read from the payload)
    sender: str = ""
    #: it was handed to a transport before (an earlier attempt, an error recorded, or a claim
    #: interrupted by a crash): a transport without idempotent sending checks before resending
    tried: bool = False


def _claimable(now: datetime, timeout: timedelta, epoch: int | None = None) -> Any:
    return or_(
        and_(text(CLAIMABLE_SQL), OutboxMessage.next_attempt_at <= now),
        _abandoned(now, timeout, epoch),
    )


def _abandoned(now: datetime, timeout: timedelta, epoch: int | None) -> Any:
    """Rows in ``sending`` whose claimer is presumed gone: claimed before the timeout, or
    under an older lease epoch (that claimer can no longer record them)."""
    gone = [OutboxMessage.claimed_at < now - timeout]
    if epoch is not None:
        gone.append(OutboxMessage.claim_epoch < epoch)
    return and_(OutboxMessage.status == OutboxStatus.SENDING, or_(*gone))


def _due_ids(
    db: DbSession, now: datetime, timeout: timedelta, epoch: int | None, limit: int
) -> list[int]:
    """Up to ``limit`` ids to claim: abandoned claims first (few), then due rows, urgent ones
    first, oldest due first. Each due query walks ``ix_outbox_claimable`` in order and stops
    after ``limit`` entries, so its cost is the batch, not the backlog."""
    locking = db.get_bind().dialect.name == "postgresql"

    def take(query: Any, wanted: int) -> list[int]:
        query = query.limit(wanted)
        if locking:
            query = query.with_for_update(skip_locked=True)
        return list(db.scalars(query))

    ids = take(
        select(OutboxMessage.id).where(_abandoned(now, timeout, epoch)).order_by(OutboxMessage.id),
        limit,
    )
    for urgent in (True, False):
        if len(ids) >= limit:
            break
        ids += take(
            select(OutboxMessage.id)
            .where(
                text(CLAIMABLE_SQL),
                OutboxMessage.urgent.is_(urgent),
                OutboxMessage.next_attempt_at <= now,
            )
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id),
            limit - len(ids),
        )
    return ids


def claim(
    factory: sessionmaker[DbSession],
    worker: str,
    limit: int,
    *,
    now: datetime,
    claim_timeout: float = 300.0,
    epoch: int | None = None,
) -> list[ClaimedMessage]:
    """Take up to ``limit`` due rows (abandoned claims, then urgent, then oldest due first)
    for ``worker``; committed before return.

    ``epoch``: the claimer's scheduler lease epoch, stored on the rows; :class:`LeaseLost`
    when the lease has moved on (nothing is claimed).
    """
    token = f"{worker[:100]}#{uuid.uuid4().hex[:12]}"
    timeout = timedelta(seconds=claim_timeout)
    with transaction(factory) as db:
        fenced: list[Any] = []
        if epoch is not None:
            check_epoch(db, epoch)
            fenced.append(lease_epoch() == epoch)
        ids = _due_ids(db, now, timeout, epoch, limit)
        if not ids:
            return []
        db.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), _claimable(now, timeout, epoch), *fenced)
            .values(
                status=OutboxStatus.SENDING,
                claimed_by=token,
                claimed_at=now,
                claim_epoch=epoch,
                attempts=OutboxMessage.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        rows = db.execute(
            select(
                OutboxMessage.id,
                OutboxMessage.idempotency_key,
                OutboxMessage.recipient,
                OutboxMessage.payload,
                OutboxMessage.attempts,
                OutboxMessage.kind,
                OutboxMessage.session_uid,
                Session.start,
                OutboxMessage.sender,
                OutboxMessage.last_error,
            )
            .outerjoin(Session, Session.uid == OutboxMessage.session_uid)
            .where(OutboxMessage.claimed_by == token, OutboxMessage.status == OutboxStatus.SENDING)
        ).all()
    order = {row_id: index for index, row_id in enumerate(ids)}
    return [
        ClaimedMessage(
            r.id,
            r.idempotency_key,
            token,
            r.recipient,
            r.payload,
            r.attempts,
            r.kind,
            r.session_uid,
            r.start,
            epoch,
            r.sender,
            r.attempts > 1 or bool(r.last_error),
        )
        for r in sorted(rows, key=lambda r: order[r.id])
    ]


def reclaim_abandoned(
    factory: sessionmaker[DbSession], worker_prefix: str, *, epoch: int | None = None
) -> int:
    """Put rows left in ``sending`` by stopped schedulers back to ``pending`` (called by a
    scheduler that just became the only active one): rows claimed under a lease epoch older
    than ``epoch``, and rows without an epoch whose worker starts with ``worker_prefix``."""
    sending = OutboxMessage.status == OutboxStatus.SENDING
    by_prefix = and_(
        OutboxMessage.claim_epoch.is_(None),
        OutboxMessage.claimed_by.startswith(worker_prefix, autoescape=True),
    )
    older = OutboxMessage.claim_epoch < epoch if epoch is not None else false()
    with transaction(factory) as db:
        result = cast(
            CursorResult[Any],
            db.execute(
                update(OutboxMessage)
                .where(sending, or_(by_prefix, older))
                .values(status=OutboxStatus.PENDING, claimed_by="")
                .execution_options(synchronize_session=False)
            ),
        )
        return int(result.rowcount or 0)


__all__ = ["ClaimedMessage", "claim", "reclaim_abandoned"]
