"""Claim cost against the backlog (issue 19 item 6): one claim of 50 rows from an outbox of
1,000 and of 20,000 pending rows (plus as many sent ones), SQLite, CPU time.

The claim walks the partial index ``ix_outbox_claimable`` in order and stops after the batch,
so the two figures should be about equal (goal: flat). Each claim is released again so every
measurement sees the same backlog; runs interleave the sizes (A B A B), 7 pairs, and the ratio
20,000 / 1,000 is printed as median and min-max.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, insert

from agenda.model.enums import MessageKind
from meetingctl.db import make_engine, make_session_factory, upgrade
from meetingctl.delivery import outbox
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus

SIZES = (1000, 20000)
PAIRS = 7
BATCH = 50
PAYLOAD = "From: S <s@example.org>\r\nTo: p@example.org\r\nSubject: s\r\n\r\n" + "x" * 2000


def _outbox(folder: Path, pending: int) -> Engine:
    engine = make_engine(f"sqlite:///{folder / f'claim-{pending}.db'}")
    upgrade(engine)
    now = datetime.now(UTC) - timedelta(minutes=1)
    rows = [
        {
            "idempotency_key": f"k{i}",
            "recipient": f"p{i}@example.org",
            "sender": "s@example.org",
            "kind": MessageKind.INVITATION,
            "status": OutboxStatus.PENDING if i < pending else OutboxStatus.SENT,
            "next_attempt_at": now + timedelta(microseconds=i),
            "payload": PAYLOAD,
        }
        for i in range(2 * pending)
    ]
    with engine.begin() as connection:
        for start in range(0, len(rows), 2000):
            connection.execute(insert(OutboxMessage), rows[start : start + 2000])
    return engine


def _claim_seconds(engine: Engine) -> float:
    factory = make_session_factory(engine)
    started = time.process_time()
    claimed = outbox.claim(factory, "bench", BATCH, now=datetime.now(UTC))
    seconds = time.process_time() - started
    assert len(claimed) == BATCH
    outbox.release(factory, claimed)
    return seconds


def run() -> list[str]:
    """Printable lines: CPU ms per claim at each backlog and the ratio."""
    scale = float(os.environ.get("MEETINGCTL_BENCH_SCALE", "1.0"))
    sizes = tuple(max(BATCH * 2, int(size * scale)) for size in SIZES)
    with tempfile.TemporaryDirectory() as tmp:
        engines = [_outbox(Path(tmp), size) for size in sizes]
        for engine in engines:
            _claim_seconds(engine)  # warm the caches
        times: list[list[float]] = [[], []]
        for _ in range(PAIRS):
            for index, engine in enumerate(engines):
                times[index].append(_claim_seconds(engine))
        for engine in engines:
            engine.dispose()
    ratios = [b / a for a, b in zip(times[0], times[1], strict=True)]
    return [
        f"one claim of {BATCH} (CPU, SQLite), {PAIRS} interleaved pairs; backlog = pending "
        "rows plus as many sent ones",
        *(
            f"{size:,} pending: median {statistics.median(t) * 1000:.1f} ms"
            for size, t in zip(sizes, times, strict=True)
        ),
        f"ratio {sizes[1]:,}/{sizes[0]:,}: median {statistics.median(ratios):.2f}x "
        f"(min {min(ratios):.2f}x, max {max(ratios):.2f}x); goal: flat (about 1.0x)",
    ]
