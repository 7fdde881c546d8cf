"""The delivery tables: the outbox and the scheduler's lease rows.

They belong to the application (``meetingctl``), not to the pure domain, but share the domain's
``Base`` metadata so that one Alembic history covers the whole schema (the definitions are the
ones the migrations create). Import this module before using ``Base.metadata`` as a whole
(:func:`meetingctl.db.metadata` does).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column

from agenda.model.enums import MessageKind
from agenda.model.orm import Base, utcnow
from agenda.model.orm import _enum as enum_column
from meetingctl.delivery.status import OutboxStatus

__all__ = [
    "CLAIMABLE_SQL",
    "LEASE_NAME",
    "MessageKind",
    "OutboxMessage",
    "OutboxStatus",
    "SchedulerLease",
]

#: The lease row naming the active scheduler.
LEASE_NAME = "scheduler"

#: Rows waiting to be claimed: the condition of the partial index ``ix_outbox_claimable``,
#: written the same way in the claim query (SQLite uses a partial index only when the query
#: repeats its condition literally).
CLAIMABLE_SQL = "status IN ('pending', 'failed')"


class OutboxMessage(Base):
    """One message to send; the idempotency key makes enqueueing safe to repeat."""

    __tablename__ = "outbox"
    __table_args__ = (
        # The claim walks this index in order (urgent or not, then oldest due first) and stops
        # after the batch: its cost is the batch size, not the backlog of sent rows.
        Index(
            "ix_outbox_claimable",
            "urgent",
            "next_attempt_at",
            "id",
            sqlite_where=text(CLAIMABLE_SQL),
            postgresql_where=text(CLAIMABLE_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(300), unique=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    recipient: Mapped[str] = mapped_column(String(254))
    #: the envelope sender (the payload's From address), kept at enqueue
    sender: Mapped[str] = mapped_column(String(254), default="", server_default="")
    session_uid: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[MessageKind] = mapped_column(enum_column(MessageKind))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[OutboxStatus] = mapped_column(
        enum_column(OutboxStatus), default=OutboxStatus.PENDING, index=True
    )
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[str] = mapped_column(Text, default="")
    provider_id: Mapped[str] = mapped_column(String(300), default="")
    claimed_by: Mapped[str] = mapped_column(String(120), default="")
    claimed_at: Mapped[datetime | None] = mapped_column()
    #: the lease epoch of the scheduler that claimed it (None: a dispatcher holding no lease)
    claim_epoch: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()


class SchedulerLease(Base):
    """Lease row naming the active scheduler, with its heartbeat (``expires_at``) and its
    epoch (raised at every change of holder: the fencing token of its claims)."""

    __tablename__ = "scheduler_lease"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    acquired_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: the holder also holds the operating-system / advisory lock
    locked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
