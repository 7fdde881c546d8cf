"""Invitations from the database: plan (agenda.messaging.outbox_policy), build
(agenda.messaging.invitations),
enqueue (meetingctl.delivery.enqueueing).

Publications are processed once each: the number of the last version turned into messages is
kept in the audit log (action ``outbox.plan_version``), and the next run diffs that version's
snapshot against the newest one. Everything is idempotent (outbox keys), so running a planning
step twice, or after a crash half-way, never duplicates a message.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from agenda.messaging import outbox_policy
from agenda.messaging.invitations import event_from_mime
from agenda.messaging.outbox_policy import PlannedMessage
from agenda.model import audit
from agenda.model.enums import ACTIVE_STATUSES, InvitationStatus, MessageKind
from agenda.model.errors import NotFoundError
from agenda.model.orm import AgendaVersion, AuditEntry, Meeting, RoleAssignment, Session
from agenda.people import roster
from agenda.programme.published import ProgrammeSnapshot, SnapshotSession, parse_utc
from agenda.programme.reading import load_sessions
from agenda.programme.versions import snapshot
from meetingctl.config import Config
from meetingctl.delivery import admin as outbox_admin
from meetingctl.delivery.building import enqueue_planned, find_session, organizer, preview
from meetingctl.delivery.enqueueing import EnqueueReport
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus

PLAN_ACTION = "outbox.plan_version"
#: Rows that count as an invitation on its way (for the nominated -> invited move).
_INVITING = (OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.SENT, OutboxStatus.FAILED)
#: Rows read to find what a cancellation must withdraw (dead/cancelled rows never reached anyone).
_CANCEL_BASIS = _INVITING
_SUPERSEDED_KINDS = (
    MessageKind.INVITATION,
    MessageKind.UPDATE,
    MessageKind.REMINDER_24H,
    MessageKind.REMINDER_1H,
    MessageKind.NUDGE,
)


def _person_id(value: int | None) -> int:
    """The person id of an outbox row read with ``person_id IS NOT NULL`` (never None there)."""
    if value is None:
        raise RuntimeError("outbox row without a person id where the query excluded those")
    return int(value)


def current_snapshot(db: DbSession, meeting: Meeting) -> dict[str, Any]:
    """The programme now, in the JSON snapshot format of published versions."""
    return snapshot(meeting, load_sessions(db, meeting))


def current_programme(db: DbSession, meeting: Meeting) -> ProgrammeSnapshot:
    """The programme now, as a parsed snapshot (what the planners read)."""
    return ProgrammeSnapshot.parse(current_snapshot(db, meeting))


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
) -> EnqueueReport | None:
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
    old = ProgrammeSnapshot.parse(previous.snapshot) if previous is not None else None
    new = ProgrammeSnapshot.parse(latest.snapshot)
    settings = config.scheduler
    planned = outbox_policy.plan_publication(
        old,
        new,
        now=now,
        mode=settings.send_invitations,
        days_before=settings.invitations_days_before,
    )
    # Cancellations come from what was actually sent (below), not from the version diff.
    if old is not None:
        planned = outbox_policy.reconcile_with_delivered(
            planned,
            delivered_pairs(db, meeting),
            new,
            now=now,
            mode=settings.send_invitations,
            days_before=settings.invitations_days_before,
        )
    sent = sent_invitations(db, meeting)
    planned = outbox_policy.reconcile_with_sent(planned, sent, new, now=now)
    gone = {r.session_uid for r in sent} - set(new.by_uid())
    earlier = _entries_of_removed(db, meeting, gone)
    planned += outbox_policy.plan_sent_cancellations(
        new, sent, now=now, known_sessions=[old, earlier]
    )
    _supersede(db, old, new)
    report = enqueue_planned(db, meeting, planned, config, now=now, snapshots=[new, old, earlier])
    mark_invited(db, meeting, planned, actor)
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


def _entries_of_removed(db: DbSession, meeting: Meeting, uids: set[str]) -> ProgrammeSnapshot:
    """A snapshot of the sessions ``uids`` as last published (newest version first), else as
    last sent (read back from the calendar part of the newest message that reached someone):
    what cancellations of sessions no longer in the programme are built from."""
    found: dict[str, SnapshotSession] = {}
    if uids:
        versions = db.scalars(
            select(AgendaVersion.snapshot)
            .where(AgendaVersion.meeting_id == meeting.id)
            .order_by(AgendaVersion.number.desc())
        )
        for version_snapshot in versions:
            for entry in ProgrammeSnapshot.parse(version_snapshot).sessions:
                if entry.uid in uids:
                    found.setdefault(entry.uid, entry)
            if len(found) == len(uids):
                break
    for uid in sorted(uids - set(found)):
        payload = db.scalar(
            select(OutboxMessage.payload)
            .where(
                OutboxMessage.meeting_id == meeting.id,
                OutboxMessage.session_uid == uid,
                OutboxMessage.status.in_((OutboxStatus.SENT, OutboxStatus.SENDING)),
                OutboxMessage.payload != "",
            )
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        )
        event = event_from_mime(payload.encode("utf-8")) if payload else None
        if event is not None:
            found[uid] = SnapshotSession(
                uid=uid,
                start=parse_utc(event.start),
                end=parse_utc(event.end),
                sequence=event.sequence,
                title_en=event.summary,
                title_es=event.summary,
                video_url=event.url,
                room=event.location,
            )
    return ProgrammeSnapshot(tuple(found.values()))


def _supersede(db: DbSession, old: ProgrammeSnapshot | None, after: ProgrammeSnapshot) -> None:
    before = ProgrammeSnapshot.parse(old).by_uid()
    for entry in after.sessions:
        outbox_admin.supersede(db, entry.uid, entry.sequence, _SUPERSEDED_KINDS)
        listed = outbox_policy.people_of(entry)
        kept = {pid for pid, p in listed.items() if p.status in ACTIVE_STATUSES}
        # Removed, withdrawn or declined people: their unsent messages are stale.
        was = outbox_policy.people_of(before.get(entry.uid))
        gone = [pid for pid in set(listed) | set(was) if pid not in kept]
        if gone:
            outbox_admin.supersede(db, entry.uid, 2**31 - 1, _SUPERSEDED_KINDS, gone)
    uids = {e.uid for e in after.sessions}
    for uid in before:
        if uid not in uids:
            outbox_admin.supersede(db, uid, 2**31 - 1, _SUPERSEDED_KINDS)


def invited_pairs(db: DbSession, meeting: Meeting) -> dict[tuple[int, str], datetime]:
    """(person_id, session uid) -> when their first invitation or update for a session of
    ``meeting`` was sent."""
    rows = db.execute(
        select(OutboxMessage.person_id, OutboxMessage.session_uid, func.min(OutboxMessage.sent_at))
        .where(
            OutboxMessage.meeting_id == meeting.id,
            OutboxMessage.status == OutboxStatus.SENT,
            OutboxMessage.kind.in_((MessageKind.INVITATION, MessageKind.UPDATE)),
            OutboxMessage.person_id.is_not(None),
        )
        .group_by(OutboxMessage.person_id, OutboxMessage.session_uid)
    )
    return {(_person_id(pid), uid): sent for pid, uid, sent in rows if sent is not None}


def sent_invitations(db: DbSession, meeting: Meeting) -> list[outbox_policy.SentInvitation]:
    """Invitations/updates for ``meeting`` sent (or being sent) and not followed by a queued or
    sent cancellation, newest per (person, session): what a CANCEL has to withdraw."""
    rows = db.execute(
        select(
            OutboxMessage.person_id,
            OutboxMessage.session_uid,
            OutboxMessage.kind,
            OutboxMessage.status,
            OutboxMessage.recipient,
            OutboxMessage.sequence,
        )
        .where(
            OutboxMessage.meeting_id == meeting.id,
            OutboxMessage.person_id.is_not(None),
            OutboxMessage.kind.in_(
                (MessageKind.INVITATION, MessageKind.UPDATE, MessageKind.CANCELLATION)
            ),
            OutboxMessage.status.in_(_CANCEL_BASIS),
        )
        .order_by(OutboxMessage.id)
    )
    latest: dict[tuple[int, str], outbox_policy.SentInvitation | None] = {}
    for pid, uid, kind, status, recipient, sequence in rows:
        pair = (_person_id(pid), str(uid))
        if kind == MessageKind.CANCELLATION:
            latest[pair] = None  # queued or sent: that invitation is withdrawn already
        elif status in (OutboxStatus.SENT, OutboxStatus.SENDING) and recipient:
            previous = latest.get(pair)
            highest = max(int(sequence), previous.sequence if previous else -1)
            latest[pair] = outbox_policy.SentInvitation(pair[0], pair[1], recipient, highest)
    return [record for record in latest.values() if record is not None]


def mark_invited(
    db: DbSession, meeting: Meeting, planned: Iterable[PlannedMessage], actor: str
) -> int:
    """Move nominated people to ``invited`` once an invitation (or update) to them for a
    session is in the outbox, queued or sent (not dead or cancelled), in the caller's
    transaction, through :func:`agenda.people.roster.change_status` (history row + audit entry).

    Returns the number of assignments moved.
    """
    wanted = [p for p in planned if p.kind in (MessageKind.INVITATION, MessageKind.UPDATE)]
    if not wanted:
        return 0
    queued: set[tuple[int, str]] = set()
    keys = [p.key for p in wanted]
    for start in range(0, len(keys), 500):
        queued.update(
            (_person_id(pid), uid)
            for pid, uid in db.execute(
                select(OutboxMessage.person_id, OutboxMessage.session_uid).where(
                    OutboxMessage.meeting_id == meeting.id,
                    OutboxMessage.idempotency_key.in_(keys[start : start + 500]),
                    OutboxMessage.status.in_(_INVITING),
                    OutboxMessage.person_id.is_not(None),
                )
            )
        )
    if not queued:
        return 0
    rows = db.execute(
        select(RoleAssignment.id, RoleAssignment.person_id, Session.uid)
        .join(Session, RoleAssignment.session_id == Session.id)
        .where(
            Session.meeting_id == meeting.id,
            Session.uid.in_({uid for _, uid in queued}),
            RoleAssignment.status == InvitationStatus.NOMINATED,
        )
        .order_by(RoleAssignment.id)
    )
    moved = 0
    for assignment_id, person_id, uid in rows.all():
        if (int(person_id), uid) in queued:
            roster.change_status(
                db, assignment_id, InvitationStatus.INVITED, actor, note="invitation queued"
            )
            moved += 1
    return moved


def delivered_pairs(db: DbSession, meeting: Meeting) -> set[tuple[int, str]]:
    """(person_id, session uid) pairs of ``meeting`` whose invitation or update was sent or is
    being sent."""
    rows = db.execute(
        select(OutboxMessage.person_id, OutboxMessage.session_uid)
        .where(
            OutboxMessage.meeting_id == meeting.id,
            OutboxMessage.status.in_((OutboxStatus.SENT, OutboxStatus.SENDING)),
            OutboxMessage.kind.in_((MessageKind.INVITATION, MessageKind.UPDATE)),
            OutboxMessage.person_id.is_not(None),
        )
        .distinct()
    )
    return {(_person_id(pid), uid) for pid, uid in rows}


def plan_reminders_and_nudges(
    db: DbSession, meeting: Meeting, config: Config, *, now: datetime
) -> EnqueueReport:
    """Enqueue due reminders and nudges, only for people whose invitation went out."""
    settings = config.scheduler
    snapshot = current_programme(db, meeting)
    invited = invited_pairs(db, meeting)
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
    actor: str = "invite-send",
) -> EnqueueReport:
    """Invitations for the programme as it is (``invite send``); already-sent ones are skipped.

    Nominated people are invited too: queueing their invitation moves them to ``invited``.
    """
    snapshot = current_programme(db, meeting)
    if session_uid and session_uid not in snapshot.by_uid():
        raise NotFoundError(f"no session {session_uid!r} in meeting {meeting.slug!r}")
    planned = outbox_policy.plan_invitations(snapshot, now=now, session_uid=session_uid)
    report = enqueue_planned(db, meeting, planned, config, now=now, snapshots=[snapshot])
    mark_invited(db, meeting, planned, actor)
    return report


__all__ = [
    "current_programme",
    "current_snapshot",
    "enqueue_planned",
    "find_session",
    "invite_now",
    "organizer",
    "plan_publications",
    "plan_reminders_and_nudges",
    "preview",
]
