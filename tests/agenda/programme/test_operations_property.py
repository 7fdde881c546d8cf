"""Property: no sequence of valid operations leaves an overlap undetected.

The overlap-track and person-double-booked findings of ``check_programme`` are compared with
brute-force oracles after every step of a hypothesis state machine driving the real operations
on a SQLite database.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from itertools import combinations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from agenda.model.enums import Role
from agenda.model.orm import Base, Meeting, Person, RoleAssignment, Session
from agenda.programme import operations as ops
from agenda.programme.checks import check_programme
from agenda.programme.reading import load_sessions
from agenda.programme.templates import build_meeting
from agenda.time.slots import local_slot

TRACKS = st.sampled_from(["", "A", "B"])
MINUTES = st.integers(min_value=1, max_value=36).map(lambda n: n * 5)


def people_oracle(sessions) -> set[tuple[int, tuple[int, int]]]:
    pairs = set()
    for a, b in combinations(sessions, 2):
        if a.start < b.end and b.start < a.end:
            shared = {r.person_id for r in a.assignments} & {r.person_id for r in b.assignments}
            pairs |= {(person, tuple(sorted((a.id, b.id)))) for person in shared}
    return pairs


def oracle(sessions) -> set[tuple[int, int]]:
    pairs = set()
    for a, b in combinations(sessions, 2):
        if a.track == b.track and a.start < b.end and b.start < a.end:
            pairs.add(tuple(sorted((a.id, b.id))))
    return pairs


class ProgrammeMachine(RuleBasedStateMachine):
    @initialize(
        seeds=st.lists(
            st.tuples(st.integers(9, 11), st.integers(0, 11), MINUTES, TRACKS, st.integers(0, 2)),
            min_size=3,
            max_size=6,
        )
    )
    def seeded(self, seeds) -> None:
        """Start from a few staffed sessions so overlaps and double bookings are common."""
        self.start()
        for hour, minute, minutes, track, who in seeds:
            self.add(1, hour, minute, minutes, track, who)

    def start(self) -> None:
        engine = create_engine("sqlite://")
        Base.metadata.create_all(engine)
        self.db = sessionmaker(engine, expire_on_commit=False)()
        meeting = build_meeting(
            "blank", title_en="P", start=date(2021, 4, 26), days=2, home_tz="America/Santiago"
        )
        self.db.add(meeting)
        self.db.commit()
        self.meeting: Meeting = meeting
        self.ids: list[int] = []
        self.people = [Person(given_name=f"P{i}") for i in range(3)]
        self.db.add_all(self.people)
        self.db.commit()

    def teardown(self) -> None:
        self.db.close()

    @rule(
        day=st.sampled_from([1, 1, 1, 2]),
        hour=st.integers(9, 11),
        minute=st.integers(0, 11),
        minutes=MINUTES,
        track=TRACKS,
        who=st.one_of(st.none(), st.integers(0, 2)),
    )
    def add(self, day, hour, minute, minutes, track, who):
        start, end = local_slot(
            self.meeting, day, time(hour, minute * 5), duration=timedelta(minutes=minutes)
        )
        session = ops.add_session(
            self.db,
            self.meeting,
            kind="plenary",
            title_en="S",
            start=start,
            end=end,
            track=track,
            actor="h",
        )
        if who is not None:
            session.assignments.append(RoleAssignment(person=self.people[who], role=Role.CHAIR))
            self.db.flush()
        self.ids.append(session.id)

    @precondition(lambda self: self.ids)
    @rule(data=st.data(), delta=st.integers(-24, 24).map(lambda n: n * 5))
    def shift(self, data, delta):
        if delta:
            ops.shift_session(
                self.db,
                self.meeting,
                data.draw(st.sampled_from(self.ids)),
                minutes=delta,
                actor="h",
            )

    @precondition(lambda self: self.ids)
    @rule(data=st.data(), who=st.integers(0, 2))
    def assign(self, data, who):
        session = self.db.get(Session, data.draw(st.sampled_from(self.ids)))
        person = self.people[who]
        if all(a.person_id != person.id for a in session.assignments):
            session.assignments.append(RoleAssignment(person=person, role=Role.PANELLIST))
            self.db.flush()

    @precondition(lambda self: self.ids)
    @rule(data=st.data(), minutes=MINUTES)
    def resize(self, data, minutes):
        ops.resize_session(
            self.db,
            self.meeting,
            data.draw(st.sampled_from(self.ids)),
            duration=timedelta(minutes=minutes),
            actor="h",
        )

    @precondition(lambda self: self.ids)
    @rule(data=st.data(), track=TRACKS)
    def retrack(self, data, track):
        ops.edit_session(
            self.db, self.meeting, data.draw(st.sampled_from(self.ids)), track=track, actor="h"
        )

    @precondition(lambda self: len(self.ids) >= 2)
    @rule(data=st.data())
    def swap(self, data):
        first, second = data.draw(
            st.lists(st.sampled_from(self.ids), min_size=2, max_size=2, unique=True)
        )
        ops.swap_sessions(self.db, self.meeting, first, second, actor="h")

    @precondition(lambda self: self.ids)
    @rule(data=st.data())
    def duplicate(self, data):
        copy = ops.duplicate_session(
            self.db, self.meeting, data.draw(st.sampled_from(self.ids)), actor="h"
        )
        self.ids.append(copy.id)

    @precondition(lambda self: self.ids)
    @rule(data=st.data())
    def delete(self, data):
        victim = data.draw(st.sampled_from(self.ids))
        ops.delete_session(self.db, self.meeting, victim, actor="h")
        self.ids.remove(victim)

    @precondition(lambda self: self.ids)
    @rule(day=st.integers(1, 2), delta=st.sampled_from([-30, -15, 15, 60]))
    def shift_day(self, day, delta):
        try:
            ops.shift_day(self.db, self.meeting, day, minutes=delta, actor="h")
        except Exception as exc:  # no session that day is a valid refusal
            assert "no session on day" in str(exc)

    @invariant()
    def overlaps_match_oracle(self) -> None:
        if not hasattr(self, "db"):
            return
        self.db.commit()
        sessions = load_sessions(self.db, self.meeting)
        assert all(s.end > s.start for s in sessions)
        found = {
            tuple(sorted(f.session_ids))
            for f in check_programme(self.meeting, sessions)
            if f.rule_id == "overlap-track"
        }
        assert found == oracle(sessions)
        booked = {
            (f.person_ids[0], tuple(sorted(f.session_ids)))
            for f in check_programme(self.meeting, sessions)
            if f.rule_id == "person-double-booked"
        }
        assert booked == people_oracle(sessions)


ProgrammeMachine.TestCase.settings = settings(
    max_examples=20,
    stateful_step_count=14,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestProgrammeOperations = ProgrammeMachine.TestCase
