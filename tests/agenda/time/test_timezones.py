"""Time zone helpers: offsets from IANA names and the event date; gaps and folds rejected."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from agenda.model.errors import ValidationError
from agenda.time.zones import local_to_utc, utc_offset_label, validate_zone


@pytest.mark.parametrize(
    ("day", "at", "zone", "expected_utc"),
    [
        (date(2021, 4, 26), time(10), "America/Santiago", datetime(2021, 4, 26, 14, tzinfo=UTC)),
        (date(2025, 3, 18), time(10), "America/Santiago", datetime(2025, 3, 18, 13, tzinfo=UTC)),
        (date(2021, 4, 26), time(10), "America/Mexico_City", datetime(2021, 4, 26, 15, tzinfo=UTC)),
        (date(2025, 4, 28), time(10), "America/Mexico_City", datetime(2025, 4, 28, 16, tzinfo=UTC)),
        (date(2021, 4, 26), time(10), "America/Asuncion", datetime(2021, 4, 26, 14, tzinfo=UTC)),
        (date(2021, 4, 26), time(10), "America/Noronha", datetime(2021, 4, 26, 12, tzinfo=UTC)),
    ],
)
def test_offsets_come_from_zone_and_date(day, at, zone, expected_utc) -> None:  # type: ignore[no-untyped-def]
    assert local_to_utc(day, at, zone) == expected_utc


def test_spring_forward_gap_is_rejected_with_explanation() -> None:
    with pytest.raises(ValidationError, match="does not exist in America/Santiago.*jump forward"):
        local_to_utc(date(2021, 9, 5), time(0, 30), "America/Santiago")


def test_fall_back_fold_is_rejected_with_explanation() -> None:
    with pytest.raises(ValidationError, match="happens twice.*UTC-03:00.*UTC-04:00"):
        local_to_utc(date(2021, 4, 3), time(23, 30), "America/Santiago")


def test_offset_label() -> None:
    assert (
        utc_offset_label(datetime(2021, 4, 26, 14, tzinfo=UTC), "America/Santiago") == "UTC-04:00"
    )
    assert (
        utc_offset_label(datetime(2025, 3, 18, 13, tzinfo=UTC), "America/Santiago") == "UTC-03:00"
    )


def test_unknown_zone_suggests_close_matches() -> None:
    with pytest.raises(ValidationError, match="did you mean America/Santiago"):
        validate_zone("America/Santigo")
    assert validate_zone("america/santiago") == "America/Santiago"
