"""In-process scheduler: the lock, the lease the TUI reads, and stored jobs across restarts."""

from __future__ import annotations

import pickle
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from agenda.model.enums import MessageKind
from agenda.model.uow import transaction
from meetingctl.config import parse_config
from meetingctl.db import make_session_factory
from meetingctl.delivery import enqueueing
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus
from meetingctl.scheduler import (
    DISPATCH_JOB,
    JOBS_TABLE,
    SchedulerService,
    active_scheduler,
    lock_for,
    may_run_in_process,
    scheduler_status,
    set_paused,
)
from tests.meetingctl.delivery_helpers import context_for


def config_for(tmp_path: Path):  # type: ignore[no-untyped-def]
    return parse_config(
        {
            "mail": {"transport": "file", "outbox_dir": str(tmp_path / "eml")},
            "scheduler": {
                "dispatch_interval_seconds": 3600,
                "plan_interval_seconds": 3600,
                "standby_poll_seconds": 0.2,
            },
        }
    )


def add(factory, n: int, prefix: str) -> None:  # type: ignore[no-untyped-def]
    mime = "From: S <s@example.org>\r\nTo: x@example.org\r\nSubject: t\r\n\r\nb\r\n"
    with transaction(factory) as db:
        enqueueing.enqueue(
            db,
            [
                enqueueing.NewMessage(
                    key=f"{prefix}{i}",
                    recipient=f"{prefix}{i}@x.org",
                    kind=MessageKind.INVITATION,
                    payload=mime,
                )
                for i in range(n)
            ],
        )


def pending(factory) -> int:  # type: ignore[no-untyped-def]
    with transaction(factory) as db:
        return db.query(OutboxMessage).filter(OutboxMessage.status == OutboxStatus.PENDING).count()


def sent(factory) -> int:  # type: ignore[no-untyped-def]
    with transaction(factory) as db:
        return db.query(OutboxMessage).filter(OutboxMessage.status == OutboxStatus.SENT).count()


def set_next_run(engine, job_id: str, when: datetime) -> None:  # type: ignore[no-untyped-def]
    """Rewrite a stored job's next run time, as if the daemon had been down since then."""
    with engine.begin() as connection:
        state = pickle.loads(
            connection.execute(
                text(f"SELECT job_state FROM {JOBS_TABLE} WHERE id = :i"), {"i": job_id}
            ).scalar_one()
        )
        state["next_run_time"] = when
        connection.execute(
            text(f"UPDATE {JOBS_TABLE} SET job_state = :s, next_run_time = :t WHERE id = :i"),
            {"s": pickle.dumps(state), "t": when.timestamp(), "i": job_id},
        )


def wait_until(condition, timeout: float = 15) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_lock_decides_who_may_run_and_the_lease_names_it(engine, tmp_path) -> None:
    factory = make_session_factory(engine)
    assert may_run_in_process(engine) and active_scheduler(factory) is None
    service = SchedulerService(context_for(engine, config_for(tmp_path)), mode="tui")
    assert service.start_in_background()
    try:
        assert not may_run_in_process(engine)
        other = SchedulerService(context_for(engine, config_for(tmp_path)))
        assert not other.start_in_background()
        current = active_scheduler(factory)
        assert current is not None and current.holder == service.worker
        assert current.holder.endswith(":tui")
        status = scheduler_status(engine, factory)
        assert status.active == current and not status.may_run_in_process
    finally:
        service.stop(wait=True)
    assert wait_until(lambda: may_run_in_process(engine))
    assert active_scheduler(factory) is None


def test_stored_jobs_keep_their_schedule_and_missed_runs_fire_once_on_start(engine, tmp_path):
    factory = make_session_factory(engine)
    config = config_for(tmp_path)
    add(factory, 5, "a")
    first = SchedulerService(context_for(engine, config))
    assert first.start_in_background()
    try:
        assert wait_until(lambda: sent(factory) == 5)  # a new job runs at once
    finally:
        first.stop(wait=True)
    assert wait_until(lambda: may_run_in_process(engine))

    # Restart before the next run is due: the stored job keeps its time, nothing runs yet.
    add(factory, 3, "b")
    second = SchedulerService(context_for(engine, config))
    assert second.start_in_background()
    time.sleep(1.5)
    second.stop(wait=True)
    assert wait_until(lambda: may_run_in_process(engine))
    assert pending(factory) == 3

    # The daemon was down past the run time: on start the missed run fires (once).
    set_next_run(engine, DISPATCH_JOB, datetime.now(UTC) - timedelta(hours=5))
    third = SchedulerService(context_for(engine, config))
    assert third.start_in_background()
    try:
        assert wait_until(lambda: sent(factory) == 8)
    finally:
        third.stop(wait=True)
    assert len(list((tmp_path / "eml").glob("*.eml"))) == 8


def test_lock_is_per_database(engine, database_url_factory, backend) -> None:
    other = database_url_factory(backend)
    held = lock_for(engine)
    assert held.acquire()
    try:
        assert not lock_for(engine).acquire()
        second = lock_for(other)
        assert second.acquire()
        second.release()
    finally:
        held.release()


def test_one_sqlite_file_has_one_lock_whatever_name_reaches_it(tmp_path: Path) -> None:
    """Issue 18 item 5: a symlink (to the file or a directory) or a hard link is the same file."""
    from sqlalchemy import create_engine

    real = tmp_path / "data" / "meeting.db"
    real.parent.mkdir()
    real.write_bytes(b"")
    (tmp_path / "link.db").symlink_to(real)
    (tmp_path / "dirlink").symlink_to(real.parent, target_is_directory=True)
    (real.parent / "hard.db").hardlink_to(real)  # a hard link in the same directory
    names = [
        tmp_path / "link.db",
        tmp_path / "dirlink" / "meeting.db",
        tmp_path / "data" / ".." / "data" / "meeting.db",
        real.parent / "hard.db",
    ]
    engines = [create_engine(f"sqlite:///{path}") for path in [real, *names]]
    for holder in engines:
        held = lock_for(holder)
        assert held.acquire()
        try:
            for other in engines:
                assert not lock_for(other).acquire(), (holder.url, other.url)
        finally:
            held.release()
    for engine in engines:  # all released: anyone may take it again
        again = lock_for(engine)
        assert again.acquire()
        again.release()
        engine.dispose()


def test_pause_stops_automatic_sending_until_resumed(engine, tmp_path) -> None:
    factory = make_session_factory(engine)
    set_paused(factory, True, "tester")
    service = SchedulerService(context_for(engine, config_for(tmp_path)))
    add(factory, 4, "p")
    assert service.start_in_background()
    try:
        assert service.dispatch().sent == 0 and pending(factory) == 4
        set_paused(factory, False, "tester")
        assert service.dispatch().sent == 4
    finally:
        service.stop(wait=True)
    assert wait_until(lambda: may_run_in_process(engine))


def test_only_lock_holders_use_the_reclaimable_worker_prefix(engine, tmp_path) -> None:
    config = config_for(tmp_path)
    assert SchedulerService(context_for(engine, config)).worker.startswith("scheduler@")
    assert SchedulerService(context_for(engine, config), mode="tui-send").worker.startswith("app@")


def test_status_names_a_frozen_holder_instead_of_saying_none_is_active(engine) -> None:  # type: ignore[no-untyped-def]
    """Issue 18 item 5: a SIGSTOPped scheduler keeps the lock while its heartbeat goes stale."""
    from meetingctl.delivery.tables import SchedulerLease
    from tests.conftest import run_cli, url_of

    factory = make_session_factory(engine)
    frozen = lock_for(engine)  # the frozen process still holds the lock...
    assert frozen.acquire()
    try:
        past = datetime.now(UTC) - timedelta(minutes=10)
        with transaction(factory) as db:  # ...but its heartbeat stopped ten minutes ago
            db.add(
                SchedulerLease(
                    name="scheduler",
                    holder="meetingctl-scheduler@host:4242:daemon",
                    acquired_at=past - timedelta(hours=1),
                    expires_at=past,
                )
            )
        assert active_scheduler(factory) is None
        status = run_cli("--db", url_of(engine), "scheduler", "--status")
        assert status.returncode == 1, status.stdout + status.stderr
        assert "stalled" in status.stderr and "host:4242" in status.stderr
        assert "no scheduler is active" not in status.stdout
    finally:
        frozen.release()
    # Once the holder is gone (the system released its lock), the stale row means nobody.
    status = run_cli("--db", url_of(engine), "scheduler", "--status")
    assert status.returncode == 0 and "no scheduler is active" in status.stdout
