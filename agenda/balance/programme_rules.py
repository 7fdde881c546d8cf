"""Programme rules added for issue 16: the Caribbean among keynote speakers and among
moderators/chairs, a share floor per ECLAC sub-region, LDC/LLDC/SIDS carried by distinct
people, and older persons. Messages go through the catalog (English msgids)."""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from agenda import reference
from agenda.balance.programme_checks import Tally
from agenda.balance.rules import RuleConfig, Violation
from agenda.i18n.catalog import N_, tr
from agenda.reference.models import ECLAC_MEMBER

#: ECLAC sub-regions in report order, with their English msgids.
SUBREGIONS: dict[str, str] = {
    "caribbean": N_("Caribbean"),
    "central_america_mexico": N_("Central America and Mexico"),
    "south_america": N_("South America"),
}


def subregion_label(key: str, lang: str) -> str:
    """An ECLAC sub-region key as its name in ``lang``."""
    return tr(lang, SUBREGIONS[key]) if key in SUBREGIONS else key


@cache
def subregion_weights() -> dict[str, float]:
    """Each ECLAC sub-region's share of the 33 member States (Caribbean 13/33)."""
    counts = dict.fromkeys(SUBREGIONS, 0)
    for country in reference.countries():
        if country.in_lac and country.eclac_status == ECLAC_MEMBER:
            if country.eclac_subregion in counts:
                counts[country.eclac_subregion] += 1
    total = sum(counts.values()) or 1
    return {key: count / total for key, count in counts.items()}


def _both(text: str, **values: Any) -> tuple[str, str]:
    return tr("en", text).format(**values), tr("es", text).format(**values)


def _caribbean(
    rule_id: str, config: RuleConfig, group: dict[str, int], total: int, what: str
) -> Violation | None:
    need = int(config.value or 1)
    count = group.get("caribbean", 0)
    if config.severity == "off" or not total or count >= need:
        return None
    text = N_("{count} of {total} {what} are from the Caribbean; at least {need} expected")
    en = tr("en", text).format(count=count, total=total, what=tr("en", what), need=need)
    es = tr("es", text).format(count=count, total=total, what=tr("es", what), need=need)
    return Violation(
        rule_id, config.severity, None, en, es, {"count": count, "total": total, "required": need}
    )


def evaluate_programme_more(counts: Tally, rules: dict[str, RuleConfig]) -> list[Violation]:
    """Violations of the issue-16 programme rules from the aggregates."""
    found: list[Violation] = []
    for hit in (
        _caribbean(
            "geo-caribbean-keynotes",
            rules["geo-caribbean-keynotes"],
            counts.keynote_subregions,
            counts.keynotes,
            N_("keynote speakers"),
        ),
        _caribbean(
            "geo-caribbean-chairs",
            rules["geo-caribbean-chairs"],
            counts.chair_subregions,
            counts.chairs,
            N_("moderators and chairs"),
        ),
    ):
        if hit:
            found.append(hit)
    if not counts.speakers:
        return found
    config = rules["geo-subregion-share"]
    total = sum(counts.subregions.get(key, 0) for key in SUBREGIONS)
    if config.severity != "off" and total:
        fraction = config.value if config.value is not None else 0.75
        low: list[dict[str, Any]] = []
        for key, weight in subregion_weights().items():
            have = counts.subregions.get(key, 0)
            if have / total < fraction * weight - 1e-9:
                low.append(
                    {
                        "region": key,
                        "speakers": have,
                        "share": round(have / total, 4),
                        "member_share": round(weight, 4),
                        "floor": round(fraction * weight, 4),
                        "needed": max(1, math.ceil(fraction * weight * total - have)),
                    }
                )
        if low:
            item_text = N_(
                "{name} {share}% of speakers ({count}) vs a floor of {floor}% "
                "({fraction:g} x {weight}% of member States)"
            )
            parts_en, parts_es = [], []
            for item in low:
                values = {
                    "share": round(item["share"] * 100),
                    "count": item["speakers"],
                    "floor": round(item["floor"] * 100),
                    "fraction": fraction,
                    "weight": round(item["member_share"] * 100),
                }
                parts_en.append(
                    tr("en", item_text).format(name=subregion_label(item["region"], "en"), **values)
                )
                parts_es.append(
                    tr("es", item_text).format(name=subregion_label(item["region"], "es"), **values)
                )
            head = N_("ECLAC sub-regions under-represented among speakers: {items}")
            found.append(
                Violation(
                    "geo-subregion-share",
                    config.severity,
                    None,
                    tr("en", head).format(items="; ".join(parts_en)),
                    tr("es", head).format(items="; ".join(parts_es)),
                    {"regions": low, "fraction": fraction},
                )
            )
    config = rules["geo-groups-distinct"]
    need = int(config.value or 2)
    carried = [key for key in ("ldc", "lldc", "sids") if counts.groups[key]]
    if config.severity != "off" and counts.group_people < need:
        en, es = _both(
            N_(
                "LDC, LLDC and SIDS are carried by {count} distinct speaker(s) (LDC {ldc}, LLDC "
                "{lldc}, SIDS {sids}); at least {need} distinct people expected"
            ),
            count=counts.group_people,
            need=need,
            **counts.groups,
        )
        found.append(
            Violation(
                "geo-groups-distinct",
                config.severity,
                None,
                en,
                es,
                {
                    "count": counts.group_people,
                    "required": need,
                    "groups": carried,
                    "counts": dict(counts.groups),
                },
            )
        )
    config = rules["demo-older-persons"]
    need = int(config.value or 1)
    if config.severity != "off" and counts.older < need:
        unknown = counts.age_bands.get("unknown", 0)
        en, es = _both(
            N_(
                "{count} speaker(s) are older persons (60 and over); at least {need} expected "
                "({unknown} speaker(s) without a known age)"
            ),
            count=counts.older,
            need=need,
            unknown=unknown,
        )
        found.append(
            Violation(
                "demo-older-persons",
                config.severity,
                None,
                en,
                es,
                {"count": counts.older, "required": need, "unknown_age": unknown},
            )
        )
    return found
