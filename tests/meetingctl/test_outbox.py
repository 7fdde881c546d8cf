"""Outbox rows: idempotent enqueue, exclusive claims, retries with backoff, dead letters."""

from __future__ import annotations

import random
import threading
from collections.abc import Sequence
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from agenda.messaging.types import OutgoingMessage, SendResult, SendStatus
from agenda.model.enums import MessageKind
from agenda.model.errors import ValidationError
from agenda.model.orm import Person
from agenda.model.uow import transaction
from agenda.programme.versions import publish as publish_version
from integrations.mail.base import Transport
from meetingctl.delivery import admin as outbox_admin
from meetingctl.delivery import enqueueing, outbox
from meetingctl.delivery import planning as delivery
from meetingctl.delivery.dispatcher import Dispatcher
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus
from tests.meetingctl.delivery_helpers import NOW, config_for, future_demo, meeting_of

SETTINGS = outbox.DispatchSettings(
    batch_size=20,
    record_every=5,
    max_attempts=3,
    backoff_seconds=10,
    backoff_max_seconds=100,
    claim_timeout_seconds=60,
)
MIME = "From: Sec <sec@example.org>\r\nTo: x@example.org\r\nSubject: hi\r\n\r\nbody\r\n"


class ScriptedTransport(Transport):
    """Answers each recipient with a scripted status (default SENT) and records what it got."""

    name = "scripted"

    def __init__(self, answers: dict[str, SendStatus] | None = None, fail: Exception | None = None):
        self.answers = answers or {}
        self.fail = fail
        self.sent: list[OutgoingMessage] = []

    def send_batch(self, messages: Sequence[OutgoingMessage]) -> list[SendResult]:
        if self.fail:
            raise self.fail
        results = []
        for m in messages:
            status = self.answers.get(m.recipients[0], SendStatus.SENT)
            if status == SendStatus.SENT:
                self.sent.append(m)
            results.append(
                SendResult(
                    m.key,
                    status,
                    error=None if status == SendStatus.SENT else f"{status} for {m.recipients[0]}",
                    retry_after=None,
                )
            )
        return results


def add_rows(factory, count: int, prefix: str = "r") -> list[str]:  # type: ignore[no-untyped-def]
    rows = [
        enqueueing.NewMessage(
            key=f"{prefix}{i}@example.org|uid|invitation|0",
            recipient=f"{prefix}{i}@example.org",
            kind=MessageKind.INVITATION,
            payload=MIME,
            not_before=NOW,
        )
        for i in range(count)
    ]
    with transaction(factory) as db:
        return enqueueing.enqueue(db, rows, now=NOW).created


def statuses(factory) -> dict[str, OutboxStatus]:  # type: ignore[no-untyped-def]
    with transaction(factory) as db:
        return {r.recipient: r.status for r in db.scalars(select(OutboxMessage))}


def test_enqueue_is_idempotent(db_factory) -> None:
    assert len(add_rows(db_factory, 3)) == 3
    assert add_rows(db_factory, 4) == ["r3@example.org|uid|invitation|0"]
    with transaction(db_factory) as db:
        assert db.query(OutboxMessage).count() == 4


def test_person_without_email_is_recorded_not_dropped(db_factory) -> None:
    meeting_id = future_demo(db_factory, people=20)
    with transaction(db_factory) as db:
        meeting = meeting_of(db, meeting_id)
        person = next(a.person for s in meeting.sessions for a in s.assignments)
        person.email, person.email_key = None, None
        name, pid = person.full_name, person.id
    with transaction(db_factory) as db:
        report = delivery.invite_now(db, meeting_of(db, meeting_id), config_for(), now=NOW)
    assert len(report.problems) == 1 and name in report.problems[0]
    with transaction(db_factory) as db:
        row = db.scalar(select(OutboxMessage).where(OutboxMessage.person_id == pid))
        assert row.status == OutboxStatus.DEAD and "no email address" in row.last_error
        assert row.idempotency_key.startswith(f"person:{pid}|")
        with pytest.raises(ValidationError, match="nothing to send"):
            outbox_admin.retry(db, row.id, "t")
        assert db.get(Person, pid).email is None


def test_claims_are_exclusive_under_concurrency(db_factory) -> None:
    add_rows(db_factory, 120)
    owned: list[list[int]] = []
    lock = threading.Lock()

    def worker(name: str) -> None:
        while True:
            got = outbox.claim(db_factory, name, 7, now=NOW)
            if not got:
                return
            with lock:
                owned.append([c.id for c in got])

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ids = [i for batch in owned for i in batch]
    assert len(ids) == len(set(ids)) == 120


def test_transient_retries_with_backoff_then_dead(db_factory) -> None:
    add_rows(db_factory, 2)
    transport = ScriptedTransport({"r0@example.org": SendStatus.TRANSIENT})
    clock = [NOW]
    dispatcher = Dispatcher(
        db_factory, transport, SETTINGS, worker="w", clock=lambda: clock[0], rng=random.Random(1)
    )
    dispatcher.drain()
    assert statuses(db_factory) == {
        "r0@example.org": OutboxStatus.FAILED,
        "r1@example.org": OutboxStatus.SENT,
    }
    waits = []
    for _ in range(2):
        with transaction(db_factory) as db:
            row = db.scalar(
                select(OutboxMessage).where(OutboxMessage.recipient == "r0@example.org")
            )
            waits.append((row.next_attempt_at - clock[0]).total_seconds())
            clock[0] = row.next_attempt_at
        assert dispatcher.drain().claimed == 1
    assert 5 <= waits[0] <= 10 and 10 <= waits[1] <= 20  # exponential, jittered
    with transaction(db_factory) as db:
        row = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "r0@example.org"))
        assert row.status == OutboxStatus.DEAD and row.attempts == 3
        assert row.last_error.startswith("gave up after 3 attempts")
    assert [m.recipients for m in transport.sent] == [("r1@example.org",)]


def test_permanent_is_dead_with_reason_and_retry_command_requeues(db_factory) -> None:
    add_rows(db_factory, 2)
    transport = ScriptedTransport({"r1@example.org": SendStatus.PERMANENT})
    Dispatcher(db_factory, transport, SETTINGS, worker="w", clock=lambda: NOW).drain()
    with transaction(db_factory) as db:
        row = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "r1@example.org"))
        assert (row.status, row.last_error) == (OutboxStatus.DEAD, "permanent for r1@example.org")
        outbox_admin.retry(db, row.id, "tester")
    transport.answers.clear()
    Dispatcher(db_factory, transport, SETTINGS, worker="w", clock=lambda: NOW).drain()
    assert set(statuses(db_factory).values()) == {OutboxStatus.SENT}
    with transaction(db_factory) as db, pytest.raises(ValidationError, match="only pending"):
        outbox_admin.cancel(db, row.id, "tester")


def test_cancelled_rows_are_never_sent(db_factory) -> None:
    add_rows(db_factory, 2)
    with transaction(db_factory) as db:
        first = db.scalar(select(OutboxMessage).order_by(OutboxMessage.id))
        outbox_admin.cancel(db, first.id, "tester")
    transport = ScriptedTransport()
    Dispatcher(db_factory, transport, SETTINGS, worker="w", clock=lambda: NOW).drain()
    assert [m.recipients[0] for m in transport.sent] == ["r1@example.org"]


def test_stale_claims_are_reclaimed_and_the_old_owner_cannot_record(db_factory) -> None:
    add_rows(db_factory, 3)
    stale = outbox.claim(db_factory, "dead-worker", 10, now=NOW, claim_timeout=60)
    assert (
        outbox.claim(db_factory, "b", 10, now=NOW + timedelta(seconds=30), claim_timeout=60) == []
    )
    again = outbox.claim(db_factory, "b", 10, now=NOW + timedelta(seconds=61), claim_timeout=60)
    assert sorted(c.id for c in again) == sorted(c.id for c in stale)
    assert all(c.attempts == 2 for c in again)
    late = [SendResult(c.key, SendStatus.PERMANENT, error="late") for c in stale]
    outbox.record_results(db_factory, stale, late, SETTINGS, now=NOW, rng=random.Random())
    assert set(statuses(db_factory).values()) == {OutboxStatus.SENDING}


def test_reclaim_abandoned_only_touches_the_prefix(db_factory) -> None:
    add_rows(db_factory, 4)
    outbox.claim(db_factory, "scheduler@h:1", 2, now=NOW)
    outbox.claim(db_factory, "cli@h:2", 2, now=NOW)
    assert outbox.reclaim_abandoned(db_factory, "scheduler@") == 2
    assert (
        sorted(statuses(db_factory).values())
        == [OutboxStatus.PENDING] * 2 + [OutboxStatus.SENDING] * 2
    )


def test_a_transport_exception_keeps_every_row_waiting_without_charging_it(db_factory) -> None:
    add_rows(db_factory, 12)
    transport = ScriptedTransport(fail=RuntimeError("token endpoint refused the client"))
    report = Dispatcher(db_factory, transport, SETTINGS, worker="w", clock=lambda: NOW).drain()
    assert (report.sent, report.retry, report.dead, report.held) == (0, 0, 0, 12)
    assert "token endpoint refused the client" in report.transport_error
    assert set(statuses(db_factory).values()) == {OutboxStatus.PENDING}
    with transaction(db_factory) as db:
        rows = list(db.scalars(select(OutboxMessage)))
    assert {r.attempts for r in rows} == {0}
    assert all("token endpoint refused" in r.last_error for r in rows)


def test_stop_releases_unsent_claims(db_factory) -> None:
    add_rows(db_factory, 12)
    stop = threading.Event()

    class StopAfterFirst(ScriptedTransport):
        def send_batch(self, messages):  # type: ignore[no-untyped-def]
            stop.set()
            return super().send_batch(messages)

    transport = StopAfterFirst()
    Dispatcher(db_factory, transport, SETTINGS, worker="w", clock=lambda: NOW, stop=stop).drain()
    values = list(statuses(db_factory).values())
    assert values.count(OutboxStatus.SENT) == 5 and values.count(OutboxStatus.PENDING) == 7
    with transaction(db_factory) as db:
        assert {
            r.attempts
            for r in db.scalars(
                select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.PENDING)
            )
        } == {0}


@given(
    attempts=st.integers(1, 40),
    retry_after=st.none() | st.floats(0, 5000),
    seed=st.integers(0, 2**16),
)
def test_backoff_is_bounded_exponential_and_honours_retry_after(attempts, retry_after, seed):
    settings = outbox.DispatchSettings(backoff_seconds=10, backoff_max_seconds=3600)
    delay = outbox.backoff_delay(attempts, settings, random.Random(seed), retry_after)
    ceiling = min(3600, 10 * 2 ** (attempts - 1))
    assert ceiling / 2 <= delay or (retry_after is not None and delay == retry_after)
    assert delay <= max(ceiling, retry_after or 0)
    if retry_after is not None:
        assert delay >= retry_after


def test_changes_before_invitations_went_out_replace_them_instead_of_updating(db_factory):
    from agenda.model.orm import RoleAssignment
    from tests.meetingctl.delivery_helpers import staffed_sessions

    meeting_id = future_demo(db_factory, people=20)
    config = config_for(send_invitations="days-before", invitations_days_before=5)

    def publish_and_plan():  # type: ignore[no-untyped-def]
        with transaction(db_factory) as db:
            publish_version(db, meeting_of(db, meeting_id), "tester")
        with transaction(db_factory) as db:
            return delivery.plan_publications(db, meeting_of(db, meeting_id), config, now=NOW)

    first = publish_and_plan()
    assert first.created and outbox.claim(db_factory, "w", 50, now=NOW) == []  # not due yet
    with transaction(db_factory) as db:
        moved, other = staffed_sessions(db, meeting_id)[:2]
        moved.start += timedelta(hours=1)
        moved.end += timedelta(hours=1)
        moved.sequence += 1
        removed = other.assignments[0]
        removed_pid, other_uid, moved_uid = removed.person_id, other.uid, moved.uid
        new_start = moved.start
        db.delete(db.get(RoleAssignment, removed.id))
    publish_and_plan()
    with transaction(db_factory) as db:
        rows = list(db.scalars(select(OutboxMessage)))
    assert not [r for r in rows if r.kind in (MessageKind.UPDATE, MessageKind.CANCELLATION)]
    moved_rows = [r for r in rows if r.session_uid == moved_uid]
    assert {(r.sequence, r.status) for r in moved_rows} == {
        (0, OutboxStatus.CANCELLED),
        (1, OutboxStatus.PENDING),
    }
    assert {r.next_attempt_at for r in moved_rows if r.sequence == 1} == {
        new_start - timedelta(days=5)
    }
    gone = [r for r in rows if r.session_uid == other_uid and r.person_id == removed_pid]
    assert [r.status for r in gone] == [OutboxStatus.CANCELLED]
