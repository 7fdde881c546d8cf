"""Balance of each panel (gender, region, stakeholder category) and its violations, from the
domain's BalanceModel; suggestions come from the same model and are applied via the roster."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agenda.models import Role
from meetingctl.cli.context import AppContext
from meetingctl.tui.data import domain
from meetingctl.tui.data.agenda_data import FindingView, finding_view

BALANCE = "agenda.balance"


@dataclass(frozen=True)
class CompositionView:
    """Counts per dimension for one session: {"gender": {"woman": 2, ...}, ...}."""

    session_id: int
    title: str
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class BalanceView:
    """Compositions per session and the violations of the balance rules."""

    compositions: tuple[CompositionView, ...]
    violations: tuple[FindingView, ...]


@dataclass(frozen=True)
class SuggestionView:
    """A candidate change that fixes (part of) a violation."""

    person_id: int
    name: str
    session_id: int
    role: str
    action: str
    score: float
    replaces_assignment_id: int | None = None


def _counts(composition: Any) -> dict[str, dict[str, int]]:
    if isinstance(composition, dict):
        raw = composition
    else:
        raw = {name: getattr(composition, name, {}) for name in ("gender", "region", "category")}
    return {str(k): {str(v): int(n) for v, n in dict(values).items()} for k, values in raw.items()}


def load_balance(ctx: AppContext, lang: str = "en") -> BalanceView:
    """Evaluate every session's composition and the balance rules."""
    model_class = domain(BALANCE, "BalanceModel", "balance")
    with ctx.transaction() as db:
        meeting = ctx.meeting(db)
        model = model_class.from_db(db, meeting, ctx.config.balance)
        report = model.evaluate()
        titles = {s.id: s.title(lang) for s in meeting.sessions}
        compositions = tuple(
            CompositionView(session_id, titles.get(session_id, str(session_id)), _counts(comp))
            for session_id, comp in report.compositions.items()
        )
        return BalanceView(compositions, tuple(finding_view(v) for v in report.violations))


def suggestions(ctx: AppContext, session_id: int, rule_id: str) -> list[SuggestionView]:
    """Ranked candidates for fixing ``rule_id`` in ``session_id``."""
    suggest = domain(f"{BALANCE}.suggestions", "suggest", "suggest")
    with ctx.transaction() as db:
        meeting = ctx.meeting(db)
        found = suggest(db, meeting, session_id=session_id, rule_id=rule_id,
                        settings=ctx.config.balance)
        return [
            SuggestionView(
                person_id=s.person_id, name=getattr(s, "name", str(s.person_id)),
                session_id=session_id, role=str(getattr(s.role, "value", s.role)),
                action=str(getattr(s, "action", "add")), score=float(getattr(s, "score", 0.0)),
                replaces_assignment_id=getattr(s, "replaces_assignment_id", None),
            )
            for s in found
        ]


def apply_suggestion(ctx: AppContext, suggestion: SuggestionView) -> None:
    """Apply a suggestion through the roster (add the person; a swap withdraws the other)."""
    apply = domain(f"{BALANCE}.suggestions", "apply_suggestion", "suggest")
    with ctx.transaction() as db:
        apply(db, person_id=suggestion.person_id, session_id=suggestion.session_id,
              role=Role(suggestion.role), replaces_assignment_id=suggestion.replaces_assignment_id,
              actor=ctx.actor)
