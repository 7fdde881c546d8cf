"""The states of an outbox message (no database code: front doors can import it)."""

from __future__ import annotations

import enum

__all__ = ["OutboxStatus"]


class OutboxStatus(enum.StrEnum):
    """Where a queued message stands: waiting (pending, failed), being sent, or done."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    DEAD = "dead"
    CANCELLED = "cancelled"
