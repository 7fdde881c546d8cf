"""`invite send` says why nothing went out; quiet hours are reported; `outbox send-now` and
`invite send --now` send at once."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from agenda.model.enums import InvitationStatus
from agenda.model.orm import RoleAssignment
from agenda.model.uow import transaction
from meetingctl.db import make_engine, make_session_factory, upgrade
from tests.conftest import run_cli
from tests.meetingctl.delivery_helpers import future_demo, staffed_sessions


def _setup(tmp_path: Path, *, days_ahead: int, quiet: tuple[str, str]):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    meeting_id = future_demo(factory, people=30, now=datetime.now(UTC), days_ahead=days_ahead)
    config = tmp_path / "config.toml"
    config.write_text(
        f'[mail]\ntransport = "file"\noutbox_dir = "{tmp_path / "eml"}"\n'
        f'[scheduler]\nquiet_hours_start = "{quiet[0]}"\nquiet_hours_end = "{quiet[1]}"\n',
        encoding="utf-8",
    )
    engine.dispose()
    return ("--config", str(config), "--db", url), factory, meeting_id


def test_invite_send_explains_why_nothing_was_queued_for_past_sessions(tmp_path: Path) -> None:
    base, _, _ = _setup(tmp_path, days_ahead=-40, quiet=("00:00", "00:00"))
    result = run_cli(*base, "invite", "send")
    assert result.returncode == 0, result.stderr
    assert "queued 0 invitation(s)" in result.stdout
    assert "session(s) already took place" in result.stdout


def test_quiet_hours_are_reported_and_send_now_sends(tmp_path: Path) -> None:
    # Quiet all day but the last minute: practically every invitation waits.
    base, factory, meeting_id = _setup(tmp_path, days_ahead=10, quiet=("00:00", "23:59"))
    with transaction(factory) as db:
        sid = max(staffed_sessions(db, meeting_id), key=lambda s: len(s.assignments)).id
    result = run_cli(*base, "invite", "send", "--session", str(sid))
    assert result.returncode == 0, result.stderr
    queued = int(result.stdout.split("queued ")[1].split(" ")[0])
    sent, deferred = map(
        int, re.search(r"sent (\d+) via .*?; (\d+) deferred", result.stdout).groups()
    )
    assert sent + deferred == queued
    assert queued > 1 and deferred > 0
    assert "deferred until" in result.stdout and "(quiet hours)" in result.stdout
    assert " UTC) (quiet hours)" in result.stdout
    # Queued means invited: nominated people can now decline.
    with transaction(factory) as db:
        statuses = {
            a.status
            for a in db.scalars(select(RoleAssignment).where(RoleAssignment.session_id == sid))
        }
        assert InvitationStatus.NOMINATED not in statuses

    listed = run_cli(*base, "outbox", "list", "--status", "pending")
    assert listed.returncode == 0 and " next 20" in listed.stdout and " UTC" in listed.stdout
    rows = json.loads(run_cli(*base, "outbox", "list", "--format", "json").stdout)
    pending = [r for r in rows if r["status"] == "pending"]
    assert len(pending) == deferred
    later = [datetime.fromisoformat(r["next_attempt_at"]) for r in pending]
    assert all(t > datetime.now(UTC) - timedelta(minutes=1) for t in later)

    one = run_cli(*base, "outbox", "send-now", str(pending[0]["id"]))
    assert one.returncode == 0, one.stderr
    assert "1 message(s) made due now; sent 1" in one.stdout
    rest = run_cli(*base, "outbox", "send-now", "--all")
    assert rest.returncode == 0 and f"sent {deferred - 1};" in rest.stdout
    assert len(list((tmp_path / "eml").glob("*.eml"))) == queued
    refused = run_cli(*base, "outbox", "send-now", str(pending[0]["id"]))
    assert refused.returncode == 2 and "only pending or failed" in refused.stderr

    # `invite send --now` ignores quiet hours for what it queues.
    with transaction(factory) as db:
        rest = [s for s in staffed_sessions(db, meeting_id) if s.id != sid]
        other = max(rest, key=lambda s: len(s.assignments)).id
    now_run = run_cli(*base, "invite", "send", "--session", str(other), "--now")
    assert now_run.returncode == 0, now_run.stderr
    count = int(now_run.stdout.split("queued ")[1].split(" ")[0])
    assert count > 0 and re.search(rf"sent {count} via file .*; 0 deferred", now_run.stdout)
