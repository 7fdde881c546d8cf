"""Time zone helpers. Offsets always come from IANA names and the date of the event.

:func:`zone` is the one lookup of a zone by name and :func:`validate_zone` the one check, with
one error message (:class:`UnknownZoneError`); the people policy is in :mod:`agenda.time.policy`.
"""

from __future__ import annotations

import difflib
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache

from agenda.model.errors import ValidationError


class UnknownZoneError(ValidationError, ValueError):
    """An unknown IANA zone name: a ValidationError for the front doors, a ValueError for the
    file and calendar parsers that collect ValueErrors."""


@cache
def _zone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


@cache
def _lowered_names() -> dict[str, str]:
    return {n.lower(): n for n in _zone_names()}


def validate_zone(name: str) -> str:
    """Return ``name`` if it is an IANA zone; otherwise raise ValidationError with close matches."""
    cleaned = (name or "").strip()
    if cleaned in _zone_names() or cleaned == "UTC":
        return cleaned
    lowered = _lowered_names()
    if cleaned.lower() in lowered:
        return lowered[cleaned.lower()]
    candidates = difflib.get_close_matches(
        cleaned.replace(" ", "_"), _zone_names(), n=3, cutoff=0.6
    )
    if not candidates:
        tail = cleaned.split("/")[-1].replace(" ", "_").lower()
        candidates = [n for n in _zone_names() if n.lower().endswith("/" + tail)][:3]
    hint = f"; did you mean {', '.join(candidates)}?" if candidates else ""
    raise UnknownZoneError(
        f"unknown IANA time zone {cleaned!r}: use an IANA name such as America/Santiago{hint}"
    )


@lru_cache(maxsize=512)
def zone(name: str) -> zoneinfo.ZoneInfo:
    """The ZoneInfo for an IANA name (cached); UnknownZoneError naming close matches."""
    return zoneinfo.ZoneInfo(validate_zone(name))


def to_zone(moment: datetime, name: str) -> datetime:
    """An aware datetime expressed in zone ``name``."""
    return moment.astimezone(zone(name))


def utc_offset_label(moment: datetime, name: str) -> str:
    """'UTC-04:00' style label for the offset of ``name`` at ``moment``."""
    offset = to_zone(moment, name).utcoffset() or timedelta(0)
    total = int(offset.total_seconds() // 60)
    sign = "+" if total >= 0 else "-"
    hours, minutes = divmod(abs(total), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def local_to_utc(day: date, at: time, name: str) -> datetime:
    """Convert a wall-clock time in zone ``name`` to aware UTC.

    A time that does not exist (DST gap) or exists twice (DST fold) is rejected with an
    explanation, instead of silently picking one.
    """
    tz = zone(name)
    naive = datetime.combine(day, at.replace(tzinfo=None, fold=0))
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    round_trip = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != naive:
        raise ValidationError(
            f"{naive:%Y-%m-%d %H:%M} does not exist in {name}: the clocks jump forward that "
            f"night (from {_offset(first)} to {_offset(second)}), skipping this hour; "
            "choose a time outside the skipped hour"
        )
    if first.utcoffset() != second.utcoffset():
        raise ValidationError(
            f"{naive:%Y-%m-%d %H:%M} happens twice in {name}: the clocks go back that night "
            f"(once at {_offset(first)} and once at {_offset(second)}); choose another time"
        )
    return first.astimezone(UTC)


def check_unambiguous(
    moment: datetime, name: str, what: str = "the time", hint: str = "choose another time"
) -> None:
    """Refuse an instant whose wall-clock time in zone ``name`` happens twice (DST fold).

    Calendars that show the time in ``name`` (e.g. an iCalendar DTEND with that TZID) cannot
    tell the two occurrences apart, so such a time is refused like a typed time in the fold.
    ``what`` names the time in the message ('the session end'), ``hint`` says what to do.
    """
    tz = zone(name)
    naive = moment.astimezone(tz).replace(tzinfo=None)
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() != second.utcoffset():
        raise ValidationError(
            f"{what} would be {naive:%Y-%m-%d %H:%M} in {name}, which happens twice: the clocks "
            f"go back that night (once at {_offset(first)} and once at {_offset(second)}), so "
            f"calendars in {name} cannot tell which one is meant; {hint}"
        )


def _offset(moment: datetime) -> str:
    offset = moment.utcoffset() or timedelta(0)
    total = int(offset.total_seconds() // 60)
    sign = "+" if total >= 0 else "-"
    hours, minutes = divmod(abs(total), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"
