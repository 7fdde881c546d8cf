"""The groups of the list of participants as ECLAC prints them, and who falls in which.

Order (``agenda/data/annex_groups.csv``): States members of the Commission; associate members;
States Members of the United Nations not members of the Commission (consultative capacity);
United Nations Secretariat; funds and programmes; specialized agencies; intergovernmental
organizations; non-governmental organizations; the secretariat (the organizing entities,
ECLAC and IOM as co-organizer by default, see :data:`DEFAULT_SECRETARIAT`). Letters are given
consecutively to the groups present (:func:`lettered`). A person's group is decided by their
organization first, so an entity never appears in two groups: an organizing entity's staff are
the secretariat, a UN entity falls in its packaged system group. A person's ``annex_group``
override (a group code such as ``"SE"``, or a legacy letter ``"A"``-``"G"``) wins over both.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from agenda import reference
from agenda.i18n.names import un_entity_name
from agenda.model.orm import Person
from agenda.people.normalize import normalize_country
from agenda.reference._files import read_csv

#: The organizing entities (English acronyms) listed last as the secretariat, in this order.
DEFAULT_SECRETARIAT: tuple[str, ...] = ("ECLAC", "IOM")
_GOVERNMENT_GROUP = {
    reference.ECLAC_MEMBER: "member_states",
    reference.ECLAC_ASSOCIATE: "associate_members",
    reference.ECLAC_OTHER: "other_states",
}
STATE_GROUPS = frozenset(_GOVERNMENT_GROUP.values())


@dataclass(frozen=True)
class GroupInfo:
    """One group of the list: its key, stored code and legacy letter, and its titles."""

    key: str
    code: str
    legacy: str
    title_en: str
    title_es: str

    def title(self, lang: str) -> str:
        """The group's heading in ``lang``."""
        return self.title_es if lang == "es" else self.title_en


@lru_cache(maxsize=1)
def groups() -> tuple[GroupInfo, ...]:
    """The groups in ECLAC order."""
    return tuple(GroupInfo(**row) for row in read_csv("annex_groups.csv"))


@lru_cache(maxsize=1)
def _by_override() -> dict[str, str]:
    index = {}
    for info in groups():
        index[info.key.upper()] = info.key
        index[info.code] = info.key
        if info.legacy:
            index[info.legacy] = info.key
    return index


@lru_cache(maxsize=1)
def _system_groups() -> dict[str, str]:
    return {row["acronym_en"]: row["group"] for row in read_csv("un_system_groups.csv")}


GROUP_KEYS: tuple[str, ...] = tuple(info.key for info in groups())
GROUP_CODES: tuple[str, ...] = tuple(info.code for info in groups())


def override_key(text: str) -> str | None:
    """The group named by an override (a code, a key or a legacy letter), None if unknown."""
    return _by_override().get(text.strip().upper())


def group_info(key: str) -> GroupInfo:
    """The group ``key`` (KeyError when unknown)."""
    return next(info for info in groups() if info.key == key)


def lettered(keys: set[str] | frozenset[str]) -> list[tuple[str, str]]:
    """(letter, key) for the groups present, in ECLAC order, lettered A, B, C... without gaps."""
    present = [key for key in GROUP_KEYS if key in keys]
    return [(chr(ord("A") + index), key) for index, key in enumerate(present)]


def entity_acronym(name: str) -> str | None:
    """The English acronym of a packaged UN entity or IGO name (any language), else None."""
    english = un_entity_name(name, "en")
    if english and english.endswith(")"):
        return english.rsplit("(", 1)[1].rstrip(")")
    return None


def is_secretariat(person: Person, secretariat: tuple[str, ...] = DEFAULT_SECRETARIAT) -> bool:
    """True when the person works for one of the organizing entities."""
    org = person.organization
    if org is None:
        return False
    acronym = entity_acronym(org.name) or entity_acronym(org.name_es) or org.name
    return acronym in secretariat


def secretariat_position(person: Person, secretariat: tuple[str, ...]) -> int:
    """Index of the person's entity in the configured secretariat (its order in the list)."""
    org = person.organization
    if org is None:
        return len(secretariat)
    acronym = entity_acronym(org.name) or entity_acronym(org.name_es) or org.name
    return secretariat.index(acronym) if acronym in secretariat else len(secretariat)


def group_of(person: Person, secretariat: tuple[str, ...] = DEFAULT_SECRETARIAT) -> str:
    """The key of the person's group: the override, else from organization and category."""
    override = (person.annex_group or "").strip().upper()
    if override in _by_override():
        return _by_override()[override]
    if is_secretariat(person, secretariat):
        return "secretariat"
    category = person.category or "other"
    if category == "associate_member":
        return "associate_members"
    if category in reference.GOVERNMENTAL_CATEGORIES:
        return _GOVERNMENT_GROUP.get(_eclac_status(delegation_country(person)), "other_states")
    if category in ("un_system", "igo"):
        org = person.organization
        acronym = entity_acronym(org.name) if org is not None else None
        if acronym and acronym in _system_groups():
            return _system_groups()[acronym]
        return "un_secretariat" if category == "un_system" else "igos"
    return "ngos"


def _eclac_status(iso2: str | None) -> str:
    if not iso2:
        return reference.ECLAC_OTHER
    try:
        return reference.country(iso2).eclac_status
    except KeyError:
        return reference.ECLAC_OTHER


def delegation_country(person: Person) -> str | None:
    """Governments: the delegation's country (a code or a name), else the person's country."""
    return normalize_country(person.delegation) or person.country
