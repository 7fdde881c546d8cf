"""Report lines beside the rules: gender shares of speakers and of moderators/chairs apart,
government speakers by sector and level, ECLAC sub-regions of speakers, keynote speakers and
chairs, LDC/LLDC/SIDS with distinct people, demography (aggregates only) and the participation
(registered and attended) of LDC and LLDC delegations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from agenda.balance.composition import GENDER_VALUES
from agenda.balance.programme_checks import Tally
from agenda.balance.snapshot import PersonFacts

_REGISTERED = frozenset({"registered", "confirmed", "attended"})


def _shares(counts: dict[str, int]) -> dict[str, Any]:
    known = {key: counts.get(key, 0) for key in GENDER_VALUES if counts.get(key, 0) > 0}
    total = sum(known.values())
    return {
        "counts": known,
        "known": total,
        "undisclosed": max(0, counts.get("undisclosed", 0)),
        # anything else (unknown, unrecognised) is unknown
        "unknown": max(
            0,
            sum(v for k, v in counts.items() if k not in GENDER_VALUES and k != "undisclosed"),
        ),
        "shares": {key: round(value / total, 4) for key, value in known.items()} if total else {},
    }


def _positive(counts: dict[str, int]) -> dict[str, int]:
    return {key: value for key, value in sorted(counts.items()) if value > 0}


def participation(people: Iterable[PersonFacts]) -> dict[str, dict[str, int]]:
    """Registered and attended people and delegations (countries) of LDCs and of LLDCs."""
    result: dict[str, dict[str, int]] = {}
    for group in ("ldc", "lldc"):
        registered: set[str] = set()
        attended: set[str] = set()
        people_registered = people_attended = 0
        for person in people:
            if not getattr(person, group) or not person.country:
                continue
            if person.attendance in _REGISTERED:
                people_registered += 1
                registered.add(person.country)
            if person.attendance == "attended":
                people_attended += 1
                attended.add(person.country)
        result[group] = {
            "delegations_registered": len(registered),
            "delegations_attended": len(attended),
            "people_registered": people_registered,
            "people_attended": people_attended,
        }
    return result


def summary(counts: Tally, definition: str, people: Iterable[PersonFacts]) -> dict[str, Any]:
    """The report lines of the programme (JSON-ready)."""
    # chair genders only hold known genders; the speakers' tally holds every value
    chair_genders = dict(counts.chair_genders)
    return {
        "gender": {
            "speakers": _shares(counts.speaker_genders),
            "moderators_chairs": _shares(chair_genders),
            "keynote_speakers": _shares(dict(counts.keynote_genders)),
        },
        "government": {"sector": _positive(counts.sectors), "level": _positive(counts.levels)},
        "geography": {
            "speakers": _positive(counts.subregions),
            "keynote_speakers": _positive(counts.keynote_subregions),
            "moderators_chairs": _positive(counts.chair_subregions),
            "groups": dict(counts.groups),
            "group_distinct_people": counts.group_people,
        },
        "demography": {
            "age_bands": _positive(counts.age_bands),
            "youth": counts.youth(definition),
            "youth_definition": definition,
            "older": counts.older,
            "self_identification": _positive(counts.self_ids),
        },
        "participation": participation(people),
    }
