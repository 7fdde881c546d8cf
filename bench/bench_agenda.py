"""Benchmark (issue 3): `agenda check` and `best-time` on a three-day meeting with 60 sessions
and 5,000 people holding roles. Time per call, on loaded objects and through SQLite.

Run: python -m bench agenda  (MEETINGCTL_BENCH_SCALE=0.1 shrinks the meeting).
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from agenda import reference
from agenda.model.enums import Gender, InvitationStatus, Role, SessionKind
from agenda.model.orm import Meeting, Person, RoleAssignment, Session
from agenda.programme.besttime import best_times
from agenda.programme.checks import check_programme
from agenda.programme.reading import load_sessions
from agenda.programme.templates import new_uid
from agenda.time.slots import local_slot

T = TypeVar("T")
CPU_TIMES: list[float] = []
DEFAULT_SESSIONS = 60
DEFAULT_PEOPLE = 5_000
DAYS = 3


def _scale() -> float:
    return float(os.environ.get("MEETINGCTL_BENCH_SCALE", "1.0") or 1.0)


def build(sessions_count: int, people_count: int, seed: int = 3) -> Meeting:
    """A three-day meeting in America/Santiago: two tracks of 90-minute sessions from 08:00,
    every person holding one or two roles (moderators and speakers first, then participants)."""
    from datetime import time as clock

    rng = random.Random(seed)
    meeting = Meeting(
        slug="bench",
        title_en="Bench",
        home_tz="America/Santiago",
        start_date=date(2021, 4, 26),
        days=DAYS,
        template="gcm-regional-review",
    )
    zones = [c for c in reference.lac_countries() if c.capital_zone]
    people = [
        Person(
            id=i + 1,
            given_name=f"Given{i}",
            family_name=f"Family{i}",
            gender=rng.choice(list(Gender)),
            country=rng.choice(zones).iso2,
            timezone=None if rng.random() < 0.8 else "Europe/Madrid",
        )
        for i in range(people_count)
    ]
    per_day = max(1, sessions_count // DAYS)
    for index in range(sessions_count):
        day, slot = divmod(index, per_day)
        track, position = divmod(slot, max(1, per_day // 2))
        start_minutes = 8 * 60 + position * 100
        start, end = local_slot(
            meeting,
            min(day, DAYS - 1) + 1,
            clock(min(start_minutes // 60, 22), start_minutes % 60),
            duration=timedelta(minutes=90),
        )
        kind = SessionKind.ROUND_TABLE if index % 3 == 0 else SessionKind.PLENARY
        session = Session(
            id=index + 1,
            uid=new_uid("bench.invalid"),
            kind=kind,
            title_en=f"Session {index + 1}",
            start=start,
            end=end,
            track="AB"[track % 2],
        )
        session.set_objectives([1 + index % 22, 23] if kind is SessionKind.ROUND_TABLE else [])
        meeting.sessions.append(session)
    roles = [Role.MODERATOR, Role.PANELLIST, Role.PANELLIST, Role.DISCUSSANT, Role.RAPPORTEUR]
    assignment_id = 0
    for number, person in enumerate(people):
        for repeat in range(1 + (number % 4 == 0)):
            session = meeting.sessions[(number * 7 + repeat * 13) % sessions_count]
            role = (
                roles[len(session.assignments)]
                if len(session.assignments) < len(roles)
                else (Role.PARTICIPANT)
            )
            if any(a.person_id == person.id and a.role is role for a in session.assignments[-3:]):
                continue
            assignment_id += 1
            session.assignments.append(
                RoleAssignment(
                    id=assignment_id,
                    person_id=person.id,
                    person=person,
                    role=role,
                    status=InvitationStatus.CONFIRMED,
                    speaking_minutes=8 if role in roles[1:4] else None,
                    position=len(session.assignments),
                )
            )
    return meeting


def _per_call(func: Callable[[], T], repeat: int) -> tuple[float, T]:
    """Median wall-clock seconds per call (CPU seconds are collected in CPU_TIMES)."""
    timings, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = func()
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    CPU_TIMES.append(statistics.median(cpu))
    return statistics.median(timings), result


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms per call (CPU {CPU_TIMES[-1] * 1000:.1f} ms)"


def _through_sqlite(meeting: Meeting) -> tuple[float, float]:
    """Store the meeting in a migrated SQLite file; time load_sessions + check per call."""
    from meetingctl.db import make_engine, make_session_factory, upgrade

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        upgrade(engine)
        factory = make_session_factory(engine)
        with factory() as db:
            people = {a.person.id: a.person for s in meeting.sessions for a in s.assignments}
            for person in people.values():
                person.email = f"p{person.id}@example.org"
            db.add(meeting)
            db.commit()
        with factory() as db:
            stored = db.get(Meeting, meeting.id)
            assert stored is not None
            load_time, loaded = _per_call(lambda: load_sessions(db, stored), 3)
            check_time, _ = _per_call(lambda: check_programme(stored, loaded), 3)
        engine.dispose()
    return load_time, check_time


def run() -> list[str]:
    """Build the meeting, time the checks and best-time per call; return printable lines."""
    scale = _scale()
    sessions_count = max(6, round(DEFAULT_SESSIONS * scale))
    people_count = max(50, round(DEFAULT_PEOPLE * scale))
    meeting = build(sessions_count, people_count)
    sessions = list(meeting.sessions)
    assignments = sum(len(s.assignments) for s in sessions)
    holders = {a.person for s in sessions for a in s.assignments}
    check_time, findings = _per_call(lambda: check_programme(meeting, sessions), 5)
    check_line = f"check_programme: {_ms(check_time)} ({len(findings)} findings)"
    best_time, ranked = _per_call(
        lambda: best_times(meeting, holders, 2, timedelta(hours=3), limit=10), 5
    )
    best_line = (
        f"best_times (day 2, 3h, every 15 min, {len(holders)} people): {_ms(best_time)} "
        f"(best: {ranked[0].out_of_hours} out of hours)"
    )
    lines = [
        f"{sessions_count} sessions over {DAYS} days, {len(holders)} people, "
        f"{assignments} role assignments",
        check_line,
        best_line,
    ]
    load_time, stored_check = _through_sqlite(meeting)
    lines.append(
        f"SQLite: load_sessions {load_time * 1000:.1f} ms + check_programme "
        f"{stored_check * 1000:.1f} ms per call (wall clock)"
    )
    return lines


if __name__ == "__main__":
    for line in run():
        print(line)
