"""The transport interface every mail delivery adapter implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

from agenda.messaging.types import OutgoingMessage, SendResult


class Transport(ABC):
    """Delivers OutgoingMessages. One instance may keep a connection open for a batch."""

    name: str = "transport"

    @abstractmethod
    def send_batch(self, messages: Sequence[OutgoingMessage]) -> list[SendResult]:
        """Send every message; return one SendResult per message, in order. Never raises
        for a per-message failure: it is reported in the result. A failure of the transport
        itself (authentication, TLS, DNS, connection refused, timeouts) is reported as
        ``SendStatus.UNAVAILABLE`` for every message it kept from being sent."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections. Safe to call twice."""

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
