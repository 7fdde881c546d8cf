"""`invite preview|send`, `outbox list|retry|cancel`, `export ics` and `scheduler --status`
through the real command line."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import select

from agenda.model.enums import ACTIVE_STATUSES
from agenda.model.uow import transaction
from meetingctl.db import make_engine, make_session_factory, upgrade
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus
from tests.conftest import run_cli
from tests.meetingctl.delivery_helpers import future_demo, staffed_sessions


@pytest.fixture
def cli_db(tmp_path: Path):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    meeting_id = future_demo(factory, people=30, now=datetime.now(UTC))
    config = tmp_path / "config.toml"
    config.write_text(
        f'[mail]\ntransport = "file"\noutbox_dir = "{tmp_path / "eml"}"\n'
        '[scheduler]\nquiet_hours_start = "00:00"\nquiet_hours_end = "00:00"\n',
        encoding="utf-8",
    )
    yield url, config, factory, meeting_id
    engine.dispose()


def test_invite_preview_prints_email_and_ics(cli_db) -> None:
    url, config, factory, meeting_id = cli_db
    with transaction(factory) as db:
        session = staffed_sessions(db, meeting_id)[0]
        person = session.assignments[0].person
        uid, email = session.uid, person.email
    result = run_cli(
        "--config",
        str(config),
        "--db",
        url,
        "invite",
        "preview",
        "--person",
        email,
        "--session",
        uid,
    )
    assert result.returncode == 0, result.stderr
    assert f"To: {person.given_name}" in result.stdout
    assert "--- invite.ics ---" in result.stdout and "METHOD:REQUEST" in result.stdout
    assert f"UID:{uid}" in result.stdout and "ROLE=CHAIR" in result.stdout.replace("\n ", "")
    missing = run_cli(
        "--config",
        str(config),
        "--db",
        url,
        "invite",
        "preview",
        "--person",
        "nobody@example.org",
        "--session",
        uid,
    )
    assert missing.returncode == 2 and "Error: no person" in missing.stderr


def test_invite_send_outbox_and_export(cli_db, tmp_path: Path) -> None:
    url, config, factory, meeting_id = cli_db
    with transaction(factory) as db:
        session = staffed_sessions(db, meeting_id)[1]
        expected = {
            a.person.email
            for a in session.assignments
            if a.status in ACTIVE_STATUSES and a.person.email
        }
        sid = session.id
        all_sessions = len(list(db.get(type(session.meeting), meeting_id).sessions))
    base = ("--config", str(config), "--db", url)

    dry = run_cli(*base, "invite", "send", "--session", str(sid), "--dry-run")
    assert dry.returncode == 0 and f"would queue {len(expected)} invitation(s)" in dry.stdout
    with transaction(factory) as db:
        assert db.scalar(select(OutboxMessage.id)) is None

    sent = run_cli(*base, "invite", "send", "--session", str(sid))
    assert sent.returncode == 0, sent.stderr
    assert f"sent {len(expected)} via file" in sent.stdout
    assert len(list((tmp_path / "eml").glob("*.eml"))) == len(expected)
    again = run_cli(*base, "invite", "send", "--session", str(sid))
    assert f"queued 0 invitation(s); {len(expected)} already in the outbox" in again.stdout

    listed = json.loads(run_cli(*base, "outbox", "list", "--format", "json").stdout)
    assert {r["recipient"] for r in listed} == expected
    assert {r["status"] for r in listed} == {"sent"}
    refused = run_cli(*base, "outbox", "cancel", str(listed[0]["id"]))
    assert refused.returncode == 2 and "only pending or failed" in refused.stderr

    feed_path = tmp_path / "feed.ics"
    exported = run_cli(*base, "export", "ics", "-o", str(feed_path))
    assert exported.returncode == 0, exported.stderr
    feed = Calendar.from_ical(feed_path.read_bytes())
    events = list(feed.walk("VEVENT"))
    assert str(feed["METHOD"]) == "PUBLISH" and len(events) == all_sessions
    assert all("ATTENDEE" not in e for e in events)

    status = run_cli(*base, "scheduler", "--status")
    assert status.returncode == 0 and "no scheduler is active" in status.stdout


def test_outbox_retry_all_failed_requeues_dead_rows(db_factory) -> None:
    from agenda.model.enums import MessageKind
    from meetingctl.delivery import admin as outbox_admin
    from meetingctl.delivery import enqueueing

    with transaction(db_factory) as db:
        enqueueing.enqueue(
            db,
            [
                enqueueing.NewMessage(
                    key="k", recipient="a@example.org", kind=MessageKind.INVITATION, payload="x"
                )
            ],
        )
        row = db.scalar(select(OutboxMessage))
        row.status, row.attempts, row.last_error = OutboxStatus.DEAD, 8, "550 no"
    with transaction(db_factory) as db:
        assert outbox_admin.retry_all_failed(db, "tester") == 1
    with transaction(db_factory) as db:
        row = db.scalar(select(OutboxMessage))
        assert (row.status, row.attempts) == (OutboxStatus.PENDING, 0)


def test_agenda_publish_then_scheduler_once_delivers_invitations(cli_db, tmp_path: Path) -> None:
    from tests.integrations.smtp_server import running_smtp_server

    url, _config, factory, meeting_id = cli_db
    with transaction(factory) as db:
        expected = {
            a.person.email.lower()
            for s in staffed_sessions(db, meeting_id)
            for a in s.assignments
            if a.status in ACTIVE_STATUSES and a.person.email
        }
    with running_smtp_server() as server:
        config = tmp_path / "smtp.toml"
        config.write_text(
            f'[mail]\ntransport = "smtp"\n[mail.smtp]\nhost = "127.0.0.1"\nport = {server.port}\n'
            'security = "none"\n[scheduler]\nquiet_hours_start = "00:00"\n'
            'quiet_hours_end = "00:00"\n',
            encoding="utf-8",
        )
        base = ("--config", str(config), "--db", url)
        published = run_cli(*base, "agenda", "publish", "--force", "--note", "v1")
        assert published.returncode == 0, published.stderr
        once = run_cli(*base, "scheduler", "--once")
        assert once.returncode == 0, once.stderr
        assert f"sent {len(expected)}" in once.stdout
        assert {m.rcpt_tos[0].lower() for m in server.messages} == expected
