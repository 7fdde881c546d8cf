"""Balance of panels: composition (gender, region, stakeholder category), rules, suggestions.

Public API::

    from agenda.balance import BalanceModel, suggest, apply_suggestion, RULES
    model = BalanceModel.from_db(db, meeting, config.balance)
    report = model.evaluate()              # BalanceReport
    model.apply_change(assignment_id=..., status="declined")   # incremental re-evaluation
    suggestions = suggest(model, session_id, limit=5)
"""

from agenda.balance.composition import Breakdown, Composition, compose
from agenda.balance.model import BalanceModel, BalanceReport, SessionBalance
from agenda.balance.rules import RULE_IDS, RULES, RuleConfig, RuleSpec, Violation, resolve_rules
from agenda.balance.snapshot import PersonFacts, SessionFacts, Slot, Snapshot, load_snapshot
from agenda.balance.suggestions import (
    Suggestion,
    apply_suggestion,
    eligible_people,
    suggest,
    suggest_meeting,
)

__all__ = [
    "RULES",
    "RULE_IDS",
    "BalanceModel",
    "BalanceReport",
    "Breakdown",
    "Composition",
    "PersonFacts",
    "RuleConfig",
    "RuleSpec",
    "SessionBalance",
    "SessionFacts",
    "Slot",
    "Snapshot",
    "Suggestion",
    "Violation",
    "apply_suggestion",
    "compose",
    "eligible_people",
    "load_snapshot",
    "resolve_rules",
    "suggest",
    "suggest_meeting",
]
