"""Programme templates: the concept note's regional review, the IMRF 2022 format, and blank.

Template sessions get default times in the home zone; organizers move them afterwards.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta

from agenda import reference
from agenda.model.enums import Modality, SessionKind
from agenda.model.errors import ValidationError
from agenda.model.orm import Meeting, Session
from agenda.time.zones import local_to_utc, validate_zone

TEMPLATES = ("gcm-regional-review", "imrf", "blank")


@dataclass(frozen=True)
class SlotPlan:
    """One template session: day offset from the first meeting day, local start, minutes."""

    day: int
    start: time
    minutes: int
    kind: SessionKind
    title_en: str
    title_es: str
    objectives: tuple[int, ...] = ()
    thematic_area: int | None = None
    track: str = ""


def new_uid(domain: str) -> str:
    """A new, stable-for-life iCalendar UID for a session."""
    return f"{uuid.uuid4()}@{domain}"


def slugify(text: str) -> str:
    """ASCII slug for meeting identifiers."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "meeting"


def _gcm_plan(days: int) -> list[SlotPlan]:
    areas = reference.thematic_areas()
    t = time
    plan = [
        SlotPlan(
            -14,
            t(10),
            120,
            SessionKind.PREPARATORY,
            "Consultation with sub-regional processes and Member States",
            "Consulta con los procesos subregionales y los Estados miembros",
        ),
        SlotPlan(
            -13,
            t(10),
            180,
            SessionKind.STAKEHOLDER_CONSULTATION,
            "Multi-stakeholder consultation",
            "Consulta con múltiples partes interesadas",
        ),
        SlotPlan(0, t(9), 45, SessionKind.OPENING, "Opening session", "Sesión inaugural"),
        SlotPlan(0, t(9, 45), 30, SessionKind.KEYNOTE, "Keynote address", "Discurso principal"),
    ]
    starts = [(0, t(10, 15)), (0, t(12)), (0, t(14, 30)), (1, t(9)), (1, t(10, 45))]
    for (day, start), area in zip(starts, areas, strict=True):
        plan.append(
            SlotPlan(
                day,
                start,
                90,
                SessionKind.ROUND_TABLE,
                f"Round table {area.number}: {area.title_en}",
                f"Mesa redonda {area.number}: {area.title_es}",
                tuple(area.objectives),
                area.number,
            )
        )
    plan += [
        SlotPlan(0, t(11, 45), 15, SessionKind.BREAK, "Break", "Pausa"),
        SlotPlan(0, t(13, 30), 60, SessionKind.BREAK, "Lunch break", "Pausa para el almuerzo"),
        SlotPlan(1, t(10, 30), 15, SessionKind.BREAK, "Break", "Pausa"),
        SlotPlan(1, t(12, 15), 60, SessionKind.BREAK, "Lunch break", "Pausa para el almuerzo"),
        SlotPlan(
            1,
            t(13, 15),
            105,
            SessionKind.POLICY_DEBATE,
            "Interactive policy debate: regional challenges in implementing the Global Compact",
            "Debate interactivo de políticas: desafíos regionales en la implementación "
            "del Pacto Mundial",
        ),
        SlotPlan(1, t(15), 45, SessionKind.CLOSING, "Closing session", "Sesión de clausura"),
    ]
    return _fit(plan, days)


def _imrf_plan(days: int) -> list[SlotPlan]:
    t = time
    plan = [
        SlotPlan(
            -1,
            t(10),
            180,
            SessionKind.STAKEHOLDER_CONSULTATION,
            "Multi-stakeholder hearing",
            "Audiencia de múltiples partes interesadas",
        ),
        SlotPlan(
            0, t(9), 60, SessionKind.OPENING, "Opening plenary", "Sesión plenaria de apertura"
        ),
    ]
    starts = [(0, t(10, 15)), (0, t(14)), (1, t(9)), (1, t(11, 15))]
    for (day, start), table in zip(starts, reference.imrf_round_tables(), strict=True):
        plan.append(
            SlotPlan(
                day,
                start,
                120,
                SessionKind.ROUND_TABLE,
                table.title_en,
                table.title_es,
                tuple(table.objectives),
            )
        )
    plan += [
        SlotPlan(0, t(12, 15), 105, SessionKind.BREAK, "Lunch break", "Pausa para el almuerzo"),
        SlotPlan(1, t(13, 15), 60, SessionKind.BREAK, "Lunch break", "Pausa para el almuerzo"),
        SlotPlan(
            1, t(14, 15), 120, SessionKind.POLICY_DEBATE, "Policy debate", "Debate de políticas"
        ),
        SlotPlan(
            1, t(16, 30), 45, SessionKind.CLOSING, "Closing plenary", "Sesión plenaria de clausura"
        ),
    ]
    return _fit(plan, days)


def _fit(plan: list[SlotPlan], days: int) -> list[SlotPlan]:
    """Fold sessions planned for a day beyond ``days`` onto the last day's afternoon track."""
    if days >= 2:
        return plan
    return [
        p
        if p.day < days
        else SlotPlan(
            days - 1,
            p.start,
            p.minutes,
            p.kind,
            p.title_en,
            p.title_es,
            p.objectives,
            p.thematic_area,
            track="B",
        )
        for p in plan
    ]


_PLANS: dict[str, Callable[[int], list[SlotPlan]]] = {
    "gcm-regional-review": _gcm_plan,
    "imrf": _imrf_plan,
    "blank": lambda days: [],
}


def build_meeting(
    template: str,
    *,
    title_en: str,
    start: date,
    days: int,
    home_tz: str,
    title_es: str = "",
    modality: Modality = Modality.VIRTUAL,
    uid_domain: str = "meetingctl.invalid",
    venue: str = "",
) -> Meeting:
    """A new, unsaved Meeting with the template's sessions at default times in ``home_tz``."""
    if template not in _PLANS:
        raise ValidationError(
            f"unknown template {template!r}: choose one of {', '.join(TEMPLATES)}"
        )
    if not 1 <= days <= 14:
        raise ValidationError(f"--days must be between 1 and 14 (got {days})")
    home_tz = validate_zone(home_tz)
    meeting = Meeting(
        slug=slugify(title_en),
        title_en=title_en,
        title_es=title_es,
        home_tz=home_tz,
        start_date=start,
        days=days,
        modality=modality,
        template=template,
        venue=venue,
        organizers=["ECLAC", "IOM"] if template == "gcm-regional-review" else [],
    )
    for slot in _PLANS[template](days):
        day = start + timedelta(days=slot.day)
        begin = local_to_utc(day, slot.start, home_tz)
        session = Session(
            uid=new_uid(uid_domain),
            kind=slot.kind,
            title_en=slot.title_en,
            title_es=slot.title_es,
            start=begin,
            end=begin + timedelta(minutes=slot.minutes),
            track=slot.track,
            thematic_area=slot.thematic_area,
        )
        session.set_objectives(list(slot.objectives))
        meeting.sessions.append(session)
    return meeting
