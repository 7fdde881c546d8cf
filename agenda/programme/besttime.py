"""Best start times: rank the start times of a meeting day by how many people would be out of hours.

People are grouped by zone (their own, else their country's capital zone, else the home zone), so
a day with 5,000 invited people costs one conversion per zone and candidate, not per person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from agenda.model.enums import ACTIVE_STATUSES, SessionKind
from agenda.model.errors import ValidationError
from agenda.model.orm import Meeting, Person, Session
from agenda.time.policy import person_zone
from agenda.time.slots import Window, day_date, local_span
from agenda.time.zones import local_to_utc


@dataclass(frozen=True, slots=True)
class Candidate:
    """One possible start: UTC times, people out of hours, and how far outside they would be."""

    start: datetime
    end: datetime
    out_of_hours: int
    minutes_outside: int
    names: tuple[str, ...]
    person_ids: tuple[int, ...]


def invited(sessions: Iterable[Session]) -> list[Person]:
    """The people with an active role (nominated to confirmed) in ``sessions``, breaks aside."""
    return [
        a.person
        for s in sessions
        if s.kind is not SessionKind.BREAK
        for a in s.assignments
        if a.status in ACTIVE_STATUSES
    ]


def best_times(
    meeting: Meeting,
    people: Iterable[Person],
    day: int,
    duration: timedelta,
    *,
    step: timedelta = timedelta(minutes=15),
    window: Window | None = None,
    home_hours_only: bool = True,
    limit: int | None = 10,
) -> list[Candidate]:
    """Rank the starts of meeting day ``day`` (home zone) for a session of ``duration``.

    Candidates run every ``step`` from local midnight; with ``home_hours_only`` only those inside
    ``window`` in the home zone are kept (the secretariat works there too). Ranking: fewest people
    out of hours, then fewest person-minutes outside the window, then earliest. Starts that do
    not exist or are ambiguous (DST) are skipped. Returns at most ``limit`` candidates.
    """
    window = window or Window()
    if duration <= timedelta(0) or duration > timedelta(hours=12):
        raise ValidationError("the duration must be between 1 minute and 12 hours")
    if step < timedelta(minutes=1):
        raise ValidationError("the step must be at least one minute")
    groups: dict[str, list[Person]] = defaultdict(list)
    for person in {p.id: p for p in people}.values():
        groups[person_zone(person.timezone, person.country, meeting.home_tz)].append(person)
    scored: list[tuple[int, int, datetime, list[str]]] = []
    for start in _starts(meeting, day, step):
        end = start + duration
        if home_hours_only and _outside(start, end, meeting.home_tz, window):
            continue
        count = minutes = 0
        late_zones: list[str] = []
        for zone_name, members in groups.items():
            outside = _outside(start, end, zone_name, window)
            if outside:
                count += len(members)
                minutes += outside * len(members)
                late_zones.append(zone_name)
        scored.append((count, minutes, start, late_zones))
    scored.sort(key=lambda item: (item[0], item[1], item[2]))
    chosen = scored if limit is None else scored[:limit]
    result = []
    for count, minutes, start, late_zones in chosen:
        late = sorted(
            (p for z in late_zones for p in groups[z]),
            key=lambda p: (p.family_name, p.given_name, p.id),
        )
        result.append(
            Candidate(
                start,
                start + duration,
                count,
                minutes,
                tuple(p.full_name for p in late),
                tuple(p.id for p in late),
            )
        )
    return result


def _starts(meeting: Meeting, day: int, step: timedelta) -> list[datetime]:
    on = day_date(meeting, day)
    starts: list[datetime] = []
    minute = 0
    step_minutes = int(step.total_seconds() // 60)
    while minute < 24 * 60:
        try:
            starts.append(local_to_utc(on, time(minute // 60, minute % 60), meeting.home_tz))
        except ValidationError:
            pass  # a DST gap or fold: no such (single) wall-clock time that day
        minute += step_minutes
    return starts


def _outside(start: datetime, end: datetime, zone_name: str, window: Window) -> int:
    """Minutes of [start, end) outside ``window`` in ``zone_name`` (0 when fully inside)."""
    local_start, local_end = local_span(start, end, zone_name)
    if window.contains(local_start, local_end):
        return 0
    total = 0
    cursor = local_start
    while cursor < local_end:  # walk local days; a session spans at most two
        day_open = datetime.combine(cursor.date(), window.start, cursor.tzinfo)
        day_close = datetime.combine(cursor.date(), window.end, cursor.tzinfo)
        next_day = datetime.combine(cursor.date() + timedelta(days=1), time(0), cursor.tzinfo)
        stop = min(local_end, next_day)
        inside = max(timedelta(0), min(stop, day_close) - max(cursor, day_open))
        total += int(((stop - cursor) - inside).total_seconds() // 60)
        cursor = stop
    return max(total, 1)
