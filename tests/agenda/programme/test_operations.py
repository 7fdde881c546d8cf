"""Programme operations: each is one audited change, bumps SEQUENCE when recipients care,
and honours optimistic locking."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from agenda.model.enums import SessionKind
from agenda.model.errors import ConflictError, NotFoundError, ValidationError
from agenda.model.orm import AuditEntry, Meeting, Session
from agenda.model.uow import transaction
from agenda.programme import operations as ops
from agenda.programme.templates import build_meeting
from agenda.time.slots import local_slot


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2021, 4, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def meeting_id(db_factory) -> int:
    with transaction(db_factory) as db:
        meeting = build_meeting(
            "blank",
            title_en="Ops",
            start=date(2021, 4, 26),
            days=2,
            home_tz="America/Santiago",
            uid_domain="ops.test",
        )
        db.add(meeting)
        db.flush()
        return meeting.id


def _add(db_factory, meeting_id: int, start: datetime, minutes: int = 60, **kw) -> int:
    with transaction(db_factory) as db:
        meeting = db.get(Meeting, meeting_id)
        kw.setdefault("kind", "plenary")
        kw.setdefault("title_en", "Plenary")
        session = ops.add_session(
            db, meeting, start=start, end=start + timedelta(minutes=minutes), actor="tester", **kw
        )
        return session.id


def _audit_actions(db_factory) -> list[str]:
    with transaction(db_factory) as db:
        return [e.action for e in db.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_add_session_records_audit_and_uses_meeting_uid_domain(db_factory, meeting_id):
    sid = _add(
        db_factory,
        meeting_id,
        utc(26, 13),
        objectives=[23, 1, 1],
        kind="round-table",
        title_en="RT",
        thematic_area=1,
    )
    with transaction(db_factory) as db:
        session = db.get(Session, sid)
        assert session.kind is SessionKind.ROUND_TABLE
        assert session.objectives == [1, 23]
        assert session.uid.endswith("@meetingctl.invalid")
        assert session.sequence == 0
    assert _audit_actions(db_factory) == ["session.add"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "workshop"}, "unknown session kind"),
        ({"title_en": "  "}, "English title"),
        ({"objectives": [24]}, "objectives are 1 to 23"),
        ({"thematic_area": 6}, "areas are numbered 1 to 5"),
    ],
)
def test_add_session_rejects_bad_input(db_factory, meeting_id, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        _add(db_factory, meeting_id, utc(26, 13), **kwargs)
    assert _audit_actions(db_factory) == []


def test_end_must_follow_start(db_factory, meeting_id):
    with pytest.raises(ValidationError, match="end after it starts"):
        _add(db_factory, meeting_id, utc(26, 13), minutes=0)


def test_edit_changes_fields_and_bumps_sequence_only_for_recipient_fields(db_factory, meeting_id):
    sid = _add(db_factory, meeting_id, utc(26, 13))
    with transaction(db_factory) as db:
        meeting = db.get(Meeting, meeting_id)
        ops.edit_session(db, meeting, sid, actor="a", track="B", objectives=[1])
    with transaction(db_factory) as db:
        assert db.get(Session, sid).sequence == 0
        meeting = db.get(Meeting, meeting_id)
        # The description is in the invitation (calendar DESCRIPTION): people get an update.
        ops.edit_session(db, meeting, sid, actor="a", description_es="Antecedentes")
    with transaction(db_factory) as db:
        assert db.get(Session, sid).sequence == 1
        meeting = db.get(Meeting, meeting_id)
        ops.edit_session(db, meeting, sid, actor="a", title_es="Plenaria", video_url="https://x")
    with transaction(db_factory) as db:
        session = db.get(Session, sid)
        assert (session.sequence, session.track, session.title_es) == (2, "B", "Plenaria")
        entry = db.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry.details["changes"]["title_es"] == ["", "Plenaria"]


def test_stale_expected_version_is_a_conflict_and_changes_nothing(db_factory, meeting_id):
    sid = _add(db_factory, meeting_id, utc(26, 13))
    with transaction(db_factory) as db:
        loaded_version = db.get(Session, sid).version
    with transaction(db_factory) as db:
        ops.shift_session(
            db,
            db.get(Meeting, meeting_id),
            sid,
            minutes=15,
            actor="other",
            expected_version=loaded_version,
        )
    with pytest.raises(ConflictError, match="changed by someone else"):
        with transaction(db_factory) as db:
            ops.edit_session(
                db,
                db.get(Meeting, meeting_id),
                sid,
                actor="me",
                title_en="Mine",
                expected_version=loaded_version,
            )
    with transaction(db_factory) as db:
        assert db.get(Session, sid).title_en == "Plenary"


def test_move_keeps_length_and_shift_moves_by_minutes(db_factory, meeting_id):
    sid = _add(db_factory, meeting_id, utc(26, 13), minutes=90)
    with transaction(db_factory) as db:
        meeting = db.get(Meeting, meeting_id)
        ops.move_session(db, meeting, sid, start=utc(26, 15), actor="a")
        ops.shift_session(db, meeting, sid, minutes=-5, actor="a")
    with transaction(db_factory) as db:
        session = db.get(Session, sid)
        assert (session.start, session.end) == (utc(26, 14, 55), utc(26, 16, 25))
        assert session.sequence == 2
    assert _audit_actions(db_factory) == ["session.add", "session.move", "session.move"]


def test_resize_by_end_or_duration(db_factory, meeting_id):
    sid = _add(db_factory, meeting_id, utc(26, 13))
    with transaction(db_factory) as db:
        meeting = db.get(Meeting, meeting_id)
        ops.resize_session(db, meeting, sid, duration=timedelta(minutes=45), actor="a")
        assert db.get(Session, sid).end == utc(26, 13, 45)
        ops.resize_session(db, meeting, sid, end=utc(26, 15), actor="a")
        assert db.get(Session, sid).end == utc(26, 15)
        with pytest.raises(ValidationError):
            ops.resize_session(db, meeting, sid, end=utc(26, 12), actor="a")
        with pytest.raises(ValidationError, match="either"):
            ops.resize_session(db, meeting, sid, actor="a")


def test_delete_and_missing_session(db_factory, meeting_id):
    sid = _add(db_factory, meeting_id, utc(26, 13))
    with transaction(db_factory) as db:
        ops.delete_session(db, db.get(Meeting, meeting_id), sid, actor="a")
    with transaction(db_factory) as db:
        assert db.get(Session, sid) is None
        with pytest.raises(NotFoundError, match=f"#{sid}"):
            ops.delete_session(db, db.get(Meeting, meeting_id), sid, actor="a")
    assert _audit_actions(db_factory)[-1] == "session.delete"


def test_duplicate_follows_original_with_new_uid(db_factory, meeting_id):
    sid = _add(db_factory, meeting_id, utc(26, 13), objectives=[3, 23], track="A")
    with transaction(db_factory) as db:
        copy = ops.duplicate_session(db, db.get(Meeting, meeting_id), sid, actor="a")
        original = db.get(Session, sid)
        assert copy.uid != original.uid
        assert (copy.start, copy.end, copy.track) == (original.end, utc(26, 15), "A")
        assert copy.objectives == [3, 23]


def test_swap_back_to_back_stays_contiguous(db_factory, meeting_id):
    first = _add(db_factory, meeting_id, utc(26, 13), minutes=90)
    second = _add(db_factory, meeting_id, utc(26, 14, 30), minutes=30)
    with transaction(db_factory) as db:
        ops.swap_sessions(db, db.get(Meeting, meeting_id), first, second, actor="a")
    with transaction(db_factory) as db:
        a, b = db.get(Session, first), db.get(Session, second)
        assert (b.start, b.end) == (utc(26, 13), utc(26, 13, 30))
        assert (a.start, a.end) == (utc(26, 13, 30), utc(26, 15))
        assert a.sequence == b.sequence == 1


def test_swap_distant_sessions_exchange_starts_and_tracks(db_factory, meeting_id):
    first = _add(db_factory, meeting_id, utc(26, 13), minutes=60, track="A")
    second = _add(db_factory, meeting_id, utc(27, 16), minutes=30, track="B")
    with transaction(db_factory) as db:
        ops.swap_sessions(
            db,
            db.get(Meeting, meeting_id),
            first,
            second,
            actor="a",
            expected_versions={first: 1, second: 1},
        )
    with transaction(db_factory) as db:
        a, b = db.get(Session, first), db.get(Session, second)
        assert (a.start, a.end, a.track) == (utc(27, 16), utc(27, 17), "B")
        assert (b.start, b.end, b.track) == (utc(26, 13), utc(26, 13, 30), "A")


def test_shift_day_moves_only_that_day(db_factory, meeting_id):
    day1 = _add(db_factory, meeting_id, utc(26, 13))
    day2 = _add(db_factory, meeting_id, utc(27, 13))
    with transaction(db_factory) as db:
        moved = ops.shift_day(db, db.get(Meeting, meeting_id), 2, minutes=30, actor="a")
        assert [s.id for s in moved] == [day2]
    with transaction(db_factory) as db:
        assert db.get(Session, day1).start == utc(26, 13)
        assert db.get(Session, day2).start == utc(27, 13, 30)
        with pytest.raises(NotFoundError):
            ops.shift_day(db, db.get(Meeting, meeting_id), 5, minutes=30, actor="a")
    assert _audit_actions(db_factory)[-1] == "agenda.shift_day"


def test_break_from_local_slot(db_factory, meeting_id):
    with transaction(db_factory) as db:
        meeting = db.get(Meeting, meeting_id)
        start, end = local_slot(meeting, 1, time(11, 45), duration=timedelta(minutes=15))
        brk = ops.add_session(
            db, meeting, kind=SessionKind.BREAK, title_en="Break", start=start, end=end, actor="a"
        )
        assert brk.kind is SessionKind.BREAK
        assert brk.start == utc(26, 15, 45)  # Santiago was UTC-4 in April 2021
