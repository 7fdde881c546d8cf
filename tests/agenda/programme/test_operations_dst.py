"""Wall-clock input in the home zone: offsets from IANA names and the event's date; DST gaps and
folds rejected with an explanation (Chile, Paraguay and Mexico changed rules 2021-2025)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from agenda.model.errors import ValidationError
from agenda.model.orm import Meeting
from agenda.time.slots import Window, local_slot, parse_clock, parse_duration


def meeting(tz: str, start: date) -> Meeting:
    return Meeting(id=1, slug="m", title_en="M", home_tz=tz, start_date=start, days=2)


@pytest.mark.parametrize(
    ("tz", "day", "clock", "expected_utc"),
    [
        ("America/Santiago", date(2021, 4, 26), time(9), datetime(2021, 4, 26, 13, tzinfo=UTC)),
        ("America/Santiago", date(2025, 3, 18), time(9), datetime(2025, 3, 18, 12, tzinfo=UTC)),
        ("America/Asuncion", date(2021, 4, 26), time(9), datetime(2021, 4, 26, 13, tzinfo=UTC)),
        ("America/Asuncion", date(2021, 1, 18), time(9), datetime(2021, 1, 18, 12, tzinfo=UTC)),
        # July: Paraguay was on UTC-4 in winter 2021; since October 2024 it stays on UTC-3.
        ("America/Asuncion", date(2021, 7, 1), time(9), datetime(2021, 7, 1, 13, tzinfo=UTC)),
        ("America/Asuncion", date(2025, 7, 1), time(9), datetime(2025, 7, 1, 12, tzinfo=UTC)),
        # Mexico abolished DST in 2022: the same April date is UTC-5 in 2021, UTC-6 in 2025.
        ("America/Mexico_City", date(2021, 4, 26), time(9), datetime(2021, 4, 26, 14, tzinfo=UTC)),
        ("America/Mexico_City", date(2025, 4, 26), time(9), datetime(2025, 4, 26, 15, tzinfo=UTC)),
    ],
)
def test_offsets_follow_zone_and_date(tz, day, clock, expected_utc):
    start, end = local_slot(meeting(tz, day), 1, clock, duration=timedelta(minutes=90))
    assert start == expected_utc
    assert end - start == timedelta(minutes=90)


@pytest.mark.parametrize(
    ("tz", "day", "clock", "reason"),
    [
        ("America/Santiago", date(2021, 9, 5), time(0, 30), "does not exist"),  # spring forward
        ("America/Santiago", date(2021, 4, 3), time(23, 30), "happens twice"),  # fall back
        ("America/Asuncion", date(2021, 10, 3), time(0, 15), "does not exist"),
        ("America/Mexico_City", date(2021, 4, 4), time(2, 30), "does not exist"),
    ],
)
def test_gap_and_fold_are_rejected_with_explanation(tz, day, clock, reason):
    with pytest.raises(ValidationError, match=reason) as info:
        local_slot(meeting(tz, day), 1, clock, duration=timedelta(hours=1))
    assert tz in str(info.value) and "choose" in str(info.value)


def test_end_time_in_gap_is_rejected_too():
    m = meeting("America/Mexico_City", date(2021, 4, 4))
    with pytest.raises(ValidationError, match="02:30 does not exist"):
        local_slot(m, 1, time(1), end=time(2, 30))


def test_display_zone_and_day_numbers():
    m = meeting("America/Santiago", date(2021, 4, 26))
    start, _ = local_slot(m, 2, time(9), end=time(10), tz="America/Mexico_City")
    assert start == datetime(2021, 4, 27, 14, tzinfo=UTC)
    before, _ = local_slot(m, -13, time(10), duration=timedelta(hours=3))
    assert before.date() == date(2021, 4, 12)  # day 0 is the eve of day 1
    with pytest.raises(ValidationError, match="did you mean America/Santiago"):
        local_slot(m, 1, time(9), duration=timedelta(hours=1), tz="America/Santiagoo")
    with pytest.raises(ValidationError, match="not after start"):
        local_slot(m, 1, time(9), end=time(8))


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("90m", 90),
        ("90", 90),
        ("3h", 180),
        ("1h30m", 90),
        ("1.5h", 90),
        ("1:30", 90),
        ("45 min", 45),
    ],
)
def test_parse_duration(text, minutes):
    assert parse_duration(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["", "abc", "0m", "-5m", "h"])
def test_parse_duration_rejects(text):
    with pytest.raises(ValidationError):
        parse_duration(text)


def test_parse_clock_and_window():
    assert parse_clock("9:05") == time(9, 5)
    with pytest.raises(ValidationError, match="HH:MM"):
        parse_clock("25:00")
    window = Window()
    day = datetime(2021, 4, 26, tzinfo=UTC)
    assert window.contains(day.replace(hour=7), day.replace(hour=22))
    assert not window.contains(day.replace(hour=6, minute=59), day.replace(hour=8))
    assert not window.contains(day.replace(hour=21), day.replace(hour=22, minute=1))
    assert not window.contains(day.replace(hour=21), day + timedelta(days=1, hours=1))
