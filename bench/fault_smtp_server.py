"""An SMTP sink in its own process that answers 451 to a fixed share of transactions.

``python -m bench.fault_smtp_server PORT RATE SEED``: listens on 127.0.0.1:PORT, prints
``ready`` once it accepts connections, and runs until terminated. Each SMTP session draws from
its own ``random.Random(SEED)``, so every run over one connection meets the same faults: a
transaction fails with probability RATE, its 451 answered at RCPT or at DATA (half each).
"""

from __future__ import annotations

import random
import signal
import sys
import threading
from typing import Any

from aiosmtpd.controller import Controller


class FaultySink:
    """Accepts and drops messages; 451 at RCPT or DATA for a seeded share of transactions."""

    def __init__(self, rate: float, seed: int) -> None:
        self.rate = rate
        self.seed = seed
        self._rngs: dict[int, random.Random] = {}
        self._fail_at: dict[int, str] = {}

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ):  # noqa: N802
        rng = self._rngs.setdefault(id(session), random.Random(self.seed))
        roll = rng.random()
        self._fail_at[id(session)] = (
            ("RCPT" if rng.random() < 0.5 else "DATA") if roll < self.rate else ""
        )
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ):  # noqa: N802
        if self._fail_at.get(id(session)) == "RCPT":
            return "451 4.3.0 Temporary failure (bench fault)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self._fail_at.get(id(session)) == "DATA":
            return "451 4.3.0 Temporary failure (bench fault)"
        return "250 OK"


def main(argv: list[str]) -> int:
    port, rate, seed = int(argv[0]), float(argv[1]), int(argv[2])
    controller = Controller(FaultySink(rate, seed), hostname="127.0.0.1", port=port)
    controller.start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    print("ready", flush=True)
    try:
        done.wait()
    finally:
        controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
