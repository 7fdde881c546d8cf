"""Reminders, nudges and quiet hours: when mail that is not an invitation goes out.

See :mod:`agenda.messaging.outbox_policy` for the rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta

from agenda.messaging.planned import (
    PlannedMessage,
    Snapshot,
    active_people,
    people_of,
    planned_message,
    sessions_of,
)
from agenda.model.enums import InvitationStatus, MessageKind
from agenda.time.zones import zone

#: Statuses of people who were invited but have not answered yet.
AWAITING_ANSWER = frozenset({InvitationStatus.NOMINATED, InvitationStatus.INVITED})
REMINDER_KINDS: dict[float, MessageKind] = {
    24.0: MessageKind.REMINDER_24H,
    1.0: MessageKind.REMINDER_1H,
}


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
        tz = zone(zone_name)
        local = moment.astimezone(tz)
        if not self.contains(local.time().replace(tzinfo=None)):
            return moment
        day = local.date()
        if local.time().replace(tzinfo=None) >= self.end:
            day = day + timedelta(days=1)
        # Wall-clock end of the window; a DST gap/fold resolves to a real instant via UTC.
        released = datetime.combine(day, self.end, tzinfo=tz).astimezone(UTC)
        return max(released, moment)


def plan_reminders(
    snapshot: Snapshot,
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
    for entry in sessions_of(snapshot).values():
        start = entry.start
        if start <= now:
            continue
        sequence = entry.sequence
        for hour in hours:
            kind = REMINDER_KINDS.get(float(hour))
            if kind is None:
                raise ValueError(f"reminder_hours: {hour} is not supported (use 24 and/or 1)")
            due = start - timedelta(hours=float(hour))
            if due > now + lookahead or now - due > grace:
                continue
            for person in active_people(entry).values():
                planned.append(
                    planned_message(
                        person, entry, kind, sequence, due, urgent=kind == MessageKind.REMINDER_1H
                    )
                )
    return planned


def plan_nudges(
    snapshot: Snapshot,
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
    for uid, entry in sessions_of(snapshot).items():
        if entry.start <= now:
            continue
        sequence = entry.sequence
        for pid, person in people_of(entry).items():
            sent = invited_at.get((pid, uid))
            if person.status not in AWAITING_ANSWER or sent is None:
                continue
            if now - sent >= timedelta(days=after_days):
                planned.append(planned_message(person, entry, MessageKind.NUDGE, sequence, now))
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


def session_starts(snapshot: Snapshot) -> dict[str, datetime]:
    """Session uid -> start (UTC) for a snapshot."""
    return {uid: e.start for uid, e in sessions_of(snapshot).items()}
