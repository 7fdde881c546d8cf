"""What a publication sends: its own snapshot, updates (not invitations) to people already
invited, in every invitation mode, and cancellations of sessions removed since
(end to end through aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes, policy

from sqlalchemy import select

from agenda.messaging.invitations import calendar_part
from agenda.model.enums import MessageKind
from agenda.model.orm import Session
from agenda.model.uow import transaction
from agenda.programme.operations import delete_session
from agenda.programme.versions import publish as publish_version
from meetingctl.delivery import planning as delivery
from meetingctl.delivery.tables import OutboxMessage
from tests.integrations.smtp_server import running_smtp_server
from tests.meetingctl.delivery_helpers import NOW, future_demo, meeting_of, staffed_sessions
from tests.meetingctl.test_outbox_e2e import (
    active_emails,
    calendar_of,
    dispatch,
    publish_and_plan,
    smtp_config,
)


def _publish(factory, meeting_id) -> None:  # type: ignore[no-untyped-def]
    with transaction(factory) as db:
        publish_version(db, meeting_of(db, meeting_id), "tester")


def _plan(factory, meeting_id, config):  # type: ignore[no-untyped-def]
    with transaction(factory) as db:
        return delivery.plan_publications(db, meeting_of(db, meeting_id), config, now=NOW)


def _invite_and_send(factory, meeting_id, config) -> None:  # type: ignore[no-untyped-def]
    with transaction(factory) as db:
        delivery.invite_now(db, meeting_of(db, meeting_id), config, now=NOW)
    dispatch(factory, config)


def _move_second_session(factory, meeting_id):  # type: ignore[no-untyped-def]
    """Move the second staffed session one hour later (SEQUENCE up); its uid, start, people."""
    with transaction(factory) as db:
        moved = staffed_sessions(db, meeting_id)[1]
        moved.start += timedelta(hours=1)
        moved.end += timedelta(hours=1)
        moved.sequence += 1
        return moved.uid, moved.start, active_emails(moved)


def test_queued_invitations_carry_the_publication_not_later_edits(db_factory) -> None:
    meeting_id = future_demo(db_factory, people=20)
    with running_smtp_server() as server:
        config = smtp_config(server.port)
        with transaction(db_factory) as db:
            session = staffed_sessions(db, meeting_id)[0]
            uid, start = session.uid, session.start
            titles = {
                session.title_en.split()[0],
                (session.title_es or session.title_en).split()[0],
            }
        _publish(db_factory, meeting_id)  # v1
        with transaction(db_factory) as db:  # edited after v1, not published
            session = db.scalar(select(Session).where(Session.uid == uid))
            session.title_en = "Unpublished title"
            session.start += timedelta(hours=2)
            session.end += timedelta(hours=2)
            session.sequence += 1
        _plan(db_factory, meeting_id, config)
        with transaction(db_factory) as db:
            payloads = db.scalars(
                select(OutboxMessage.payload).where(OutboxMessage.session_uid == uid)
            ).all()
        assert payloads
        for payload in payloads:
            ics = calendar_part(payload.encode("ascii"))
            assert ics is not None
            _, cal = calendar_of(payload.encode("ascii"))
            event = next(iter(cal.walk("VEVENT")))
            assert int(event["SEQUENCE"]) == 0
            assert event.decoded("DTSTART") == start
            # each person's invitation is in their language: the published title in it
            assert "Unpublished" not in payload
            assert str(event["SUMMARY"]).split()[0] in titles


def test_manual_mode_still_sends_updates_to_people_invited_by_hand(db_factory) -> None:
    meeting_id = future_demo(db_factory, people=20)
    with running_smtp_server() as server:
        config = smtp_config(server.port, send_invitations="manual")
        _publish(db_factory, meeting_id)
        _invite_and_send(db_factory, meeting_id, config)  # `invite send --now`
        moved_uid, new_start, people = _move_second_session(db_factory, meeting_id)
        _publish(db_factory, meeting_id)
        server.messages.clear()
        report = _plan(db_factory, meeting_id, config)  # `scheduler --once`
        dispatch(db_factory, config)
        assert report is not None and len(report.created) == len(people) > 0
        assert {m.rcpt_tos[0].lower() for m in server.messages} == people
        for message in server.messages:
            _, cal = calendar_of(message.data)
            event = next(iter(cal.walk("VEVENT")))
            assert (str(event["UID"]), int(event["SEQUENCE"])) == (moved_uid, 1)
            assert event.decoded("DTSTART") == new_start


def test_people_already_invited_get_an_update_when_no_planning_ran_in_between(
    db_factory,
) -> None:
    meeting_id = future_demo(db_factory, people=20)
    with running_smtp_server() as server:
        config = smtp_config(server.port)
        _publish(db_factory, meeting_id)
        _invite_and_send(db_factory, meeting_id, config)
        moved_uid, _, people = _move_second_session(db_factory, meeting_id)
        _publish(db_factory, meeting_id)
        server.messages.clear()
        _plan(db_factory, meeting_id, config)  # first planning run: v1 was never planned
        dispatch(db_factory, config)
        assert {m.rcpt_tos[0].lower() for m in server.messages} == people
        with transaction(db_factory) as db:
            kinds = set(
                db.scalars(
                    select(OutboxMessage.kind).where(
                        OutboxMessage.session_uid == moved_uid, OutboxMessage.sequence == 1
                    )
                )
            )
        assert kinds == {MessageKind.UPDATE}
        for message in server.messages:
            parsed = message_from_bytes(message.data, policy=policy.default)
            assert not str(parsed["Subject"]).startswith(("Invitation", "Invitación"))
            body = parsed.get_body(preferencelist=("plain",))
            assert body is not None and "Le invitamos" not in body.get_content()


def test_a_removed_session_is_cancelled_even_if_no_planning_saw_it_published(
    db_factory,
) -> None:
    meeting_id = future_demo(db_factory, people=20)
    with running_smtp_server() as server:
        config = smtp_config(server.port)
        _publish(db_factory, meeting_id)
        _invite_and_send(db_factory, meeting_id, config)
        with transaction(db_factory) as db:
            gone = staffed_sessions(db, meeting_id)[2]
            uid, people, session_id = gone.uid, active_emails(gone), gone.id
            delete_session(db, meeting_of(db, meeting_id), session_id, actor="tester")
        _publish(db_factory, meeting_id)
        server.messages.clear()
        _plan(db_factory, meeting_id, config)
        dispatch(db_factory, config)
        assert {m.rcpt_tos[0].lower() for m in server.messages} == people
        for message in server.messages:
            _, cal = calendar_of(message.data)
            assert str(cal["METHOD"]) == "CANCEL"
            assert str(next(iter(cal.walk("VEVENT")))["UID"]) == uid


def test_a_session_removed_before_any_publication_is_cancelled_from_what_was_sent(
    db_factory,
) -> None:
    meeting_id = future_demo(db_factory, people=20)
    with running_smtp_server() as server:
        config = smtp_config(server.port)
        _invite_and_send(db_factory, meeting_id, config)  # nothing published yet
        with transaction(db_factory) as db:
            gone = staffed_sessions(db, meeting_id)[2]
            uid, people, start = gone.uid, active_emails(gone), gone.start
            delete_session(db, meeting_of(db, meeting_id), gone.id, actor="tester")
        server.messages.clear()
        publish_and_plan(db_factory, meeting_id, config)
        dispatch(db_factory, config)
        cancels = [m for m in server.messages if str(calendar_of(m.data)[1]["METHOD"]) == "CANCEL"]
        assert {m.rcpt_tos[0].lower() for m in cancels} == people
        for message in cancels:
            event = next(iter(calendar_of(message.data)[1].walk("VEVENT")))
            assert str(event["UID"]) == uid and event.decoded("DTSTART") == start
