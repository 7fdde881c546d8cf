"""Invitations move people to `invited`; cancellations follow what was actually SENT
(end to end through aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

from sqlalchemy import select

from agenda.model.enums import InvitationStatus
from agenda.model.orm import Person, RoleAssignment, Session, StatusChange
from agenda.model.uow import transaction
from agenda.people import roster
from meetingctl.delivery import planning as delivery
from tests.integrations.smtp_server import running_smtp_server
from tests.meetingctl.delivery_helpers import NOW, future_demo, meeting_of, staffed_sessions
from tests.meetingctl.test_outbox_e2e import calendar_of, dispatch, publish_and_plan, smtp_config


def _new_person(db, email: str) -> int:  # type: ignore[no-untyped-def]
    person = Person(
        given_name="Ñandú", family_name="Pérez", email=email, email_key=email, languages=["es"]
    )
    db.add(person)
    db.flush()
    return person.id


def test_invite_send_moves_nominated_to_invited_so_a_decline_can_be_recorded(db_factory) -> None:
    meeting_id = future_demo(db_factory, people=30)
    with transaction(db_factory) as db:
        session = staffed_sessions(db, meeting_id)[0]
        person_id = _new_person(db, "nominee@example.org")
        assignment = roster.assign(db, session, person_id, "panellist", "tester")
        assignment_id, uid = assignment.id, session.uid
    with running_smtp_server() as server:
        config = smtp_config(server.port)
        with transaction(db_factory) as db:
            delivery.invite_now(db, meeting_of(db, meeting_id), config, now=NOW, session_uid=uid)
            # Same transaction as the enqueue: already invited before anything is sent.
            assert db.get(RoleAssignment, assignment_id).status == InvitationStatus.INVITED
        dispatch(db_factory, config)
        assert "nominee@example.org" in {m.rcpt_tos[0] for m in server.messages}
    with transaction(db_factory) as db:
        history = db.scalars(
            select(StatusChange).where(StatusChange.assignment_id == assignment_id)
        ).all()
        assert [(h.old_status, h.new_status) for h in history][-1] == ("nominated", "invited")
        assert not db.scalars(
            select(RoleAssignment).where(
                RoleAssignment.session_id
                == db.scalar(select(Session.id).where(Session.uid == uid)),
                RoleAssignment.status == InvitationStatus.NOMINATED,
                RoleAssignment.substitute_for_id.is_(None),
                RoleAssignment.person_id.in_(select(Person.id).where(Person.email.is_not(None))),
            )
        ).all(), "everyone with an address who was queued an invitation is now invited"
        roster.change_status(db, assignment_id, InvitationStatus.DECLINED, "tester")


def test_person_invited_between_publications_gets_a_cancel_with_a_higher_sequence(
    db_factory,
) -> None:
    meeting_id = future_demo(db_factory, people=30)
    with running_smtp_server() as server:
        config = smtp_config(server.port)
        publish_and_plan(db_factory, meeting_id, config)  # v1: invitations to everyone
        dispatch(db_factory, config)
        with transaction(db_factory) as db:
            session = staffed_sessions(db, meeting_id)[3]
            person_id = _new_person(db, "late.speaker@example.org")
            assignment_id = roster.assign(db, session, person_id, "panellist", "tester").id
            uid, sequence = session.uid, session.sequence
        with transaction(db_factory) as db:
            delivery.invite_now(db, meeting_of(db, meeting_id), config, now=NOW)
        server.messages.clear()
        dispatch(db_factory, config)
        assert [m.rcpt_tos[0] for m in server.messages] == ["late.speaker@example.org"]
        with transaction(db_factory) as db:
            roster.change_status(db, assignment_id, InvitationStatus.WITHDRAWN, "tester")
        server.messages.clear()
        publish_and_plan(db_factory, meeting_id, config)  # v2: the person is withdrawn
        dispatch(db_factory, config)
        assert [m.rcpt_tos[0] for m in server.messages] == ["late.speaker@example.org"]
        _, cal = calendar_of(server.messages[0].data)
        event = next(iter(cal.walk("VEVENT")))
        assert str(cal["METHOD"]) == "CANCEL" and str(event["UID"]) == uid
        assert int(event["SEQUENCE"]) == sequence + 1  # newer than the invitation they hold
        assert event["ATTENDEE"].params["RSVP"] == "FALSE"
        # A further publication sends nothing more: that invitation is already cancelled.
        server.messages.clear()
        publish_and_plan(db_factory, meeting_id, config)
        dispatch(db_factory, config)
        assert server.messages == []
