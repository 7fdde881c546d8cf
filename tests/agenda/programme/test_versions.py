"""Published versions are numbered and immutable; diffs list added, removed, moved, changed and
re-staffed sessions with the people each change affects."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from agenda.model.enums import InvitationStatus, SessionKind
from agenda.model.errors import NotFoundError
from agenda.model.orm import AgendaVersion, Meeting, Session
from agenda.model.uow import transaction
from agenda.programme import operations as ops
from agenda.programme.versions import CURRENT, diff_snapshots, diff_versions, get_version, publish
from meetingctl.demo import create_demo


@pytest.fixture
def demo_id(db_factory) -> int:
    with transaction(db_factory) as db:
        return create_demo(db, people_count=60, seed=7, year=2021).id


def test_publish_numbers_versions_and_snapshot_shape(db_factory, demo_id):
    with transaction(db_factory) as db:
        meeting = db.get(Meeting, demo_id)
        first = publish(db, meeting, "alice", note="first")
        second = publish(db, meeting, "bob")
        assert (first.number, second.number) == (1, 2)
    with transaction(db_factory) as db:
        stored = get_version(db, db.get(Meeting, demo_id), 1)
        snap = stored.snapshot
        assert stored.actor == "alice" and stored.note == "first"
        assert set(snap["meeting"]) >= {"id", "slug", "title_en", "home_tz", "start_date"}
        entry = next(s for s in snap["sessions"] if s["kind"] == "round_table")
        assert set(entry) >= {
            "uid",
            "id",
            "kind",
            "title_en",
            "title_es",
            "start",
            "end",
            "track",
            "objectives",
            "video_url",
            "sequence",
            "people",
        }
        assert entry["start"].endswith("+00:00")
        assert set(entry["people"][0]) == {"person_id", "role", "status", "email"}
        with pytest.raises(NotFoundError, match="published: 1, 2"):
            get_version(db, db.get(Meeting, demo_id), 9)


def test_snapshot_is_immutable_after_edits(db_factory, demo_id):
    with transaction(db_factory) as db:
        meeting = db.get(Meeting, demo_id)
        publish(db, meeting, "a")
        target = next(s for s in meeting.sessions if s.kind is SessionKind.CLOSING)
        before = next(
            e for e in get_version(db, meeting).snapshot["sessions"] if e["id"] == target.id
        )["start"]
        ops.shift_session(db, meeting, target.id, minutes=30, actor="a")
    with transaction(db_factory) as db:
        snap = get_version(db, db.get(Meeting, demo_id), 1).snapshot
        assert next(e for e in snap["sessions"] if e["id"] == target.id)["start"] == before


def test_diff_versions_after_operations(db_factory, demo_id):
    with transaction(db_factory) as db:
        meeting = db.get(Meeting, demo_id)
        publish(db, meeting, "a")
        sessions = {s.kind: s for s in meeting.sessions}
        moved, retitled = sessions[SessionKind.CLOSING], sessions[SessionKind.KEYNOTE]
        debate = sessions[SessionKind.POLICY_DEBATE]
        ops.shift_session(db, meeting, moved.id, minutes=15, actor="a")
        ops.edit_session(db, meeting, retitled.id, title_en="Keynote (new)", actor="a")
        gone = next(s for s in meeting.sessions if s.kind is SessionKind.PREPARATORY)
        gone_people = sorted(a.person_id for a in gone.assignments)
        ops.delete_session(db, meeting, gone.id, actor="a")
        added = ops.add_session(
            db,
            meeting,
            kind="plenary",
            title_en="Extra",
            actor="a",
            start=datetime(2021, 4, 27, 20, tzinfo=UTC),
            end=datetime(2021, 4, 27, 21, tzinfo=UTC),
        )
        leaving = debate.assignments[1]
        leaving.status = InvitationStatus.WITHDRAWN
        debate_uid, leaving_id = debate.uid, leaving.person_id
        db.flush()
        left, right, pending = diff_versions(db, meeting, None, CURRENT)
        assert (left, right) == ("v1", "current")
        publish(db, meeting, "a")
    with transaction(db_factory) as db:
        left, right, diff = diff_versions(db, db.get(Meeting, demo_id))
    assert (left, right) == ("v1", "v2")
    assert diff.to_dict() == pending.to_dict()
    assert [c.uid for c in diff.added] == [added.uid]
    assert [c.uid for c in diff.removed] == [gone.uid]
    assert [(c.uid, c.fields) for c in diff.moved] == [(moved.uid, ["start", "end"])]
    assert [(c.uid, c.fields) for c in diff.changed] == [(retitled.uid, ["title"])]
    assert diff.restaffed[debate_uid].removed == [leaving_id]
    assert diff.affected_people(debate_uid) == [leaving_id]
    assert diff.affected_people(gone.uid) == gone_people
    assert diff.affected_people(moved.uid) == sorted(a.person_id for a in moved.assignments)
    with transaction(db_factory) as db:
        assert db.scalar(select(Session.sequence).where(Session.id == moved.id)) == 1


def test_first_version_diff_is_all_added(db_factory, demo_id):
    with transaction(db_factory) as db:
        meeting = db.get(Meeting, demo_id)
        publish(db, meeting, "a")
        left, right, diff = diff_versions(db, meeting)
        assert (left, right) == ("nothing", "v1")
        assert len(diff.added) == len(meeting.sessions)
        assert len(db.scalars(select(AgendaVersion)).all()) == 1


def _snap(people):
    return {
        "sessions": [
            {
                "uid": "u",
                "id": 1,
                "kind": "plenary",
                "title_en": "T",
                "title_es": "",
                "start": "2025-04-07T13:00:00+00:00",
                "end": "2025-04-07T14:30:00+00:00",
                "track": "",
                "objectives": [],
                "video_url": "",
                "sequence": 0,
                "people": people,
            }
        ]
    }


@pytest.mark.parametrize(
    ("old_people", "new_people", "added", "removed", "role_changed"),
    [
        ([], [(1, "panellist", "invited")], [1], [], []),
        ([(1, "panellist", "invited")], [], [], [1], []),
        ([(1, "panellist", "invited")], [(1, "panellist", "declined")], [], [1], []),
        ([(1, "panellist", "invited")], [(1, "moderator", "invited")], [], [], [1]),
        ([(1, "panellist", "invited")], [(1, "panellist", "confirmed")], None, None, None),
    ],
)
def test_restaffing_table(old_people, new_people, added, removed, role_changed):
    def people(rows):
        return [{"person_id": p, "role": r, "status": s, "email": None} for p, r, s in rows]

    diff = diff_snapshots(_snap(people(old_people)), _snap(people(new_people)))
    if added is None:
        assert diff.empty
        return
    staffing = diff.restaffed["u"]
    assert (staffing.added, staffing.removed, staffing.role_changed) == (
        added,
        removed,
        role_changed,
    )


def test_video_change_reaches_everyone():
    old = _snap([{"person_id": 4, "role": "chair", "status": "invited", "email": None}])
    new = copy.deepcopy(old)
    new["sessions"][0]["video_url"] = "https://meet.example/x"
    diff = diff_snapshots(old, new)
    assert [c.fields for c in diff.changed] == [["video"]]
    assert diff.affected_people("u") == [4]


def test_diff_reads_older_snapshots_without_id_kind_track_objectives():
    old = _snap([])
    for key in ("id", "kind", "track", "objectives"):
        del old["sessions"][0][key]
    new = copy.deepcopy(old)
    new["sessions"][0]["title_en"] = "T2"
    new["sessions"][0]["start"] = "2025-04-07T13:30:00+00:00"
    diff = diff_snapshots(old, new)
    assert [c.fields for c in diff.changed] == [["title"]]
    assert diff.moved[0].old.start == datetime(2025, 4, 7, 13, tzinfo=UTC)
    assert diff.to_dict()["moved"][0]["new"] == {
        "start": "2025-04-07T13:30:00+00:00",
        "end": "2025-04-07T14:30:00+00:00",
        "title_en": "T2",
        "track": "",
    }
