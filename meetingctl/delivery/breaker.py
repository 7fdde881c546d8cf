"""The scheduler's circuit breaker for a failing mail transport.

When a dispatch run stops because the transport itself failed (login refused, TLS, DNS,
connection refused, a server that never answers), trying again at the next tick of the
dispatch job would only meet the same failure. The breaker opens instead: no automatic
dispatch until ``base`` seconds have passed, doubled after every further failure up to
``cap`` (``[scheduler] transport_backoff_seconds`` / ``transport_backoff_max_seconds``).
The first run after the wait is the probe: a success closes the breaker, a failure opens it
for twice as long. Requests from a person ("send now", ``invite send``) do not consult it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass
class CircuitBreaker:
    """Open after a transport failure, for an exponentially growing wait; closed on success."""

    base_seconds: float = 30.0
    cap_seconds: float = 1800.0
    failures: int = 0
    open_until: datetime | None = None
    reason: str = ""

    def allows(self, now: datetime) -> bool:
        """True when an automatic dispatch may run now."""
        return self.open_until is None or now >= self.open_until

    def wait_seconds(self) -> float:
        """The wait after the current number of consecutive failures."""
        if self.failures <= 0:
            return 0.0
        return float(min(self.cap_seconds, self.base_seconds * 2 ** min(self.failures - 1, 30)))

    def failed(self, now: datetime, reason: str) -> float:
        """Record a transport failure; returns how many seconds the breaker stays open."""
        self.failures += 1
        self.reason = reason
        wait = self.wait_seconds()
        self.open_until = now + timedelta(seconds=wait)
        return wait

    def succeeded(self) -> bool:
        """Record a run whose transport worked; True when this closed an open breaker."""
        was_open = self.failures > 0
        self.failures, self.open_until, self.reason = 0, None, ""
        return was_open


__all__ = ["CircuitBreaker"]
