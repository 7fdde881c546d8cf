"""End to end through a real SMTP server (aiosmtpd on 127.0.0.1): publish, move, restaff."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar
from sqlalchemy import select

from agenda.model.enums import ACTIVE_STATUSES, SPEAKER_ROLES
from agenda.model.orm import RoleAssignment
from agenda.model.uow import transaction
from agenda.programme.versions import publish as publish_version
from meetingctl.config import parse_config
from meetingctl.delivery import outbox
from meetingctl.delivery import planning as delivery
from meetingctl.delivery.dispatcher import Dispatcher
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus
from meetingctl.delivery.transports import build_transport
from meetingctl.secrets import Secrets
from tests.integrations.smtp_server import RecordingHandler, free_port, running_smtp_server
from tests.meetingctl.delivery_helpers import NOW, future_demo, meeting_of, staffed_sessions


def smtp_config(port: int, **scheduler: object):  # type: ignore[no-untyped-def]
    return parse_config(
        {
            "meeting": {"secretariat_email": "secretariat@example.org"},
            "mail": {
                "transport": "smtp",
                "smtp": {"host": "127.0.0.1", "port": port, "security": "none", "timeout": 5},
            },
            "scheduler": {
                "quiet_hours_start": "00:00",
                "quiet_hours_end": "00:00",
                "backoff_seconds": 30,
                **scheduler,
            },
        }
    )


def dispatch(factory, config, now=NOW, secrets=None):  # type: ignore[no-untyped-def]
    transport = build_transport(config, Secrets(env={}) if secrets is None else secrets)
    try:
        return Dispatcher(
            factory,
            transport,
            outbox.DispatchSettings.from_config(config.scheduler),
            worker="test",
            clock=lambda: now,
        ).drain()
    finally:
        transport.close()


def publish_and_plan(factory, meeting_id, config):  # type: ignore[no-untyped-def]
    with transaction(factory) as db:
        publish_version(db, meeting_of(db, meeting_id), "tester")
    with transaction(factory) as db:
        return delivery.plan_publications(db, meeting_of(db, meeting_id), config, now=NOW)


def calendar_of(data: bytes) -> tuple[str, Calendar]:
    parsed = message_from_bytes(data, policy=policy.default)
    part = next(p for p in parsed.walk() if p.get_content_type() == "text/calendar")
    return str(parsed["To"]), Calendar.from_ical(part.get_payload(decode=True))


def active_emails(session) -> set[str]:  # type: ignore[no-untyped-def]
    return {
        a.person.email.lower()
        for a in session.assignments
        if a.status in ACTIVE_STATUSES and a.person.email
    }


def test_publish_move_and_remove_speaker_reach_the_right_people(db_factory) -> None:
    meeting_id = future_demo(db_factory)
    with running_smtp_server() as server:
        config = smtp_config(server.port)
        report = publish_and_plan(db_factory, meeting_id, config)
        dispatch(db_factory, config)
        with transaction(db_factory) as db:
            sessions = staffed_sessions(db, meeting_id)
            expected = {(e, s.uid) for s in sessions for e in active_emails(s)}
        received = set()
        for message in server.messages:
            _, cal = calendar_of(message.data)
            assert str(cal["METHOD"]) == "REQUEST"
            event = next(iter(cal.walk("VEVENT")))
            assert int(event["SEQUENCE"]) == 0
            received.add((message.rcpt_tos[0].lower(), str(event["UID"])))
        assert received == expected and len(server.messages) == len(report.created) > 10

        # Move one session by an hour (the agenda operation raises its SEQUENCE).
        with transaction(db_factory) as db:
            moved = staffed_sessions(db, meeting_id)[1]
            moved.start += timedelta(hours=1)
            moved.end += timedelta(hours=1)
            moved.sequence += 1
            moved_uid, new_start, moved_people = moved.uid, moved.start, active_emails(moved)
        server.messages.clear()
        publish_and_plan(db_factory, meeting_id, config)
        dispatch(db_factory, config)
        assert {m.rcpt_tos[0].lower() for m in server.messages} == moved_people
        for message in server.messages:
            _, cal = calendar_of(message.data)
            event = next(iter(cal.walk("VEVENT")))
            assert (str(event["UID"]), int(event["SEQUENCE"])) == (moved_uid, 1)
            assert event.decoded("DTSTART") == new_start
            assert message_from_bytes(message.data, policy=policy.default)["Subject"].startswith(
                ("Updated", "Actualizado", "Atualização", "Mise à jour")  # the person's language
            )

        # Remove a speaker from another session: only they get a CANCEL.
        with transaction(db_factory) as db:
            other = staffed_sessions(db, meeting_id)[2]
            speaker = next(
                a
                for a in other.assignments
                if a.role in SPEAKER_ROLES and a.status in ACTIVE_STATUSES
            )
            gone_email, other_uid = speaker.person.email.lower(), other.uid
            db.delete(db.get(RoleAssignment, speaker.id))
        server.messages.clear()
        publish_and_plan(db_factory, meeting_id, config)
        dispatch(db_factory, config)
        assert [m.rcpt_tos[0].lower() for m in server.messages] == [gone_email]
        _, cal = calendar_of(server.messages[0].data)
        assert str(cal["METHOD"]) == "CANCEL"
        event = next(iter(cal.walk("VEVENT")))
        assert str(event["UID"]) == other_uid and str(event["STATUS"]) == "CANCELLED"

        # Planning again changes nothing: every key is already in the outbox.
        with transaction(db_factory) as db:
            again = delivery.plan_publications(db, meeting_of(db, meeting_id), config, now=NOW)
        assert again is None


def test_smtp_down_then_back_messages_go_out_once(db_factory) -> None:
    meeting_id = future_demo(db_factory, people=20)
    port = free_port()
    config = smtp_config(port)
    report = publish_and_plan(db_factory, meeting_id, config)
    first = dispatch(db_factory, config)
    assert first.sent == first.retry == first.dead == 0 and len(report.created) > 0
    assert "cannot connect" in first.transport_error
    with transaction(db_factory) as db:
        rows = list(db.scalars(select(OutboxMessage)))
        # The server being down is not the messages' fault: still pending, no attempt spent.
        assert {r.status for r in rows} == {OutboxStatus.PENDING}
        assert {r.attempts for r in rows} == {0}
        assert all("cannot connect" in r.last_error for r in rows[: first.claimed])
    # Still down a little later: one detection per run, nothing charged.
    again = dispatch(db_factory, config, NOW + timedelta(seconds=1))
    assert again.transport_error and again.dead == 0
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        later = dispatch(db_factory, config, NOW + timedelta(minutes=5))
    finally:
        controller.stop()
    assert later.sent == len(report.created)
    keys = sorted(m.data.split(b"Message-ID: ")[1].split(b"\r\n")[0] for m in handler.messages)
    assert len(keys) == len(set(keys)) == len(report.created)
    with transaction(db_factory) as db:
        assert {r.status for r in db.scalars(select(OutboxMessage))} == {OutboxStatus.SENT}


@pytest.mark.parametrize("code", ["550 5.1.1 No such user", "451 4.3.0 Mailbox busy"])
def test_permanent_and_transient_refusals_are_recorded_per_recipient(db_factory, code) -> None:
    meeting_id = future_demo(db_factory, people=20)
    handler = RecordingHandler()
    with running_smtp_server(handler=handler) as server:
        config = smtp_config(server.port, max_attempts=3)
        publish_and_plan(db_factory, meeting_id, config)
        with transaction(db_factory) as db:
            victim = db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).first().recipient
        handler.rcpt_replies[victim.lower()] = code
        dispatch(db_factory, config)
    with transaction(db_factory) as db:
        rows = list(db.scalars(select(OutboxMessage)))
    bad = [r for r in rows if r.recipient == victim]
    assert all(r.status == OutboxStatus.SENT for r in rows if r.recipient != victim)
    assert len(handler.messages) == len(rows) - len(bad)
    for row in bad:
        assert code.split()[0] in row.last_error and victim in row.last_error
        if code.startswith("5"):
            assert row.status == OutboxStatus.DEAD
        else:
            assert row.status == OutboxStatus.FAILED and row.next_attempt_at > NOW
