"""Issue 19 item 6: the claim reads a partial index of the claimable rows, in claim order, and
the sender is kept at enqueue instead of being parsed from every payload at dispatch."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete, event, insert, text, update

from agenda.model.enums import MessageKind
from agenda.model.uow import transaction
from meetingctl.db import make_session_factory, upgrade
from meetingctl.delivery import enqueueing, outbox
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus
from tests.meetingctl.delivery_helpers import NOW

MIME = "From: Secretariat <sec@example.org>\r\nTo: x@example.org\r\nSubject: hi\r\n\r\nbody\r\n"
TIMEOUT = 300.0


def _add(factory, n: int, prefix: str = "k") -> None:  # type: ignore[no-untyped-def]
    with transaction(factory) as db:
        enqueueing.enqueue(
            db,
            [
                enqueueing.NewMessage(
                    key=f"{prefix}{i}",
                    recipient=f"p{i}@x.org",
                    kind=MessageKind.INVITATION,
                    payload=MIME,
                )
                for i in range(n)
            ],
            now=NOW,
        )


def _explain(engine: Engine, statement: str, parameters: Any) -> str:
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        cursor = raw.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
        else:
            cursor.execute("SET enable_seqscan = off")  # tiny tables: ask whether it *can*
            cursor.execute("EXPLAIN " + statement, parameters)
        plan = "\n".join(str(row) for row in cursor.fetchall())
        cursor.close()
        raw.rollback()
    return plan


def test_the_due_rows_queries_read_the_partial_claimable_index(engine) -> None:  # type: ignore[no-untyped-def]
    factory = make_session_factory(engine)
    _add(factory, 300)
    with transaction(factory) as db:  # a backlog of sent rows the claim must not read
        db.execute(
            update(OutboxMessage).where(OutboxMessage.id % 3 != 0).values(status=OutboxStatus.SENT)
        )
    seen: list[tuple[str, Any]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if "next_attempt_at <=" in statement and "LIMIT" in statement:
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        claimed = outbox.claim(factory, "w", 10, now=NOW + timedelta(minutes=1))
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    assert len(claimed) == 10
    assert seen, "no due-rows query was run"
    for statement, parameters in seen:
        plan = _explain(engine, statement, parameters)
        assert "ix_outbox_claimable" in plan, f"{statement}\n{plan}"


_ROW = st.tuples(
    st.sampled_from(["pending", "failed", "sending-stale", "sending-fresh", "sent", "dead"]),
    st.booleans(),  # urgent
    st.integers(-5, 5),  # minutes from now to its next attempt
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(_ROW, max_size=25), limit=st.integers(1, 12))
def test_claim_order_abandoned_then_urgent_then_oldest_due(engine, rows, limit) -> None:  # type: ignore[no-untyped-def]
    factory = make_session_factory(engine)
    with transaction(factory) as db:
        db.execute(delete(OutboxMessage))
        for index, (state, urgent, minutes) in enumerate(rows):
            status = state.split("-")[0]
            db.execute(
                insert(OutboxMessage).values(
                    idempotency_key=f"r{index}",
                    recipient=f"r{index}@x.org",
                    kind=MessageKind.INVITATION,
                    status=OutboxStatus(status),
                    urgent=urgent,
                    next_attempt_at=NOW + timedelta(minutes=minutes),
                    claimed_at=NOW
                    - timedelta(seconds=TIMEOUT + 60 if state.endswith("stale") else 5),
                    payload=MIME,
                    sender="sec@example.org",
                )
            )
    with transaction(factory) as db:
        ids = {key: i for key, i in db.execute(text("SELECT idempotency_key, id FROM outbox"))}
    key_of = {v: k for k, v in ids.items()}
    abandoned = sorted(ids[f"r{i}"] for i, r in enumerate(rows) if r[0] == "sending-stale")
    due = [
        (not urgent, minutes, ids[f"r{i}"])
        for i, (state, urgent, minutes) in enumerate(rows)
        if state in ("pending", "failed") and minutes <= 0
    ]
    expected = (abandoned + [row_id for *_, row_id in sorted(due)])[:limit]
    claimed = outbox.claim(factory, "w", limit, now=NOW, claim_timeout=TIMEOUT)
    assert [key_of[c.id] for c in claimed] == [key_of[i] for i in expected]


def test_the_sender_is_kept_at_enqueue_and_used_at_dispatch(db_factory) -> None:  # type: ignore[no-untyped-def]
    _add(db_factory, 1)
    with transaction(db_factory) as db:
        enqueueing.enqueue(
            db,
            [
                enqueueing.NewMessage(
                    key="given",
                    recipient="y@x.org",
                    kind=MessageKind.INVITATION,
                    payload=MIME,
                    sender="bounces@example.org",  # the envelope sender, not the From header
                )
            ],
            now=NOW,
        )
        stored = dict(db.execute(text("SELECT idempotency_key, sender FROM outbox")).all())
    assert stored == {"k0": "sec@example.org", "given": "bounces@example.org"}
    claimed = {c.key: c for c in outbox.claim(db_factory, "w", 10, now=NOW)}
    assert outbox.to_outgoing(claimed["given"]).sender == "bounces@example.org"
    assert outbox.to_outgoing(claimed["k0"]).sender == "sec@example.org"


def test_the_migration_fills_the_sender_of_rows_queued_before_it(empty_engine) -> None:  # type: ignore[no-untyped-def]
    upgrade(empty_engine, "0001")
    with empty_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO outbox (idempotency_key, recipient, session_uid, kind, sequence, "
                "status, urgent, attempts, next_attempt_at, last_error, payload, provider_id, "
                "claimed_by, created_at) VALUES ('old', 'p@x.org', '', 'invitation', 0, "
                "'pending', false, 0, :t, '', :payload, '', '', :t)"
            ),
            {"t": NOW.replace(tzinfo=None), "payload": MIME},
        )
    upgrade(empty_engine)
    with empty_engine.connect() as connection:
        assert connection.execute(text("SELECT sender FROM outbox")).scalar_one() == (
            "sec@example.org"
        )
