"""best_times ranks starts by people out of hours, with offsets from each person's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from agenda.model.errors import ValidationError
from agenda.model.orm import Meeting, Person
from agenda.programme.besttime import best_times
from agenda.time.slots import Window


def meeting(start: date = date(2021, 4, 26), tz: str = "America/Santiago") -> Meeting:
    return Meeting(id=1, slug="m", title_en="M", home_tz=tz, start_date=start, days=2)


def person(pid: int, country: str | None, tz: str | None = None) -> Person:
    return Person(id=pid, given_name=f"G{pid}", family_name=f"F{pid}", country=country, timezone=tz)


def test_ranking_prefers_slots_everyone_can_attend():
    people = [person(1, "MX"), person(2, "BR"), person(3, "CL"), person(4, None, "Asia/Tokyo")]
    ranked = best_times(meeting(), people, 1, timedelta(hours=3), limit=None)
    # Tokyo is 13 hours ahead of Santiago (UTC-4 in April 2021): only 18:00 Santiago
    # (07:00 Tokyo next morning, 17:00 Mexico City) keeps all four inside 07:00-22:00.
    best = ranked[0]
    assert (best.out_of_hours, best.start) == (0, datetime(2021, 4, 26, 22, tzinfo=UTC))
    assert ranked[1].out_of_hours == 1
    nine = next(c for c in ranked if c.start == datetime(2021, 4, 26, 13, tzinfo=UTC))
    assert (nine.out_of_hours, nine.names, nine.person_ids) == (1, ("G4 F4",), (4,))
    counts = [c.out_of_hours for c in ranked]
    assert counts == sorted(counts)
    # home hours only: 07:00 to 19:00 Santiago starts (a 3-hour session must end by 22:00)
    assert len(ranked) == 49


def test_brute_force_agrees_on_counts():
    people = [person(i, c) for i, c in enumerate(["MX", "BR", "CL", "JM", "AR", "GT", "BZ"])]
    window = Window(time(8), time(18))
    ranked = best_times(
        meeting(),
        people,
        2,
        timedelta(minutes=90),
        window=window,
        limit=None,
        home_hours_only=False,
    )
    from zoneinfo import ZoneInfo

    from agenda import reference

    for candidate in ranked:
        expected = 0
        for p in people:
            tz = ZoneInfo(reference.country(p.country).capital_zone)
            a, b = candidate.start.astimezone(tz), candidate.end.astimezone(tz)
            inside = a.date() == b.date() and time(8) <= a.time() and b.time() <= time(18)
            expected += not inside
        assert candidate.out_of_hours == expected
    assert len(ranked) == 96  # every 15 minutes of a normal day


def test_dst_night_skips_missing_starts():
    # 5 September 2021: Santiago jumps from 00:00 to 01:00; the 4 starts in the gap are skipped.
    m = meeting(date(2021, 9, 5))
    ranked = best_times(m, [], 1, timedelta(hours=1), limit=None, home_hours_only=False)
    assert len(ranked) == 92


def test_limit_and_validation():
    assert len(best_times(meeting(), [person(1, "CL")], 1, timedelta(hours=1), limit=3)) == 3
    with pytest.raises(ValidationError):
        best_times(meeting(), [], 1, timedelta(0))
