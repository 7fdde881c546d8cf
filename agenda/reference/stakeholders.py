"""Stakeholder categories (concept note footnote 3; GCM paragraphs 15(j) and 44)."""

from __future__ import annotations

from functools import cache

from agenda.reference._files import read_csv
from agenda.reference.models import StakeholderCategory

GOVERNMENTAL_CATEGORIES: frozenset[str] = frozenset({"member_state", "associate_member"})


def _flag(text: str) -> bool | None:
    low = text.strip().lower()
    if low.startswith("yes"):
        return True
    if low.startswith("no"):
        return False
    return None


@cache
def stakeholder_categories() -> tuple[StakeholderCategory, ...]:
    """All stakeholder categories, including ``other`` for anyone not listed."""
    return tuple(
        StakeholderCategory(
            key=row["key"],
            label_en=row["label_en"],
            label_es=row["label_es"],
            kind=row["kind"],
            named_in_gcm_para_44=_flag(row["named_in_gcm_para_44"]),
        )
        for row in read_csv("stakeholder_categories.csv")
    )


@cache
def _by_key() -> dict[str, StakeholderCategory]:
    return {item.key: item for item in stakeholder_categories()}


def category(key: str) -> StakeholderCategory:
    """The category with ``key``; raises KeyError listing the valid keys otherwise."""
    try:
        return _by_key()[key]
    except KeyError:
        valid = ", ".join(sorted(_by_key()))
        raise KeyError(f"unknown stakeholder category {key!r}; valid keys: {valid}") from None


def is_governmental(key: str) -> bool:
    """True when ``key`` is a government delegation (member_state, associate_member)."""
    return category(key).is_governmental


def is_non_governmental(key: str) -> bool:
    """True for whole-of-society stakeholders (not governments, not UN/IGOs)."""
    return category(key).is_non_governmental
