"""Balance of the panels (gender, region, stakeholder category): the evaluation ``meetingctl
balance`` prints and the Balance screen shows, the suggestions that would fix a violation, and
applying one. The rules and the model are :mod:`agenda.balance`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session as DbSession

from agenda.balance import (
    BalanceModel,
    BalanceReport,
    Composition,
    Suggestion,
    Violation,
    apply_suggestion,
    suggest,
    suggest_meeting,
)
from agenda.model.enums import SessionKind
from agenda.model.errors import NotFoundError, ValidationError

if TYPE_CHECKING:
    from meetingctl.context import AppContext


@dataclass(frozen=True)
class CompositionView:
    """Counts per dimension for one session: {"gender": {"woman": 2, ...}, ...}."""

    session_id: int
    title: str
    counts: dict[str, dict[str, int]]


@dataclass(frozen=True)
class BalanceFinding:
    """One violation of a balance rule, in both languages."""

    rule_id: str
    severity: str
    message: str
    message_es: str = ""
    session_ids: tuple[int, ...] = ()

    def text(self, lang: str) -> str:
        """The message in ``lang`` (Spanish falls back to English when absent)."""
        return (self.message_es if lang == "es" else self.message) or self.message


@dataclass(frozen=True)
class BalanceView:
    """The evaluation: the domain's report (what the CLI prints as text, JSON or CSV), and the
    compositions per session and the violations as the TUI lists them."""

    report: BalanceReport
    compositions: tuple[CompositionView, ...]
    violations: tuple[BalanceFinding, ...]


@dataclass(frozen=True)
class SuggestionView:
    """A candidate change that fixes (part of) a violation."""

    person_id: int
    name: str
    session_id: int
    role: str
    action: str
    score: float
    rule_id: str
    replaces_assignment_id: int | None
    suggestion: Suggestion


@dataclass(frozen=True)
class Suggestions:
    """Ranked suggestions for one session; ``empty_reason`` says why there can be none
    ("break": the session has no panel, "no_violations": nothing to fix)."""

    session_id: int
    rule_id: str | None
    items: tuple[SuggestionView, ...]
    empty_reason: str | None = None
    applied_assignment_id: int | None = None


@dataclass(frozen=True)
class AppliedSuggestion:
    """The role assignment a suggestion created."""

    assignment_id: int
    session_id: int
    person_id: int


class SuggestionNumberError(ValidationError):
    """The suggestion number to apply is not in the list."""

    def __init__(self, available: int) -> None:
        self.available = available
        super().__init__(f"there are {available} suggestion(s)")


def _counts(composition: Composition) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for dimension in ("gender", "region", "category"):
        breakdown = getattr(composition, dimension)
        values = dict(breakdown.counts)
        if breakdown.undisclosed:
            values["undisclosed"] = breakdown.undisclosed
        if breakdown.unknown:
            values["unknown"] = breakdown.unknown
        counts[dimension] = values
    return counts


def _finding(violation: Violation) -> BalanceFinding:
    session_ids = () if violation.session_id is None else (violation.session_id,)
    return BalanceFinding(
        violation.rule_id,
        str(violation.severity),
        violation.message_en,
        violation.message_es,
        session_ids,
    )


def _suggestion_view(item: Suggestion, lang: str) -> SuggestionView:
    return SuggestionView(
        person_id=item.person_id,
        name=item.person_name,
        session_id=item.session_id,
        role=str(item.role.value),
        action=item.describe(lang),
        score=float(item.score),
        rule_id=item.rule_id,
        replaces_assignment_id=item.replaces_assignment_id,
        suggestion=item,
    )


def empty_reason(model: BalanceModel, session_id: int, rule_id: str | None) -> str | None:
    """Why there can be no suggestion ("break" or "no_violations"), else None."""
    if model.sessions[session_id].kind == SessionKind.BREAK:
        return "break"
    report = model.report(session_id)
    current = [*report.sessions[0].violations, *report.programme_violations]
    if any(rule_id is None or v.rule_id == rule_id for v in current):
        return None
    return "no_violations"


class BalanceService:
    """Evaluate the balance of the panels, suggest fixes, apply one."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def _model(self, db: DbSession) -> BalanceModel:
        config = self.ctx.config
        hours = (config.agenda.working_hours_start, config.agenda.working_hours_end)
        return BalanceModel.from_db(db, self.ctx.meeting(db), config.balance, hours)

    def evaluate(self, session_id: int | None = None, lang: str = "en") -> BalanceView:
        """The balance of every session (or only ``session_id``, plus the programme rules).

        Titles of the compositions are in ``lang``. NotFoundError for an unknown session.
        """
        with self.ctx.transaction() as db:
            model = self._model(db)
        if session_id is not None and session_id not in model.sessions:
            raise NotFoundError(
                f"no session {session_id} in this meeting; see `meetingctl agenda show`"
            )
        model.evaluate()
        report = model.report(session_id)
        compositions = tuple(
            CompositionView(s.session.id, s.session.title(lang), _counts(s.composition))
            for s in report.sessions
        )
        return BalanceView(report, compositions, tuple(_finding(v) for v in report.violations))

    def suggestions(
        self,
        session_id: int,
        rule_id: str | None = None,
        *,
        limit: int = 5,
        lang: str = "en",
        apply_number: int | None = None,
    ) -> Suggestions:
        """Who could be added or swapped into ``session_id`` to fix its violations (of
        ``rule_id`` only, when given), best first; ``apply_number`` (1-based) applies that one
        in the same unit of work (SuggestionNumberError when it is not in the list)."""
        with self.ctx.transaction() as db:
            model = self._model(db)
            if session_id not in model.sessions:
                raise NotFoundError(f"no session {session_id} in this meeting")
            reason = empty_reason(model, session_id, rule_id)
            found = [] if reason else suggest(model, session_id, limit, rule_id)
            applied = None
            if apply_number is not None:
                if not 1 <= apply_number <= len(found):
                    raise SuggestionNumberError(len(found))
                created = apply_suggestion(db, found[apply_number - 1], self.ctx.actor, model)
                applied = created.id
            items = tuple(_suggestion_view(item, lang) for item in found)
        return Suggestions(session_id, rule_id, items, reason, applied)

    def meeting_suggestions(
        self, rule_id: str | None = None, *, limit: int = 5, lang: str = "en"
    ) -> Suggestions:
        """Changes anywhere in the programme that improve the meeting-wide rules (of
        ``rule_id`` only, when given), best first; ``session_id`` of the result is 0."""
        with self.ctx.transaction() as db:
            model = self._model(db)
        report = model.evaluate()
        targets = [v for v in report.programme_violations if rule_id in (None, v.rule_id)]
        if not targets:
            return Suggestions(0, rule_id, (), "no_violations")
        found = suggest_meeting(model, limit, rule_id)
        return Suggestions(0, rule_id, tuple(_suggestion_view(item, lang) for item in found))

    def apply(self, suggestion: SuggestionView | Suggestion) -> AppliedSuggestion:
        """Apply a suggestion: nominate the person; a swap withdraws the one replaced."""
        item = suggestion.suggestion if isinstance(suggestion, SuggestionView) else suggestion
        with self.ctx.transaction() as db:
            created = apply_suggestion(db, item, self.ctx.actor)
            return AppliedSuggestion(created.id, created.session_id, created.person_id)
