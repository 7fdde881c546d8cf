"""Templates produce the concept note's programme at sensible local times."""

from __future__ import annotations

from datetime import date

import pytest

from agenda import reference
from agenda.model.enums import SessionKind
from agenda.model.errors import ValidationError
from agenda.programme.templates import build_meeting
from agenda.time.zones import to_zone


def test_gcm_template_has_five_round_tables_covering_all_objectives() -> None:
    meeting = build_meeting(
        "gcm-regional-review",
        title_en="Review",
        start=date(2021, 4, 26),
        days=2,
        home_tz="America/Santiago",
    )
    tables = [s for s in meeting.sessions if s.kind == SessionKind.ROUND_TABLE]
    assert len(tables) == 5
    covered = {n for t in tables for n in t.objectives}
    assert covered == set(range(1, 24))
    assert all(23 in t.objectives for t in tables)
    assert [t.thematic_area for t in tables] == [1, 2, 3, 4, 5]
    kinds = {s.kind for s in meeting.sessions}
    assert {
        SessionKind.OPENING,
        SessionKind.POLICY_DEBATE,
        SessionKind.CLOSING,
        SessionKind.PREPARATORY,
        SessionKind.STAKEHOLDER_CONSULTATION,
    } <= kinds
    opening = next(s for s in meeting.sessions if s.kind == SessionKind.OPENING)
    local = to_zone(opening.start, "America/Santiago")
    assert (local.date(), local.hour) == (date(2021, 4, 26), 9)
    assert len({s.uid for s in meeting.sessions}) == len(meeting.sessions)


def test_imrf_template_has_four_round_tables() -> None:
    meeting = build_meeting(
        "imrf", title_en="IMRF", start=date(2022, 5, 17), days=2, home_tz="America/New_York"
    )
    tables = [s for s in meeting.sessions if s.kind == SessionKind.ROUND_TABLE]
    assert len(tables) == len(reference.imrf_round_tables()) == 4
    assert {n for t in tables for n in t.objectives} == set(range(1, 24))


def test_blank_template_is_empty_and_unknown_template_is_rejected() -> None:
    assert (
        build_meeting("blank", title_en="B", start=date(2026, 1, 1), days=1, home_tz="UTC").sessions
        == []
    )
    with pytest.raises(ValidationError, match="unknown template"):
        build_meeting("nope", title_en="B", start=date(2026, 1, 1), days=1, home_tz="UTC")
    with pytest.raises(ValidationError, match="unknown IANA time zone"):
        build_meeting("blank", title_en="B", start=date(2026, 1, 1), days=1, home_tz="Mars/Olympus")
