"""Programme checks: each rule has a stable id, a severity and a message saying what to do.

:func:`check_programme` works on loaded objects (``agenda.programme.reading.load_sessions``) and
never
touches the database, so the TUI can re-run it on every change. Severities come from
:data:`RULES` and can be overridden per rule (config ``[agenda.rules.<id>] severity``; ``off``
disables a rule). Messages exist in English (``message``) and Spanish (``message_es``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any, Literal, NamedTuple

from agenda.model.enums import ACTIVE_STATUSES, Role, SessionKind
from agenda.model.orm import Meeting, RoleAssignment, Session
from agenda.time.policy import person_zone
from agenda.time.slots import Window
from agenda.time.zones import zone

SeverityName = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's default severity and its short bilingual description."""

    rule_id: str
    severity: SeverityName
    title_en: str
    title_es: str


RULES: dict[str, Rule] = {
    r.rule_id: r
    for r in (
        Rule(
            "end-before-start",
            "error",
            "Session ends before it starts",
            "La sesión termina antes de empezar",
        ),
        Rule(
            "outside-day",
            "error",
            "Session outside the meeting days",
            "Sesión fuera de los días de la reunión",
        ),
        Rule(
            "overlap-track",
            "error",
            "Sessions overlap in a track",
            "Sesiones superpuestas en una misma línea",
        ),
        Rule(
            "person-double-booked",
            "error",
            "Person in two overlapping sessions",
            "Persona en dos sesiones simultáneas",
        ),
        Rule(
            "coverage-missing",
            "warning",
            "Objective not covered by any round table",
            "Objetivo sin mesa redonda",
        ),
        Rule(
            "coverage-cross-cutting",
            "warning",
            "Round table without objective 23",
            "Mesa redonda sin el objetivo 23",
        ),
        Rule(
            "coverage-duplicate",
            "warning",
            "Objective in several round tables",
            "Objetivo en varias mesas redondas",
        ),
        Rule(
            "moderator-missing",
            "warning",
            "Round table without a moderator",
            "Mesa redonda sin moderador",
        ),
        Rule(
            "interventions-overrun",
            "warning",
            "Interventions longer than the session",
            "Intervenciones más largas que la sesión",
        ),
        Rule(
            "out-of-hours",
            "warning",
            "Speaker outside working hours",
            "Orador fuera del horario laboral",
        ),
    )
}
RULE_IDS = tuple(RULES)
#: Kinds that may happen before the meeting days.
PRE_MEETING_KINDS = frozenset({SessionKind.PREPARATORY, SessionKind.STAKEHOLDER_CONSULTATION})
CROSS_CUTTING = 23


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in the programme, with the sessions and people it concerns."""

    rule_id: str
    severity: SeverityName
    message: str
    message_es: str
    session_ids: tuple[int, ...] = ()
    person_ids: tuple[int, ...] = ()
    objectives: tuple[int, ...] = ()

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` ('en' or 'es')."""
        return self.message_es if lang == "es" else self.message

    def to_dict(self) -> dict[str, Any]:
        """JSON form (documented in docs/agenda-json.md)."""
        return {
            "rule_id": self.rule_id,
            "severity": self.severity,
            "message": {"en": self.message, "es": self.message_es},
            "session_ids": list(self.session_ids),
            "person_ids": list(self.person_ids),
            "objectives": list(self.objectives),
        }


@dataclass(frozen=True)
class CheckSettings:
    """What the checks need from the configuration."""

    window: Window = field(default_factory=Window)
    severities: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_config(cls, agenda_settings: Any) -> CheckSettings:
        """Build from ``meetingctl.config.AgendaSettings`` (duck-typed: agenda never imports it)."""
        rules = getattr(agenda_settings, "rules", {}) or {}
        severities = {
            key: value.severity for key, value in rules.items() if getattr(value, "severity", None)
        }
        return cls(
            Window.parse(agenda_settings.working_hours_start, agenda_settings.working_hours_end),
            severities,
        )


def check_programme(
    meeting: Meeting, sessions: Sequence[Session], settings: CheckSettings | None = None
) -> list[Finding]:
    """Run every enabled rule; findings sorted by severity, rule, then first session start."""
    settings = settings or CheckSettings()
    severity = _severities(meeting, settings)
    out = _Collector(severity)
    valid = [s for s in sessions if s.end > s.start]
    for session in sessions:
        if session.end <= session.start:
            _end_before_start(out, session)
    _outside_day(out, meeting, valid)
    _overlaps(out, valid)
    held = _held_roles(sessions)
    _double_booked(out, valid, held)
    _coverage(out, sessions)
    _moderators_and_time(out, sessions, held)
    if "out-of-hours" in severity:
        _out_of_hours(out, meeting, valid, held, settings.window)
    starts = {s.id: s.start.timestamp() for s in sessions}

    def order(finding: Finding) -> tuple[Any, ...]:
        first = min((starts[i] for i in finding.session_ids if i in starts), default=-1.0)
        return (
            SEVERITY_ORDER[finding.severity],
            finding.rule_id,
            first,
            finding.session_ids,
            finding.person_ids,
            finding.objectives,
        )

    return sorted(out.findings, key=order)


def summary(findings: Iterable[Finding]) -> dict[str, int]:
    """Counts per severity: {'error': n, 'warning': n, 'info': n}."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        counts[finding.severity] += 1
    return counts


# -- rules -------------------------------------------------------------------------------------


class _Collector:
    def __init__(self, severity: dict[str, SeverityName]) -> None:
        self.severity = severity
        self.findings: list[Finding] = []

    def add(
        self,
        rule_id: str,
        en: str,
        es: str,
        sessions: Iterable[int] = (),
        people: Iterable[int] = (),
        objectives: Iterable[int] = (),
    ) -> None:
        level = self.severity.get(rule_id)
        if level is None:
            return
        self.findings.append(
            Finding(rule_id, level, en, es, tuple(sessions), tuple(people), tuple(objectives))
        )


def _severities(meeting: Meeting, settings: CheckSettings) -> dict[str, SeverityName]:
    levels: dict[str, SeverityName] = {key: rule.severity for key, rule in RULES.items()}
    if meeting.template == "imrf":
        levels["coverage-cross-cutting"] = "info"  # IMRF 2022 put objective 23 in one table only
    for key, value in settings.severities.items():
        if key not in RULES:
            raise KeyError(f"unknown agenda rule {key!r}: rules are {', '.join(RULE_IDS)}")
        if value == "off":
            levels.pop(key, None)
        else:
            levels[key] = value  # type: ignore[assignment]
    return levels


def _name(session: Session) -> str:
    return f"#{session.id} {session.title_en!r}"


def _end_before_start(out: _Collector, s: Session) -> None:
    out.add(
        "end-before-start",
        f"{_name(s)} ends at or before its start: give it a later end "
        f"(meetingctl session resize {s.id} --end HH:MM)",
        f"{_name(s)} termina antes de empezar o al mismo tiempo: indique un fin posterior "
        f"(meetingctl session resize {s.id} --end HH:MM)",
        [s.id],
    )


def _outside_day(out: _Collector, meeting: Meeting, sessions: Sequence[Session]) -> None:
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


def _overlaps(out: _Collector, sessions: Sequence[Session]) -> None:
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


class _Held(NamedTuple):
    """An active role assignment, read once from the ORM object (checks run on every edit)."""

    person_id: int
    role: Role
    minutes: int | None
    assignment: RoleAssignment


def _held_roles(sessions: Sequence[Session]) -> dict[int, list[_Held]]:
    held: dict[int, list[_Held]] = {}
    for s in sessions:
        held[s.id] = [
            _Held(a.person_id, a.role, a.speaking_minutes, a)
            for a in s.assignments
            if a.status in ACTIVE_STATUSES
        ]
    return held


def _double_booked(
    out: _Collector, sessions: Sequence[Session], held: dict[int, list[_Held]]
) -> None:
    by_person: dict[int, dict[int, tuple[datetime, datetime, Session]]] = defaultdict(dict)
    first_held: dict[int, _Held] = {}
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


def _coverage(out: _Collector, sessions: Sequence[Session]) -> None:
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


def _moderators_and_time(
    out: _Collector, sessions: Sequence[Session], held: dict[int, list[_Held]]
) -> None:
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


def _out_of_hours(
    out: _Collector,
    meeting: Meeting,
    sessions: Sequence[Session],
    held: dict[int, list[_Held]],
    window: Window,
) -> None:
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
