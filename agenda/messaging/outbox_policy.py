"""Which messages to send, to whom and when: pure planning over agenda snapshots.

Input is the snapshot format of published agenda versions::

    {"meeting": {...}, "sessions": [{"uid", "title_en", "title_es", "start", "end" (UTC ISO),
      "video_url", "sequence", "people": [{"person_id", "role", "status", "email"}]}]}

parsed once into :class:`agenda.programme.published.ProgrammeSnapshot` (the planners accept
either). Shared pieces are in :mod:`agenda.messaging.planned`; reminders, nudges and quiet hours
in :mod:`agenda.messaging.reminders` (re-exported here).

Output is a list of :class:`PlannedMessage` rows, each with an idempotency key
``recipient|session uid|kind|sequence``: planning the same situation twice yields the same keys,
so enqueueing is safe to repeat (the outbox ignores keys it already holds).

Rules:

* first publication: an invitation to every active person of every session;
* later publications (old -> new snapshot): new sessions -> invitations; a session whose
  SEQUENCE rose (or whose time, title or link changed) -> updates to its people only; people
  added -> invitations;
* cancellations (people removed or withdrawn, sessions removed) are not read from the version
  diff but from what the outbox actually sent (:func:`plan_sent_cancellations`, SEQUENCE = last
  sent + 1), so someone invited between two publications is withdrawn too. Declined people get
  nothing more;
* invitations go out on publication, or N days before the session (``days-before``);
* reminders 24 h and 1 h before each session; a nudge to those who have not answered N days
  after their invitation; nothing after a session has started;
* quiet hours (e.g. 21:00-08:00) in the recipient's zone delay mail that is not urgent.
  Urgent: 1 h reminders, and updates/cancellations for sessions less than 24 h away.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass, replace
from datetime import datetime

from agenda.messaging.planned import (
    URGENT_WINDOW,
    InvitationMode,
    Listed,
    PlannedMessage,
    Snapshot,
    active_people,
    idempotency_key,
    invitation_time,
    people_of,
    planned_message,
    sessions_of,
)
from agenda.messaging.reminders import (
    AWAITING_ANSWER,
    REMINDER_KINDS,
    QuietHours,
    apply_quiet_hours,
    plan_nudges,
    plan_reminders,
    session_starts,
)
from agenda.model.enums import ACTIVE_STATUSES, InvitationStatus, MessageKind
from agenda.programme.published import SnapshotSession

__all__ = [
    "AWAITING_ANSWER",
    "REMINDER_KINDS",
    "URGENT_WINDOW",
    "InvitationMode",
    "PlannedMessage",
    "QuietHours",
    "SentInvitation",
    "Snapshot",
    "apply_quiet_hours",
    "idempotency_key",
    "people_of",
    "plan_invitations",
    "plan_nudges",
    "plan_publication",
    "plan_reminders",
    "plan_sent_cancellations",
    "reconcile_with_delivered",
    "reconcile_with_sent",
    "session_starts",
]


def plan_publication(
    old: Snapshot,
    new: Snapshot,
    *,
    now: datetime,
    mode: InvitationMode = "on-publish",
    days_before: int = 14,
) -> list[PlannedMessage]:
    """Invitations and updates a publication calls for (see the module docstring; the
    cancellations come from :func:`plan_sent_cancellations`). Past sessions get nothing.

    With ``mode == "manual"`` invitations to new people are not planned (``invite send`` does
    it), but updates and cancellations to people already invited still are.
    """
    before, after = sessions_of(old), sessions_of(new)
    planned: list[PlannedMessage] = []
    for uid, entry in after.items():
        if entry.end <= now:
            continue
        sequence = entry.sequence
        urgent = entry.start - now < URGENT_WINDOW
        invite_at = invitation_time(entry, now, mode, days_before)
        current = active_people(entry)
        previous_entry = before.get(uid)
        previous = active_people(previous_entry) if previous_entry is not None else {}
        changed = previous_entry is not None and entry.changed_since(previous_entry)
        for pid, person in current.items():
            if pid not in previous:
                if mode != "manual":
                    planned.append(
                        planned_message(person, entry, MessageKind.INVITATION, sequence, invite_at)
                    )
            elif changed:
                planned.append(
                    planned_message(person, entry, MessageKind.UPDATE, sequence, now, urgent)
                )
    return planned


def reconcile_with_delivered(
    planned: Iterable[PlannedMessage],
    delivered: Set[tuple[int, str]],
    snapshot: Snapshot,
    *,
    now: datetime,
    mode: InvitationMode = "on-publish",
    days_before: int = 14,
) -> list[PlannedMessage]:
    """Adjust a publication plan to what actually reached people.

    ``delivered`` holds (person_id, session uid) pairs whose invitation or update was sent (or is
    being sent). Someone whose invitation never went out (e.g. still waiting for its
    ``days-before`` date) gets an invitation for the new version instead of an update (nothing in
    ``manual`` mode).
    """
    entries = sessions_of(snapshot)
    result = []
    for message in planned:
        pair = (message.person_id, message.session_uid)
        if pair in delivered or message.kind != MessageKind.UPDATE:
            result.append(message)
            continue
        if mode == "manual":
            continue
        entry = entries[message.session_uid]
        kind = MessageKind.INVITATION
        result.append(
            replace(
                message,
                kind=kind,
                key=idempotency_key(
                    message.email, message.person_id, message.session_uid, kind, message.sequence
                ),
                not_before=invitation_time(entry, now, mode, days_before),
                urgent=False,
            )
        )
    return result


@dataclass(frozen=True, slots=True)
class SentInvitation:
    """The newest invitation or update that reached a person for a session (from the outbox),
    not followed by a cancellation: what a CANCEL must withdraw."""

    person_id: int
    session_uid: str
    email: str
    sequence: int


def reconcile_with_sent(
    planned: Iterable[PlannedMessage],
    sent: Iterable[SentInvitation],
    snapshot: Snapshot,
    *,
    now: datetime,
) -> list[PlannedMessage]:
    """Make a publication plan right for people who already hold an invitation.

    ``sent`` is what reached people (:class:`SentInvitation`, newest SEQUENCE per person and
    session, not cancelled since). Whatever the previous publication planned was, and whatever
    the invitation mode (``manual`` included):

    * an invitation planned for someone who already holds one for that session becomes an
      update when the session's SEQUENCE rose past the one they hold, and is dropped otherwise
      (they have it already);
    * everyone active in a session whose SEQUENCE rose past the one they hold gets an update,
      even when nothing else planned one (e.g. ``invite send`` invited them, or no planning
      ran between two publications).
    """
    held = {(r.person_id, r.session_uid): r for r in sent}
    entries = sessions_of(snapshot)
    result: list[PlannedMessage] = []
    for message in planned:
        record = held.get((message.person_id, message.session_uid))
        if message.kind != MessageKind.INVITATION or record is None:
            result.append(message)
            continue
        same_address = (message.email or "").lower() == record.email.lower()
        if message.sequence <= record.sequence and same_address:
            continue
        if message.sequence <= record.sequence:
            result.append(message)  # a new address: that one holds nothing yet
            continue
        entry = entries.get(message.session_uid)
        urgent = entry is not None and entry.start - now < URGENT_WINDOW
        person = Listed(message.person_id, message.email, InvitationStatus.INVITED)
        if entry is not None:
            result.append(
                planned_message(person, entry, MessageKind.UPDATE, message.sequence, now, urgent)
            )
    covered = {
        (m.person_id, m.session_uid)
        for m in result
        if m.kind in (MessageKind.INVITATION, MessageKind.UPDATE)
    }
    for uid, entry in entries.items():
        if entry.end <= now:
            continue
        sequence = entry.sequence
        urgent = entry.start - now < URGENT_WINDOW
        for pid, person in active_people(entry).items():
            record = held.get((pid, uid))
            if record is None or (pid, uid) in covered or sequence <= record.sequence:
                continue
            result.append(planned_message(person, entry, MessageKind.UPDATE, sequence, now, urgent))
    return result


def plan_sent_cancellations(
    snapshot: Snapshot,
    sent: Iterable[SentInvitation],
    *,
    now: datetime,
    known_sessions: Iterable[Snapshot] = (),
) -> list[PlannedMessage]:
    """A cancellation for every invitation that went out to someone who is no longer active
    in that session (removed, withdrawn, or the session itself removed).

    Derived from what was actually sent rather than from a version diff, so a person invited
    between two publications is cancelled too. The CANCEL goes to the address the invitation
    went to, with SEQUENCE = the last one sent + 1 (RFC 5546 3.2.5: clients ignore a CANCEL
    that is not newer than what they hold). People who declined, and sessions that have
    ended, get nothing. ``known_sessions`` (older snapshots) give the times of removed sessions.
    """
    entries = sessions_of(snapshot)
    times: dict[str, SnapshotSession] = {}
    for older in known_sessions:
        for uid, older_entry in sessions_of(older).items():
            times.setdefault(uid, older_entry)
    times.update(entries)
    planned = []
    for record in sent:
        entry = entries.get(record.session_uid)
        listed = people_of(entry)
        person = listed.get(record.person_id)
        if person is not None and person.status in ACTIVE_STATUSES:
            continue
        if person is not None and person.status == InvitationStatus.DECLINED:
            continue  # they said no; a cancellation would only confuse
        timing = times.get(record.session_uid)
        if timing is not None and timing.end <= now:
            continue
        urgent = timing is not None and timing.start - now < URGENT_WINDOW
        target = Listed(record.person_id, record.email, InvitationStatus.WITHDRAWN)
        kind, sequence = MessageKind.CANCELLATION, record.sequence + 1
        planned.append(
            PlannedMessage(
                key=idempotency_key(
                    target.email, target.person_id, record.session_uid, kind, sequence
                ),
                person_id=target.person_id,
                email=target.email,
                session_uid=record.session_uid,
                kind=kind,
                sequence=sequence,
                not_before=now,
                urgent=urgent,
            )
        )
    return planned


def plan_invitations(
    snapshot: Snapshot, *, now: datetime, session_uid: str | None = None
) -> list[PlannedMessage]:
    """Invitations for everyone active now (``invite send``), optionally one session only."""
    planned = []
    for uid, entry in sessions_of(snapshot).items():
        if (session_uid and uid != session_uid) or entry.end <= now:
            continue
        sequence = entry.sequence
        for person in active_people(entry).values():
            planned.append(planned_message(person, entry, MessageKind.INVITATION, sequence, now))
    return planned
