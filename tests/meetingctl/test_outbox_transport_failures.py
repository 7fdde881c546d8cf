"""A failure of the transport itself is not a failure of a message (issue 18, item 2).

Against a real SMTP server on loopback that refuses the login (535), refuses the connection
or accepts TCP and never answers: after the run no message is dead, every attempt counter is
unchanged, the report says why in plain words, and the run stops at the first failure (one
timeout per run, not one per chunk). A long outage never dead-letters a message whose session
has not started; once it has, the message is dead with that reason.
"""

from __future__ import annotations

import random
import socket
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from agenda.messaging.types import SendResult, SendStatus
from agenda.model.enums import MessageKind
from agenda.model.orm import Session
from agenda.model.uow import transaction
from integrations.mail.smtp import SmtpTransport
from meetingctl.delivery import enqueueing, outbox
from meetingctl.delivery.breaker import CircuitBreaker
from meetingctl.delivery.dispatcher import Dispatcher
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus
from tests.integrations.smtp_server import free_port, running_smtp_server
from tests.meetingctl.delivery_helpers import NOW, future_demo

SETTINGS = outbox.DispatchSettings(batch_size=50, record_every=10, max_attempts=3)
MIME = "From: Sec <sec@example.org>\r\nTo: x@example.org\r\nSubject: hi\r\n\r\nbody\r\n"
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

PASSWORD = "correct-horse-battery"


def add_rows(factory, count: int, session_uid: str = "") -> None:  # type: ignore[no-untyped-def]
    rows = [
        enqueueing.NewMessage(
            key=f"p{i}@example.org|{session_uid}|invitation|0",
            recipient=f"p{i}@example.org",
            kind=MessageKind.INVITATION,
            session_uid=session_uid,
            payload=MIME,
            not_before=NOW,
        )
        for i in range(count)
    ]
    with transaction(factory) as db:
        enqueueing.enqueue(db, rows, now=NOW)


def rows(factory) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    with transaction(factory) as db:
        return list(db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def run(factory, transport, now=NOW):  # type: ignore[no-untyped-def]
    try:
        return Dispatcher(
            factory, transport, SETTINGS, worker="w", clock=lambda: now, rng=random.Random(1)
        ).drain()
    finally:
        transport.close()


def assert_untouched(factory, count: int, cause: str) -> None:  # type: ignore[no-untyped-def]
    found = rows(factory)
    assert len(found) == count
    assert {r.status for r in found} == {OutboxStatus.PENDING}  # 0 dead, 0 failed
    assert {r.attempts for r in found} == {0}
    assert all(cause in r.last_error for r in found if r.last_error)


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts TCP connections (backlog) and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield listener.getsockname()[1]


def test_rejected_login_dead_letters_nothing_then_the_right_password_sends_all(db_factory):
    add_rows(db_factory, 120)
    with running_smtp_server(username="mailer", password=PASSWORD) as server:
        wrong = SmtpTransport(server.host, server.port, security="none", username="mailer",
                              password="wrong", timeout=5)  # fmt: skip
        report = run(db_factory, wrong)
        assert (report.sent, report.retry, report.dead) == (0, 0, 0)
        assert "535" in report.transport_error and "username and password" in report.transport_error
        assert "wrong" not in report.transport_error
        assert_untouched(db_factory, 120, "535")
        assert server.messages == []
        right = SmtpTransport(server.host, server.port, security="none", username="mailer",
                              password=PASSWORD, timeout=5)  # fmt: skip
        while run(db_factory, right).claimed:
            pass
        assert len(server.messages) == 120
    assert {(r.status, r.attempts) for r in rows(db_factory)} == {(OutboxStatus.SENT, 1)}


def test_refused_connection_keeps_every_message_pending(db_factory) -> None:
    add_rows(db_factory, 30)
    port = free_port()  # nothing listens
    report = run(db_factory, SmtpTransport("127.0.0.1", port, security="none", timeout=2))
    assert report.dead == 0 and f"127.0.0.1:{port}" in report.transport_error
    assert_untouched(db_factory, 30, "cannot connect")


def test_silent_server_is_detected_once_per_run_not_once_per_chunk(db_factory, silent_port):
    add_rows(db_factory, 120)  # 12 chunks of 10: before the fix, 12 timeouts in a row
    started = time.monotonic()
    report = run(db_factory, SmtpTransport("127.0.0.1", silent_port, security="none", timeout=0.4))
    elapsed = time.monotonic() - started
    assert elapsed < 2.0, elapsed
    assert "did not answer within 0.4 s" in report.transport_error
    assert_untouched(db_factory, 120, "127.0.0.1")


def test_a_long_outage_never_dead_letters_before_the_session_starts(db_factory) -> None:
    meeting_id = future_demo(db_factory, people=5, days_ahead=1)
    with transaction(db_factory) as db:
        first = db.scalars(
            select(Session).where(Session.meeting_id == meeting_id).order_by(Session.start)
        ).first()
        uid, start = first.uid, first.start
    add_rows(db_factory, 5, session_uid=uid)
    port = free_port()
    moment = NOW
    runs = 0
    while moment < start - timedelta(minutes=30):  # hours of outage, every half hour
        report = run(db_factory, SmtpTransport("127.0.0.1", port, security="none"), moment)
        assert report.transport_error and report.dead == 0
        moment += timedelta(minutes=30)
        runs += 1
    assert runs > SETTINGS.max_attempts
    assert_untouched(db_factory, 5, "cannot connect")
    # Its session has started: it can no longer arrive in time.
    late = run(db_factory, SmtpTransport("127.0.0.1", port, security="none"), start)
    assert late.dead == 5
    found = rows(db_factory)
    assert {r.status for r in found} == {OutboxStatus.DEAD}
    assert all("before its session started" in r.last_error for r in found)
    assert {r.attempts for r in found} == {0}


def test_breaker_waits_exponentially_up_to_the_cap_and_closes_on_success() -> None:
    breaker = CircuitBreaker(30, 100)
    assert breaker.allows(NOW)
    assert breaker.failed(NOW, "down") == 30
    assert not breaker.allows(NOW + timedelta(seconds=29)) and breaker.allows(
        NOW + timedelta(seconds=30)
    )
    assert [breaker.failed(NOW, "down") for _ in range(3)] == [60, 100, 100]
    assert breaker.succeeded() and breaker.allows(NOW) and not breaker.succeeded()


def test_the_scheduler_backs_off_after_a_transport_failure(engine, db_factory) -> None:
    """The dispatch job does not knock on a dead server every tick: it waits 30 s, then 60 s;
    a working transport closes the breaker."""
    from meetingctl.scheduler import SchedulerService
    from tests.meetingctl.delivery_helpers import config_for, context_for

    add_rows(db_factory, 3)

    class Flaky(SmtpTransport):
        calls = 0
        down = True

        def send_batch(self, messages):  # type: ignore[no-untyped-def]
            Flaky.calls += 1
            if Flaky.down:
                return [SendResult(m.key, SendStatus.UNAVAILABLE, error="down") for m in messages]
            return [SendResult(m.key, SendStatus.SENT) for m in messages]

    ctx = context_for(engine, config_for())
    ctx._transport = Flaky("127.0.0.1", security="none")
    clock = [NOW]
    service = SchedulerService(ctx, clock=lambda: clock[0])
    tries = []
    for seconds in (0, 1, 29, 30, 31, 89, 90):
        clock[0] = NOW + timedelta(seconds=seconds)
        service.dispatch()
        tries.append(Flaky.calls)
    assert tries == [1, 1, 1, 2, 2, 2, 3]  # at 0, then after 30 s, then after 60 more
    assert {(r.status, r.attempts) for r in rows(db_factory)} == {(OutboxStatus.PENDING, 0)}
    Flaky.down = False
    clock[0] = NOW + timedelta(seconds=90 + 120)
    assert service.dispatch().sent == 3 and service.breaker.failures == 0
