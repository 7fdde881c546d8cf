"""Evaluation of the balance rules on plain facts (no database): one session or the programme."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from agenda import reference
from agenda.balance.composition import GENDER_VALUES
from agenda.balance.labels import category_label, region_label
from agenda.balance.rules import DEBATES, ROUND_TABLES, RuleConfig, Violation
from agenda.balance.snapshot import PersonFacts, SessionFacts
from agenda.model.enums import SessionKind
from agenda.reference import LAC_REGIONS

_GROUPS = (("ldc", "LDC", "PMA"), ("lldc", "LLDC", "PDSL"), ("sids", "SIDS", "PEID"))


_GENDER_PLURAL = {
    "woman": ("women", "mujeres"),
    "man": ("men", "hombres"),
    "non_binary": ("non-binary people", "personas no binarias"),
}


def _gender_plural(value: str, lang: str) -> str:
    """``woman`` -> ``women`` / ``mujeres``; unknown codes as they are."""
    pair = _GENDER_PLURAL.get(value)
    if pair is None:
        return value
    return pair[1] if lang == "es" else pair[0]


def _regions(keys: Sequence[str], lang: str) -> str:
    return ", ".join(region_label(key, lang) for key in keys)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.0f}%"


def women_band(known: int, low: float, high: float) -> tuple[int, int]:
    """The acceptable numbers of women among ``known`` people for a share band.

    Counts whose share lies within the band; when no whole number does (3 people, 40-60 %),
    the nearest count(s) on either side (1 or 2 of 3).
    """
    lowest = math.ceil(low * known - 1e-9)
    highest = math.floor(high * known + 1e-9)
    if lowest <= highest:
        return lowest, highest
    below, above = highest, lowest  # the band lies strictly between these two counts
    gap_below, gap_above = low * known - below, above - high * known
    if abs(gap_below - gap_above) < 1e-9:
        return below, above
    return (below, below) if gap_below < gap_above else (above, above)


def gender_counts(people: Sequence[PersonFacts]) -> dict[str, int]:
    """Known genders (woman, man, non_binary) of ``people`` counted."""
    counts: dict[str, int] = {}
    for person in people:
        if person.gender in GENDER_VALUES:
            counts[person.gender] = counts.get(person.gender, 0) + 1
    return counts


def _band_violation(
    rule_id: str,
    config: RuleConfig,
    session_id: int | None,
    genders: dict[str, int],
    what_en: str,
    what_es: str,
) -> Violation | None:
    known = sum(genders.values())
    if not known or known < (config.value or 1):
        return None
    women = genders.get("woman", 0)
    low, high = config.min or 0.0, config.max if config.max is not None else 1.0
    lowest, highest = women_band(known, low, high)
    if lowest <= women <= highest:
        return None
    share = women / known
    band = f"{_pct(low)}-{_pct(high)}"
    return Violation(
        rule_id,
        config.severity,
        session_id,
        f"women are {_pct(share)} of {what_en} ({women} of {known} with known gender); "
        f"expected {band}",
        f"las mujeres son el {_pct(share)} de {what_es} ({women} de {known} con género "
        f"conocido); se espera {band}",
        {
            "women": women,
            "known": known,
            "share": round(share, 4),
            "min": low,
            "max": high,
            "direction": "more_women" if women < lowest else "fewer_women",
        },
    )


def evaluate_session(
    session: SessionFacts,
    panel: Sequence[PersonFacts],
    speakers: Sequence[PersonFacts],
    rules: dict[str, RuleConfig],
) -> list[Violation]:
    """Violations of the session rules for one session's panel (speakers + chairs)."""
    found: list[Violation] = []
    if session.kind == SessionKind.BREAK:
        return found
    sid = session.id
    config = rules["gender-single"]
    if config.severity != "off":
        genders = {p.gender for p in panel if p.gender in GENDER_VALUES}
        known = sum(1 for p in panel if p.gender in GENDER_VALUES)
        if len(genders) == 1 and known >= (config.value or 2):
            (only,) = genders
            found.append(
                Violation(
                    "gender-single",
                    config.severity,
                    sid,
                    f"single-gender panel: all {known} panel members with known gender are "
                    f"{_gender_plural(only, 'en')} (moderators counted)",
                    f"panel de un solo género: los {known} integrantes con género conocido son "
                    f"{_gender_plural(only, 'es')} (moderadores incluidos)",
                    {"gender": only, "known": known},
                )
            )
    config = rules["gender-share"]
    if config.severity != "off":
        hit = _band_violation(
            "gender-share", config, sid, gender_counts(speakers), "the speakers", "los oradores"
        )
        if hit:
            found.append(hit)
    if session.kind in ROUND_TABLES and speakers:
        config = rules["geo-regions-per-table"]
        if config.severity != "off":
            regions = sorted({p.region for p in speakers if p.region in LAC_REGIONS})
            need = int(config.value or 2)
            if len(regions) < need:
                listed = _regions(regions, "en") or "none"
                listed_es = _regions(regions, "es") or "ninguna"
                found.append(
                    Violation(
                        "geo-regions-per-table",
                        config.severity,
                        sid,
                        f"speakers come from {len(regions)} region(s) ({listed}); at least {need} "
                        "M49 intermediate regions expected",
                        f"los oradores provienen de {len(regions)} subregión(es) ({listed_es}); se "
                        f"esperan al menos {need}",
                        {"regions": regions, "required": need},
                    )
                )
        config = rules["stakeholder-nongov"]
        if config.severity != "off":
            count = sum(1 for p in speakers if p.non_governmental)
            need = int(config.value or 1)
            if count < need:
                found.append(
                    Violation(
                        "stakeholder-nongov",
                        config.severity,
                        sid,
                        f"{count} non-governmental speaker(s); at least {need} expected (civil "
                        "society, migrants, diaspora, private sector, trade unions, academia...)",
                        f"{count} orador(es) no gubernamental(es); se espera al menos {need}",
                        {"non_governmental": count, "required": need},
                    )
                )
    config = rules["stakeholder-mix"]
    if (
        config.severity != "off"
        and session.kind in DEBATES
        and len(speakers) >= (config.value or 2)
    ):
        gov = sum(1 for p in speakers if p.governmental)
        nongov = sum(1 for p in speakers if p.non_governmental)
        if not gov or not nongov:
            missing_en = "government" if not gov else "non-government"
            missing_es = "gubernamentales" if not gov else "no gubernamentales"
            found.append(
                Violation(
                    "stakeholder-mix",
                    config.severity,
                    sid,
                    f"no {missing_en} speaker: the debate lacks a government / non-government mix",
                    f"sin oradores {missing_es}: falta la combinación de gobiernos y otros actores",
                    {"governmental": gov, "non_governmental": nongov, "missing": missing_en},
                )
            )
    return found


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


@dataclass(slots=True)
class Tally:
    """Programme aggregates over distinct people; updated one person at a time."""

    speakers: int = 0
    regions: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LAC_REGIONS, 0))
    groups: dict[str, int] = field(default_factory=lambda: {"ldc": 0, "lldc": 0, "sids": 0})
    categories: dict[str, int] = field(default_factory=dict)
    youth: int = 0
    migrants: int = 0
    keynote_genders: dict[str, int] = field(default_factory=dict)
    chair_genders: dict[str, int] = field(default_factory=dict)

    def copy(self) -> Tally:
        """An independent copy (for what-if changes)."""
        return Tally(
            self.speakers,
            dict(self.regions),
            dict(self.groups),
            dict(self.categories),
            self.youth,
            self.migrants,
            dict(self.keynote_genders),
            dict(self.chair_genders),
        )

    def speaker(self, person: PersonFacts, sign: int = 1) -> None:
        """Count (sign 1) or uncount (sign -1) a distinct speaker."""
        self.speakers += sign
        if person.region in self.regions:
            self.regions[person.region] += sign
        self.groups["ldc"] += sign * person.ldc
        self.groups["lldc"] += sign * person.lldc
        self.groups["sids"] += sign * person.sids
        self.categories[person.category] = self.categories.get(person.category, 0) + sign
        self.youth += sign * person.youth
        self.migrants += sign * person.migrant

    def keynote(self, person: PersonFacts, sign: int = 1) -> None:
        """Count or uncount a distinct keynote speaker."""
        if person.gender in GENDER_VALUES:
            self.keynote_genders[person.gender] = self.keynote_genders.get(person.gender, 0) + sign

    def chair(self, person: PersonFacts, sign: int = 1) -> None:
        """Count or uncount a distinct moderator or chair."""
        if person.gender in GENDER_VALUES:
            self.chair_genders[person.gender] = self.chair_genders.get(person.gender, 0) + sign


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


def evaluate_tally(counts: Tally, rules: dict[str, RuleConfig]) -> list[Violation]:
    """Violations of the programme rules from the aggregates."""
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
            hit = _band_violation(rule_id, config, None, genders, en, es)
            if hit:
                found.append(hit)
    if not counts.speakers:
        return found
    region_counts, groups = counts.regions, counts.groups
    youth, migrants = counts.youth, counts.migrants
    categories = {key for key, count in counts.categories.items() if count > 0}
    config = rules["geo-region-missing"]
    missing = [key for key, count in region_counts.items() if not count]
    if config.severity != "off" and missing:
        names_es = _regions(missing, "es")
        found.append(
            Violation(
                "geo-region-missing",
                config.severity,
                None,
                f"no speaker from: {_regions(missing, 'en')}",
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
                        "region": key,
                        "share": round(share, 4),
                        "member_share": round(expected, 4),
                        "speakers": region_counts[key],
                    }
                )
        if low:
            text = "; ".join(
                f"{region_label(item['region'], 'en')} {_pct(item['share'])} of speakers vs "
                f"{_pct(item['member_share'])} of member States"
                for item in low
            )
            text_es = "; ".join(
                f"{region_label(item['region'], 'es')} {_pct(item['share'])} de los "
                f"oradores frente a {_pct(item['member_share'])} de los Estados miembros"
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
                f"fewer than {need} speaker(s) from: {', '.join(en for _, en, _ in absent)}",
                f"menos de {need} orador(es) de: {', '.join(es for _, _, es in absent)}",
                {"missing": [key for key, _, _ in absent], "counts": groups, "required": need},
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
