"""Evaluation of the session balance rules on plain facts (no database), and the wording they
share with the programme-wide rules (:mod:`agenda.balance.programme_checks`)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from agenda.balance.composition import GENDER_VALUES
from agenda.balance.labels import region_label
from agenda.balance.rules import DEBATES, ROUND_TABLES, RuleConfig, Violation
from agenda.balance.snapshot import PersonFacts, SessionFacts
from agenda.i18n.labels import gender_label
from agenda.model.enums import SessionKind
from agenda.reference import LAC_REGIONS


def _gender_plural(value: str, lang: str) -> str:
    """``woman`` -> ``women`` / ``mujeres``; unknown codes as they are."""
    return gender_label(lang, value, group=True, lower=True)


def regions_text(keys: Sequence[str], lang: str) -> str:
    """Region keys as their labels in ``lang``, comma-separated."""
    return ", ".join(region_label(key, lang) for key in keys)


def pct(value: float | None) -> str:
    """A share as a whole percentage (``n/a`` for None)."""
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


def band_violation(
    rule_id: str,
    config: RuleConfig,
    session_id: int | None,
    genders: dict[str, int],
    what_en: str,
    what_es: str,
) -> Violation | None:
    """A gender-share band rule broken by ``genders`` (None when within it or too few known)."""
    known = sum(genders.values())
    if not known or known < (config.value or 1):
        return None
    women = genders.get("woman", 0)
    low, high = config.min or 0.0, config.max if config.max is not None else 1.0
    lowest, highest = women_band(known, low, high)
    if lowest <= women <= highest:
        return None
    share = women / known
    band = f"{pct(low)}-{pct(high)}"
    return Violation(
        rule_id,
        config.severity,
        session_id,
        f"women are {pct(share)} of {what_en} ({women} of {known} with known gender); "
        f"expected {band}",
        f"las mujeres son el {pct(share)} de {what_es} ({women} de {known} con género "
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
        hit = band_violation(
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
                listed = regions_text(regions, "en") or "none"
                listed_es = regions_text(regions, "es") or "ninguna"
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
