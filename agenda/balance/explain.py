"""Explained findings: every violation names its source (concept note passage or the Panel
Parity Pledge) in English and Spanish, and carries its ``shortfall``: how many people (or
groups) it is short of passing, which suggestions use to rank partial improvements."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from agenda.balance.rules import RULES, Violation
from agenda.i18n.catalog import N_, tr

_SOURCE = N_("source: {source}")


def _missing(details: dict[str, Any], key: str = "required", have: str = "count") -> float:
    return max(0.0, float(details.get(key, 1)) - float(details.get(have, 0)))


def shortfall(violation: Violation) -> float:
    """How far ``violation`` is from passing (people or groups; above 0 while it fails)."""
    d, rule = violation.details, violation.rule_id
    value: float
    if "women" in d and "known" in d and "min" in d:  # share bands
        known, women = d["known"], d["women"]
        value = abs(
            women - (d["min"] * known if d["direction"] == "more_women" else d["max"] * known)
        )
    elif rule == "geo-regions-per-table":
        value = d["required"] - len(d["regions"])
    elif rule == "stakeholder-nongov":
        value = _missing(d, have="non_governmental")
    elif rule in ("geo-region-missing", "stakeholder-categories-absent"):
        value = len(d.get("missing", d.get("categories", ())))
    elif rule in ("geo-region-share", "geo-subregion-share"):
        value = sum(item.get("needed", 1) for item in d["regions"])
    elif rule == "geo-ldc-lldc-sids":
        value = sum(max(0, d["required"] - d["counts"][key]) for key in d["missing"])
    elif rule in ("lang-region", "lang-interpretation"):
        value = d["count"]
    elif "required" in d and "count" in d:
        value = _missing(d)
    else:
        value = 1.0
    # fractional for share bands, so that a step towards the band counts as an improvement
    return round(max(value, 0.1), 4)


def explain(violation: Violation) -> Violation:
    """``violation`` with its source appended in both languages and its shortfall recorded."""
    spec = RULES.get(violation.rule_id)
    if spec is None or not spec.source:
        return violation
    en = tr("en", _SOURCE).format(source=tr("en", spec.source))
    es = tr("es", _SOURCE).format(source=tr("es", spec.source))
    details = dict(violation.details)
    details["source"] = spec.source
    details["shortfall"] = shortfall(violation)
    return replace(
        violation,
        message_en=f"{violation.message_en} [{en}]",
        message_es=f"{violation.message_es} [{es}]",
        details=details,
    )
