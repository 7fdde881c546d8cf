"""Balance of each panel (gender, region, stakeholder category) and its violations, from the
domain's BalanceModel; suggestions come from the same model and are applied via the roster."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from meetingctl.context import AppContext
from meetingctl.tui.data import domain
from meetingctl.tui.data.agenda_data import FindingView

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
    raw: Any = None


def _counts(composition: Any) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for dimension in ("gender", "region", "category"):
        breakdown = getattr(composition, dimension)
        values = dict(breakdown.counts)
        if getattr(breakdown, "undisclosed", 0):
            values["undisclosed"] = breakdown.undisclosed
        if getattr(breakdown, "unknown", 0):
            values["unknown"] = breakdown.unknown
        counts[dimension] = values
    return counts


def _violation(violation: Any) -> FindingView:
    session_ids = () if violation.session_id is None else (violation.session_id,)
    return FindingView(
        violation.rule_id,
        str(violation.severity),
        violation.message_en,
        violation.message_es,
        session_ids,
    )


def _model(ctx: AppContext, db: Any, meeting: Any) -> Any:
    model_class: Any = domain(BALANCE, "BalanceModel", "balance")
    hours = (ctx.config.agenda.working_hours_start, ctx.config.agenda.working_hours_end)
    return model_class.from_db(db, meeting, ctx.config.balance, working_hours=hours)


def load_balance(ctx: AppContext, lang: str = "en") -> BalanceView:
    """Evaluate every session's composition and the balance rules."""
    with ctx.transaction() as db:
        meeting = ctx.meeting(db)
        report = _model(ctx, db, meeting).evaluate()
        compositions = tuple(
            CompositionView(
                s.session.id,
                (s.session.title_es if lang == "es" else s.session.title_en) or s.session.title_en,
                _counts(s.composition),
            )
            for s in report.sessions
        )
        return BalanceView(compositions, tuple(_violation(v) for v in report.violations))


def suggestions(
    ctx: AppContext, session_id: int, rule_id: str, lang: str = "en"
) -> list[SuggestionView]:
    """Ranked candidates for fixing ``rule_id`` in ``session_id``."""
    suggest = domain(f"{BALANCE}.suggestions", "suggest", "suggest")
    with ctx.transaction() as db:
        meeting = ctx.meeting(db)
        found = suggest(_model(ctx, db, meeting), session_id, rule_id=rule_id)
        return [
            SuggestionView(
                person_id=s.person_id,
                name=s.person_name,
                session_id=s.session_id,
                role=str(s.role.value),
                action=s.describe(lang),
                score=float(s.score),
                replaces_assignment_id=s.replaces_assignment_id,
                raw=s,
            )
            for s in found
        ]


def apply_suggestion(ctx: AppContext, suggestion: SuggestionView) -> None:
    """Apply a suggestion (add the person; a swap withdraws the one replaced)."""
    apply = domain(f"{BALANCE}.suggestions", "apply_suggestion", "suggest")
    with ctx.transaction() as db:
        apply(db, suggestion.raw, ctx.actor)
