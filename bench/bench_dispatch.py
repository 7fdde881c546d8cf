"""Dispatch throughput: 5,000 messages through the outbox to a local SMTP server (aiosmtpd),
against the floor of a plain smtplib loop sending the same bytes over one connection."""

from __future__ import annotations

import os
import smtplib
import socket
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from aiosmtpd.controller import Controller
from sqlalchemy import Engine
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda.model.enums import MessageKind
from agenda.model.uow import transaction
from integrations.mail.smtp import SmtpTransport
from meetingctl.db import make_engine, make_session_factory, upgrade
from meetingctl.delivery import enqueueing, outbox
from meetingctl.delivery.dispatcher import Dispatcher

DEFAULT_MESSAGES = 5000


class _Sink:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.count += 1
        return "250 OK"


def _payload(index: int) -> str:
    body = "Estimado/a participante:\r\n\r\nLe invitamos a la sesión. " * 40 + "\r\n"
    return (
        f"From: Secretariat <sec@example.org>\r\nTo: p{index}@example.org\r\n"
        f"Subject: Invitation {index}\r\nMessage-ID: <{index}@bench.invalid>\r\n"
        f"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}"
    )


def queued_outbox(folder: Path, count: int) -> tuple[Engine, sessionmaker[DbSession]]:
    """A fresh SQLite outbox in ``folder`` holding ``count`` real-size pending invitations."""
    engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
    upgrade(engine)
    factory = make_session_factory(engine)
    now = datetime.now(UTC)
    rows = [
        enqueueing.NewMessage(
            key=f"p{i}|bench|invitation|0",
            recipient=f"p{i}@example.org",
            kind=MessageKind.INVITATION,
            payload=_payload(i),
            not_before=now,
        )
        for i in range(count)
    ]
    with transaction(factory) as db:
        enqueueing.enqueue(db, rows, now=now)
    return engine, factory


def run() -> list[str]:
    """Return printable lines: outbox msgs/s, smtplib msgs/s and the ratio."""
    scale = float(os.environ.get("MEETINGCTL_BENCH_SCALE", "1.0"))
    count = max(50, int(DEFAULT_MESSAGES * scale))
    sink = _Sink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            engine, factory = queued_outbox(Path(tmp), count)
            transport = SmtpTransport("127.0.0.1", port, security="none")
            settings = outbox.DispatchSettings(batch_size=200, record_every=20)
            started = time.perf_counter()
            report = Dispatcher(factory, transport, settings, worker="bench").drain()
            outbox_seconds = time.perf_counter() - started
            transport.close()
            engine.dispose()
        assert report.sent == count, report

        payloads = [_payload(i).encode() for i in range(count)]
        started = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", port) as client:
            for index, data in enumerate(payloads):
                client.sendmail("sec@example.org", [f"p{index}@example.org"], data)
        floor_seconds = time.perf_counter() - started
    finally:
        controller.stop()
    ratio = outbox_seconds / floor_seconds
    return [
        f"messages: {count} (SQLite outbox, chunks of 20 recorded per commit)",
        f"outbox dispatch: {outbox_seconds:.2f} s = {count / outbox_seconds:,.0f} msg/s",
        f"smtplib loop (floor): {floor_seconds:.2f} s = {count / floor_seconds:,.0f} msg/s",
        f"ratio outbox/floor: {ratio:.2f}x",
    ]
