"""Building outbox rows: the email of each planned message, for its recipient, stored as MIME.

Pure building lives in :mod:`agenda.messaging.invitations`; this module loads the people,
reads each session from the typed snapshot its message was planned from, applies quiet hours
and turns build errors (no address) into recorded problems.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.messaging import outbox_policy
from agenda.messaging.invitations import (
    MeetingView,
    Organizer,
    RecipientView,
    SessionView,
    build_message,
    meeting_view,
    recipient_view,
    session_view,
    session_view_from_snapshot,
)
from agenda.messaging.mime import InvitationError
from agenda.messaging.outbox_policy import PlannedMessage, QuietHours, Snapshot
from agenda.messaging.types import OutgoingMessage
from agenda.model.enums import MessageKind
from agenda.model.errors import NotFoundError
from agenda.model.orm import Meeting, Person, Session, utcnow
from agenda.programme.published import ProgrammeSnapshot, SnapshotSession
from agenda.time.policy import person_zone
from meetingctl.config import Config
from meetingctl.delivery import enqueueing


def organizer(config: Config) -> Organizer:
    """The secretariat mailbox: [mail] sender/sender_name, else [meeting] secretariat_*."""
    email = config.mail.sender or config.meeting.secretariat_email
    name = config.mail.sender_name or config.meeting.secretariat_name
    domain = email.rsplit("@", 1)[-1] if "@" in email else config.meeting.uid_domain
    return Organizer(email=email, name=name, message_id_domain=domain)


def enqueue_planned(
    db: DbSession,
    meeting: Meeting,
    planned: Sequence[PlannedMessage],
    config: Config,
    *,
    now: datetime,
    snapshots: Iterable[Snapshot] = (),
) -> enqueueing.EnqueueReport:
    """Build the email of every planned message not yet in the outbox and insert the rows.

    Each message is built from the first of ``snapshots`` that has its session (the version
    it was planned from), never from the live programme.

    The MIME text is built now and stored, so every retry sends the same bytes. A person
    without a usable address gets a ``dead`` row naming the problem (never dropped silently).
    """
    present = enqueueing.existing_keys(db, [p.key for p in planned])
    fresh = [p for p in planned if p.key not in present]
    if not fresh:
        return enqueueing.EnqueueReport(existing=[p.key for p in planned])
    entries = _snapshot_entries(snapshots)
    people = {
        p.id: p
        for p in db.scalars(select(Person).where(Person.id.in_({p.person_id for p in fresh})))
    }
    view = meeting_view(meeting)
    sender = organizer(config)
    quiet = QuietHours.parse(config.scheduler.quiet_hours_start, config.scheduler.quiet_hours_end)
    starts = {uid: _session(uid, entries).start for uid in {p.session_uid for p in fresh}}
    zones = {
        pid: person_zone(person.timezone, person.country, meeting.home_tz)
        for pid, person in people.items()
    }
    fresh = outbox_policy.apply_quiet_hours(fresh, quiet, zones, meeting.home_tz, starts)
    rows = []
    for item in fresh:
        session = _session(item.session_uid, entries)
        recipient = _recipient(item, people.get(item.person_id), entries.get(item.session_uid))
        rows.append(_row(meeting, view, session, recipient, item, sender, now))
    return enqueueing.enqueue(db, rows, now=now)


def _snapshot_entries(snapshots: Iterable[Snapshot]) -> dict[str, SnapshotSession]:
    """Session uid -> the session in the first of ``snapshots`` that has it."""
    entries: dict[str, SnapshotSession] = {}
    for snapshot in snapshots:
        for entry in ProgrammeSnapshot.parse(snapshot).sessions:
            entries.setdefault(entry.uid, entry)
    return entries


def _session(uid: str, entries: Mapping[str, SnapshotSession]) -> SessionView:
    """The session as the snapshot the message was planned from has it (never the live row:
    a publication's messages carry that publication, not edits made since)."""
    if uid in entries:
        return session_view_from_snapshot(entries[uid])
    raise NotFoundError(f"session {uid!r} is in none of the snapshots its messages came from")


def _recipient(
    item: PlannedMessage, person: Person | None, entry: SnapshotSession | None
) -> RecipientView:
    listed = entry.people if entry is not None else ()
    roles = [r.role for r in listed if r.person_id == item.person_id]
    if person is None:
        return RecipientView(
            person_id=item.person_id, name="", email=item.email, roles=tuple(roles)
        )
    view = recipient_view(person, roles)
    # The address planned (and in the key) is the one the message goes to.
    return replace(view, email=item.email)


def _row(
    meeting: Meeting,
    view: MeetingView,
    session: SessionView,
    recipient: RecipientView,
    item: PlannedMessage,
    sender: Organizer,
    now: datetime,
) -> enqueueing.NewMessage:
    try:
        message = build_message(
            view,
            session,
            recipient,
            item.kind,
            sender,
            now=now,
            key=item.key,
            sequence=item.sequence,
        )
    except InvitationError as exc:
        who = recipient.name or f"person {item.person_id}"
        return _new_message(
            meeting,
            item,
            recipient=recipient.email or "",
            error=f"{who} (person {item.person_id}): {exc}",
        )
    return _new_message(
        meeting,
        item,
        recipient=message.recipients[0],
        payload=message.mime.decode("ascii"),
        sender=message.sender,
    )


def _new_message(
    meeting: Meeting,
    item: PlannedMessage,
    *,
    recipient: str,
    payload: str = "",
    error: str = "",
    sender: str = "",
) -> enqueueing.NewMessage:
    """The outbox row for ``item``: its planned fields plus the built payload or the error."""
    return enqueueing.NewMessage(
        key=item.key,
        recipient=recipient,
        kind=item.kind,
        session_uid=item.session_uid,
        sequence=item.sequence,
        person_id=item.person_id,
        meeting_id=meeting.id,
        payload=payload,
        urgent=item.urgent,
        not_before=item.not_before,
        error=error,
        sender=sender,
    )


def preview(
    db: DbSession,
    meeting: Meeting,
    config: Config,
    person_id: int,
    session_ref: str,
    *,
    kind: MessageKind = MessageKind.INVITATION,
    now: datetime | None = None,
) -> OutgoingMessage:
    """The email one person would receive for one session (nothing is stored)."""
    session = find_session(db, meeting, session_ref)
    person = db.get(Person, person_id)
    if person is None:
        raise NotFoundError(f"no person with id {person_id} (see `meetingctl people list`)")
    roles = [a.role for a in session.assignments if a.person_id == person_id]
    recipient = recipient_view(person, roles)
    key = outbox_policy.idempotency_key(
        recipient.email, person_id, session.uid, kind, session.sequence
    )
    try:
        return build_message(
            meeting_view(meeting),
            session_view(session),
            recipient,
            kind,
            organizer(config),
            now=now or utcnow(),
            key=key,
        )
    except InvitationError as exc:
        raise NotFoundError(str(exc)) from None


def find_session(db: DbSession, meeting: Meeting, ref: str) -> Session:
    """A session by numeric id or UID."""
    query = select(Session).where(Session.meeting_id == meeting.id)
    query = (
        query.where(Session.id == int(ref)) if ref.isdigit() else query.where(Session.uid == ref)
    )
    session = db.scalar(query)
    if session is None:
        raise NotFoundError(
            f"no session {ref!r} in meeting {meeting.slug!r} "
            "(use the id or UID shown by `meetingctl agenda show --format json`)"
        )
    return session
