"""Planning rules: publication diffs, invitation timing, reminders, nudges, quiet hours."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from agenda.messaging.outbox_policy import (
    PlannedMessage,
    QuietHours,
    apply_quiet_hours,
    idempotency_key,
    plan_invitations,
    plan_nudges,
    plan_publication,
    plan_reminders,
    reconcile_with_delivered,
)
from agenda.model.enums import MessageKind

NOW = datetime(2030, 4, 1, 12, tzinfo=UTC)


def session(uid: str, start: datetime, people: list[tuple[int, str, str]], seq: int = 0) -> dict:
    return {
        "uid": uid,
        "title_en": uid,
        "title_es": uid,
        "start": start.isoformat(),
        "end": (start + timedelta(hours=1)).isoformat(),
        "video_url": "",
        "sequence": seq,
        "people": [
            {"person_id": p, "role": r, "status": s, "email": f"p{p}@example.org"}
            for p, r, s in people
        ],
    }


def snapshot(*sessions: dict) -> dict:
    return {"meeting": {}, "sessions": list(sessions)}


DAY = NOW + timedelta(days=20)
BASE = snapshot(
    session(
        "a",
        DAY,
        [(1, "chair", "confirmed"), (2, "panellist", "invited"), (3, "panellist", "declined")],
    ),
    session(
        "b", DAY + timedelta(hours=2), [(4, "moderator", "accepted"), (5, "panellist", "nominated")]
    ),
)


def kinds(planned: list[PlannedMessage]) -> set[tuple[int, str, MessageKind, int]]:
    return {(p.person_id, p.session_uid, p.kind, p.sequence) for p in planned}


def test_first_publication_invites_active_people_only() -> None:
    planned = plan_publication(None, BASE, now=NOW)
    assert kinds(planned) == {
        (1, "a", MessageKind.INVITATION, 0),
        (2, "a", MessageKind.INVITATION, 0),
        (4, "b", MessageKind.INVITATION, 0),
        (5, "b", MessageKind.INVITATION, 0),
    }
    assert planned[0].key == "p1@example.org|a|invitation|0"


def test_moved_session_updates_only_its_people_with_the_new_sequence() -> None:
    new = copy.deepcopy(BASE)
    new["sessions"][1]["start"] = (DAY + timedelta(hours=3)).isoformat()
    new["sessions"][1]["sequence"] = 1
    assert kinds(plan_publication(BASE, new, now=NOW)) == {
        (4, "b", MessageKind.UPDATE, 1),
        (5, "b", MessageKind.UPDATE, 1),
    }


def test_added_person_gets_an_invitation_removed_and_declined_ones_nothing_from_the_diff() -> None:
    new = copy.deepcopy(BASE)
    people = new["sessions"][0]["people"]
    people[:] = [p for p in people if p["person_id"] != 2]
    people.append({"person_id": 9, "role": "panellist", "status": "nominated", "email": None})
    people[1]["status"] = "declined"  # person 3 stays declined
    planned = plan_publication(BASE, new, now=NOW)
    # Person 2's cancellation comes from what was sent (plan_sent_cancellations), not from here.
    assert kinds(planned) == {(9, "a", MessageKind.INVITATION, 0)}
    assert next(p for p in planned if p.person_id == 9).key == "person:9|a|invitation|0"
    declined = copy.deepcopy(BASE)
    declined["sessions"][0]["people"][1]["status"] = "declined"
    assert plan_publication(BASE, declined, now=NOW) == []


def test_a_removed_session_plans_nothing_from_the_diff() -> None:
    new = snapshot(BASE["sessions"][0])
    assert plan_publication(BASE, new, now=NOW) == []


def test_days_before_mode_and_manual_mode() -> None:
    planned = plan_publication(None, BASE, now=NOW, mode="days-before", days_before=14)
    assert {p.not_before for p in planned if p.session_uid == "a"} == {DAY - timedelta(days=14)}
    assert plan_publication(None, BASE, now=NOW, mode="manual") == []
    soon = plan_publication(None, BASE, now=DAY - timedelta(days=2), mode="days-before")
    assert {p.not_before for p in soon} == {DAY - timedelta(days=2)}


def test_past_sessions_get_nothing() -> None:
    assert plan_publication(None, BASE, now=DAY + timedelta(days=1)) == []
    assert plan_invitations(BASE, now=DAY + timedelta(days=1)) == []


def test_reminders_fall_due_24h_and_1h_before() -> None:
    start = datetime.fromisoformat(BASE["sessions"][0]["start"])
    early = plan_reminders(BASE, now=start - timedelta(hours=30))
    assert early == []
    due = plan_reminders(BASE, now=start - timedelta(hours=24, minutes=2))
    assert kinds(due) == {
        (1, "a", MessageKind.REMINDER_24H, 0),
        (2, "a", MessageKind.REMINDER_24H, 0),
    }
    assert {p.not_before for p in due} == {start - timedelta(hours=24)}
    last = plan_reminders(BASE, now=start - timedelta(minutes=50))
    assert {p.kind for p in last} == {MessageKind.REMINDER_1H} and all(p.urgent for p in last)
    assert plan_reminders(BASE, now=start + timedelta(minutes=1)) == []
    # 24 h reminder more than the grace late: skipped.
    assert MessageKind.REMINDER_24H not in {
        p.kind
        for p in plan_reminders(BASE, now=start - timedelta(hours=20), grace=timedelta(hours=1))
    }


def test_nudges_only_for_silent_invitees_after_n_days() -> None:
    sent = {(2, "a"): NOW, (1, "a"): NOW, (5, "b"): NOW + timedelta(days=3)}
    planned = plan_nudges(BASE, sent, now=NOW + timedelta(days=5), after_days=5)
    assert kinds(planned) == {(2, "a", MessageKind.NUDGE, 0)}  # 1 confirmed, 5 too recent
    assert plan_nudges(BASE, sent, now=NOW + timedelta(days=5), after_days=0) == []


def test_keys_are_case_insensitive_on_the_address() -> None:
    assert idempotency_key("Ana@Example.ORG ", 1, "u", "update", 2) == "ana@example.org|u|update|2"


QUIET = QuietHours.parse("21:00", "08:00")
ZONES = [
    "America/Santiago",
    "America/Port-au-Prince",
    "Europe/Madrid",
    "Pacific/Auckland",
    "America/St_Johns",
    "Asia/Kathmandu",
    "UTC",
]


@given(
    moment=st.datetimes(
        min_value=datetime(2029, 1, 1), max_value=datetime(2031, 1, 1), timezones=st.just(UTC)
    ),
    zone=st.sampled_from(ZONES),
    start=st.times(),
    end=st.times(),
)
def test_quiet_hours_release_is_outside_the_window_and_never_earlier(moment, zone, start, end):
    quiet = QuietHours(start.replace(microsecond=0, second=0), end.replace(microsecond=0, second=0))
    released = quiet.release(moment, zone)
    assert released >= moment
    assert released - moment <= timedelta(hours=25)
    local = released.astimezone(ZoneInfo(zone)).time()
    if released != moment:  # moved: lands on the end of the window (or just after, in a DST gap)
        assert not quiet.contains(local) or local == quiet.end


def test_quiet_hours_in_the_recipients_zone() -> None:
    # 02:00 UTC is 22:00 in Santiago (-04) and 04:00 in Madrid (+02) in April.
    at = datetime(2030, 4, 10, 2, tzinfo=UTC)
    planned = [
        PlannedMessage("k1", 1, "a@x.org", "a", MessageKind.INVITATION, 0, at),
        PlannedMessage("k2", 2, "b@x.org", "a", MessageKind.UPDATE, 0, at, urgent=True),
        PlannedMessage("k3", 3, "c@x.org", "a", MessageKind.INVITATION, 0, at),
    ]
    zones = {1: "America/Santiago", 3: "Asia/Tokyo"}
    result = {p.key: p for p in apply_quiet_hours(planned, QUIET, zones, "Europe/Madrid")}
    assert result["k1"].not_before.astimezone(ZoneInfo("America/Santiago")).time() == time(8)
    assert result["k2"].not_before == at  # urgent
    assert result["k3"].not_before == at  # 11:00 in Tokyo


def test_quiet_hours_never_push_past_the_session() -> None:
    at = datetime(2030, 4, 10, 2, tzinfo=UTC)  # 22:00 Santiago
    start = at + timedelta(hours=3)
    planned = [PlannedMessage("k", 1, "a@x.org", "a", MessageKind.REMINDER_24H, 0, at)]
    [result] = apply_quiet_hours(planned, QUIET, {1: "America/Santiago"}, "UTC", {"a": start})
    assert result.not_before == at and result.urgent


def test_reconcile_turns_undelivered_updates_into_invitations() -> None:
    new = copy.deepcopy(BASE)
    new["sessions"][0]["sequence"] = 1
    new["sessions"][0]["people"] = new["sessions"][0]["people"][:1] + [
        {"person_id": 3, "role": "panellist", "status": "declined", "email": "p3@example.org"}
    ]
    planned = plan_publication(BASE, new, now=NOW)
    assert kinds(planned) == {(1, "a", MessageKind.UPDATE, 1)}
    delivered = {(1, "a")}
    assert reconcile_with_delivered(planned, delivered, new, now=NOW) == [
        p for p in planned if p.person_id == 1
    ]
    fixed = reconcile_with_delivered(
        planned, set(), new, now=NOW, mode="days-before", days_before=7
    )
    assert kinds(fixed) == {(1, "a", MessageKind.INVITATION, 1)}
    assert fixed[0].key == "p1@example.org|a|invitation|1" and fixed[
        0
    ].not_before == DAY - timedelta(days=7)
    assert reconcile_with_delivered(planned, set(), new, now=NOW, mode="manual") == []


STATUSES = ["nominated", "invited", "accepted", "confirmed", "declined", "withdrawn"]
ACTIVE = {"nominated", "invited", "accepted", "confirmed"}


@st.composite
def snapshot_pairs(draw):  # type: ignore[no-untyped-def]
    """An old and a new snapshot over the same small pool of sessions and people."""
    old_sessions, new_sessions = [], []
    for index in range(draw(st.integers(1, 4))):
        start = DAY + timedelta(hours=3 * index)
        seq = draw(st.integers(0, 3))
        people = draw(st.dictionaries(st.integers(1, 6), st.sampled_from(STATUSES), max_size=5))
        if draw(st.booleans()):
            old_sessions.append(
                session(f"s{index}", start, [(p, "panellist", s) for p, s in people.items()], seq)
            )
        if draw(st.booleans()):
            later = draw(st.dictionaries(st.integers(1, 6), st.sampled_from(STATUSES), max_size=5))
            moved = draw(st.booleans())
            new_sessions.append(
                session(
                    f"s{index}",
                    start + timedelta(hours=1 if moved else 0),
                    [(p, "panellist", s) for p, s in later.items()],
                    seq + (1 if moved else 0),
                )
            )
    return snapshot(*old_sessions), snapshot(*new_sessions)


@given(snapshot_pairs())
def test_publication_plans_reach_exactly_the_affected_people(pair) -> None:
    old, new = pair
    planned = plan_publication(old, new, now=NOW)
    assert len({p.key for p in planned}) == len(planned)  # no message twice
    before = {s["uid"]: s for s in old["sessions"]}
    after = {s["uid"]: s for s in new["sessions"]}

    def active(entry, pid):  # type: ignore[no-untyped-def]
        return any(r["person_id"] == pid and r["status"] in ACTIVE for r in entry["people"])

    for p in planned:
        was, now_ = before.get(p.session_uid), after.get(p.session_uid)
        if p.kind == MessageKind.INVITATION:
            assert now_ is not None and active(now_, p.person_id)
            assert was is None or not active(was, p.person_id)
        elif p.kind == MessageKind.UPDATE:
            assert was is not None and now_ is not None
            assert active(was, p.person_id) and active(now_, p.person_id)
            assert p.sequence == now_["sequence"] and was["start"] != now_["start"]
        else:
            raise AssertionError(f"{p.kind} planned from a version diff")
    # Every newly active person is invited; every moved session's kept people are updated.
    for uid, entry in after.items():
        for row in entry["people"]:
            pid = row["person_id"]
            if not active(entry, pid):
                continue
            previous = before.get(uid)
            kind = (
                MessageKind.INVITATION
                if previous is None or not active(previous, pid)
                else MessageKind.UPDATE
                if previous["start"] != entry["start"]
                else None
            )
            if kind is not None:
                assert (pid, uid, kind, entry["sequence"]) in kinds(planned)


def test_cancellations_follow_what_was_sent_not_the_version_diff() -> None:
    from agenda.messaging.outbox_policy import SentInvitation, plan_sent_cancellations

    past = session("old", NOW - timedelta(days=1), [])
    now_snapshot = snapshot(
        session("a", DAY, [(1, "chair", "confirmed"), (3, "panellist", "declined")], seq=2),
        session("b", DAY, [(6, "panellist", "withdrawn")], seq=1),
    )
    sent = [
        SentInvitation(1, "a", "p1@example.org", 2),  # still active: nothing
        SentInvitation(3, "a", "p3@example.org", 1),  # declined: nothing
        SentInvitation(6, "b", "old-address@example.org", 1),  # withdrawn: CANCEL seq 2
        SentInvitation(7, "b", "p7@example.org", 0),  # removed from the session: CANCEL seq 1
        SentInvitation(8, "gone", "p8@example.org", 4),  # session removed: CANCEL seq 5
        SentInvitation(9, "old", "p9@example.org", 0),  # session over: nothing
    ]
    earlier = snapshot(past, session("gone", DAY, [(8, "panellist", "invited")]))
    planned = plan_sent_cancellations(now_snapshot, sent, now=NOW, known_sessions=[earlier])
    assert {(p.person_id, p.session_uid, p.sequence, p.email) for p in planned} == {
        (6, "b", 2, "old-address@example.org"),
        (7, "b", 1, "p7@example.org"),
        (8, "gone", 5, "p8@example.org"),
    }
    assert all(p.kind == MessageKind.CANCELLATION and not p.urgent for p in planned)
    assert planned[0].key == "old-address@example.org|b|cancellation|2"


def test_people_holding_an_invitation_get_updates_not_invitations() -> None:
    from agenda.messaging.outbox_policy import SentInvitation, reconcile_with_sent

    moved = copy.deepcopy(BASE)
    moved["sessions"][0]["sequence"] = 2
    held = [
        SentInvitation(1, "a", "p1@example.org", 1),  # holds an older version of "a"
        SentInvitation(4, "b", "p4@example.org", 0),  # holds the current version of "b"
    ]
    # What a first planning run (no earlier version) plans: invitations to everyone.
    planned = plan_publication(None, moved, now=NOW)
    result = kinds(reconcile_with_sent(planned, held, moved, now=NOW))
    assert (1, "a", MessageKind.UPDATE, 2) in result
    assert (1, "a", MessageKind.INVITATION, 2) not in result
    assert not {k for k in result if k[0] == 4}, "already holds this version: nothing"
    assert (2, "a", MessageKind.INVITATION, 2) in result  # never invited: an invitation
    # Manual mode plans no invitations, but updates still reach those who hold one.
    manual = plan_publication(None, moved, now=NOW, mode="manual")
    assert kinds(reconcile_with_sent(manual, held, moved, now=NOW)) == {
        (1, "a", MessageKind.UPDATE, 2)
    }


def test_snapshots_are_parsed_once_into_typed_sessions() -> None:
    from agenda.programme.published import ProgrammeSnapshot

    parsed = ProgrammeSnapshot.parse(BASE)
    first = parsed.sessions[0]
    assert first.uid == "a" and first.start == DAY and first.start.tzinfo is not None
    assert [p.person_id for p in first.people if p.active] == [1, 2]
    assert ProgrammeSnapshot.parse(parsed) is parsed
    assert plan_publication(None, parsed, now=NOW) == plan_publication(None, BASE, now=NOW)
