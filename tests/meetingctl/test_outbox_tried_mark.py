"""Issue 14 item 6: a claimed row says whether it was handed to a transport before, so the
Graph mail transport looks it up in Sent Items instead of sending it blindly again."""

from __future__ import annotations

from datetime import timedelta

from meetingctl.delivery import outbox
from meetingctl.delivery.dispatcher import Dispatcher
from tests.meetingctl.delivery_helpers import NOW
from tests.meetingctl.test_outbox import SETTINGS, ScriptedTransport, add_rows


def test_fresh_rows_are_not_tried(db_factory) -> None:  # type: ignore[no-untyped-def]
    add_rows(db_factory, 2)
    claimed = outbox.claim(db_factory, "w", 10, now=NOW)
    assert [c.tried for c in claimed] == [False, False]
    assert outbox.to_outgoing(claimed[0]).extra["tried"] == ""


def test_rows_held_by_a_transport_failure_are_tried_next_time(db_factory) -> None:  # type: ignore[no-untyped-def]
    add_rows(db_factory, 3)
    transport = ScriptedTransport(fail=RuntimeError("Graph $batch answered 503"))
    Dispatcher(db_factory, transport, SETTINGS, worker="w", clock=lambda: NOW).drain()
    claimed = outbox.claim(db_factory, "w2", 10, now=NOW)
    assert len(claimed) == 3 and all(c.attempts == 1 and c.tried for c in claimed)
    assert outbox.to_outgoing(claimed[0]).extra["tried"] == "true"


def test_rows_of_a_crashed_claim_are_tried_when_taken_over(db_factory) -> None:  # type: ignore[no-untyped-def]
    add_rows(db_factory, 2)
    outbox.claim(db_factory, "dead-worker", 10, now=NOW, claim_timeout=60)
    again = outbox.claim(db_factory, "b", 10, now=NOW + timedelta(seconds=61), claim_timeout=60)
    assert len(again) == 2 and all(c.tried for c in again)
