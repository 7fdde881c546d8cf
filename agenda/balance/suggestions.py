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

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session as DbSession

from agenda.balance.model import BalanceModel
from agenda.balance.rules import RULES, Violation
from agenda.balance.snapshot import PersonFacts, SessionFacts, Slot
from agenda.i18n.catalog import tr
from agenda.i18n.labels import role_label
from agenda.model.enums import InvitationStatus, Role, SessionKind
from agenda.model.errors import ValidationError
from agenda.model.orm import RoleAssignment
from agenda.people import roster
from agenda.time.zones import zone

_WEIGHT = {"error": 3, "warning": 1, "off": 0}
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

    def describe(self, lang: str = "en") -> str:
        """One line for people: what to do and which rules it fixes."""
        fixes = ", ".join(self.fixes)
        role = role_label(lang, self.role, lower=True)
        if self.action == "add":
            text = tr(lang, "add {person} as {role} (fixes: {fixes})")
        else:
            text = tr(lang, "swap {replaced} for {person} as {role} (fixes: {fixes})")
        return text.format(
            person=self.person_name, replaced=self.replaces_name, role=role, fixes=fixes
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


def _load(model: BalanceModel) -> dict[int, int]:
    counts: dict[int, int] = {}
    for slot in model.snapshot.slots.values():
        if slot.active:
            counts[slot.person_id] = counts.get(slot.person_id, 0) + 1
    return counts


def _weight(violations: Iterable[Violation]) -> dict[tuple[str, int | None], int]:
    return {v.key(): _WEIGHT.get(v.severity, 0) for v in violations}


def suggest(
    model: BalanceModel, session_id: int, limit: int = 5, rule_id: str | None = None
) -> list[Suggestion]:
    """Ranked ways to fix the violations that touch ``session_id`` (optionally one rule only).

    Ranking: total weight of violations fixed (errors count 3, warnings 1), additions before
    swaps, then people with fewer current roles, then name. Never returns an action that
    creates a new violation.
    """
    if session_id not in model.sessions:
        raise ValidationError(f"no session with id {session_id} in this meeting")
    session = model.sessions[session_id]
    if session.kind == SessionKind.BREAK:
        return []
    report = model.report(session_id)
    current = list(report.sessions[0].violations) + list(report.programme_violations)
    targets = [v for v in current if rule_id is None or v.rule_id == rule_id]
    if not targets:
        return []
    before = _weight(current)
    target_keys = {v.key() for v in targets}
    specs = [RULES[v.rule_id] for v in targets]
    add_roles = {spec.add_role for spec in specs if spec.add_role is not None}
    swap_roles = set().union(*(spec.swap_roles for spec in specs))
    slots = model.slots(session_id)
    holders = [s for s in slots if s.active and s.role in swap_roles]
    programme = model.programme_state
    load = _load(model)

    groups: dict[tuple[object, ...], list[PersonFacts]] = {}
    for person in eligible_people(model, session_id):
        key = (person.profile(), programme.membership(person.id))
        groups.setdefault(key, []).append(person)

    scored: list[tuple[tuple[Any, ...], str, Role, Slot | None, list[PersonFacts], tuple[str, ...]]]
    scored = []
    new_id = -1
    for members in groups.values():
        probe = members[0]
        actions: list[tuple[str, Role, Slot | None]] = [("add", r, None) for r in add_roles]
        actions += [("swap", h.role, h) for h in holders]
        for action, role, replaced in actions:
            trial = [s for s in slots if replaced is None or s.id != replaced.id]
            trial.append(Slot(new_id, session_id, probe.id, role, "nominated"))
            after_session = model.evaluate_slots(session, trial).violations
            after_programme = programme.trial(model.rules, trial[-1], replaced)
            after = _weight([*after_session, *after_programme])
            if any(key not in before or weight > before[key] for key, weight in after.items()):
                continue
            fixed = tuple(k[0] for k in target_keys if k not in after)
            if not fixed:
                continue
            gain = sum(before[(rid, sid)] for rid, sid in target_keys if (rid, sid) not in after)
            rank = (-gain, action != "add")
            scored.append((rank, action, role, replaced, members, fixed))
    scored.sort(key=lambda item: item[0])
    results: list[Suggestion] = []
    people = model.people
    for rank, action, role, replaced, members, fixed in scored:
        for person in sorted(members, key=lambda p: (load.get(p.id, 0), p.name, p.id)):
            if len(results) >= limit:
                return results
            primary = sorted(fixed, key=lambda rid: -_WEIGHT[before_severity(current, rid)])[0]
            results.append(
                Suggestion(
                    rule_id=primary,
                    session_id=session_id,
                    action=action,
                    person_id=person.id,
                    person_name=person.name,
                    role=role,
                    fixes=tuple(sorted(fixed)),
                    score=float(-rank[0]) - (0.5 if action == "swap" else 0.0),
                    replaces_assignment_id=replaced.id if replaced else None,
                    replaces_person_id=replaced.person_id if replaced else None,
                    replaces_name=people[replaced.person_id].name if replaced else "",
                    details={
                        "gender": person.gender,
                        "region": person.region,
                        "category": person.category,
                        "country": person.country,
                    },
                )
            )
            break  # one person per profile and action keeps the list varied
    return results


def before_severity(violations: list[Violation], rule_id: str) -> str:
    """Severity of the first violation of ``rule_id`` in ``violations``."""
    return next((v.severity for v in violations if v.rule_id == rule_id), "off")


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
