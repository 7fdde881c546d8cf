"""BalanceModel: the snapshot plus cached results, re-evaluated incrementally after each edit.

Typical use (CLI and TUI)::

    model = BalanceModel.from_db(db, meeting, config.balance)
    report = model.evaluate()
    ...  # after one edit in the database:
    model.apply_change(assignment_id=..., session_id=..., person_id=..., role=..., status=...)
    report = model.report()          # only the touched session and programme totals recomputed
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session as DbSession

from agenda.balance.checks import evaluate_session
from agenda.balance.composition import Composition, compose
from agenda.balance.programme import ProgrammeState
from agenda.balance.rules import RuleConfig, Violation, resolve_rules
from agenda.balance.snapshot import (
    PERSON_COLUMNS,
    PersonFacts,
    SessionFacts,
    Slot,
    Snapshot,
    facts_from_row,
    load_snapshot,
)
from agenda.balance.summary import participation, summary
from agenda.model.enums import CHAIR_ROLES, Role, SessionKind
from agenda.model.orm import Meeting


@dataclass(frozen=True, slots=True)
class SessionBalance:
    """Composition of one session's panel and its violations."""

    session: SessionFacts
    composition: Composition
    violations: tuple[Violation, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "session_id": self.session.id,
            "kind": self.session.kind.value,
            "title": self.session.title_en,
            "title_es": self.session.title_es,
            "start": self.session.start.isoformat(),
            "composition": self.composition.to_dict(),
            "violations": [v.to_dict() for v in self.violations],
        }


@dataclass(frozen=True, slots=True)
class BalanceReport:
    """Per-session and programme-wide balance."""

    sessions: tuple[SessionBalance, ...]
    programme: Composition
    programme_violations: tuple[Violation, ...]
    rules: dict[str, RuleConfig] = field(default_factory=dict)
    #: The programme's distinct speakers (moderators and chairs excluded), as the rules count.
    speakers: Composition | None = None
    #: Report lines beside the rules (:func:`agenda.balance.summary.summary`).
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def violations(self) -> list[Violation]:
        """All violations: per session (programme order), then programme-wide."""
        return [v for s in self.sessions for v in s.violations] + list(self.programme_violations)

    @property
    def errors(self) -> list[Violation]:
        """Violations with severity error."""
        return [v for v in self.violations if v.severity == "error"]

    @property
    def warnings(self) -> list[Violation]:
        """Violations with severity warning."""
        return [v for v in self.violations if v.severity == "warning"]

    def exit_code(self, strict: bool = False) -> int:
        """0 clean, 2 with errors, 1 with warnings only when ``strict`` (like ``agenda check``)."""
        if self.errors:
            return 2
        return 1 if strict and self.warnings else 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "sessions": [s.to_dict() for s in self.sessions],
            "programme": {
                "composition": self.programme.to_dict(),
                "speakers": self.speakers.to_dict() if self.speakers else None,
                "violations": [v.to_dict() for v in self.programme_violations],
                "summary": self.summary,
            },
            "summary": {"errors": len(self.errors), "warnings": len(self.warnings)},
        }


_KEEP: Any = object()


class BalanceModel:
    """Balance of one meeting, held in memory; cheap to re-evaluate after a single change."""

    def __init__(
        self,
        snapshot: Snapshot,
        rules: dict[str, RuleConfig] | None = None,
        working_hours: tuple[str, str] = ("07:00", "22:00"),
    ) -> None:
        self.snapshot = snapshot
        self.rules = rules or resolve_rules()
        self.working_hours = working_hours
        self._by_session: dict[int, dict[int, Slot]] = {sid: {} for sid in snapshot.sessions}
        for slot in snapshot.slots.values():
            self._by_session.setdefault(slot.session_id, {})[slot.id] = slot
        self._session_results: dict[int, SessionBalance] = {}
        self._programme: tuple[Composition, tuple[Violation, ...]] | None = None
        self._participation: dict[str, dict[str, int]] | None = None
        self.programme_state = ProgrammeState(snapshot.people, snapshot.slots.values())
        self._order = sorted(
            (s for s in snapshot.sessions.values() if s.kind != SessionKind.BREAK),
            key=lambda s: (s.start, s.id),
        )

    @classmethod
    def from_db(
        cls,
        db: DbSession,
        meeting: Meeting | int,
        settings: Any = None,
        working_hours: tuple[str, str] = ("07:00", "22:00"),
    ) -> BalanceModel:
        """Load the snapshot of ``meeting``; ``settings`` is BalanceSettings or a rules mapping."""
        sids_list = str(getattr(settings, "sids_list", "m49"))
        return cls(load_snapshot(db, meeting, sids_list), resolve_rules(settings), working_hours)

    # -- reading ---------------------------------------------------------------------------
    @property
    def people(self) -> dict[int, PersonFacts]:
        """Everyone in the snapshot by id."""
        return self.snapshot.people

    @property
    def sessions(self) -> dict[int, SessionFacts]:
        """Sessions by id."""
        return self.snapshot.sessions

    def slots(self, session_id: int) -> list[Slot]:
        """All assignments (any status) of a session."""
        return list(self._by_session.get(session_id, {}).values())

    def active_slots(self, session_id: int) -> list[Slot]:
        """Assignments of a session that count for balance."""
        return [s for s in self._by_session.get(session_id, {}).values() if s.active]

    def panel_of(self, slots: Iterable[Slot]) -> tuple[list[PersonFacts], list[PersonFacts]]:
        """Distinct panel members (speakers + chairs) and distinct speakers of ``slots``."""
        people = self.snapshot.people
        panel: dict[int, PersonFacts] = {}
        speakers: dict[int, PersonFacts] = {}
        for slot in slots:
            if not slot.active or not slot.on_panel:
                continue
            person = people[slot.person_id]
            panel[person.id] = person
            if slot.speaker:
                speakers[person.id] = person
        return list(panel.values()), list(speakers.values())

    # -- evaluation ------------------------------------------------------------------------
    def evaluate_slots(
        self, session: SessionFacts, slots: Iterable[Slot], explained: bool = True
    ) -> SessionBalance:
        """Balance of ``session`` if it had exactly ``slots`` (used for what-if suggestions)."""
        panel, speakers = self.panel_of(slots)
        violations = evaluate_session(
            session, panel, speakers, self.rules, self.snapshot.interpretation, explained
        )
        return SessionBalance(session, compose(panel), tuple(violations))

    def trial_violations(self, session: SessionFacts, slots: Iterable[Slot]) -> list[Violation]:
        """Unexplained session violations if ``session`` had exactly ``slots`` (what-if)."""
        panel, speakers = self.panel_of(slots)
        return evaluate_session(
            session, panel, speakers, self.rules, self.snapshot.interpretation, False
        )

    def reevaluate_session(self, session_id: int) -> SessionBalance:
        """Recompute one session's balance (and mark programme totals stale)."""
        session = self.snapshot.sessions[session_id]
        result = self.evaluate_slots(session, self._by_session.get(session_id, {}).values())
        self._session_results[session_id] = result
        self._programme = None
        return result

    def programme_groups(
        self, slots: Iterable[Slot] | None = None
    ) -> tuple[list[PersonFacts], list[PersonFacts], list[PersonFacts]]:
        """Distinct speakers, keynote speakers and chairs/moderators across ``slots``."""
        people = self.snapshot.people
        speakers: dict[int, PersonFacts] = {}
        keynotes: dict[int, PersonFacts] = {}
        chairs: dict[int, PersonFacts] = {}
        source = self.snapshot.slots.values() if slots is None else slots
        for slot in source:
            if not slot.active:
                continue
            if slot.speaker:
                speakers[slot.person_id] = people[slot.person_id]
                if slot.role == Role.KEYNOTE_SPEAKER:
                    keynotes[slot.person_id] = people[slot.person_id]
            elif slot.role in CHAIR_ROLES:
                chairs[slot.person_id] = people[slot.person_id]
        return list(speakers.values()), list(keynotes.values()), list(chairs.values())

    def _programme_result(self) -> tuple[Composition, tuple[Violation, ...]]:
        if self._programme is None:
            self._programme = self.programme_state.result(self.rules)
        return self._programme

    def evaluate(self) -> BalanceReport:
        """Evaluate every session and the programme from scratch."""
        self._session_results = {}
        for session in self._order:
            self.reevaluate_session(session.id)
        return self.report()

    def report(self, session_id: int | None = None) -> BalanceReport:
        """The current report (only stale parts are recomputed); optionally one session only."""
        order = self._order if session_id is None else [self.snapshot.sessions[session_id]]
        results = []
        for session in order:
            result = self._session_results.get(session.id)
            if result is None:
                result = self.reevaluate_session(session.id)
            results.append(result)
        composition, violations = self._programme_result()
        return BalanceReport(
            tuple(results),
            composition,
            violations,
            dict(self.rules),
            speakers=self.programme_state.speaker_composition(),
            summary=self._summary(),
        )

    def _summary(self) -> dict[str, Any]:
        if self._participation is None:
            self._participation = participation(self.snapshot.people.values())
        definition = self.rules["stakeholder-youth"].definition or "un"
        lines = summary(self.programme_state.tally, definition, ())
        lines["participation"] = self._participation
        return lines

    # -- changes ---------------------------------------------------------------------------
    def apply_change(
        self,
        *,
        assignment_id: int,
        session_id: int | None = None,
        person_id: int | None = None,
        role: Role | str | None = None,
        status: str | None = None,
        substitute_for_id: Any = _KEEP,
        removed: bool = False,
    ) -> SessionBalance | None:
        """Record one assignment change (new, edited or ``removed``) and re-evaluate.

        Fields left out keep their previous values for an existing assignment (pass
        ``substitute_for_id=None`` explicitly when a substitute was promoted). Returns the
        new balance of the affected session (None when the assignment was unknown and removed).
        """
        old = self.snapshot.slots.get(assignment_id)
        touched = {old.session_id} if old else set()
        self.programme_state.account(old, -1)
        if removed:
            if old is None:
                return None
            del self.snapshot.slots[assignment_id]
            del self._by_session[old.session_id][assignment_id]
        else:
            if old is None and (session_id is None or person_id is None or role is None):
                raise ValueError("a new assignment needs session_id, person_id and role")
            slot = Slot(
                assignment_id,
                session_id if session_id is not None else old.session_id,  # type: ignore[union-attr]
                person_id if person_id is not None else old.person_id,  # type: ignore[union-attr]
                Role(role) if role is not None else old.role,  # type: ignore[union-attr]
                str(status) if status is not None else (old.status if old else "nominated"),
                (old.substitute_for_id if old else None)
                if substitute_for_id is _KEEP
                else substitute_for_id,
            )
            if old is not None:
                del self._by_session[old.session_id][assignment_id]
            self.snapshot.slots[assignment_id] = slot
            self.programme_state.account(slot, 1)
            self._by_session.setdefault(slot.session_id, {})[assignment_id] = slot
            touched.add(slot.session_id)
        result = None
        self._programme = None
        for sid in touched:
            result = self.reevaluate_session(sid)
        return result

    def upsert_person(self, db: DbSession, person_id: int) -> PersonFacts | None:
        """Re-read one person (new or edited) and re-evaluate the sessions they sit in."""
        from agenda.model.orm import Person

        row = db.get(Person, person_id)
        if row is None:  # deleted people take their assignments with them (cascade)
            for slot in [s for s in self.snapshot.slots.values() if s.person_id == person_id]:
                self.apply_change(assignment_id=slot.id, removed=True)
            self.snapshot.people.pop(person_id, None)
            self._participation = None
            return None
        facts = facts_from_row(
            tuple(getattr(row, column.key) for column in PERSON_COLUMNS),
            self.snapshot.home_zone,
            self.snapshot.year,
            self.snapshot.sids_list,
        )
        self.programme_state.replace_person(self.snapshot.people.get(person_id), facts)
        self.snapshot.people[person_id] = facts
        self._participation = None
        for slot in self.snapshot.slots.values():
            if slot.person_id == person_id:
                self._session_results.pop(slot.session_id, None)
        self._programme = None
        return facts

    def reload_assignment(self, db: DbSession, assignment_id: int) -> SessionBalance | None:
        """Re-read one assignment from the database and apply it (removed if gone)."""
        from agenda.model.orm import RoleAssignment

        row = db.get(RoleAssignment, assignment_id)
        if row is not None and row.person_id not in self.snapshot.people:
            self.upsert_person(db, row.person_id)
        if row is None:
            return self.apply_change(assignment_id=assignment_id, removed=True)
        return self.apply_change(
            assignment_id=row.id,
            session_id=row.session_id,
            person_id=row.person_id,
            role=row.role,
            status=row.status,
            substitute_for_id=row.substitute_for_id,
        )
