"""Issue 18 item 4: two organizers assigning to one session at the same moment never give two
people the same panel position (the session row is locked before the position is chosen)."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event, select

from agenda.model.orm import Person, RoleAssignment
from agenda.model.uow import transaction
from agenda.people import roster
from agenda.programme import operations as ops
from agenda.programme.templates import build_meeting

START = datetime(2021, 4, 26, 13, tzinfo=UTC)


def _setup(db_factory) -> tuple[int, list[int]]:
    with transaction(db_factory) as db:
        meeting = build_meeting(
            "blank", title_en="Race", start=date(2021, 4, 26), days=1, home_tz="UTC"
        )
        db.add(meeting)
        db.flush()
        session = ops.add_session(
            db,
            meeting,
            kind="round-table",
            title_en="Panel",
            start=START,
            end=START + timedelta(hours=1),
            actor="setup",
        )
        people = [Person(given_name=name) for name in ("Ana", "Bea")]
        db.add_all(people)
        db.flush()
        return session.id, [p.id for p in people]


def test_two_concurrent_assigns_get_distinct_positions(engine, db_factory):
    session_id, people = _setup(db_factory)
    barrier = threading.Barrier(2)

    @event.listens_for(engine, "after_cursor_execute")
    def _meet_after_choosing(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        # Both threads wait here after reading the highest position: without the lock both
        # read the same one. With the lock the second is still waiting for it, so the barrier
        # times out and the first goes on.
        if "max(role_assignment.position)" in statement.lower():
            try:
                barrier.wait(timeout=2)
            except threading.BrokenBarrierError:
                pass

    errors: list[BaseException] = []

    def organizer(person_id: int) -> None:
        try:
            with transaction(db_factory) as db:
                roster.assign(db, session_id, person_id, "panellist", f"organizer {person_id}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=organizer, args=(pid,)) for pid in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    event.remove(engine, "after_cursor_execute", _meet_after_choosing)
    assert errors == []
    with transaction(db_factory) as db:
        positions = sorted(
            db.scalars(
                select(RoleAssignment.position).where(RoleAssignment.session_id == session_id)
            )
        )
    assert positions == [0, 1]
