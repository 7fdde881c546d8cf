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

#: Known genders, the denominator of shares; "other" (self-described) counts like non_binary.
GENDER_VALUES = ("woman", "man", "non_binary", "other")


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


class CompositionCounter:
    """Mutable composition counts: add or remove one person at a time, freeze when needed."""

    __slots__ = (
        "gender",
        "undisclosed",
        "gender_unknown",
        "region",
        "region_unknown",
        "category",
        "category_unknown",
        "size",
    )

    def __init__(self) -> None:
        self.gender: dict[str, int] = {}
        self.region: dict[str, int] = {}
        self.category: dict[str, int] = {}
        self.undisclosed = self.gender_unknown = self.region_unknown = 0
        self.category_unknown = self.size = 0

    def add(self, person: PersonFacts, sign: int = 1) -> None:
        """Count (sign 1) or uncount (sign -1) one distinct person."""
        self.size += sign
        if person.gender in GENDER_VALUES:
            self.gender[person.gender] = self.gender.get(person.gender, 0) + sign
        elif person.gender == "undisclosed":
            self.undisclosed += sign
        else:
            self.gender_unknown += sign
        if person.region == UNKNOWN_REGION:
            self.region_unknown += sign
        else:
            self.region[person.region] = self.region.get(person.region, 0) + sign
        if person.category_kind == "unknown":
            self.category_unknown += sign
        else:
            self.category[person.category] = self.category.get(person.category, 0) + sign

    def freeze(self, person_ids: tuple[int, ...] = ()) -> Composition:
        """An immutable Composition of the current counts (zero counts dropped)."""

        def positive(counts: dict[str, int]) -> dict[str, int]:
            return {key: value for key, value in counts.items() if value}

        return Composition(
            size=self.size,
            gender=Breakdown(positive(self.gender), self.undisclosed, self.gender_unknown),
            region=Breakdown(positive(self.region), 0, self.region_unknown),
            category=Breakdown(positive(self.category), 0, self.category_unknown),
            person_ids=person_ids,
        )


def compose(people: Iterable[PersonFacts]) -> Composition:
    """Composition of ``people`` (each person counted once, whatever their roles)."""
    unique = {person.id: person for person in people}
    counter = CompositionCounter()
    for person in unique.values():
        counter.add(person)
    return counter.freeze(tuple(unique))
