"""Properties over people with the issue-16 facts (languages, ages, sectors, consented
self-identification): incremental re-evaluation equals a full one, counts are never negative,
and meeting-wide suggestions never break an error-severity rule they do not report."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from agenda.balance import BalanceModel, Slot, Snapshot, suggest_meeting
from agenda.balance.snapshot import SessionFacts, person_facts
from agenda.model.enums import InvitationStatus, Role, SessionKind

START = datetime(2021, 4, 26, 14, tzinfo=UTC)
ROLES = list(Role)
STATUSES = [s.value for s in InvitationStatus]
COUNTRIES = ["MX", "AR", "JM", "HT", "BO", "BR", "TT", "BM", None]
CATEGORIES = ["member_state", "local_authorities", "civil_society", "parliamentarians", "nhri"]
CATEGORIES += ["migrants", "academia", "children_youth", "un_system"]


def _person(i: int, draw: Any) -> Any:
    return person_facts(
        i,
        f"P{i}",
        draw(st.sampled_from(["woman", "man", "non_binary", "other", "undisclosed", "unknown"])),
        draw(st.sampled_from(COUNTRIES)),
        draw(st.sampled_from(CATEGORIES)),
        draw(st.booleans()),
        languages=draw(st.sampled_from([None, ["en"], ["pt"], ["es", "en"], ["nl"]])),
        birth_year=draw(st.sampled_from([None, 1950, 1985, 2000, 2005])),
        reference_year=2021,
        self_identification=draw(st.sampled_from([[], ["indigenous"], ["disability"]])),
        consent=draw(st.booleans()),
        sector=draw(st.sampled_from([None, "foreign_affairs", "labour"])),
    )


@st.composite
def pools(draw: Any) -> list[Any]:
    return [_person(i, draw) for i in range(1, draw(st.integers(6, 24)))]


SESSIONS = [
    SessionFacts(1, SessionKind.ROUND_TABLE, "S1", "S1", START, START + timedelta(hours=1)),
    SessionFacts(2, SessionKind.POLICY_DEBATE, "S2", "S2", START, START + timedelta(hours=1)),
    SessionFacts(
        3, SessionKind.KEYNOTE, "S3", "S3", START + timedelta(hours=2), START + timedelta(hours=3)
    ),
]

changes_strategy = st.lists(
    st.tuples(
        st.integers(1, 40),
        st.integers(1, 3),
        st.integers(0, 30),
        st.sampled_from(ROLES),
        st.sampled_from(STATUSES),
        st.booleans(),
    ),
    max_size=30,
)


def _negatives(value: Any, path: str = "") -> list[str]:
    if isinstance(value, dict):
        return [bad for key, item in value.items() for bad in _negatives(item, f"{path}.{key}")]
    if isinstance(value, bool) or not isinstance(value, int | float):
        return []
    return [path] if value < 0 else []


@given(pools(), changes_strategy)
@settings(max_examples=60, deadline=None)
def test_incremental_equals_full_and_counts_never_negative(pool, changes) -> None:
    ids = [p.id for p in pool]
    model = BalanceModel(Snapshot({p.id: p for p in pool}, {s.id: s for s in SESSIONS}, {}))
    model.evaluate()
    for assignment_id, session_id, index, role, status, removed in changes:
        if removed:
            model.apply_change(assignment_id=assignment_id, removed=True)
        else:
            model.apply_change(
                assignment_id=assignment_id,
                session_id=session_id,
                person_id=ids[index % len(ids)],
                role=role,
                status=status,
            )
        report = model.report()
        assert _negatives(report.to_dict()["programme"]["summary"]) == []
        assert _negatives(vars_of(model.programme_state.tally)) == []
    fresh = BalanceModel(copy.deepcopy(model.snapshot)).evaluate()
    assert model.report().to_dict() == fresh.to_dict()


def vars_of(tally: Any) -> dict[str, Any]:
    return {name: getattr(tally, name) for name in tally.__slots__}


@given(pools(), changes_strategy)
@settings(max_examples=30, deadline=None)
def test_meeting_wide_suggestions_never_break_an_unreported_error_rule(pool, changes) -> None:
    ids = [p.id for p in pool]
    slots = {
        n: Slot(n, sid, ids[index % len(ids)], role, status)
        for n, (_, sid, index, role, status, _) in enumerate(changes, 1)
    }
    model = BalanceModel(Snapshot({p.id: p for p in pool}, {s.id: s for s in SESSIONS}, slots))
    report = model.evaluate()
    before = {v.key(): v for v in report.violations}
    for item in suggest_meeting(model, limit=3):
        trial = BalanceModel(copy.deepcopy(model.snapshot), model.rules)
        trial.evaluate()
        if item.replaces_assignment_id is not None:
            trial.apply_change(assignment_id=item.replaces_assignment_id, status="withdrawn")
        trial.apply_change(
            assignment_id=-1,
            session_id=item.session_id,
            person_id=item.person_id,
            role=item.role,
            status="nominated",
        )
        after = {v.key(): v for v in trial.report().violations}
        assert item.fixes or item.improves
        for key, violation in after.items():
            old = before.get(key)
            if old is None or violation.details["shortfall"] > old.details["shortfall"]:
                assert violation.severity != "error"
                assert key[0] in item.breaks
        for rule in item.fixes:
            assert (rule, None) not in after  # meeting-wide targets are programme rules
