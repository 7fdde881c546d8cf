"""Benchmark: balance report for 60 sessions and 5,000 people, and re-evaluation after one role
change (issue 4: it runs on every edit in the TUI; target under 10 ms), with the facts and rules
of issue 16 (ages, sectors, languages), and the time to rank suggestions for a session and
meeting-wide.

Run: python -m bench balance  (MEETINGCTL_BENCH_SCALE=0.1 shrinks people and sessions).
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from agenda.balance import BalanceModel, suggest, suggest_meeting
from agenda.model.enums import Gender, InvitationStatus, Role, SessionKind
from agenda.model.orm import Meeting, Person, RoleAssignment, Session
from agenda.model.uow import transaction
from meetingctl.db import make_engine, make_session_factory, upgrade

PEOPLE, SESSIONS, TARGET_MS = 5_000, 60, 10.0
COUNTRIES = [
    "MX",
    "GT",
    "CR",
    "AR",
    "BR",
    "CL",
    "CO",
    "PE",
    "BO",
    "PY",
    "JM",
    "HT",
    "TT",
    "CU",
    "DO",
    "BB",
    "ES",
    "US",
]
CATEGORIES = [
    "member_state",
    "member_state",
    "member_state",
    "civil_society",
    "academia",
    "migrants",
    "migrant_diaspora_org",
    "un_system",
    "igo",
    "private_sector",
    "children_youth",
    "trade_unions",
]
KINDS = [
    SessionKind.ROUND_TABLE,
    SessionKind.POLICY_DEBATE,
    SessionKind.PLENARY,
    SessionKind.KEYNOTE,
]
ROLES = [
    Role.MODERATOR,
    Role.PANELLIST,
    Role.PANELLIST,
    Role.PANELLIST,
    Role.PANELLIST,
    Role.DISCUSSANT,
    Role.RAPPORTEUR,
    Role.KEYNOTE_SPEAKER,
]
STATUSES = [
    InvitationStatus.CONFIRMED,
    InvitationStatus.ACCEPTED,
    InvitationStatus.INVITED,
    InvitationStatus.NOMINATED,
    InvitationStatus.DECLINED,
]


def build(factory, people: int, sessions: int, seed: int = 4) -> int:  # type: ignore[no-untyped-def]
    """A meeting with ``sessions`` sessions (3 tracks) and ``people`` people; returns its id."""
    rng = random.Random(seed)
    genders = [
        Gender.WOMAN,
        Gender.MAN,
        Gender.WOMAN,
        Gender.MAN,
        Gender.NON_BINARY,
        Gender.UNDISCLOSED,
        Gender.UNKNOWN,
    ]
    with transaction(factory) as db:
        meeting = Meeting(
            slug="bench",
            title_en="Bench",
            home_tz="America/Santiago",
            start_date=date(2021, 4, 26),
            days=5,
        )
        start = datetime(2021, 4, 26, 13, tzinfo=UTC)
        for index in range(sessions):
            day, slot = divmod(index // 3, 4)
            begin = start + timedelta(days=day, hours=2 * slot)
            meeting.sessions.append(
                Session(
                    uid=f"bench-{index}",
                    kind=KINDS[index % len(KINDS)],
                    title_en=f"S{index}",
                    start=begin,
                    end=begin + timedelta(minutes=90),
                    track=str(index % 3),
                )
            )
        db.add(meeting)
        persons = [
            Person(
                given_name=f"P{i}",
                family_name="Bench",
                gender=rng.choice(genders),
                country=rng.choice(COUNTRIES),
                category=rng.choice(CATEGORIES),
                is_youth=rng.random() < 0.03,
                email_key=f"p{i}@example.org",
                # issue 16 facts: about half with an age, a sector for some, own languages
                birth_year=rng.choice([None, None, 1955, 1970, 1985, 1998, 2002]),
                gov_sector=rng.choice([None, "foreign_affairs", "foreign_affairs", "labour"]),
                languages=rng.choice([[], [], ["es", "en"], ["pt"], ["en"]]),
            )
            for i in range(people)
        ]
        db.add_all(persons)
        db.flush()
        for session in meeting.sessions:
            for position, role in enumerate(ROLES):
                db.add(
                    RoleAssignment(
                        session_id=session.id,
                        person_id=rng.choice(persons).id,
                        role=role,
                        position=position,
                        status=rng.choice(STATUSES),
                    )
                )
        return meeting.id


def run() -> list[str]:
    """Build the programme in SQLite, then time load, evaluation, one-change re-evaluation."""
    scale = float(os.environ.get("MEETINGCTL_BENCH_SCALE", "1.0"))
    people, sessions = max(50, int(PEOPLE * scale)), max(6, int(SESSIONS * scale))
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        upgrade(engine)
        factory = make_session_factory(engine)
        meeting_id = build(factory, people, sessions)
        with transaction(factory) as db:
            started = time.perf_counter()
            model = BalanceModel.from_db(db, meeting_id)
            loaded = time.perf_counter() - started
        engine.dispose()
    started = time.perf_counter()
    report = model.evaluate()
    full = time.perf_counter() - started
    rng = random.Random(1)
    slots = list(model.snapshot.slots.values())
    timings = []
    for _ in range(300):
        slot = rng.choice(slots)
        status = rng.choice(["confirmed", "declined", "withdrawn", "accepted"])
        began = time.perf_counter()
        model.apply_change(assignment_id=slot.id, status=status)
        model.report()
        timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    median, p95 = statistics.median(timings), timings[int(len(timings) * 0.95)]
    failing = [s.session.id for s in report.sessions if s.violations][:10]
    suggest_times, found = [], []
    for session_id in failing:
        began = time.perf_counter()
        found = suggest(model, session_id, limit=5)
        suggest_times.append((time.perf_counter() - began) * 1000)
    suggest_ms = statistics.median(suggest_times) if suggest_times else 0.0
    began = time.perf_counter()
    meeting_wide = suggest_meeting(model, limit=5)
    meeting_ms = (time.perf_counter() - began) * 1000
    return [
        f"programme: {sessions} sessions, {people} people, {len(slots)} assignments",
        f"load snapshot from the database: {loaded * 1000:.1f} ms",
        f"full evaluation: {full * 1000:.2f} ms ({len(report.violations)} violations)",
        f"re-evaluation after one role change: median {median:.3f} ms, p95 {p95:.3f} ms "
        f"(target {TARGET_MS:.0f} ms; ratio to target {p95 / TARGET_MS:.3f})",
        f"suggestion ranking for one failing session: median {suggest_ms:.1f} ms over "
        f"{len(suggest_times)} sessions (max {max(suggest_times, default=0):.1f} ms; last "
        f"{len(found)} found)",
        f"meeting-wide suggestion ranking ({len(report.programme_violations)} programme "
        f"violations, every session): {meeting_ms:.0f} ms ({len(meeting_wide)} found)",
    ]


if __name__ == "__main__":
    for line in run():
        print(line)
