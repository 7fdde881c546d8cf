"""The programme check rules, one function per family of rules (timing, overlaps, people,
coverage, moderators and speaking time, working hours).

Each rule reads loaded sessions and reports to a :class:`Sink` (the collector of
:func:`agenda.programme.checks.check_programme`, which knows each rule's severity and drops
disabled rules); the rule ids and their descriptions are in :data:`agenda.programme.checks.RULES`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, time
from typing import NamedTuple, Protocol

from agenda.model.enums import ACTIVE_STATUSES, Role, SessionKind
from agenda.model.orm import Meeting, RoleAssignment, Session
from agenda.time.policy import person_zone
from agenda.time.slots import Window
from agenda.time.zones import zone

#: Kinds that may happen before the meeting days.
PRE_MEETING_KINDS = frozenset({SessionKind.PREPARATORY, SessionKind.STAKEHOLDER_CONSULTATION})
CROSS_CUTTING = 23


class Sink(Protocol):
    """Where rules report: one finding of ``rule_id`` in English and Spanish."""

    def add(
        self,
        rule_id: str,
        en: str,
        es: str,
        sessions: Iterable[int] = (),
        people: Iterable[int] = (),
        objectives: Iterable[int] = (),
    ) -> None:
        """Record one finding (ignored when the rule is off)."""


def _name(session: Session) -> str:
    return f"#{session.id} {session.title_en!r}"


def end_before_start(out: Sink, s: Session) -> None:
    """``end-before-start``: a session that ends at or before its start."""
    out.add(
        "end-before-start",
        f"{_name(s)} ends at or before its start: give it a later end "
        f"(meetingctl session resize {s.id} --end HH:MM)",
        f"{_name(s)} termina antes de empezar o al mismo tiempo: indique un fin posterior "
        f"(meetingctl session resize {s.id} --end HH:MM)",
        [s.id],
    )


def outside_day(out: Sink, meeting: Meeting, sessions: Sequence[Session]) -> None:
    """``outside-day``: sessions off the meeting's days or past midnight."""
    home = zone(meeting.home_tz)
    for s in sessions:
        first = (s.start.astimezone(home).date() - meeting.start_date).days + 1
        last = (s.end.astimezone(home).date() - meeting.start_date).days + 1
        ends_at_midnight = s.end.astimezone(home).time() == time(0)
        if last == first + 1 and ends_at_midnight:
            last = first
        if last != first:
            out.add(
                "outside-day",
                f"{_name(s)} runs past midnight in {meeting.home_tz}: end it the same day "
                "or split it in two",
                f"{_name(s)} pasa de la medianoche en {meeting.home_tz}: termínela el mismo "
                "día o divídala en dos",
                [s.id],
            )
        elif first > meeting.days or (first < 1 and s.kind not in PRE_MEETING_KINDS):
            out.add(
                "outside-day",
                f"{_name(s)} falls on day {first}, outside the meeting's days "
                f"1-{meeting.days}: move it into the meeting "
                f"(session move {s.id} --day N --start HH:MM)",
                f"{_name(s)} cae en el día {first}, fuera de los días 1-{meeting.days} de la "
                f"reunión: muévala (session move {s.id} --day N --start HH:MM)",
                [s.id],
            )


def overlaps(out: Sink, sessions: Sequence[Session]) -> None:
    """``overlap-track``: two sessions of one track at the same time."""
    by_track: dict[str, list[Session]] = defaultdict(list)
    for s in sessions:
        by_track[s.track].append(s)
    for track, items in by_track.items():
        items.sort(key=lambda s: (s.start, s.id))
        label = f"track {track!r}" if track else "the main track"
        label_es = f"la línea {track!r}" if track else "la línea principal"
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                if b.start >= a.end:
                    break
                out.add(
                    "overlap-track",
                    f"{_name(a)} and {_name(b)} overlap in {label}: move one of them, or put "
                    "it in another track if they really run in parallel",
                    f"{_name(a)} y {_name(b)} se superponen en {label_es}: mueva una de ellas "
                    "o asígnela a otra línea si de verdad son paralelas",
                    [a.id, b.id],
                )


class Held(NamedTuple):
    """An active role assignment, read once from the ORM object (checks run on every edit)."""

    person_id: int
    role: Role
    minutes: int | None
    assignment: RoleAssignment


def held_roles(sessions: Sequence[Session]) -> dict[int, list[Held]]:
    """Session id -> its active role assignments."""
    held: dict[int, list[Held]] = {}
    for s in sessions:
        held[s.id] = [
            Held(a.person_id, a.role, a.speaking_minutes, a)
            for a in s.assignments
            if a.status in ACTIVE_STATUSES
        ]
    return held


def double_booked(out: Sink, sessions: Sequence[Session], held: dict[int, list[Held]]) -> None:
    """``person-double-booked``: one person in two sessions at the same time."""
    by_person: dict[int, dict[int, tuple[datetime, datetime, Session]]] = defaultdict(dict)
    first_held: dict[int, Held] = {}
    for s in sessions:
        span = (s.start, s.end, s)
        for h in held[s.id]:
            by_person[h.person_id][s.id] = span
            first_held.setdefault(h.person_id, h)
    for person_id, booked in by_person.items():
        if len(booked) < 2:
            continue
        items = sorted(booked.values(), key=lambda span: (span[0], span[2].id))
        for i, (_, a_end, a) in enumerate(items):
            for b_start, _, b in items[i + 1 :]:
                if b_start >= a_end:
                    break
                who = first_held[person_id].assignment.person.full_name
                out.add(
                    "person-double-booked",
                    f"{who} holds roles in {_name(a)} and {_name(b)}, which overlap: replace "
                    "them in one session or move a session",
                    f"{who} tiene funciones en {_name(a)} y {_name(b)}, que se superponen: "
                    "reemplácela en una sesión o mueva una sesión",
                    [a.id, b.id],
                    [person_id],
                )


def coverage(out: Sink, sessions: Sequence[Session]) -> None:
    """``coverage-*``: objectives with no round table, duplicated, or the cross-cutting one."""
    tables = sorted(
        (s for s in sessions if s.kind is SessionKind.ROUND_TABLE), key=lambda s: (s.start, s.id)
    )
    holders: dict[int, list[int]] = defaultdict(list)
    for table in tables:
        for number in table.objectives:
            holders[number].append(table.id)
    missing = [n for n in range(1, CROSS_CUTTING) if not holders[n]]
    if missing:
        numbers = ", ".join(map(str, missing))
        out.add(
            "coverage-missing",
            f"objective(s) {numbers} not covered by any round table: add each to one round "
            "table (session edit ID --objectives ...)",
            f"objetivo(s) {numbers} sin mesa redonda: agregue cada uno a una mesa redonda "
            "(session edit ID --objectives ...)",
            objectives=missing,
        )
    for table in tables:
        if CROSS_CUTTING not in table.objectives:
            out.add(
                "coverage-cross-cutting",
                f"{_name(table)} does not include cross-cutting objective 23 (international "
                "cooperation): add it to the table's objectives",
                f"{_name(table)} no incluye el objetivo transversal 23 (cooperación "
                "internacional): agréguelo a los objetivos de la mesa",
                [table.id],
                objectives=[CROSS_CUTTING],
            )
    for number in range(1, CROSS_CUTTING):
        if len(holders[number]) > 1:
            ids = holders[number]
            listed = ", ".join(f"#{i}" for i in ids)
            out.add(
                "coverage-duplicate",
                f"objective {number} is in several round tables ({listed}): keep it in one",
                f"el objetivo {number} está en varias mesas redondas ({listed}): déjelo en una",
                ids,
                objectives=[number],
            )


def moderators_and_time(
    out: Sink, sessions: Sequence[Session], held: dict[int, list[Held]]
) -> None:
    """``moderator-missing`` and ``interventions-overrun``."""
    for s in sessions:
        active = held[s.id]
        if s.kind is SessionKind.ROUND_TABLE and not any(h.role is Role.MODERATOR for h in active):
            out.add(
                "moderator-missing",
                f"{_name(s)} has no moderator: assign one (role moderator)",
                f"{_name(s)} no tiene moderador: asigne uno (función moderador)",
                [s.id],
            )
        timed = [h for h in active if h.minutes]
        planned = sum(h.minutes or 0 for h in timed)
        length = int((s.end - s.start).total_seconds() // 60)
        if timed and planned > length:
            out.add(
                "interventions-overrun",
                f"{_name(s)} plans {planned} minutes of interventions in {length} minutes: "
                "shorten the interventions or lengthen the session",
                f"{_name(s)} prevé {planned} minutos de intervenciones en {length} minutos: "
                "acorte las intervenciones o alargue la sesión",
                [s.id],
                sorted({a.person_id for a in timed}),
            )


def out_of_hours(
    out: Sink,
    meeting: Meeting,
    sessions: Sequence[Session],
    held: dict[int, list[Held]],
    window: Window,
) -> None:
    """``out-of-hours``: speakers whose local time falls outside the working window."""
    zones: dict[int, str] = {}
    for s in sessions:
        if s.kind is SessionKind.BREAK:
            continue
        verdict: dict[str, tuple[bool, str]] = {}
        late: list[tuple[int, str]] = []
        for h in held[s.id]:
            if h.role is Role.PARTICIPANT:
                continue
            zone_name = zones.get(h.person_id)
            if zone_name is None:
                zone_name = zones[h.person_id] = person_zone(
                    h.assignment.person.timezone, h.assignment.person.country, meeting.home_tz
                )
            if zone_name not in verdict:
                tz = zone(zone_name)
                begin, end = s.start.astimezone(tz), s.end.astimezone(tz)
                verdict[zone_name] = (
                    window.contains(begin, end),
                    f"{begin:%H:%M}-{end:%H:%M} {zone_name}",
                )
            inside, when = verdict[zone_name]
            if not inside:
                late.append((h.person_id, f"{h.assignment.person.full_name} ({when})"))
        if late:
            people = "; ".join(text for _, text in late[:5]) + ("; ..." if len(late) > 5 else "")
            out.add(
                "out-of-hours",
                f"{_name(s)}: {len(late)} speaker(s) outside {window.label()} local time: "
                f"{people}. Move the session (meetingctl agenda best-time) or confirm with "
                "them",
                f"{_name(s)}: {len(late)} orador(es) fuera del horario {window.label()} local: "
                f"{people}. Mueva la sesión (meetingctl agenda best-time) o confírmelo con "
                "ellos",
                [s.id],
                sorted({pid for pid, _ in late}),
            )
