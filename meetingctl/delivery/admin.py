"""Managing outbox rows: list, retry, cancel, and superseding stale messages."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session as DbSession

from agenda.model import audit
from agenda.model.enums import MessageKind
from agenda.model.errors import NotFoundError, ValidationError
from agenda.model.orm import Person, utcnow
from agenda.time.policy import known_zone
from meetingctl.delivery.outbox import RETRYABLE
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus


def list_messages(
    db: DbSession, status: OutboxStatus | None = None, limit: int | None = None
) -> list[OutboxMessage]:
    """Rows, newest first, optionally of one status."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    if limit:
        query = query.limit(limit)
    return list(db.scalars(query))


def _get(db: DbSession, message_id: int) -> OutboxMessage:
    row = db.get(OutboxMessage, message_id)
    if row is None:
        raise NotFoundError(f"no outbox message {message_id} (see `meetingctl outbox list`)")
    return row


def retry(db: DbSession, message_id: int, actor: str, *, now: datetime | None = None) -> None:
    """Send a failed, dead or cancelled message again (attempts start over)."""
    row = _get(db, message_id)
    if row.status not in (OutboxStatus.FAILED, OutboxStatus.DEAD, OutboxStatus.CANCELLED):
        raise ValidationError(
            f"outbox message {message_id} is {row.status.value}; only failed, "
            "dead or cancelled messages can be retried"
        )
    if not row.payload:
        raise ValidationError(
            f"outbox message {message_id} has nothing to send ({row.last_error});"
            " fix the cause, then run `meetingctl invite send`"
        )
    _requeue(row, now or utcnow())
    audit.record(db, actor, "outbox.retry", "outbox", row.id, key=row.idempotency_key)


def retry_all_failed(db: DbSession, actor: str, *, now: datetime | None = None) -> int:
    """Retry every failed or dead message that has something to send; returns how many."""
    rows = db.scalars(
        select(OutboxMessage).where(
            OutboxMessage.status.in_((OutboxStatus.FAILED, OutboxStatus.DEAD)),
            OutboxMessage.payload != "",
        )
    )
    count = 0
    for row in rows:
        _requeue(row, now or utcnow())
        count += 1
    audit.record(db, actor, "outbox.retry_all", "outbox", None, count=count)
    return count


def _requeue(row: OutboxMessage, now: datetime) -> None:
    row.status = OutboxStatus.PENDING
    row.attempts = 0
    row.next_attempt_at = now
    row.claimed_by = ""


def make_due(
    db: DbSession,
    actor: str,
    *,
    message_id: int | None = None,
    keys: Iterable[str] | None = None,
    now: datetime | None = None,
) -> int:
    """Make waiting messages due now (quiet hours or backoff ignored): one by id, those with
    the given idempotency keys, or (neither given) every pending or failed one.

    Returns how many rows were moved forward; the caller then dispatches.
    """
    moment = now or utcnow()
    if message_id is not None:
        row = _get(db, message_id)
        if row.status not in RETRYABLE:
            hint = (
                " (use `meetingctl outbox retry` for failed, dead or cancelled ones)"
                if row.status in (OutboxStatus.DEAD, OutboxStatus.CANCELLED)
                else ""
            )
            raise ValidationError(
                f"outbox message {message_id} is {row.status.value}; only pending or failed "
                f"messages can be sent now{hint}"
            )
    query = (
        update(OutboxMessage)
        .where(OutboxMessage.status.in_(RETRYABLE), OutboxMessage.next_attempt_at > moment)
        .values(next_attempt_at=moment)
        .execution_options(synchronize_session=False)
    )
    if message_id is not None:
        query = query.where(OutboxMessage.id == message_id)
    if keys is not None:
        wanted = list(keys)
        if not wanted:
            return 0
        query = query.where(OutboxMessage.idempotency_key.in_(wanted))
    result = cast(CursorResult[Any], db.execute(query))
    count = int(result.rowcount or 0)
    audit.record(db, actor, "outbox.send_now", "outbox", message_id, count=count)
    return count


def waiting(
    db: DbSession, keys: Iterable[str], *, now: datetime
) -> list[tuple[datetime, str | None, int]]:
    """Rows among ``keys`` still pending with a next attempt after ``now``, grouped:
    (next attempt UTC, recipient's zone or None for the home zone, count), earliest first.
    The zone follows :func:`agenda.time.policy.person_zone`, as quiet hours do."""
    wanted = list(dict.fromkeys(keys))
    groups: dict[tuple[datetime, str | None], int] = {}
    for start in range(0, len(wanted), 500):
        rows = db.execute(
            select(OutboxMessage.next_attempt_at, Person.timezone, Person.country)
            .outerjoin(Person, Person.id == OutboxMessage.person_id)
            .where(
                OutboxMessage.idempotency_key.in_(wanted[start : start + 500]),
                OutboxMessage.status == OutboxStatus.PENDING,
                OutboxMessage.next_attempt_at > now,
            )
        )
        for when, own_zone, country in rows:
            zone_name = known_zone(own_zone, country)
            groups[(when, zone_name)] = groups.get((when, zone_name), 0) + 1
    return sorted(
        ((when, zone_name, n) for (when, zone_name), n in groups.items()),
        key=lambda g: (g[0], g[1] or ""),
    )


def cancel(db: DbSession, message_id: int, actor: str) -> None:
    """Cancel a message that has not been sent (pending or failed)."""
    row = _get(db, message_id)
    if row.status not in RETRYABLE:
        raise ValidationError(
            f"outbox message {message_id} is {row.status.value}; only pending or "
            "failed messages can be cancelled"
        )
    row.status = OutboxStatus.CANCELLED
    audit.record(db, actor, "outbox.cancel", "outbox", row.id, key=row.idempotency_key)


def supersede(
    db: DbSession,
    session_uid: str,
    below_sequence: int,
    kinds: Iterable[MessageKind],
    person_ids: Iterable[int] | None = None,
) -> int:
    """Cancel unsent messages about an older SEQUENCE of a session (they would be stale)."""
    query = (
        update(OutboxMessage)
        .where(
            OutboxMessage.session_uid == session_uid,
            OutboxMessage.sequence < below_sequence,
            OutboxMessage.kind.in_(list(kinds)),
            OutboxMessage.status.in_(RETRYABLE),
        )
        .values(status=OutboxStatus.CANCELLED, last_error="superseded by a newer version")
        .execution_options(synchronize_session=False)
    )
    if person_ids is not None:
        query = query.where(OutboxMessage.person_id.in_(list(person_ids)))
    result = cast(CursorResult[Any], db.execute(query))
    return int(result.rowcount or 0)
