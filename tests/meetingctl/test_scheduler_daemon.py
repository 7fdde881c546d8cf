"""The scheduler daemon as a real process: kill -9 mid-batch, restart, standby takeover."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agenda.model.enums import MessageKind
from agenda.model.uow import transaction
from meetingctl.db import make_session_factory
from meetingctl.delivery import enqueueing
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus, SchedulerLease
from tests.conftest import REPO_ROOT
from tests.integrations.smtp_server import running_smtp_server

RECORD_EVERY = 10
pytestmark = pytest.mark.slow


def write_config(path: Path, mail: str) -> Path:
    path.write_text(
        f"{mail}\n"
        "[scheduler]\n"
        "dispatch_interval_seconds = 1\nplan_interval_seconds = 600\nbatch_size = 50\n"
        f"record_every = {RECORD_EVERY}\nstandby_poll_seconds = 0.3\n"
        "claim_timeout_seconds = 3600\n",
        encoding="utf-8",
    )
    return path


def start_daemon(config: Path, url: str, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    handle = log.open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "meetingctl", "--config", str(config), "--db", url, "scheduler"],
        stdout=handle,
        stderr=handle,
        env=env,
    )


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)  # gentle: polling must not slow the daemon down
    raise AssertionError(f"timed out waiting for {what}")


def enqueue(factory, count: int, prefix: str) -> list[str]:  # type: ignore[no-untyped-def]
    rows = []
    for i in range(count):
        key = f"{prefix}{i}@example.org|uid-{i}|invitation|0"
        mime = (
            f"From: Secretariat <sec@example.org>\r\nTo: {prefix}{i}@example.org\r\n"
            f"Subject: invitation {i}\r\nX-Key: {key}\r\n\r\nHello\r\n"
        )
        rows.append(
            enqueueing.NewMessage(
                key=key,
                recipient=f"{prefix}{i}@example.org",
                kind=MessageKind.INVITATION,
                payload=mime,
            )
        )
    with transaction(factory) as db:
        return enqueueing.enqueue(db, rows).created


def count(factory, status: OutboxStatus) -> int:  # type: ignore[no-untyped-def]
    with transaction(factory) as db:
        return db.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == status)
        )


def stop(process: subprocess.Popen[bytes]) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    return process.wait(timeout=30)


def test_kill_9_mid_batch_loses_nothing_and_duplicates_at_most_one_chunk(
    engine, engine_url, tmp_path
):
    factory = make_session_factory(engine)
    keys = enqueue(factory, 1000, "p")
    log = tmp_path / "daemon.log"
    with running_smtp_server() as server:
        config = write_config(
            tmp_path / "config.toml",
            f'[mail]\ntransport = "smtp"\n[mail.smtp]\nhost = "127.0.0.1"\nport = {server.port}\n'
            'security = "none"\ntimeout = 5\n',
        )
        first = start_daemon(config, engine_url, log)
        try:
            wait_for(lambda: len(server.messages) >= 200, 40, "the first daemon to send")
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            if first.poll() is None:
                first.kill()
        before = len(server.messages)
        assert before < 1000, "the batch finished before the kill: nothing was tested"
        assert count(factory, OutboxStatus.SENDING) > 0 or count(factory, OutboxStatus.PENDING)
        second = start_daemon(config, engine_url, log)
        try:
            wait_for(lambda: count(factory, OutboxStatus.SENT) == 1000, 90, "every row sent")
        except AssertionError as exc:
            raise AssertionError(f"{exc}; daemon log:\n{log.read_text()[-3000:]}") from None
        finally:
            assert stop(second) == 0, log.read_text()
        received = Counter(m.parsed()["X-Key"] for m in server.messages)
    assert set(received) == set(keys)  # none lost
    duplicates = sum(received.values()) - len(keys)
    assert duplicates <= RECORD_EVERY, f"{duplicates} duplicates (killed after {before})"
    assert "stopped" in log.read_text()


def test_one_active_scheduler_and_standby_takeover(engine, engine_url, tmp_path):
    factory = make_session_factory(engine)
    out = tmp_path / "eml"
    config = write_config(
        tmp_path / "config.toml", f'[mail]\ntransport = "file"\noutbox_dir = "{out}"\n'
    )
    url = engine_url
    daemons = [start_daemon(config, url, tmp_path / f"d{i}.log") for i in range(2)]
    try:

        def holder() -> str | None:
            with transaction(factory) as db:
                lease = db.get(SchedulerLease, "scheduler")
                return lease.holder if lease else None

        wait_for(lambda: holder() is not None, 30, "a scheduler to become active")
        active_pid = int(holder().split(":")[1])
        assert active_pid in {d.pid for d in daemons}
        enqueue(factory, 120, "a")
        wait_for(lambda: count(factory, OutboxStatus.SENT) == 120, 30, "the first 120 messages")
        with transaction(factory) as db:
            workers = {r.split("#")[0] for r in db.scalars(select(OutboxMessage.claimed_by))}
        assert workers == {holder()}  # only the active one dispatched

        active = next(d for d in daemons if d.pid == active_pid)
        standby = next(d for d in daemons if d.pid != active_pid)
        active.send_signal(signal.SIGKILL)
        active.wait(timeout=10)
        enqueue(factory, 30, "b")
        wait_for(lambda: count(factory, OutboxStatus.SENT) == 150, 30, "the standby to take over")
        assert int(holder().split(":")[1]) == standby.pid
        assert len(list(out.glob("*.eml"))) == 150
        assert stop(standby) == 0
        assert holder() is None  # a graceful stop clears the lease
    finally:
        for daemon in daemons:
            if daemon.poll() is None:
                daemon.kill()
                daemon.wait()


def outbox_rows(factory) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    with transaction(factory) as db:
        return [
            (r.id, r.status, r.claimed_by, r.claim_epoch, r.attempts, r.sent_at, r.last_error)
            for r in db.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        ]


def freeze_outside_a_write(process: subprocess.Popen[bytes], engine) -> None:  # type: ignore[no-untyped-def]
    """SIGSTOP ``process`` at a moment it holds no SQLite write transaction (a process frozen
    inside one blocks every writer until it resumes: a documented SQLite limit, which no
    takeover can get around); on PostgreSQL the server ends such a session instead."""
    import sqlite3

    for _ in range(20):
        process.send_signal(signal.SIGSTOP)
        if engine.dialect.name != "sqlite":
            return
        probe = sqlite3.connect(engine.url.database, timeout=0.5)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return
        except sqlite3.OperationalError:  # frozen mid-write: let it finish, try again
            process.send_signal(signal.SIGCONT)
            time.sleep(0.05)
        finally:
            probe.close()
    raise AssertionError("could not freeze the daemon outside a write transaction")


def test_sigstop_frozen_holder_is_taken_over_and_fenced_when_it_resumes(
    engine, engine_url, tmp_path
):
    """Issue 18 item 5: the active daemon is frozen (SIGSTOP) in the middle of a chunk, its
    SMTP DATA unanswered. It keeps its lock, but the standby takes the lease over within the
    bound and sends everything; resumed (SIGCONT), the old daemon's results are refused (stale
    epoch), nothing in the outbox changes, and it goes back to standby."""
    from tests.conftest import run_cli

    factory = make_session_factory(engine)
    log_a, log_b = tmp_path / "d0.log", tmp_path / "d1.log"
    with running_smtp_server() as server:
        config = write_config(
            tmp_path / "config.toml",
            f'[mail]\ntransport = "smtp"\n[mail.smtp]\nhost = "127.0.0.1"\nport = {server.port}\n'
            'security = "none"\ntimeout = 60\n',
        )
        daemons = [start_daemon(config, engine_url, log) for log in (log_a, log_b)]
        logs = dict(zip((d.pid for d in daemons), (log_a, log_b), strict=True))
        try:

            def holder() -> str | None:
                with transaction(factory) as db:
                    lease = db.get(SchedulerLease, "scheduler")
                    return lease.holder if lease else None

            wait_for(lambda: holder() is not None, 30, "a scheduler to become active")
            old_pid = int(holder().split(":")[1])
            old = next(d for d in daemons if d.pid == old_pid)
            new = next(d for d in daemons if d.pid != old_pid)
            keys = enqueue(factory, 300, "f")
            wait_for(lambda: len(server.messages) >= 40, 60, "the active daemon to send")
            server.handler.data_delay = 3.0  # its next DATA hangs...
            time.sleep(1.0)
            freeze_outside_a_write(old, engine)  # ...and it freezes there, holding its lock
            frozen_at = time.monotonic()
            server.handler.data_delay = 0.0
            wait_for(lambda: int((holder() or "x:0").split(":")[1]) == new.pid, 30, "takeover")
            takeover = time.monotonic() - frozen_at
            # the heartbeat ttl (3 x 0.3 + 5 s) plus a poll, with room for a loaded machine
            assert takeover < 15, takeover
            wait_for(lambda: count(factory, OutboxStatus.SENT) == 300, 90, "every row sent")
            status = run_cli("--db", engine_url, "scheduler", "--status")
            assert f":{new.pid}:" in status.stdout, status.stdout + status.stderr
            before = outbox_rows(factory)
            old.send_signal(signal.SIGCONT)
            wait_for(
                lambda: "another scheduler took over" in logs[old.pid].read_text(),
                30,
                "the resumed daemon to notice",
            )
            time.sleep(2.0)  # let it finish whatever it was doing
            assert outbox_rows(factory) == before  # it recorded nothing over the new holder
            assert int(holder().split(":")[1]) == new.pid
            assert old.poll() is None and new.poll() is None  # both alive: one standby
            old_log = logs[old.pid].read_text()
            assert "lease is stale" in old_log or "took over the lease" in old_log, old_log
            assert "took over from" in logs[new.pid].read_text()
            assert stop(old) == 0 and stop(new) == 0
        except AssertionError as exc:
            shown = "\n".join(f"--- {p.name}:\n{p.read_text()[-2500:]}" for p in (log_a, log_b))
            raise AssertionError(f"{exc}\n{shown}") from None
        finally:
            for daemon in daemons:
                if daemon.poll() is None:
                    daemon.send_signal(signal.SIGCONT)
                    daemon.kill()
                    daemon.wait()
        received = Counter(m.parsed()["X-Key"] for m in server.messages)
    assert set(received) == set(keys)  # none lost
    duplicates = sum(received.values()) - len(keys)
    assert duplicates <= RECORD_EVERY, duplicates  # at most the chunk frozen in flight
