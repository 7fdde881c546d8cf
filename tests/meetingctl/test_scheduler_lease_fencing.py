"""Issue 18 item 5: a standby takes over a frozen holder's lease, and the epoch fences it.

A frozen (SIGSTOPped) scheduler keeps its operating-system lock, so the lease row decides who
is active: its heartbeat, a takeover when the heartbeat stops, and an epoch raised at each
takeover that the claims carry, so the old holder, once resumed, records nothing.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest
from sqlalchemy import select

from agenda.messaging.types import OutgoingMessage, SendResult, SendStatus
from agenda.model.enums import MessageKind
from agenda.model.uow import transaction
from integrations.mail.base import Transport
from meetingctl.db import make_session_factory
from meetingctl.delivery import enqueueing, outbox
from meetingctl.delivery.dispatcher import Dispatcher
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus, SchedulerLease
from meetingctl.scheduler_lease import Lease
from meetingctl.scheduler_lock import lock_for
from tests.meetingctl.delivery_helpers import NOW

TTL = 6.0
SETTINGS = outbox.DispatchSettings(batch_size=20, record_every=5, claim_timeout_seconds=3600)
MIME = "From: Sec <sec@example.org>\r\nTo: x@example.org\r\nSubject: hi\r\n\r\nbody\r\n"


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def add(factory, n: int) -> None:  # type: ignore[no-untyped-def]
    with transaction(factory) as db:
        enqueueing.enqueue(
            db,
            [
                enqueueing.NewMessage(
                    key=f"k{i}", recipient=f"p{i}@x.org", kind=MessageKind.INVITATION, payload=MIME
                )
                for i in range(n)
            ],
            now=NOW,
        )


def rows(factory) -> dict[str, tuple[object, ...]]:  # type: ignore[no-untyped-def]
    with transaction(factory) as db:
        return {
            r.idempotency_key: (r.status, r.claimed_by, r.claim_epoch, r.attempts, r.provider_id)
            for r in db.scalars(select(OutboxMessage))
        }


class Recording(Transport):
    """Sends everything; runs ``during`` once, inside the first send (the process "freezes")."""

    name = "recording"

    def __init__(self, tag: str, during=None) -> None:  # type: ignore[no-untyped-def]
        self.tag = tag
        self.during = during
        self.sent: list[str] = []

    def send_batch(self, messages: Sequence[OutgoingMessage]) -> list[SendResult]:
        if self.during is not None:
            during, self.during = self.during, None
            during()
        self.sent.extend(m.key for m in messages)
        return [SendResult(m.key, SendStatus.SENT, provider_id=self.tag) for m in messages]


@pytest.fixture
def factory(engine):  # type: ignore[no-untyped-def]
    return make_session_factory(engine)


def test_a_standby_takes_over_only_once_the_heartbeat_is_silent_for_the_ttl(factory) -> None:
    clock = Clock()
    old = Lease(factory, "scheduler@a:1:daemon", TTL, monotonic=clock)
    standby = Lease(factory, "scheduler@b:2:daemon", TTL, monotonic=clock)
    assert old.take() == 1
    assert standby.take_if_stale() is None  # first sight of the heartbeat
    clock.now += TTL - 0.5
    assert standby.take_if_stale() is None  # silent, but not long enough
    assert old.beat(locked=True)  # it beats: the standby's count starts again
    assert standby.take_if_stale() is None
    clock.now += TTL - 0.5
    assert standby.take_if_stale() is None
    clock.now += 1.0  # now silent for longer than the ttl (the holder froze)
    assert standby.take_if_stale() == 2
    assert standby.took_over_from == "scheduler@a:1:daemon"
    with transaction(factory) as db:
        lease = db.get(SchedulerLease, "scheduler")
        assert (lease.holder, lease.epoch, lease.locked) == ("scheduler@b:2:daemon", 2, False)
    # The old holder resumes: its heartbeat finds the lease gone and it stops being active.
    assert old.beat(locked=True) is False
    assert old.epoch is None
    assert standby.beat(locked=False)


def test_the_lock_holder_takes_a_dead_holders_fresh_lease_but_not_a_live_takeovers(
    factory,
) -> None:
    clock = Clock()
    dead = Lease(factory, "scheduler@a:1:daemon", TTL, monotonic=clock)
    assert dead.take() == 1  # ...then kill -9: its lease still looks fresh
    restarted = Lease(factory, "scheduler@c:3:daemon", TTL, monotonic=clock)
    assert restarted.take() == 2  # it got the released lock: the dead holder's lease is void
    # A standby took over without the lock (the lock's holder froze) and is alive:
    clock.now += 100
    thief = Lease(factory, "scheduler@b:2:daemon", TTL, monotonic=clock)
    thief.take_if_stale()
    clock.now += TTL + 1
    assert thief.take_if_stale() == 3
    late = Lease(factory, "scheduler@d:4:daemon", TTL, monotonic=clock)
    assert late.take() is None  # with the lock, but the takeover is beating: standby
    assert thief.beat(locked=True)


def test_a_resumed_old_holder_cannot_claim_or_record_over_the_new_holder(factory) -> None:
    add(factory, 10)
    clock = Clock()
    old = Lease(factory, "scheduler@a:1:daemon", TTL, monotonic=clock)
    new = Lease(factory, "scheduler@b:2:daemon", TTL, monotonic=clock)
    assert old.take() == 1
    mine = outbox.claim(factory, "scheduler@a:1:daemon", 4, now=NOW, epoch=1)
    assert [m.epoch for m in mine] == [1] * 4
    # The old holder freezes with its 4 rows claimed; the standby takes over...
    new.take_if_stale()
    clock.now += TTL + 1
    assert new.take_if_stale() == 2
    # ...and may claim the frozen holder's rows at once (no claim timeout to wait for).
    theirs = outbox.claim(factory, "scheduler@b:2:daemon", 20, now=NOW, epoch=2)
    assert {m.key for m in mine} <= {m.key for m in theirs} and len(theirs) == 10
    sent = [SendResult(m.key, SendStatus.SENT, provider_id="new") for m in theirs]
    outbox.record_results(factory, theirs, sent, SETTINGS, now=NOW, rng=random.Random(1))
    before = rows(factory)
    # The old holder resumes: its results and any new claim are refused, nothing changes.
    stale = [SendResult(m.key, SendStatus.TRANSIENT, error="old") for m in mine]
    with pytest.raises(outbox.LeaseLost):
        outbox.record_results(factory, mine, stale, SETTINGS, now=NOW, rng=random.Random(1))
    add(factory, 12)  # more work arrives: the old holder may not take any of it
    with pytest.raises(outbox.LeaseLost):
        outbox.claim(factory, "scheduler@a:1:daemon", 20, now=NOW, epoch=1)
    after = rows(factory)
    assert {k: after[k] for k in before} == before
    assert all(v[0] == OutboxStatus.PENDING for k, v in after.items() if k not in before)
    assert {v[4] for k, v in before.items()} == {"new"}


def test_a_dispatcher_frozen_mid_send_stops_and_the_new_holder_delivers_everything(
    engine, factory
) -> None:
    """The old holder "freezes" inside its first send; meanwhile the standby takes the lease
    over and sends everything; resumed, the old one records nothing and claims nothing more."""
    add(factory, 30)
    clock = Clock()
    old = Lease(factory, "scheduler@a:1:daemon", TTL, monotonic=clock)
    new = Lease(factory, "scheduler@b:2:daemon", TTL, monotonic=clock)
    frozen_lock = lock_for(engine)
    assert frozen_lock.acquire() and old.take() == 1
    successor = Recording("new")

    def freeze() -> None:
        new.take_if_stale()
        clock.now += TTL + 1
        assert not lock_for(engine).acquire()  # the frozen holder still holds the lock
        assert new.take_if_stale() == 2
        Dispatcher(
            factory, successor, SETTINGS, worker="scheduler@b:2:daemon", clock=lambda: NOW, epoch=2
        ).drain()

    try:
        stale = Recording("old", during=freeze)
        dispatcher = Dispatcher(
            factory, stale, SETTINGS, worker="scheduler@a:1:daemon", clock=lambda: NOW, epoch=1
        )
        report = dispatcher.drain()
    finally:
        frozen_lock.release()
    assert dispatcher.lease_lost and report.sent == 0
    assert len(stale.sent) == SETTINGS.record_every  # only the chunk in flight at the freeze
    assert sorted(successor.sent) == sorted(f"k{i}" for i in range(30))
    final = rows(factory)
    assert {v[0] for v in final.values()} == {OutboxStatus.SENT}
    assert {v[4] for v in final.values()} == {"new"}  # every result is the new holder's
    assert {v[2] for v in final.values()} == {2}


def test_dispatchers_without_a_lease_are_not_fenced(factory) -> None:
    """``outbox send-now`` holds no lease: its claims carry no epoch and record as before."""
    add(factory, 3)
    Lease(factory, "scheduler@a:1:daemon", TTL).take()
    transport = Recording("cli")
    report = Dispatcher(factory, transport, SETTINGS, worker="cli@h:9", clock=lambda: NOW).drain()
    assert report.sent == 3
    assert {v[2] for v in rows(factory).values()} == {None}
