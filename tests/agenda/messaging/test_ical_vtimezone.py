"""VTIMEZONE observances match zoneinfo: DTSTART is local time *before* each transition."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from agenda.messaging.ical import _vtimezone_bytes

ZONES = ["America/Santiago", "America/Asuncion", "America/Havana", "America/Sao_Paulo"]


def _observances(tzid: str, first: int, last: int) -> list[tuple[datetime, timedelta, timedelta]]:
    text = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\n"
    text += _vtimezone_bytes(tzid, first, last) + b"END:VCALENDAR\r\n"
    calendar = Calendar.from_ical(text)
    found = []
    for vtimezone in calendar.walk("VTIMEZONE"):
        for part in vtimezone.subcomponents:
            start = part["DTSTART"].dt
            before, after = part["TZOFFSETFROM"].td, part["TZOFFSETTO"].td
            found.append(((start - before).replace(tzinfo=UTC), before, after))
    return found


def _hourly_changes(tzid: str, first: int, last: int) -> int:
    tz = ZoneInfo(tzid)
    moment, end = datetime(first, 1, 1, tzinfo=UTC), datetime(last, 1, 1, tzinfo=UTC)
    changes, previous = 0, moment.astimezone(tz).utcoffset()
    while moment < end:
        moment += timedelta(hours=1)
        offset = moment.astimezone(tz).utcoffset()
        changes += offset != previous
        previous = offset
    return changes


@pytest.mark.parametrize("tzid", ZONES)
def test_each_transition_dtstart_minus_offsetfrom_is_the_zoneinfo_instant(tzid: str) -> None:
    tz = ZoneInfo(tzid)
    observances = _observances(tzid, 2015, 2028)
    transitions = observances[1:]  # the first states the offset in force at the range start
    assert len(transitions) >= _hourly_changes(tzid, 2015, 2028)
    for instant, before, after in transitions:
        assert (instant - timedelta(seconds=1)).astimezone(tz).utcoffset() == before
        assert instant.astimezone(tz).utcoffset() == after


def test_santiago_spring_forward_at_local_midnight() -> None:
    ics = _vtimezone_bytes("America/Santiago", 2026, 2027).decode()
    # 2026-09-06 04:00Z: 00:00 at -04 becomes 01:00 at -03.
    assert "BEGIN:DAYLIGHT\r\nDTSTART:20260906T000000\r\n" in ics
    assert "DTSTART:20260906T010000" not in ics
    # 2026-04-05 03:00Z: 00:00 at -03 falls back to 23:00 at -04.
    assert "BEGIN:STANDARD\r\nDTSTART:20260405T000000\r\n" in ics
