"""Time to detect and stop on a dead mail server (issue 18): 1,300 queued messages on SQLite,
default dispatch settings (claims of 50, chunks of 10), against a loopback SMTP server that
refuses the connection, accepts TCP and never answers, or rejects the login (535).

For each fault: seconds until the dispatch run stops, how many messages were dead-lettered or
charged an attempt (both must be 0), and what the run reported. Before issue 18 a silent
server cost one timeout per chunk (130 chunks: ~65 minutes at the default 30 s timeout) and a
535 dead-lettered every message.
"""

from __future__ import annotations

import os
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from agenda.model.enums import MessageKind
from agenda.model.uow import transaction
from integrations.mail.smtp import SmtpTransport
from meetingctl.db import make_engine, make_session_factory, upgrade
from meetingctl.delivery import enqueueing, outbox
from meetingctl.delivery.dispatcher import Dispatcher
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus

DEFAULT_MESSAGES = 1300
TIMEOUT = 5.0  # seconds; the default [mail.smtp] timeout is 30
MIME = "From: Sec <sec@example.org>\r\nTo: p@example.org\r\nSubject: hi\r\n\r\nbody\r\n"


@contextmanager
def _refused() -> Iterator[SmtpTransport]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    yield SmtpTransport("127.0.0.1", port, security="none", timeout=TIMEOUT)


@contextmanager
def _silent() -> Iterator[SmtpTransport]:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(256)
        port = listener.getsockname()[1]
        yield SmtpTransport("127.0.0.1", port, security="none", timeout=TIMEOUT)


@contextmanager
def _login_rejected() -> Iterator[SmtpTransport]:
    import warnings

    from tests.integrations.smtp_server import running_smtp_server

    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    with running_smtp_server(username="mailer", password="right") as server:
        yield SmtpTransport(server.host, server.port, security="none", username="mailer",
                            password="wrong", timeout=TIMEOUT)  # fmt: skip


FAULTS: dict[str, Callable[[], AbstractContextManager[SmtpTransport]]] = {
    "connection refused": _refused,
    "silent server (accepts TCP, never answers)": _silent,
    "login rejected (535)": _login_rejected,
}


def run() -> list[str]:
    """Printable lines, one per fault."""
    scale = float(os.environ.get("MEETINGCTL_BENCH_SCALE", "1.0"))
    count = max(20, int(DEFAULT_MESSAGES * scale))
    lines = [f"messages: {count}; SMTP timeout {TIMEOUT:g} s; claims of 50, chunks of 10"]
    for label, fault in FAULTS.items():
        with tempfile.TemporaryDirectory() as tmp:
            engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
            upgrade(engine)
            factory = make_session_factory(engine)
            now = datetime.now(UTC)
            rows = [
                enqueueing.NewMessage(
                    key=f"p{i}|bench|invitation|0",
                    recipient=f"p{i}@example.org",
                    kind=MessageKind.INVITATION,
                    payload=MIME,
                    not_before=now,
                )
                for i in range(count)
            ]
            with transaction(factory) as db:
                enqueueing.enqueue(db, rows, now=now)
            with fault() as transport:
                started = time.perf_counter()
                report = Dispatcher(
                    factory, transport, outbox.DispatchSettings(), worker="bench"
                ).drain()
                seconds = time.perf_counter() - started
                transport.close()
            with transaction(factory) as db:
                dead = db.scalar(
                    select(func.count()).where(OutboxMessage.status == OutboxStatus.DEAD)
                )
                charged = db.scalar(select(func.count()).where(OutboxMessage.attempts > 0))
            engine.dispose()
        lines.append(
            f"{label}: stopped after {seconds:.2f} s; dead {dead}, charged {charged}; "
            f"reported: {report.transport_error[:70]}"
        )
    chunks = -(-count // 10)
    lines.append(
        f"before the fix (one timeout per chunk): silent server ~{chunks * TIMEOUT:.0f} s "
        f"at this timeout, ~{chunks * 30 / 60:.0f} min at the default 30 s"
    )
    return lines
