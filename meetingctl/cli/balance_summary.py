"""Text lines of the balance report's summary (gender of speakers and of chairs apart,
government by sector and level, ECLAC sub-regions, LDC/LLDC/SIDS, demography, participation).

Only aggregate counts are printed; self-identification never names anyone."""

from __future__ import annotations

from typing import Any

from agenda.balance.labels import gender_label
from agenda.i18n.catalog import tr


def _pairs(counts: dict[str, Any], lang: str, label: Any = None) -> str:
    items = [f"{label(key, lang) if label else key} {value}" for key, value in counts.items()]
    return ", ".join(items) or "-"


def _gender(block: dict[str, Any], lang: str) -> str:
    parts = [
        f"{gender_label(key, lang)} {count} ({block['shares'][key] * 100:.0f}%)"
        for key, count in block["counts"].items()
    ]
    return ", ".join(parts) or "-"


def summary_lines(summary: dict[str, Any], lang: str) -> list[str]:
    """The summary as indented text lines in ``lang`` (empty when there is no summary)."""
    if not summary:
        return []
    from agenda.balance.programme_rules import subregion_label

    gender, geo = summary["gender"], summary["geography"]
    demo, gov = summary["demography"], summary["government"]
    lines = [
        tr(lang, "Gender of speakers: {shares}").format(shares=_gender(gender["speakers"], lang)),
        tr(lang, "Gender of moderators and chairs: {shares}").format(
            shares=_gender(gender["moderators_chairs"], lang)
        ),
        tr(lang, "Government speakers by sector: {sectors}; by level: {levels}").format(
            sectors=_pairs(gov["sector"], lang), levels=_pairs(gov["level"], lang)
        ),
        tr(
            lang, "ECLAC sub-regions: speakers {s}; keynote speakers {k}; moderators/chairs {c}"
        ).format(
            s=_pairs(geo["speakers"], lang, subregion_label),
            k=_pairs(geo["keynote_speakers"], lang, subregion_label),
            c=_pairs(geo["moderators_chairs"], lang, subregion_label),
        ),
        tr(lang, "Speakers from LDC {ldc}, LLDC {lldc}, SIDS {sids} ({n} distinct people)").format(
            n=geo["group_distinct_people"], **geo["groups"]
        ),
        tr(lang, "Youth ({definition}): {youth}; older persons: {older}; ages: {bands}").format(
            definition=demo["youth_definition"],
            youth=demo["youth"],
            older=demo["older"],
            bands=_pairs(demo["age_bands"], lang),
        ),
    ]
    if demo["self_identification"]:
        lines.append(
            tr(lang, "Self-identification (with consent): {counts}").format(
                counts=_pairs(demo["self_identification"], lang)
            )
        )
    for group, name in (("ldc", tr(lang, "LDC")), ("lldc", tr(lang, "LLDC"))):
        item = summary["participation"][group]
        lines.append(
            tr(
                lang,
                "{group} delegations: {dr} registered ({pr} people), {da} attended ({pa} people)",
            ).format(
                group=name,
                dr=item["delegations_registered"],
                pr=item["people_registered"],
                da=item["delegations_attended"],
                pa=item["people_attended"],
            )
        )
    return ["  " + line for line in lines]
