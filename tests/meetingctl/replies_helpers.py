"""A small meeting for the replies tests: one round table, people in every status, and the
invitation each was sent (an outbox row, SEQUENCE 0)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda.model.enums import InvitationStatus, MessageKind, Role, SessionKind
from agenda.model.orm import Meeting, Person, RoleAssignment, Session
from agenda.model.uow import transaction
from agenda.people import roster
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus

UID = "rt1@review.example"
OTHER_UID = "rt2@review.example"
SENT_AT = datetime(2026, 11, 20, 15, tzinfo=UTC)
PEOPLE = {
    "ana": ("Ana", "ana.perez@example.org", InvitationStatus.INVITED),
    "bob": ("Bob", "bob@example.org", InvitationStatus.NOMINATED),
    "carla": ("Carla", "carla@example.org", InvitationStatus.ACCEPTED),
    "dora": ("Dora", "dora@example.org", InvitationStatus.WITHDRAWN),
    "eva": ("Eva", "eva@example.org", InvitationStatus.INVITED),
}
_PATH = {
    InvitationStatus.NOMINATED: [],
    InvitationStatus.INVITED: [InvitationStatus.INVITED],
    InvitationStatus.ACCEPTED: [InvitationStatus.INVITED, InvitationStatus.ACCEPTED],
    InvitationStatus.WITHDRAWN: [InvitationStatus.INVITED, InvitationStatus.WITHDRAWN],
}


def build_meeting(factory: sessionmaker[DbSession], *, sent_sequence: int = 0) -> None:
    """The meeting: session UID (and OTHER_UID, nobody in it), PEOPLE with their statuses."""
    start = datetime(2027, 4, 26, 14, tzinfo=UTC)
    with transaction(factory) as db:
        meeting = Meeting(
            slug="m", title_en="M", home_tz="America/Santiago", start_date=date(2027, 4, 26)
        )
        for uid, title in ((UID, "Round table 1"), (OTHER_UID, "Round table 2")):
            meeting.sessions.append(
                Session(
                    uid=uid,
                    kind=SessionKind.ROUND_TABLE,
                    title_en=title,
                    start=start,
                    end=start + timedelta(hours=1),
                )
            )
        db.add(meeting)
        db.flush()
        session = meeting.sessions[0]
        for key, (name, email, status) in PEOPLE.items():
            person = Person(given_name=name, family_name="Test", email=email, email_key=email)
            db.add(person)
            db.flush()
            assignment = roster.assign(db, session, person, Role.PANELLIST, "test")
            for step in _PATH[status]:
                roster.change_status(db, assignment.id, step, "test")
            if status != InvitationStatus.NOMINATED:
                db.add(
                    OutboxMessage(
                        idempotency_key=f"{email}|{UID}|invitation|{sent_sequence}|{key}",
                        meeting_id=meeting.id,
                        person_id=person.id,
                        recipient=email,
                        session_uid=UID,
                        kind=MessageKind.INVITATION,
                        sequence=sent_sequence,
                        status=OutboxStatus.SENT,
                        created_at=SENT_AT,
                        sent_at=SENT_AT + timedelta(minutes=1),
                    )
                )


def status_of(factory: sessionmaker[DbSession], key: str) -> InvitationStatus:
    """The invitation status of PEOPLE[key] in the round table."""
    email = PEOPLE[key][1]
    with transaction(factory) as db:
        return db.scalars(
            select(RoleAssignment.status)
            .join(Person, RoleAssignment.person_id == Person.id)
            .join(Session, RoleAssignment.session_id == Session.id)
            .where(Person.email == email, Session.uid == UID)
        ).one()


def stamp(hour: int) -> datetime:
    """A DTSTAMP on 2026-12-01 at ``hour`` UTC."""
    return datetime(2026, 12, 1, hour, tzinfo=UTC)
