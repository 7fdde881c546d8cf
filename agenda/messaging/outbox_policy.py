"""Which messages to send, to whom and when: pure planning over agenda snapshots.

Input is the snapshot format of published agenda versions::

    {"meeting": {...}, "sessions": [{"uid", "title_en", "title_es", "start", "end" (UTC ISO),
      "video_url", "sequence", "people": [{"person_id", "role", "status", "email"}]}]}

Output is a list of :class:`PlannedMessage` rows, each with an idempotency key
``recipient|session uid|kind|sequence``: planning the same situation twice yields the same keys,
so enqueueing is safe to repeat (the outbox ignores keys it already holds).

Rules:

* first publication: an invitation to every active person of every session;
* later publications (old -> new snapshot): new sessions -> invitations; removed sessions ->
  cancellations (SEQUENCE raised by one) to their people; a session whose SEQUENCE rose (or
  whose time, title or link changed) -> updates to its people only; people added -> invitations;
  people removed (or withdrawn) -> cancellations. Declined people get nothing more.
  The application replaces these diff-based cancellations by :func:`plan_sent_cancellations`,
  derived from what the outbox actually sent (SEQUENCE = last sent + 1);
* invitations go out on publication, or N days before the session (``days-before``);
* reminders 24 h and 1 h before each session; a nudge to those who have not answered N days
  after their invitation; nothing after a session has started;
* quiet hours (e.g. 21:00-08:00) in the recipient's zone delay mail that is not urgent.
  Urgent: 1 h reminders, and updates/cancellations for sessions less than 24 h away.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from agenda.model.orm import ACTIVE_STATUSES, InvitationStatus, MessageKind

InvitationMode = Literal["on-publish", "days-before", "manual"]
#: Statuses of people who were invited but have not answered yet.
AWAITING_ANSWER = frozenset({InvitationStatus.NOMINATED, InvitationStatus.INVITED})
REMINDER_KINDS: dict[float, MessageKind] = {
    24.0: MessageKind.REMINDER_24H,
    1.0: MessageKind.REMINDER_1H,
}
URGENT_WINDOW = timedelta(hours=24)
_CHANGE_FIELDS = ("start", "end", "title_en", "title_es", "video_url")


@dataclass(frozen=True, slots=True)
class PlannedMessage:
    """One message to enqueue. ``email`` None means the person has no address (reported)."""

    key: str
    person_id: int
    email: str | None
    session_uid: str
    kind: MessageKind
    sequence: int
    not_before: datetime
    urgent: bool = False


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A daily window (local time of the recipient) in which non-urgent mail waits."""

    start: time
    end: time

    @classmethod
    def parse(cls, start: str, end: str) -> QuietHours:
        """From "HH:MM" strings, e.g. QuietHours.parse("21:00", "08:00")."""
        return cls(time.fromisoformat(start), time.fromisoformat(end))

    def contains(self, local: time) -> bool:
        """True when ``local`` (wall-clock time) falls in the window (which may span midnight)."""
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def release(self, moment: datetime, zone_name: str) -> datetime:
        """``moment`` if outside the window, else the end of the window (UTC)."""
        tz = ZoneInfo(zone_name)
        local = moment.astimezone(tz)
        if not self.contains(local.time().replace(tzinfo=None)):
            return moment
        day = local.date()
        if local.time().replace(tzinfo=None) >= self.end:
            day = day + timedelta(days=1)
        # Wall-clock end of the window; a DST gap/fold resolves to a real instant via UTC.
        released = datetime.combine(day, self.end, tzinfo=tz).astimezone(UTC)
        return max(released, moment)


def idempotency_key(
    recipient: str | None, person_id: int, session_uid: str, kind: MessageKind | str, sequence: int
) -> str:
    """``recipient|session uid|kind|sequence``; recipient is the lower-cased address, or
    ``person:<id>`` for a person without one."""
    who = (recipient or "").strip().lower() or f"person:{person_id}"
    return f"{who}|{session_uid}|{MessageKind(kind).value}|{int(sequence)}"


def _when(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        raise ValueError(f"snapshot time {value!r} has no UTC offset")
    return moment.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class _Person:
    person_id: int
    email: str | None
    status: InvitationStatus


def people_of(entry: Mapping[str, Any]) -> dict[int, _Person]:
    """Everyone listed on a snapshot session (several roles of one person merged)."""
    found: dict[int, _Person] = {}
    for row in entry.get("people") or ():
        pid = int(row["person_id"])
        status = InvitationStatus(row.get("status") or InvitationStatus.NOMINATED)
        previous = found.get(pid)
        # Active in any role means active in the session.
        if previous is None or (
            status in ACTIVE_STATUSES and previous.status not in ACTIVE_STATUSES
        ):
            found[pid] = _Person(pid, (row.get("email") or None), status)
    return found


def _active(entry: Mapping[str, Any]) -> dict[int, _Person]:
    return {pid: p for pid, p in people_of(entry).items() if p.status in ACTIVE_STATUSES}


def _sessions(snapshot: Mapping[str, Any] | None) -> dict[str, Mapping[str, Any]]:
    return {str(s["uid"]): s for s in (snapshot or {}).get("sessions") or ()}


def _planned(
    person: _Person,
    entry: Mapping[str, Any],
    kind: MessageKind,
    sequence: int,
    not_before: datetime,
    urgent: bool = False,
) -> PlannedMessage:
    uid = str(entry["uid"])
    return PlannedMessage(
        key=idempotency_key(person.email, person.person_id, uid, kind, sequence),
        person_id=person.person_id,
        email=person.email,
        session_uid=uid,
        kind=kind,
        sequence=sequence,
        not_before=not_before,
        urgent=urgent,
    )


def _invitation_time(
    entry: Mapping[str, Any], now: datetime, mode: InvitationMode, days_before: int
) -> datetime:
    if mode == "days-before":
        return max(now, _when(entry["start"]) - timedelta(days=days_before))
    return now


def _changed(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    if int(new.get("sequence") or 0) > int(old.get("sequence") or 0):
        return True
    return any(str(old.get(f) or "") != str(new.get(f) or "") for f in _CHANGE_FIELDS)


def plan_publication(
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any],
    *,
    now: datetime,
    mode: InvitationMode = "on-publish",
    days_before: int = 14,
) -> list[PlannedMessage]:
    """Messages a publication calls for (see the module docstring). Past sessions get nothing.

    With ``mode == "manual"`` invitations to new people are not planned (``invite send`` does
    it), but updates and cancellations to people already invited still are.
    """
    before, after = _sessions(old), _sessions(new)
    planned: list[PlannedMessage] = []
    for uid, entry in after.items():
        if _when(entry["end"]) <= now:
            continue
        sequence = int(entry.get("sequence") or 0)
        urgent = _when(entry["start"]) - now < URGENT_WINDOW
        invite_at = _invitation_time(entry, now, mode, days_before)
        current = _active(entry)
        previous_entry = before.get(uid)
        previous = _active(previous_entry) if previous_entry is not None else {}
        changed = previous_entry is not None and _changed(previous_entry, entry)
        for pid, person in current.items():
            if pid not in previous:
                if mode != "manual":
                    planned.append(
                        _planned(person, entry, MessageKind.INVITATION, sequence, invite_at)
                    )
            elif changed:
                planned.append(_planned(person, entry, MessageKind.UPDATE, sequence, now, urgent))
        if previous_entry is None:
            continue
        status_now = people_of(entry)
        cancel_seq = max(sequence, int(previous_entry.get("sequence") or 0))
        for pid, person in previous.items():
            if pid in current:
                continue
            later = status_now.get(pid)
            if later is not None and later.status == InvitationStatus.DECLINED:
                continue  # they said no; a cancellation would only confuse
            planned.append(
                _planned(person, entry, MessageKind.CANCELLATION, cancel_seq, now, urgent)
            )
    for uid, entry in before.items():
        if uid in after or _when(entry["end"]) <= now:
            continue
        sequence = int(entry.get("sequence") or 0) + 1
        urgent = _when(entry["start"]) - now < URGENT_WINDOW
        for person in _active(entry).values():
            planned.append(_planned(person, entry, MessageKind.CANCELLATION, sequence, now, urgent))
    return planned


def reconcile_with_delivered(
    planned: Iterable[PlannedMessage],
    delivered: Set[tuple[int, str]],
    snapshot: Mapping[str, Any],
    *,
    now: datetime,
    mode: InvitationMode = "on-publish",
    days_before: int = 14,
) -> list[PlannedMessage]:
    """Adjust a publication plan to what actually reached people.

    ``delivered`` holds (person_id, session uid) pairs whose invitation or update was sent (or is
    being sent). Someone whose invitation never went out (e.g. still waiting for its
    ``days-before`` date) gets an invitation for the new version instead of an update (nothing in
    ``manual`` mode), and no cancellation: nothing reached them to cancel.
    """
    entries = _sessions(snapshot)
    result = []
    for message in planned:
        pair = (message.person_id, message.session_uid)
        if pair in delivered or message.kind not in (MessageKind.UPDATE, MessageKind.CANCELLATION):
            result.append(message)
            continue
        if message.kind == MessageKind.CANCELLATION or mode == "manual":
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
                not_before=_invitation_time(entry, now, mode, days_before),
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
    snapshot: Mapping[str, Any],
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
    entries = _sessions(snapshot)
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
        urgent = entry is not None and _when(entry["start"]) - now < URGENT_WINDOW
        person = _Person(message.person_id, message.email, InvitationStatus.INVITED)
        if entry is not None:
            result.append(
                _planned(person, entry, MessageKind.UPDATE, message.sequence, now, urgent)
            )
    covered = {
        (m.person_id, m.session_uid)
        for m in result
        if m.kind in (MessageKind.INVITATION, MessageKind.UPDATE)
    }
    for uid, entry in entries.items():
        if _when(entry["end"]) <= now:
            continue
        sequence = int(entry.get("sequence") or 0)
        urgent = _when(entry["start"]) - now < URGENT_WINDOW
        for pid, person in _active(entry).items():
            record = held.get((pid, uid))
            if record is None or (pid, uid) in covered or sequence <= record.sequence:
                continue
            result.append(_planned(person, entry, MessageKind.UPDATE, sequence, now, urgent))
    return result


def plan_sent_cancellations(
    snapshot: Mapping[str, Any],
    sent: Iterable[SentInvitation],
    *,
    now: datetime,
    known_sessions: Iterable[Mapping[str, Any] | None] = (),
) -> list[PlannedMessage]:
    """A cancellation for every invitation that went out to someone who is no longer active
    in that session (removed, withdrawn, or the session itself removed).

    Derived from what was actually sent rather than from a version diff, so a person invited
    between two publications is cancelled too. The CANCEL goes to the address the invitation
    went to, with SEQUENCE = the last one sent + 1 (RFC 5546 3.2.5: clients ignore a CANCEL
    that is not newer than what they hold). People who declined, and sessions that have
    ended, get nothing. ``known_sessions`` (older snapshots) give the times of removed sessions.
    """
    entries = _sessions(snapshot)
    times: dict[str, Mapping[str, Any]] = {}
    for older in known_sessions:
        for uid, older_entry in _sessions(older).items():
            times.setdefault(uid, older_entry)
    times.update(entries)
    planned = []
    for record in sent:
        entry = entries.get(record.session_uid)
        listed = people_of(entry) if entry is not None else {}
        person = listed.get(record.person_id)
        if person is not None and person.status in ACTIVE_STATUSES:
            continue
        if person is not None and person.status == InvitationStatus.DECLINED:
            continue  # they said no; a cancellation would only confuse
        timing = times.get(record.session_uid)
        if timing is not None and _when(timing["end"]) <= now:
            continue
        urgent = timing is not None and _when(timing["start"]) - now < URGENT_WINDOW
        target = _Person(record.person_id, record.email, InvitationStatus.WITHDRAWN)
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
    snapshot: Mapping[str, Any], *, now: datetime, session_uid: str | None = None
) -> list[PlannedMessage]:
    """Invitations for everyone active now (``invite send``), optionally one session only."""
    planned = []
    for uid, entry in _sessions(snapshot).items():
        if (session_uid and uid != session_uid) or _when(entry["end"]) <= now:
            continue
        sequence = int(entry.get("sequence") or 0)
        for person in _active(entry).values():
            planned.append(_planned(person, entry, MessageKind.INVITATION, sequence, now))
    return planned


def plan_reminders(
    snapshot: Mapping[str, Any],
    *,
    now: datetime,
    hours: Iterable[float] = (24.0, 1.0),
    lookahead: timedelta = timedelta(minutes=5),
    grace: timedelta = timedelta(hours=1),
) -> list[PlannedMessage]:
    """Reminders falling due by ``now + lookahead`` (not_before = their due time).

    A reminder whose due time passed more than ``grace`` ago, or whose session has started,
    is skipped: a late reminder helps only while the session is still ahead.
    """
    planned = []
    for entry in _sessions(snapshot).values():
        start = _when(entry["start"])
        if start <= now:
            continue
        sequence = int(entry.get("sequence") or 0)
        for hour in hours:
            kind = REMINDER_KINDS.get(float(hour))
            if kind is None:
                raise ValueError(f"reminder_hours: {hour} is not supported (use 24 and/or 1)")
            due = start - timedelta(hours=float(hour))
            if due > now + lookahead or now - due > grace:
                continue
            for person in _active(entry).values():
                planned.append(
                    _planned(
                        person, entry, kind, sequence, due, urgent=kind == MessageKind.REMINDER_1H
                    )
                )
    return planned


def plan_nudges(
    snapshot: Mapping[str, Any],
    invited_at: Mapping[tuple[int, str], datetime],
    *,
    now: datetime,
    after_days: int,
) -> list[PlannedMessage]:
    """A nudge to people who have not answered ``after_days`` after their invitation was sent.

    ``invited_at`` maps (person_id, session uid) to when the invitation went out.
    """
    if after_days <= 0:
        return []
    planned = []
    for uid, entry in _sessions(snapshot).items():
        if _when(entry["start"]) <= now:
            continue
        sequence = int(entry.get("sequence") or 0)
        for pid, person in people_of(entry).items():
            sent = invited_at.get((pid, uid))
            if person.status not in AWAITING_ANSWER or sent is None:
                continue
            if now - sent >= timedelta(days=after_days):
                planned.append(_planned(person, entry, MessageKind.NUDGE, sequence, now))
    return planned


def apply_quiet_hours(
    planned: Iterable[PlannedMessage],
    quiet: QuietHours,
    zones: Mapping[int, str | None],
    home_tz: str,
    session_starts: Mapping[str, datetime] | None = None,
) -> list[PlannedMessage]:
    """Delay non-urgent messages falling in the recipient's quiet hours to the window's end.

    If the delay would bring a message within an hour of its session's start, it is sent
    at the planned time and marked urgent instead.
    """
    result = []
    starts = session_starts or {}
    for message in planned:
        if message.urgent:
            result.append(message)
            continue
        zone_name = zones.get(message.person_id) or home_tz
        released = quiet.release(message.not_before, zone_name)
        start = starts.get(message.session_uid)
        if start is not None and released > start - timedelta(hours=1):
            result.append(replace(message, urgent=True))
        else:
            result.append(replace(message, not_before=released))
    return result


def session_starts(snapshot: Mapping[str, Any]) -> dict[str, datetime]:
    """Session uid -> start (UTC) for a snapshot."""
    return {uid: _when(e["start"]) for uid, e in _sessions(snapshot).items()}
