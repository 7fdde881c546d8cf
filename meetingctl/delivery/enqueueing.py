"""Putting messages in the outbox: one row per idempotency key, inserted once.

Enqueueing is safe to repeat (keys already present are left untouched) and safe against a
concurrent enqueue of the same key (``INSERT ... ON CONFLICT DO NOTHING``). What happens to a
row afterwards is in :mod:`meetingctl.delivery.outbox`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.parser import HeaderParser
from email.utils import parseaddr

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session as DbSession

from agenda.model.enums import MessageKind
from agenda.model.orm import utcnow
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus
from meetingctl.secrets import redact

_KEY_CHUNK = 500


@dataclass(frozen=True, slots=True)
class NewMessage:
    """A row to enqueue. ``payload`` empty + ``error`` set: recorded as dead (e.g. no address)."""

    key: str
    recipient: str
    kind: MessageKind
    session_uid: str = ""
    sequence: int = 0
    person_id: int | None = None
    meeting_id: int | None = None
    payload: str = ""
    urgent: bool = False
    not_before: datetime | None = None
    error: str = ""
    #: the envelope sender; empty: the payload's From address
    sender: str = ""


def sender_of(payload: str) -> str:
    """The From address of a stored message, read from its header block only."""
    end = payload.find("\r\n\r\n")
    if end < 0:
        end = payload.find("\n\n")
    head = payload if end < 0 else payload[:end]
    return parseaddr(str(HeaderParser().parsestr(head).get("From", "")))[1][:254]


@dataclass
class EnqueueReport:
    """What enqueueing did: new rows, keys already present, and problems recorded as dead."""

    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def existing_keys(db: DbSession, keys: Iterable[str]) -> set[str]:
    """The subset of ``keys`` already in the outbox (any status)."""
    wanted = list(dict.fromkeys(keys))
    found: set[str] = set()
    for start in range(0, len(wanted), _KEY_CHUNK):
        chunk = wanted[start : start + _KEY_CHUNK]
        found.update(
            db.scalars(
                select(OutboxMessage.idempotency_key).where(
                    OutboxMessage.idempotency_key.in_(chunk)
                )
            )
        )
    return found


def enqueue(
    db: DbSession,
    messages: Sequence[NewMessage],
    *,
    now: datetime | None = None,
) -> EnqueueReport:
    """Insert rows whose key is new; keys already present are left untouched (idempotent).

    Safe against a concurrent enqueue of the same key (INSERT ... ON CONFLICT DO NOTHING).
    Rows with an ``error`` and no payload are stored as ``dead`` so they show in
    ``outbox list`` instead of vanishing.
    """
    now = now or utcnow()
    report = EnqueueReport()
    present = existing_keys(db, [m.key for m in messages])
    rows = []
    for message in messages:
        if message.key in present:
            report.existing.append(message.key)
            continue
        present.add(message.key)
        dead = bool(message.error) and not message.payload
        if message.error:
            report.problems.append(message.error)
        rows.append(
            {
                "idempotency_key": message.key,
                "meeting_id": message.meeting_id,
                "person_id": message.person_id,
                "recipient": message.recipient,
                "sender": message.sender or (sender_of(message.payload) if message.payload else ""),
                "session_uid": message.session_uid,
                "kind": MessageKind(message.kind),
                "sequence": message.sequence,
                "status": OutboxStatus.DEAD if dead else OutboxStatus.PENDING,
                "urgent": message.urgent,
                "attempts": 0,
                "next_attempt_at": message.not_before or now,
                "last_error": redact(message.error),
                "payload": message.payload,
                "provider_id": "",
                "claimed_by": "",
                "created_at": now,
            }
        )
        report.created.append(message.key)
    if rows:
        dialect = postgresql if db.get_bind().dialect.name == "postgresql" else sqlite
        statement = dialect.insert(OutboxMessage).on_conflict_do_nothing(
            index_elements=["idempotency_key"]
        )
        for start in range(0, len(rows), _KEY_CHUNK):
            db.execute(statement, rows[start : start + _KEY_CHUNK])
    return report


__all__ = ["EnqueueReport", "NewMessage", "enqueue", "existing_keys", "sender_of"]
