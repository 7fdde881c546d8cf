"""Programme checks: each rule has a stable id, a severity and a message saying what to do.

:func:`check_programme` works on loaded objects (``agenda.programme.reading.load_sessions``) and
never touches the database, so the TUI can re-run it on every change. The rules themselves are in
:mod:`agenda.programme.check_rules`. Severities come from
:data:`RULES` and can be overridden per rule (config ``[agenda.rules.<id>] severity``; ``off``
disables a rule). Messages exist in English (``message``) and Spanish (``message_es``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from agenda.model.orm import Meeting, Session
from agenda.programme import check_rules
from agenda.time.slots import Window

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
            check_rules.end_before_start(out, session)
    check_rules.outside_day(out, meeting, valid)
    check_rules.overlaps(out, valid)
    held = check_rules.held_roles(sessions)
    check_rules.double_booked(out, valid, held)
    check_rules.coverage(out, sessions)
    check_rules.moderators_and_time(out, sessions, held)
    if "out-of-hours" in severity:
        check_rules.out_of_hours(out, meeting, valid, held, settings.window)
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


class _Collector:
    """The :class:`agenda.programme.check_rules.Sink` of one run: findings at their severity."""

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
