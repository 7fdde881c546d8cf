"""Scoring and ranking of suggestions: what a candidate change does to every violation.

Each violation carries a ``shortfall`` (how many people or groups it lacks,
:mod:`agenda.balance.explain`). A change is simulated on the in-memory model; it *fixes* a
violation that disappears, *improves* one whose shortfall drops, and *breaks* one that appears
or grows. Changes that break or worsen an error-severity rule are never offered; warnings they
break are reported. The gain is the drop of the total weighted shortfall (errors 3, warnings 1).
People with the same profile and programme memberships score the same, so each group is
simulated once per action.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from agenda.balance.composition import GENDER_VALUES
from agenda.balance.explain import shortfall
from agenda.balance.model import BalanceModel
from agenda.balance.rules import RULES, Violation
from agenda.balance.snapshot import PersonFacts, Slot
from agenda.balance.suggestions import Suggestion, eligible_people
from agenda.model.enums import Role, SessionKind
from agenda.reference import LAC_REGIONS

_WEIGHT = {"error": 3, "warning": 1, "off": 0}
#: Sessions where a keynote speaker may be added (elsewhere only swapped, where one speaks).
_KEYNOTE_KINDS = frozenset({SessionKind.KEYNOTE, SessionKind.OPENING})
Key = tuple[str, int | None]


@dataclass(frozen=True, slots=True)
class Effect:
    """What one change does: weighted gain, and the rules fixed, improved and broken."""

    gain: float
    fixes: tuple[str, ...]
    improves: tuple[str, ...]
    breaks: tuple[str, ...]
    #: The part of ``gain`` on session violations (a session's own findings rank first).
    session_gain: float = 0.0


@dataclass(frozen=True, slots=True)
class Candidate:
    """A scored change: ``members`` are the interchangeable people it could be made with."""

    rank: tuple[Any, ...]
    session_id: int
    action: str
    role: Role
    replaced: Slot | None
    members: tuple[PersonFacts, ...]
    effect: Effect


def _state(violations: list[Violation]) -> dict[Key, tuple[str, float]]:
    return {
        v.key(): (v.severity, float(v.details.get("shortfall") or shortfall(v))) for v in violations
    }


def could_help(violation: Violation, person: PersonFacts, model: BalanceModel) -> bool:
    """Whether adding or swapping in ``person`` can bring ``violation`` closer to passing.

    A cheap filter before simulating: a person without the missing trait cannot help."""
    d, rule = violation.details, violation.rule_id
    config = model.rules[rule]
    if "direction" in d:  # share bands
        return (person.gender == "woman") == (d["direction"] == "more_women") and (
            person.gender in GENDER_VALUES
        )
    if rule in ("gender-single", "gender-chairs-single"):
        return person.gender in GENDER_VALUES and person.gender != d["gender"]
    if rule == "geo-regions-per-table":
        return person.region in LAC_REGIONS and person.region not in d["regions"]
    if rule == "geo-region-missing":
        return person.region in d["missing"]
    if rule == "geo-region-share":
        return person.region in {item["region"] for item in d["regions"]}
    if rule == "geo-subregion-share":
        return person.subregion in {item["region"] for item in d["regions"]}
    if rule == "geo-ldc-lldc-sids":
        return any(getattr(person, key) for key in d["missing"])
    if rule == "geo-groups-distinct":
        return person.ldc or person.lldc or person.sids
    if rule in ("geo-caribbean-keynotes", "geo-caribbean-chairs"):
        return person.subregion == "caribbean"
    if rule == "stakeholder-nongov":
        return person.category in (config.categories or ())
    if rule == "stakeholder-mix":
        return person.governmental if d["missing"] == "government" else person.non_governmental
    if rule == "stakeholder-youth":
        return person.young(config.definition or "un")
    if rule == "stakeholder-migrants":
        return person.migrant
    if rule == "stakeholder-categories-absent":
        return person.category in d["categories"]
    if rule == "demo-older-persons":
        return person.older
    if rule == "gov-not-only-foreign":
        return person.governmental and person.sector not in (None, "foreign_affairs")
    if rule == "lang-region":
        return any(code in person.languages for code in d["missing"])
    if rule == "lang-caribbean-english":
        return person.subregion == "caribbean" and "en" in person.languages
    if rule == "lang-interpretation":
        return not person.languages or any(code in person.languages for code in d["offered"])
    return True


def signature(person: PersonFacts, model: BalanceModel) -> tuple[object, ...]:
    """What the rules can tell apart about ``person``: equal signatures score equally.

    Coarser than :meth:`PersonFacts.profile`: languages only as the ones the language rules
    look at, age only as young/older, sector only as foreign affairs or not; level and
    self-identification are report lines, not rules."""
    rules = model.rules
    watched = set(rules["lang-region"].languages or ()) | {"en"}
    offered = rules["lang-interpretation"].languages
    offered_set = set(offered if offered is not None else model.snapshot.interpretation)
    return (
        person.gender,
        person.region,
        person.subregion,
        person.ldc,
        person.lldc,
        person.sids,
        person.category,
        person.category_kind,
        person.young(rules["stakeholder-youth"].definition or "un"),
        person.youth and person.age_band is None,
        person.older,
        person.migrant,
        None if person.sector is None else person.sector == "foreign_affairs",
        frozenset(watched.intersection(person.languages)),
        bool(person.languages) and not offered_set.intersection(person.languages),
    )


def _total(state: dict[Key, tuple[str, float]]) -> float:
    return sum(_WEIGHT.get(severity, 0) * missing for severity, missing in state.values())


def effect(
    before: dict[Key, tuple[str, float]],
    after: dict[Key, tuple[str, float]],
    targets: set[Key],
) -> Effect | None:
    """The effect of going from ``before`` to ``after`` (None: not worth offering)."""
    broken: set[str] = set()
    for key, (severity, missing) in after.items():
        old = before.get(key)
        if old is None or missing > old[1] + 1e-9:
            if severity == "error":
                return None
            broken.add(key[0])
    fixed = {key[0] for key in targets if key not in after}
    improved = {key[0] for key in targets if key in after and after[key][1] < before[key][1] - 1e-9}
    gain = _total(before) - _total(after)
    if not (fixed or improved) or gain <= 1e-9:
        return None

    def session_part(state: dict[Key, tuple[str, float]]) -> float:
        return _total({key: value for key, value in state.items() if key[1] is not None})

    return Effect(
        gain,
        tuple(sorted(fixed)),
        tuple(sorted(improved - fixed)),
        tuple(sorted(broken)),
        session_part(before) - session_part(after),
    )


def _load(model: BalanceModel) -> dict[int, int]:
    counts: dict[int, int] = {}
    for slot in model.snapshot.slots.values():
        if slot.active:
            counts[slot.person_id] = counts.get(slot.person_id, 0) + 1
    return counts


#: How many groups of interchangeable people are simulated per session (the most promising
#: first: those who could help the most, and the heaviest, targeted violations).
SESSION_BUDGET = 150
MEETING_BUDGET = 12


def score_session(
    model: BalanceModel,
    session_id: int,
    current: list[Violation],
    targets: list[Violation],
    budget: int = SESSION_BUDGET,
    keys: dict[int, tuple[object, ...]] | None = None,
) -> list[Candidate]:
    """Useful additions or swaps in ``session_id`` for ``targets``, unsorted.

    People are grouped by :func:`signature` and programme membership; groups are pre-scored
    by the weighted number of targets they could help (:func:`could_help`) and only the best
    ``budget`` groups are simulated, so the time stays bounded on large rosters."""
    session = model.sessions[session_id]
    before = _state(current)
    target_keys = {v.key() for v in targets}
    specs = [RULES[v.rule_id] for v in targets]
    add_roles = sorted({spec.add_role for spec in specs if spec.add_role is not None})
    swap_roles = set().union(*(spec.swap_roles for spec in specs))
    slots = model.slots(session_id)
    holders = [s for s in slots if s.active and s.role in swap_roles]
    if session.kind not in _KEYNOTE_KINDS and not any(
        s.role == Role.KEYNOTE_SPEAKER for s in slots
    ):
        add_roles = [role for role in add_roles if role != Role.KEYNOTE_SPEAKER]
    if not add_roles and not holders:
        return []
    programme = model.programme_state
    groups: dict[tuple[object, ...], list[PersonFacts]] = {}
    promise: dict[tuple[object, ...], int] = {}
    keys = {} if keys is None else keys
    for person in eligible_people(model, session_id):
        key = keys.get(person.id)
        if key is None:
            key = keys[person.id] = (signature(person, model), programme.membership(person.id))
        if key not in promise:
            promise[key] = sum(
                _WEIGHT.get(v.severity, 0) for v in targets if could_help(v, person, model)
            )
        if promise[key]:
            groups.setdefault(key, []).append(person)
    best = sorted(groups, key=lambda k: (-promise[k], -len(groups[k])))[:budget]
    found: list[Candidate] = []
    for members in (groups[key] for key in best):
        probe = members[0]
        actions: list[tuple[str, Role, Slot | None]] = [("add", r, None) for r in add_roles]
        actions += [("swap", h.role, h) for h in holders]
        for action, role, replaced in actions:
            trial = [s for s in slots if replaced is None or s.id != replaced.id]
            trial.append(Slot(-1, session_id, probe.id, role, "nominated"))
            after = [
                *model.trial_violations(session, trial),
                *programme.trial(model.rules, trial[-1], replaced, explained=False),
            ]
            result = effect(before, _state(after), target_keys)
            if result is None:
                continue
            rank = (-result.session_gain, -result.gain, len(result.breaks), action != "add")
            found.append(
                Candidate(rank, session_id, action, role, replaced, tuple(members), result)
            )
    return found


def _primary(result: Effect, current: list[Violation]) -> str:
    severity = {v.rule_id: _WEIGHT.get(v.severity, 0) for v in current}
    named = [*result.fixes, *result.improves]
    return sorted(named, key=lambda rid: -severity.get(rid, 0))[0]


def pick(
    model: BalanceModel,
    candidates: list[Candidate],
    current: list[Violation],
    limit: int,
    meeting_wide: bool = False,
) -> list[Suggestion]:
    """The best ``limit`` suggestions: one person per group and action, least loaded first."""
    load = _load(model)
    people = model.people
    results: list[Suggestion] = []
    seen: set[tuple[int, str]] = set()
    changes: set[tuple[int, str, int | None, str]] = set()
    for item in sorted(candidates, key=lambda c: (c.rank, c.session_id)):
        if len(results) >= limit:
            break
        change = (item.session_id, item.action, item.replaced.id if item.replaced else -1, "")
        if meeting_wide and item.replaced is not None:
            if change in changes:
                continue  # one candidate per replaced holder keeps the list varied
            changes.add(change)
        for person in sorted(item.members, key=lambda p: (load.get(p.id, 0), p.name, p.id)):
            if meeting_wide and (person.id, item.role.value) in seen:
                continue
            seen.add((person.id, item.role.value))
            replaced = item.replaced
            details: dict[str, Any] = {
                "gender": person.gender,
                "region": person.region,
                "subregion": person.subregion,
                "category": person.category,
                "country": person.country,
            }
            if meeting_wide:
                details["meeting_wide"] = True
                details["session"] = model.sessions[item.session_id].title("en")
            results.append(
                Suggestion(
                    rule_id=_primary(item.effect, current),
                    session_id=item.session_id,
                    action=item.action,
                    person_id=person.id,
                    person_name=person.name,
                    role=item.role,
                    fixes=item.effect.fixes,
                    score=round(item.effect.gain - (0.5 if item.action == "swap" else 0.0), 4),
                    replaces_assignment_id=replaced.id if replaced else None,
                    replaces_person_id=replaced.person_id if replaced else None,
                    replaces_name=people[replaced.person_id].name if replaced else "",
                    details=details,
                    improves=item.effect.improves,
                    breaks=item.effect.breaks,
                )
            )
            break
    return results


def rank_session(
    model: BalanceModel, session_id: int, limit: int, rule_id: str | None
) -> list[Suggestion]:
    """Suggestions for the violations touching ``session_id`` (see ``suggest``)."""
    if model.sessions[session_id].kind == SessionKind.BREAK:
        return []
    report = model.report(session_id)
    current = list(report.sessions[0].violations) + list(report.programme_violations)
    targets = [v for v in current if rule_id is None or v.rule_id == rule_id]
    if not targets:
        return []
    return pick(model, score_session(model, session_id, current, targets), current, limit)


def rank_meeting(model: BalanceModel, limit: int, rule_id: str | None) -> list[Suggestion]:
    """Suggestions for the meeting-wide violations, over every session that has a panel."""
    report = model.report()
    programme = list(report.programme_violations)
    targets = [v for v in programme if rule_id is None or v.rule_id == rule_id]
    if not targets:
        return []
    candidates: list[Candidate] = []
    keys: dict[int, tuple[object, ...]] = {}
    by_session = {s.session.id: list(s.violations) for s in report.sessions}
    for session_id, violations in by_session.items():
        if model.sessions[session_id].kind == SessionKind.BREAK:
            continue
        current = violations + programme
        candidates += score_session(model, session_id, current, targets, MEETING_BUDGET, keys)
    # meeting-wide: rank by what a change does to the programme rules first
    ranked = [
        replace(c, rank=(-(c.effect.gain - c.effect.session_gain), *c.rank[1:])) for c in candidates
    ]
    return pick(model, ranked, programme, limit, meeting_wide=True)
