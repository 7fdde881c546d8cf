"""Composition of a group of people: counts and shares by gender, region and stakeholder category.

Undisclosed and unknown values are counted separately and left out of the denominator of the
shares, so "50 % women" always means half of the people whose gender is known.
For every dimension ``sum(counts) + undisclosed + unknown == size``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from agenda.balance.snapshot import UNKNOWN_REGION, PersonFacts

GENDER_VALUES = ("woman", "man", "non_binary")


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Counts per value of one dimension; ``shares`` are over the known values only."""

    counts: dict[str, int]
    undisclosed: int = 0
    unknown: int = 0

    @property
    def known(self) -> int:
        """People with a known value (the denominator of the shares)."""
        return sum(self.counts.values())

    @property
    def size(self) -> int:
        """Everyone, known or not."""
        return self.known + self.undisclosed + self.unknown

    def share(self, value: str) -> float | None:
        """Share of ``value`` among the known values, None when nobody is known."""
        known = self.known
        return self.counts.get(value, 0) / known if known else None

    @property
    def shares(self) -> dict[str, float]:
        """Shares of every counted value."""
        known = self.known
        return {key: count / known for key, count in self.counts.items()} if known else {}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "counts": dict(self.counts),
            "shares": {key: round(value, 4) for key, value in self.shares.items()},
            "undisclosed": self.undisclosed,
            "unknown": self.unknown,
            "known": self.known,
        }


@dataclass(frozen=True, slots=True)
class Composition:
    """Gender, region and stakeholder category of a group of distinct people."""

    size: int
    gender: Breakdown
    region: Breakdown
    category: Breakdown
    person_ids: tuple[int, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "size": self.size,
            "gender": self.gender.to_dict(),
            "region": self.region.to_dict(),
            "category": self.category.to_dict(),
        }


def gender_breakdown(people: Iterable[PersonFacts]) -> Breakdown:
    """Women, men and non-binary people; undisclosed and unknown apart."""
    counts: dict[str, int] = {}
    undisclosed = unknown = 0
    for person in people:
        if person.gender in GENDER_VALUES:
            counts[person.gender] = counts.get(person.gender, 0) + 1
        elif person.gender == "undisclosed":
            undisclosed += 1
        else:
            unknown += 1
    return Breakdown(counts, undisclosed, unknown)


def region_breakdown(people: Iterable[PersonFacts]) -> Breakdown:
    """M49 intermediate regions (non-regional countries as "Non-regional"); no country = unknown."""
    counts: dict[str, int] = {}
    unknown = 0
    for person in people:
        if person.region == UNKNOWN_REGION:
            unknown += 1
        else:
            counts[person.region] = counts.get(person.region, 0) + 1
    return Breakdown(counts, 0, unknown)


def category_breakdown(people: Iterable[PersonFacts]) -> Breakdown:
    """Stakeholder categories; an empty or unrecognized category is unknown."""
    counts: dict[str, int] = {}
    unknown = 0
    for person in people:
        if person.category_kind == "unknown":
            unknown += 1
        else:
            counts[person.category] = counts.get(person.category, 0) + 1
    return Breakdown(counts, 0, unknown)


def compose(people: Iterable[PersonFacts]) -> Composition:
    """Composition of ``people`` (each person counted once, whatever their roles)."""
    unique = list({person.id: person for person in people}.values())
    return Composition(
        size=len(unique),
        gender=gender_breakdown(unique),
        region=region_breakdown(unique),
        category=category_breakdown(unique),
        person_ids=tuple(person.id for person in unique),
    )
