"""Field rules of the programme operations found in review (issue 12): a session may not end
(nor start) on a wall-clock time that happens twice in the home zone, and titles are one line."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from agenda.model.errors import ValidationError
from agenda.model.orm import Meeting, Session
from agenda.model.uow import transaction
from agenda.programme import fields
from agenda.programme import operations as ops
from agenda.programme.templates import build_meeting
from agenda.time.slots import local_slot

SANTIAGO = "America/Santiago"


@pytest.fixture
def meeting_id(db_factory) -> int:
    with transaction(db_factory) as db:
        meeting = build_meeting(
            "blank",
            title_en="Fold",
            start=date(2025, 4, 5),
            days=2,
            home_tz=SANTIAGO,
            uid_domain="fold.test",
        )
        db.add(meeting)
        db.flush()
        return meeting.id


def _add(db, meeting: Meeting, start: datetime, minutes: int, **kw) -> Session:
    return ops.add_session(
        db,
        meeting,
        kind="plenary",
        title_en=kw.pop("title_en", "Late plenary"),
        start=start,
        end=start + timedelta(minutes=minutes),
        actor="tester",
        **kw,
    )


def test_an_end_in_the_dst_fold_is_refused_like_a_start_in_it(db_factory, meeting_id) -> None:
    # Chile goes back from UTC-03 to UTC-04 at midnight 2025-04-05/06: 23:00-23:59 happen twice.
    with transaction(db_factory) as db:
        meeting = db.get(Meeting, meeting_id)
        start, end = local_slot(meeting, 1, time(22, 30), duration=timedelta(minutes=90))
        with pytest.raises(ValidationError) as info:
            _add(db, meeting, start, 90)
    message = str(info.value)
    assert "session end" in message and "2025-04-05 23:00" in message
    assert "happens twice" in message and SANTIAGO in message
    assert "UTC-03:00" in message and "UTC-04:00" in message and "choose" in message


def test_moving_or_resizing_into_the_fold_is_refused_and_changes_nothing(
    db_factory, meeting_id
) -> None:
    with transaction(db_factory) as db:
        meeting = db.get(Meeting, meeting_id)
        start, _ = local_slot(meeting, 1, time(21), duration=timedelta(hours=1))
        session_id = _add(db, meeting, start, 60).id
    with transaction(db_factory) as db:
        meeting = db.get(Meeting, meeting_id)
        with pytest.raises(ValidationError, match="session end .* happens twice"):
            ops.resize_session(db, meeting, session_id, actor="t", duration=timedelta(minutes=150))
        with pytest.raises(ValidationError, match="session start .* happens twice"):
            ops.shift_session(db, meeting, session_id, minutes=150, actor="t")
        with pytest.raises(ValidationError, match="happens twice"):
            ops.shift_day(db, meeting, 1, minutes=90, actor="t")
        with pytest.raises(ValidationError, match="happens twice"):
            ops.duplicate_session(db, meeting, session_id, actor="t")  # would run 22:00-23:00
    with transaction(db_factory) as db:
        kept = db.get(Session, session_id)
        assert (kept.start, kept.end) == (start, start + timedelta(hours=1))


def test_ends_just_outside_the_fold_are_accepted(db_factory, meeting_id) -> None:
    with transaction(db_factory) as db:
        meeting = db.get(Meeting, meeting_id)
        before, _ = local_slot(meeting, 1, time(21), duration=timedelta(hours=1))
        assert _add(db, meeting, before, 119).end == datetime(2025, 4, 6, 1, 59, tzinfo=UTC)
        midnight = local_slot(meeting, 2, time(0), duration=timedelta(hours=1))[0]
        late, _ = local_slot(meeting, 1, time(22), duration=timedelta(hours=1))
        assert midnight - late == timedelta(hours=3)  # 22:00-00:00 lasts three hours that night
        assert _add(db, meeting, late, 180, track="B").end == midnight


@pytest.mark.parametrize("bad", ["Opening\nsession", "Opening\r\nsession", "Open\tsession"])
def test_titles_with_control_characters_are_refused_naming_the_field(
    db_factory, meeting_id, bad
) -> None:
    with transaction(db_factory) as db:
        meeting = db.get(Meeting, meeting_id)
        start, _ = local_slot(meeting, 1, time(9), duration=timedelta(hours=1))
        with pytest.raises(ValidationError, match=r"title_en contains a control character"):
            _add(db, meeting, start, 60, title_en=bad)
        with pytest.raises(ValidationError, match=r"title_es contains a control character"):
            _add(db, meeting, start, 60, title_es=bad)
        session_id = _add(db, meeting, start, 60).id
        with pytest.raises(ValidationError, match="title_en .* at position"):
            ops.edit_session(db, meeting, session_id, actor="t", title_en=bad)
        with pytest.raises(ValidationError, match="title_es"):
            ops.edit_session(db, meeting, session_id, actor="t", title_es=bad)


def test_one_line_names_the_character() -> None:
    with pytest.raises(ValidationError, match=r"carriage return, U\+000D\) at position 2"):
        fields.title("a\rb")
    with pytest.raises(ValidationError, match=r"U\+2028"):
        fields.title_es("a\u2028b")
    assert fields.title("  Opening  ") == "Opening"
    assert fields.title_es("") == ""
