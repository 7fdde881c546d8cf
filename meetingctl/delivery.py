"""Invitations from the database: plan (agenda.outbox_policy), build (agenda.invitations),
enqueue (meetingctl.outbox).

Publications are processed once each: the number of the last version turned into messages is
kept in the audit log (action ``outbox.plan_version``), and the next run diffs that version's
snapshot against the newest one. Everything is idempotent (outbox keys), so running a planning
step twice, or after a crash half-way, never duplicates a message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from agenda import audit, outbox_policy
from agenda.errors import NotFoundError
from agenda.invitations import (
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
from agenda.messaging import OutgoingMessage
from agenda.mime import InvitationError
from agenda.models import (
    AgendaVersion,
    AuditEntry,
    Meeting,
    MessageKind,
    OutboxMessage,
    OutboxStatus,
    Person,
    Session,
    utcnow,
)
from agenda.outbox_policy import PlannedMessage, QuietHours
from agenda.programme import load_sessions
from meetingctl import outbox
from meetingctl.config import Config

PLAN_ACTION = "outbox.plan_version"
_SUPERSEDED_KINDS = (
    MessageKind.INVITATION,
    MessageKind.UPDATE,
    MessageKind.REMINDER_24H,
    MessageKind.REMINDER_1H,
    MessageKind.NUDGE,
)


def organizer(config: Config) -> Organizer:
    """The secretariat mailbox: [mail] sender/sender_name, else [meeting] secretariat_*."""
    email = config.mail.sender or config.meeting.secretariat_email
    name = config.mail.sender_name or config.meeting.secretariat_name
    domain = email.rsplit("@", 1)[-1] if "@" in email else config.meeting.uid_domain
    return Organizer(email=email, name=name, message_id_domain=domain)


def current_snapshot(db: DbSession, meeting: Meeting) -> dict[str, Any]:
    """The programme now, in the snapshot format of published versions."""
    sessions = []
    for session in load_sessions(db, meeting):
        sessions.append(
            {
                "uid": session.uid,
                "id": session.id,
                "kind": session.kind.value,
                "title_en": session.title_en,
                "title_es": session.title_es,
                "start": session.start.isoformat(),
                "end": session.end.isoformat(),
                "track": session.track,
                "objectives": session.objectives,
                "video_url": session.video_url,
                "sequence": session.sequence,
                "people": [
                    {
                        "person_id": a.person_id,
                        "role": a.role.value,
                        "status": a.status.value,
                        "email": a.person.email,
                    }
                    for a in session.assignments
                ],
            }
        )
    return {
        "meeting": {"id": meeting.id, "slug": meeting.slug, "home_tz": meeting.home_tz},
        "sessions": sessions,
    }


def publish(db: DbSession, meeting: Meeting, actor: str, note: str = "") -> AgendaVersion:
    """Publish a version: agenda.versions.publish when available, else a minimal local one."""
    try:
        from agenda.versions import publish as publish_version  # type: ignore[import-not-found]
    except ImportError:
        publish_version = None
    if publish_version is not None:
        return publish_version(db, meeting, actor, note)
    number = (
        db.scalar(
            select(func.max(AgendaVersion.number)).where(AgendaVersion.meeting_id == meeting.id)
        )
        or 0
    ) + 1
    version = AgendaVersion(
        meeting_id=meeting.id,
        number=number,
        actor=actor,
        note=note,
        snapshot=current_snapshot(db, meeting),
    )
    db.add(version)
    db.flush()
    audit.record(db, actor, "agenda.publish", "agenda_version", version.id, number=number)
    return version


def _version(db: DbSession, meeting: Meeting, number: int) -> AgendaVersion | None:
    return db.scalar(
        select(AgendaVersion).where(
            AgendaVersion.meeting_id == meeting.id, AgendaVersion.number == number
        )
    )


def last_planned_version(db: DbSession, meeting: Meeting) -> int:
    """Number of the newest version already turned into messages (0: none)."""
    entries = db.scalars(
        select(AuditEntry.details).where(
            AuditEntry.action == PLAN_ACTION, AuditEntry.entity_id == meeting.id
        )
    )
    return max((int(d.get("number", 0)) for d in entries), default=0)


def plan_publications(
    db: DbSession, meeting: Meeting, config: Config, *, now: datetime, actor: str = "scheduler"
) -> outbox.EnqueueReport | None:
    """Enqueue what the newest published version calls for; None when nothing new."""
    latest = db.scalar(
        select(AgendaVersion)
        .where(AgendaVersion.meeting_id == meeting.id)
        .order_by(AgendaVersion.number.desc())
        .limit(1)
    )
    done = last_planned_version(db, meeting)
    if latest is None or latest.number <= done:
        return None
    previous = _version(db, meeting, done) if done else None
    old = previous.snapshot if previous is not None else None
    settings = config.scheduler
    planned = outbox_policy.plan_publication(
        old,
        latest.snapshot,
        now=now,
        mode=settings.send_invitations,
        days_before=settings.invitations_days_before,
    )
    _supersede(db, old, latest.snapshot)
    report = enqueue_planned(
        db, meeting, planned, config, now=now, snapshots=[latest.snapshot, old]
    )
    audit.record(
        db,
        actor,
        PLAN_ACTION,
        "meeting",
        meeting.id,
        number=latest.number,
        created=len(report.created),
        problems=len(report.problems),
    )
    return report


def _supersede(db: DbSession, old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> None:
    before = {s["uid"]: s for s in (old or {}).get("sessions", [])}
    for entry in new.get("sessions", []):
        outbox.supersede(db, entry["uid"], int(entry.get("sequence") or 0), _SUPERSEDED_KINDS)
        prior = before.get(entry["uid"])
        if prior is not None:
            kept = set(outbox_policy.people_of(entry))
            gone = [pid for pid in outbox_policy.people_of(prior) if pid not in kept]
            if gone:
                outbox.supersede(db, entry["uid"], 2**31 - 1, _SUPERSEDED_KINDS, gone)
    uids = {e["uid"] for e in new.get("sessions", [])}
    for uid in before:
        if uid not in uids:
            outbox.supersede(db, uid, 2**31 - 1, _SUPERSEDED_KINDS)


def invited_pairs(db: DbSession) -> dict[tuple[int, str], datetime]:
    """(person_id, session uid) -> when their first invitation or update was sent."""
    rows = db.execute(
        select(OutboxMessage.person_id, OutboxMessage.session_uid, func.min(OutboxMessage.sent_at))
        .where(
            OutboxMessage.status == OutboxStatus.SENT,
            OutboxMessage.kind.in_((MessageKind.INVITATION, MessageKind.UPDATE)),
            OutboxMessage.person_id.is_not(None),
        )
        .group_by(OutboxMessage.person_id, OutboxMessage.session_uid)
    )
    return {(int(pid), uid): sent for pid, uid, sent in rows if sent is not None}


def plan_reminders_and_nudges(
    db: DbSession, meeting: Meeting, config: Config, *, now: datetime
) -> outbox.EnqueueReport:
    """Enqueue due reminders and nudges, only for people whose invitation went out."""
    settings = config.scheduler
    snapshot = current_snapshot(db, meeting)
    invited = invited_pairs(db)
    reminders = outbox_policy.plan_reminders(
        snapshot,
        now=now,
        hours=settings.reminder_hours,
        lookahead=timedelta(seconds=2 * settings.plan_interval_seconds),
        grace=timedelta(seconds=settings.misfire_grace_seconds),
    )
    nudges = outbox_policy.plan_nudges(
        snapshot, invited, now=now, after_days=settings.nudge_after_days
    )
    planned = [p for p in reminders if (p.person_id, p.session_uid) in invited] + nudges
    return enqueue_planned(db, meeting, planned, config, now=now, snapshots=[snapshot])


def invite_now(
    db: DbSession,
    meeting: Meeting,
    config: Config,
    *,
    now: datetime,
    session_uid: str | None = None,
) -> outbox.EnqueueReport:
    """Invitations for the programme as it is (``invite send``); already-sent ones are skipped."""
    snapshot = current_snapshot(db, meeting)
    if session_uid and not any(s["uid"] == session_uid for s in snapshot["sessions"]):
        raise NotFoundError(f"no session {session_uid!r} in meeting {meeting.slug!r}")
    planned = outbox_policy.plan_invitations(snapshot, now=now, session_uid=session_uid)
    return enqueue_planned(db, meeting, planned, config, now=now, snapshots=[snapshot])


def enqueue_planned(
    db: DbSession,
    meeting: Meeting,
    planned: Sequence[PlannedMessage],
    config: Config,
    *,
    now: datetime,
    snapshots: Iterable[Mapping[str, Any] | None] = (),
) -> outbox.EnqueueReport:
    """Build the email of every planned message not yet in the outbox and insert the rows.

    The MIME text is built now and stored, so every retry sends the same bytes. A person
    without a usable address gets a ``dead`` row naming the problem (never dropped silently).
    """
    fresh = [p for p in planned if p.key not in outbox.existing_keys(db, [p.key for p in planned])]
    if not fresh:
        return outbox.EnqueueReport(existing=[p.key for p in planned])
    entries = _snapshot_entries(snapshots)
    people = {
        p.id: p
        for p in db.scalars(select(Person).where(Person.id.in_({p.person_id for p in fresh})))
    }
    live = {
        s.uid: s
        for s in db.scalars(
            select(Session).where(
                Session.meeting_id == meeting.id, Session.uid.in_({p.session_uid for p in fresh})
            )
        )
    }
    view = meeting_view(meeting)
    sender = organizer(config)
    quiet = QuietHours.parse(config.scheduler.quiet_hours_start, config.scheduler.quiet_hours_end)
    starts = {uid: _session(uid, live, entries).start for uid in {p.session_uid for p in fresh}}
    zones = {pid: person.timezone for pid, person in people.items()}
    fresh = outbox_policy.apply_quiet_hours(fresh, quiet, zones, meeting.home_tz, starts)
    rows = []
    for item in fresh:
        session = _session(item.session_uid, live, entries)
        recipient = _recipient(item, people.get(item.person_id), entries.get(item.session_uid))
        rows.append(_row(meeting, view, session, recipient, item, sender, now))
    return outbox.enqueue(db, rows, now=now)


def _snapshot_entries(
    snapshots: Iterable[Mapping[str, Any] | None],
) -> dict[str, Mapping[str, Any]]:
    entries: dict[str, Mapping[str, Any]] = {}
    for snapshot in snapshots:
        for entry in (snapshot or {}).get("sessions", []):
            entries.setdefault(entry["uid"], entry)
    return entries


def _session(
    uid: str, live: Mapping[str, Session], entries: Mapping[str, Mapping[str, Any]]
) -> SessionView:
    if uid in live:
        return session_view(live[uid])
    if uid in entries:
        return session_view_from_snapshot(entries[uid])
    raise NotFoundError(f"session {uid!r} is neither in the programme nor in its versions")


def _recipient(
    item: PlannedMessage, person: Person | None, entry: Mapping[str, Any] | None
) -> RecipientView:
    roles = [r["role"] for r in (entry or {}).get("people", []) if r["person_id"] == item.person_id]
    if person is None:
        return RecipientView(
            person_id=item.person_id, name="", email=item.email, roles=tuple(roles)
        )
    view = recipient_view(person, roles)
    # The address planned (and in the key) is the one the message goes to.
    return RecipientView(
        view.person_id, view.name, item.email, view.languages, view.timezone, view.roles
    )


def _row(
    meeting: Meeting,
    view: MeetingView,
    session: SessionView,
    recipient: RecipientView,
    item: PlannedMessage,
    sender: Organizer,
    now: datetime,
) -> outbox.NewMessage:
    common = dict(
        key=item.key,
        kind=item.kind,
        session_uid=item.session_uid,
        sequence=item.sequence,
        person_id=item.person_id,
        meeting_id=meeting.id,
        urgent=item.urgent,
        not_before=item.not_before,
    )
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
        return outbox.NewMessage(
            recipient=recipient.email or "",
            **common,
            error=f"{who} (person {item.person_id}): {exc}",
        )
    return outbox.NewMessage(
        recipient=message.recipients[0], payload=message.mime.decode("ascii"), **common
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
