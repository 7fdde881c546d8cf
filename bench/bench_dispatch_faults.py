"""Dispatch throughput with 10% transient failures, as a ratio to the fault-free run (issue 18).

Two SMTP servers, each in its own process (``bench/fault_smtp_server.py``): one accepts
everything, the other answers 451 to 10% of transactions (at RCPT or DATA, seeded, the same
faults in every run). Each run dispatches the same N real-size messages from a fresh SQLite
outbox (default settings: claims of 50, chunks of 10) until every message is delivered; retry
backoff is shrunk to milliseconds so the figure is the cost of failing and retrying, not the
wait. Runs are interleaved A B A B (A fault-free, B faulty), at least 5 pairs; the ratio B/A
of wall time is printed as median and min-max. Ideal: 1/0.9 = 1.11 (each failed attempt costs
about as much as a delivered one).
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import func, select

from agenda.model.uow import transaction
from bench.bench_dispatch import queued_outbox
from integrations.mail.smtp import SmtpTransport
from meetingctl.delivery import outbox
from meetingctl.delivery.dispatcher import Dispatcher
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus

DEFAULT_MESSAGES = 2000
PAIRS = 5
FAULT_RATE = 0.10
SEED = 18
ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def _server(rate: float) -> Iterator[int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.fault_smtp_server", str(port), str(rate), str(SEED)],
        stdout=subprocess.PIPE,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        text=True,
    )
    try:
        assert process.stdout is not None
        if process.stdout.readline().strip() != "ready":
            raise RuntimeError("the SMTP server process did not start")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def _dispatch_all(port: int, count: int) -> tuple[float, int]:
    """Seconds to deliver every message of a fresh outbox, and the attempts it took."""
    with tempfile.TemporaryDirectory() as tmp:
        engine, factory = queued_outbox(Path(tmp), count)
        settings = outbox.DispatchSettings(backoff_seconds=0.001, backoff_max_seconds=0.002)
        transport = SmtpTransport("127.0.0.1", port, security="none")
        dispatcher = Dispatcher(factory, transport, settings, worker="bench")
        sent = 0
        started = time.perf_counter()
        while sent < count:
            report = dispatcher.drain()
            sent += report.sent
            if report.dead or report.transport_error:
                raise RuntimeError(f"unexpected: {report.dead} dead, {report.transport_error}")
        seconds = time.perf_counter() - started
        transport.close()
        with transaction(factory) as db:
            attempts = db.scalar(select(func.sum(OutboxMessage.attempts))) or 0
            delivered = db.scalar(
                select(func.count()).where(OutboxMessage.status == OutboxStatus.SENT)
            )
        engine.dispose()
    if delivered != count:
        raise RuntimeError(f"{delivered} of {count} delivered")
    return seconds, int(attempts)


def run() -> list[str]:
    """Printable lines: each kind's throughput, attempts, and the ratio faulty/fault-free."""
    scale = float(os.environ.get("MEETINGCTL_BENCH_SCALE", "1.0"))
    count = max(100, int(DEFAULT_MESSAGES * scale))
    clean: list[float] = []
    faulty: list[float] = []
    attempts = {"clean": 0, "faulty": 0}
    with _server(0.0) as clean_port, _server(FAULT_RATE) as faulty_port:
        _dispatch_all(clean_port, min(count, 200))  # warm-up (imports, caches), not counted
        for _ in range(PAIRS):
            seconds, tried = _dispatch_all(clean_port, count)
            clean.append(seconds)
            attempts["clean"] = tried
            seconds, tried = _dispatch_all(faulty_port, count)
            faulty.append(seconds)
            attempts["faulty"] = tried
    ratios = [b / a for a, b in zip(clean, faulty, strict=True)]
    return [
        f"messages: {count}; servers in their own processes; {PAIRS} interleaved pairs (A B A B)",
        f"fault-free: median {statistics.median(clean):.2f} s = "
        f"{count / statistics.median(clean):,.0f} msg/s; attempts {attempts['clean']}",
        f"{FAULT_RATE:.0%} transient (451 at RCPT/DATA, seed {SEED}): median "
        f"{statistics.median(faulty):.2f} s = {count / statistics.median(faulty):,.0f} "
        f"delivered msg/s; attempts {attempts['faulty']} "
        f"({attempts['faulty'] / count:.3f} per message)",
        f"ratio faulty/fault-free: median {statistics.median(ratios):.2f}x "
        f"(min {min(ratios):.2f}x, max {max(ratios):.2f}x); ideal ~{1 / (1 - FAULT_RATE):.2f}x",
    ]
