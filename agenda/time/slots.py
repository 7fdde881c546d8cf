"""Wall-clock slots and local times: the conversions shared by operations, checks and best-time.

Times typed by organizers are wall-clock times in a zone (the meeting's home zone by default);
they become aware UTC through :func:`agenda.time.zones.local_to_utc`, which rejects times that do
not exist or happen twice on a DST change. Offsets always come from IANA names and the event's
date, never from fixed offsets.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from agenda.model.errors import ValidationError
from agenda.model.orm import Meeting
from agenda.time.zones import local_to_utc, to_zone, utc_offset_label, validate_zone, zone

_DURATION = re.compile(
    r"^\s*(?:(?P<h>\d+(?:\.\d+)?)\s*h)?\s*(?:(?P<m>\d+)\s*(?:m|min)?)?\s*$", re.IGNORECASE
)
_CLOCK = re.compile(r"^\s*(?P<h>[01]?\d|2[0-3])[:.hH](?P<m>[0-5]\d)\s*$")


def parse_duration(text: str) -> timedelta:
    """Parse '90m', '90', '3h', '1h30m', '1.5h' or '1:30' into a positive timedelta."""
    raw = (text or "").strip()
    clock = re.fullmatch(r"(\d+):([0-5]\d)", raw)
    if clock:
        minutes = int(clock.group(1)) * 60 + int(clock.group(2))
    else:
        match = _DURATION.match(raw)
        if not raw or not match or not (match.group("h") or match.group("m")):
            raise ValidationError(
                f"duration {text!r} not understood: write minutes or hours, e.g. 90m, 3h, 1h30m"
            )
        minutes = round(float(match.group("h") or 0) * 60) + int(match.group("m") or 0)
    if minutes <= 0:
        raise ValidationError(f"duration {text!r} must be longer than zero minutes")
    return timedelta(minutes=minutes)


_CLOCK_SHAPE = re.compile(r"^\s*(?P<h>\d{1,2})[:.hH](?P<m>\d{2})\s*$")
_DATE_SHAPE = re.compile(r"^\s*(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\s*$")


def parse_clock(text: str) -> time:
    """Parse a wall-clock time 'HH:MM' (24-hour) into a time."""
    match = _CLOCK.match(text or "")
    if not match:
        shaped = _CLOCK_SHAPE.match(text or "")
        if shaped:
            raise ValidationError(
                f"time {text!r} does not exist: 24-hour HH:MM has hours 00-23, minutes 00-59"
            )
        raise ValidationError(f"time {text!r} not understood: use 24-hour HH:MM, e.g. 09:30")
    return time(int(match.group("h")), int(match.group("m")))


def parse_date(text: str, option: str = "date") -> date:
    """Parse 'YYYY-MM-DD'; a well-formed date that is not in the calendar says so."""
    shaped = _DATE_SHAPE.match(text or "")
    if not shaped:
        raise ValidationError(f"{option} {text!r} not understood: use YYYY-MM-DD, e.g. 2021-04-26")
    year, month, day = (int(shaped.group(key)) for key in ("y", "m", "d"))
    try:
        return date(year, month, day)
    except ValueError:
        if not 1 <= month <= 12:
            reason = f"there is no month {month:02d}"
        else:
            days = calendar.monthrange(year, month)[1]
            reason = f"{calendar.month_name[month]} {year} has {days} days"
        raise ValidationError(f"{option} {text!r} does not exist: {reason}") from None


def day_date(meeting: Meeting, day: int) -> date:
    """The calendar date of meeting day ``day`` (1 = first day; 0 or less = before the meeting)."""
    return meeting.start_date + timedelta(days=day - 1)


def local_slot(
    meeting: Meeting,
    day: int | date,
    start: time,
    *,
    end: time | None = None,
    duration: timedelta | None = None,
    tz: str | None = None,
) -> tuple[datetime, datetime]:
    """Turn a wall-clock slot into aware UTC (start, end).

    ``day`` is a meeting day number (1 = first day) or a calendar date; ``start``/``end`` are
    wall-clock times in ``tz`` (default: the meeting's home zone). Give ``end`` or ``duration``.
    A time in a DST gap or fold raises ValidationError explaining the clock change.
    """
    zone_name = validate_zone(tz) if tz else meeting.home_tz
    if not isinstance(day, date) and day > meeting.days:
        last = day_date(meeting, meeting.days)
        raise ValidationError(
            f"day {day} is after the meeting's last day (day {meeting.days}, {last:%Y-%m-%d}): "
            f"give a day from 1 to {meeting.days}, 0 or less for a session before the meeting, "
            "or the calendar date (--date YYYY-MM-DD) for a session after it"
        )
    on = day if isinstance(day, date) else day_date(meeting, day)
    begin = local_to_utc(on, start, zone_name)
    if (end is None) == (duration is None):
        raise ValidationError("give either an end time or a duration (not both)")
    if end is not None:
        finish = local_to_utc(on, end, zone_name)
        if finish <= begin:
            raise ValidationError(
                f"end {end:%H:%M} is not after start {start:%H:%M}: a session ends on the day it "
                "starts; use --duration for the length"
            )
    else:
        assert duration is not None
        finish = begin + duration
    return begin, finish


def end_on_start_day(start: datetime, end: time, tz: str) -> datetime:
    """UTC of the wall-clock ``end`` in zone ``tz`` on the local day of ``start`` (`session
    resize --end`); refused, with the way to run past midnight, when it is not after ``start``."""
    zone_name = validate_zone(tz)
    local_start = to_zone(start, zone_name)
    finish = local_to_utc(local_start.date(), end, zone_name)
    if finish <= start:
        raise ValidationError(
            f"--end {end:%H:%M} is not after the start {local_start:%H:%M} on "
            f"{local_start:%Y-%m-%d} ({zone_name}, {utc_offset_label(start, zone_name)}); "
            "--end is a time on the start's day: to run past midnight give --duration instead"
        )
    return finish


@dataclass(frozen=True, slots=True)
class Window:
    """Acceptable local hours, e.g. 07:00-22:00 (inclusive of both ends)."""

    start: time = time(7)
    end: time = time(22)

    @classmethod
    def parse(cls, start: str, end: str) -> Window:
        """Build a window from 'HH:MM' strings (as in the [agenda] config section)."""
        return cls(parse_clock(start), parse_clock(end))

    def contains(self, local_start: datetime, local_end: datetime) -> bool:
        """True when a span (both ends in the same local zone) lies inside the window."""
        if local_end.date() != local_start.date():
            return False  # runs past local midnight: outside any daytime window
        return self.start <= local_start.time() and local_end.time() <= self.end

    def label(self) -> str:
        """'07:00-22:00'."""
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def local_span(start: datetime, end: datetime, zone_name: str) -> tuple[datetime, datetime]:
    """(start, end) in ``zone_name``."""
    tz = zone(zone_name)
    return start.astimezone(tz), end.astimezone(tz)
