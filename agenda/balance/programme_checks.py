"""Evaluation of the programme-wide balance rules on plain facts (no database): the tally of
distinct people per group and the rules read from it. Session rules are in
:mod:`agenda.balance.checks`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any

from agenda import reference
from agenda.balance.checks import band_violation, pct, regions_text
from agenda.balance.composition import GENDER_VALUES
from agenda.balance.demography import OLDER_BANDS, YOUTH_DEFINITIONS
from agenda.balance.explain import explain
from agenda.balance.labels import category_label, region_label
from agenda.balance.rules import RuleConfig, Violation
from agenda.balance.snapshot import PersonFacts
from agenda.reference import LAC_REGIONS

_GROUPS = (("ldc", "LDC", "PMA"), ("lldc", "LLDC", "PDSL"), ("sids", "SIDS", "PEID"))


@cache
def member_shares() -> dict[str, float]:
    """Each LAC region's share of the 33 ECLAC member States (Caribbean: 13/33)."""
    regions = reference.regions()
    total = sum(region.member_count for region in regions)
    return {region.key: region.member_count / total for region in regions}


@cache
def _nongov_categories() -> tuple[str, ...]:
    return tuple(
        item.key
        for item in reference.stakeholder_categories()
        if item.kind == "non_governmental" and item.key != "other"
    )


def _bump(counts: dict[str, int], key: str, sign: int) -> None:
    counts[key] = counts.get(key, 0) + sign


@dataclass(slots=True)
class Tally:
    """Programme aggregates over distinct people; updated one person at a time."""

    speakers: int = 0
    regions: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LAC_REGIONS, 0))
    groups: dict[str, int] = field(default_factory=lambda: {"ldc": 0, "lldc": 0, "sids": 0})
    categories: dict[str, int] = field(default_factory=dict)
    #: Speakers without a known age who are young by flag or category.
    youth_flag: int = 0
    migrants: int = 0
    keynote_genders: dict[str, int] = field(default_factory=dict)
    chair_genders: dict[str, int] = field(default_factory=dict)
    speaker_genders: dict[str, int] = field(default_factory=dict)
    subregions: dict[str, int] = field(default_factory=dict)
    keynote_subregions: dict[str, int] = field(default_factory=dict)
    chair_subregions: dict[str, int] = field(default_factory=dict)
    #: Distinct speakers from at least one of LDC, LLDC, SIDS.
    group_people: int = 0
    age_bands: dict[str, int] = field(default_factory=dict)
    self_ids: dict[str, int] = field(default_factory=dict)
    sectors: dict[str, int] = field(default_factory=dict)
    levels: dict[str, int] = field(default_factory=dict)
    keynotes: int = 0
    chairs: int = 0

    def copy(self) -> Tally:
        """An independent copy (for what-if changes)."""
        values: dict[str, Any] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            values[item.name] = dict(value) if isinstance(value, dict) else value
        return Tally(**values)

    def speaker(self, person: PersonFacts, sign: int = 1) -> None:
        """Count (sign 1) or uncount (sign -1) a distinct speaker."""
        self.speakers += sign
        if person.region in self.regions:
            self.regions[person.region] += sign
        self.groups["ldc"] += sign * person.ldc
        self.groups["lldc"] += sign * person.lldc
        self.groups["sids"] += sign * person.sids
        self.group_people += sign * (person.ldc or person.lldc or person.sids)
        _bump(self.categories, person.category, sign)
        self.youth_flag += sign * (person.youth and person.age_band is None)
        self.migrants += sign * person.migrant
        _bump(self.speaker_genders, person.gender, sign)
        _bump(self.subregions, person.subregion, sign)
        _bump(self.age_bands, person.age_band or "unknown", sign)
        for key in person.self_ids:
            _bump(self.self_ids, key, sign)
        if person.governmental:
            _bump(self.sectors, person.sector or "unknown", sign)
            _bump(self.levels, person.level or "unknown", sign)

    def keynote(self, person: PersonFacts, sign: int = 1) -> None:
        """Count or uncount a distinct keynote speaker."""
        self.keynotes += sign
        _bump(self.keynote_subregions, person.subregion, sign)
        if person.gender in GENDER_VALUES:
            self.keynote_genders[person.gender] = self.keynote_genders.get(person.gender, 0) + sign

    def chair(self, person: PersonFacts, sign: int = 1) -> None:
        """Count or uncount a distinct moderator or chair."""
        self.chairs += sign
        _bump(self.chair_subregions, person.subregion, sign)
        if person.gender in GENDER_VALUES:
            self.chair_genders[person.gender] = self.chair_genders.get(person.gender, 0) + sign

    def youth(self, definition: str = "un") -> int:
        """Young speakers by ``definition`` (age known), plus the flagged ones of unknown age."""
        bands = YOUTH_DEFINITIONS.get(definition, YOUTH_DEFINITIONS["un"])
        return self.youth_flag + sum(self.age_bands.get(band, 0) for band in bands)

    @property
    def older(self) -> int:
        """Speakers aged 60 and over."""
        return sum(self.age_bands.get(band, 0) for band in OLDER_BANDS)


def tally(
    speakers: Sequence[PersonFacts],
    keynotes: Sequence[PersonFacts] = (),
    chairs: Sequence[PersonFacts] = (),
) -> Tally:
    """The aggregates of distinct speakers, keynote speakers and chairs."""
    result = Tally()
    for person in speakers:
        result.speaker(person)
    for person in keynotes:
        result.keynote(person)
    for person in chairs:
        result.chair(person)
    return result


def evaluate_tally(
    counts: Tally, rules: dict[str, RuleConfig], explained: bool = True
) -> list[Violation]:
    """Violations of the programme rules from the aggregates (explained: source, shortfall)."""
    from agenda.balance.programme_rules import evaluate_programme_more

    found = _evaluate_core(counts, rules) + evaluate_programme_more(counts, rules)
    return [explain(v) for v in found] if explained else found


def _evaluate_core(counts: Tally, rules: dict[str, RuleConfig]) -> list[Violation]:
    found: list[Violation] = []
    for rule_id, genders, en, es in (
        ("gender-keynotes", counts.keynote_genders, "keynote speakers", "los oradores principales"),
        (
            "gender-moderators",
            counts.chair_genders,
            "moderators and chairs",
            "moderadores y presidencias",
        ),
    ):
        config = rules[rule_id]
        if config.severity != "off":
            hit = band_violation(rule_id, config, None, genders, en, es)
            if hit:
                found.append(hit)
    if not counts.speakers:
        return found
    region_counts, groups = counts.regions, counts.groups
    youth = counts.youth(rules["stakeholder-youth"].definition or "un")
    migrants = counts.migrants
    categories = {key for key, count in counts.categories.items() if count > 0}
    config = rules["geo-region-missing"]
    missing = [key for key, count in region_counts.items() if not count]
    if config.severity != "off" and missing:
        names_es = regions_text(missing, "es")
        found.append(
            Violation(
                "geo-region-missing",
                config.severity,
                None,
                f"no speaker from: {regions_text(missing, 'en')}",
                f"ningún orador de: {names_es}",
                {"missing": missing},
            )
        )
    config = rules["geo-region-share"]
    lac_total = sum(region_counts.values())
    if config.severity != "off" and lac_total:
        fraction = config.value if config.value is not None else 0.5
        low: list[dict[str, Any]] = []
        for key, expected in member_shares().items():
            share = region_counts[key] / lac_total
            if share < fraction * expected - 1e-9:
                low.append(
                    {
                        "needed": max(
                            1, math.ceil(fraction * expected * lac_total - region_counts[key])
                        ),
                        "region": key,
                        "share": round(share, 4),
                        "member_share": round(expected, 4),
                        "speakers": region_counts[key],
                    }
                )
        if low:
            text = "; ".join(
                f"{region_label(item['region'], 'en')} {pct(item['share'])} of speakers vs "
                f"{pct(item['member_share'])} of member States"
                for item in low
            )
            text_es = "; ".join(
                f"{region_label(item['region'], 'es')} {pct(item['share'])} de los "
                f"oradores frente a {pct(item['member_share'])} de los Estados miembros"
                for item in low
            )
            found.append(
                Violation(
                    "geo-region-share",
                    config.severity,
                    None,
                    f"under-represented (below {fraction:g} x member-State share): {text}",
                    f"subrepresentadas (menos de {fraction:g} x su proporción): {text_es}",
                    {"regions": low, "fraction": fraction},
                )
            )
    config = rules["geo-ldc-lldc-sids"]
    need = int(config.value or 1)
    absent = [(key, en, es) for key, en, es in _GROUPS if groups[key] < need]
    if config.severity != "off" and absent:
        found.append(
            Violation(
                "geo-ldc-lldc-sids",
                config.severity,
                None,
                f"fewer than {need} speaker(s) from: {', '.join(en for _, en, _ in absent)} "
                f"(LDC {groups['ldc']}, LLDC {groups['lldc']}, SIDS {groups['sids']}; "
                f"{counts.group_people} distinct people)",
                f"menos de {need} orador(es) de: {', '.join(es for _, _, es in absent)} "
                f"(PMA {groups['ldc']}, PDSL {groups['lldc']}, PEID {groups['sids']}; "
                f"{counts.group_people} personas distintas)",
                {
                    "missing": [key for key, _, _ in absent],
                    "counts": dict(groups),
                    "required": need,
                    "distinct": counts.group_people,
                },
            )
        )
    for rule_id, count, en, es in (
        ("stakeholder-youth", youth, "young people", "personas jóvenes"),
        (
            "stakeholder-migrants",
            migrants,
            "migrants speaking for themselves",
            "personas migrantes con voz propia",
        ),
    ):
        config = rules[rule_id]
        need = int(config.value or 1)
        if config.severity != "off" and count < need:
            found.append(
                Violation(
                    rule_id,
                    config.severity,
                    None,
                    f"{count} speaker(s) are {en}; at least {need} expected",
                    f"{count} orador(es) son {es}; se espera al menos {need}",
                    {"count": count, "required": need},
                )
            )
    config = rules["stakeholder-categories-absent"]
    absent_categories = [key for key in _nongov_categories() if key not in categories]
    if config.severity != "off" and absent_categories:
        labels_es = ", ".join(category_label(key, "es") for key in absent_categories)
        found.append(
            Violation(
                "stakeholder-categories-absent",
                config.severity,
                None,
                "no speaker from: "
                + ", ".join(category_label(key, "en") for key in absent_categories),
                f"ningún orador de: {labels_es}",
                {"categories": absent_categories},
            )
        )
    return found
