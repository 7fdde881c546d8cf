"""Suggestions: who could be added to, or swapped into, a session to fix a failing balance rule.

Candidates come from the nominee pool: people not already on the session, who have not declined
or withdrawn from it, who have not declined everything they were asked to do, who are not
double-booked in an overlapping session, and for whom the session falls within working hours
(07:00-22:00 by default) in their own time zone. Every candidate action (add in a role, or swap
for a current holder) is simulated on the in-memory model; an action is kept only if it fixes
at least one current violation and creates no new one. People with the same profile (gender,
region, group flags, category...) who already hold the same kinds of roles elsewhere in the
programme (the programme rules count distinct people, so a second chair role adds no chair)
score the same, so each such group is simulated once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session as DbSession

from agenda.balance.model import BalanceModel
from agenda.balance.snapshot import PersonFacts, SessionFacts
from agenda.i18n.catalog import tr
from agenda.i18n.labels import role_label
from agenda.model.enums import InvitationStatus, Role
from agenda.model.errors import ValidationError
from agenda.model.orm import RoleAssignment
from agenda.people import roster
from agenda.time.zones import zone

_GONE = frozenset({InvitationStatus.DECLINED.value, InvitationStatus.WITHDRAWN.value})


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Add ``person_id`` to a session in ``role``, or swap them for ``replaces_assignment_id``."""

    rule_id: str
    session_id: int
    action: str
    person_id: int
    person_name: str
    role: Role
    fixes: tuple[str, ...]
    score: float
    replaces_assignment_id: int | None = None
    replaces_person_id: int | None = None
    replaces_name: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    #: Rules it brings closer to passing without fixing them.
    improves: tuple[str, ...] = ()
    #: Warning rules it would break or worsen (never an error rule).
    breaks: tuple[str, ...] = ()

    def _effects(self, lang: str) -> str:
        parts = []
        if self.fixes:
            parts.append(tr(lang, "fixes: {rules}").format(rules=", ".join(self.fixes)))
        if self.improves:
            parts.append(tr(lang, "improves: {rules}").format(rules=", ".join(self.improves)))
        if self.breaks:
            parts.append(tr(lang, "breaks: {rules}").format(rules=", ".join(self.breaks)))
        return "; ".join(parts)

    def describe(self, lang: str = "en") -> str:
        """One line for people: what to do, which rules it fixes, improves and breaks."""
        effects = self._effects(lang)
        role = role_label(lang, self.role, lower=True)
        where = ""
        if self.details.get("meeting_wide"):
            where = " " + tr(lang, "in {session}").format(session=self.details["session"])
        if self.action == "add":
            text = tr(lang, "add {person} as {role}{where} ({effects})")
        else:
            text = tr(lang, "swap {replaced} for {person} as {role}{where} ({effects})")
        return text.format(
            person=self.person_name,
            replaced=self.replaces_name,
            role=role,
            where=where,
            effects=effects,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "rule": self.rule_id,
            "session_id": self.session_id,
            "action": self.action,
            "person_id": self.person_id,
            "person": self.person_name,
            "role": self.role.value,
            "replaces_assignment_id": self.replaces_assignment_id,
            "replaces_person_id": self.replaces_person_id,
            "fixes": list(self.fixes),
            "improves": list(self.improves),
            "breaks": list(self.breaks),
            "score": self.score,
            "text": self.describe("en"),
            "text_es": self.describe("es"),
        }


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def within_hours(person: PersonFacts, session: SessionFacts, hours: tuple[str, str]) -> bool:
    """True when the session lies within ``hours`` in the person's zone (unknown zone: True)."""
    if not person.timezone:
        return True
    return _within_hours(person.timezone, session.start, session.end, hours)


@lru_cache(maxsize=4096)
def _within_hours(zone_name: str, start: datetime, end: datetime, hours: tuple[str, str]) -> bool:
    try:
        tz = zone(zone_name)
    except ValidationError:
        return True
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    first, last = _clock(hours[0]), _clock(hours[1])
    if local_start.date() != local_end.date():
        return False
    return first <= local_start.time() and local_end.time() <= last


def eligible_people(model: BalanceModel, session_id: int) -> list[PersonFacts]:
    """The nominee pool for ``session_id`` (see the module docstring)."""
    session = model.sessions[session_id]
    on_session: set[int] = {s.person_id for s in model.slots(session_id)}
    busy: set[int] = set()
    asked: dict[int, bool] = {}
    for slot in model.snapshot.slots.values():
        still_in = slot.status not in _GONE
        asked[slot.person_id] = asked.get(slot.person_id, False) or still_in
        if slot.active and slot.session_id != session_id:
            other = model.sessions.get(slot.session_id)
            if other is not None and other.overlaps(session):
                busy.add(slot.person_id)
    pool = []
    for person in model.people.values():
        if person.id in on_session or person.id in busy or asked.get(person.id, True) is False:
            continue
        if not within_hours(person, session, model.working_hours):
            continue
        pool.append(person)
    return pool


def suggest(
    model: BalanceModel, session_id: int, limit: int = 5, rule_id: str | None = None
) -> list[Suggestion]:
    """Ranked changes to ``session_id`` that improve the violations touching it.

    A candidate is kept when it brings at least one targeted violation closer to passing
    (``fixes`` when it passes, ``improves`` otherwise) and breaks or worsens no error-severity
    rule; warnings it would break or worsen are listed in ``breaks``. Ranking: weighted
    shortfall removed (errors count 3, warnings 1), fewer rules broken, additions before swaps,
    people with fewer current roles, then name (see :mod:`agenda.balance.ranking`).
    """
    from agenda.balance.ranking import rank_session

    if session_id not in model.sessions:
        raise ValidationError(f"no session with id {session_id} in this meeting")
    return rank_session(model, session_id, limit, rule_id)


def suggest_meeting(
    model: BalanceModel, limit: int = 5, rule_id: str | None = None
) -> list[Suggestion]:
    """Ranked changes anywhere in the programme that improve the meeting-wide violations."""
    from agenda.balance.ranking import rank_meeting

    return rank_meeting(model, limit, rule_id)


def apply_suggestion(
    db: DbSession, suggestion: Suggestion, actor: str, model: BalanceModel | None = None
) -> RoleAssignment:
    """Carry out a suggestion in the caller's transaction and return the new assignment.

    A swap withdraws the replaced holder (history and audit recorded, no substitute promoted)
    and nominates the candidate in the same role. ``model`` is updated when given.
    """
    note = f"balance suggestion: {suggestion.describe('en')}"
    if suggestion.action == "swap" and suggestion.replaces_assignment_id is not None:
        withdrawn = roster.change_status(
            db,
            suggestion.replaces_assignment_id,
            InvitationStatus.WITHDRAWN,
            actor,
            note=note,
            promote=False,
        )
        if model is not None:
            model.apply_change(assignment_id=withdrawn.id, status=withdrawn.status)
    created = roster.assign(
        db, suggestion.session_id, suggestion.person_id, suggestion.role, actor, note=note
    )
    if model is not None:
        model.apply_change(
            assignment_id=created.id,
            session_id=created.session_id,
            person_id=created.person_id,
            role=created.role,
            status=created.status,
            substitute_for_id=None,
        )
    return created
