"""The list of participants of annex (g): ECLAC groups A to G, delegations, heads first.

A person's group is their ``Person.annex_group`` override when set, else derived from the
stakeholder category and, for governments, the ECLAC status of their country (member, associate
member, other State). Names, honorifics and organizations are given in the document's language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from agenda import reference
from agenda.i18n.export import collation_key, label
from agenda.i18n.names import honorific_for, un_entity_name
from agenda.model.enums import Gender
from agenda.model.orm import Person
from agenda.people.normalize import normalize_country

GROUP_LETTERS: tuple[str, ...] = ("A", "B", "C", "D", "E", "F", "G")
#: Spanish agrees with the head's gender; anyone else gets the neutral "Jefatura".
_HEAD_LABELS = {Gender.WOMAN: "head_of_delegation_woman", Gender.MAN: "head_of_delegation"}
_GOVERNMENT_GROUP = {
    reference.ECLAC_MEMBER: "A",
    reference.ECLAC_ASSOCIATE: "B",
    reference.ECLAC_OTHER: "C",
}


@dataclass(frozen=True)
class ParticipantEntry:
    """One person in the list of participants."""

    honorific: str
    name: str
    position: str
    organization: str
    country: str
    head_of_delegation: bool
    role: str = ""

    @property
    def display_name(self) -> str:
        """Honorific and name, as printed ("Sra. María Álvarez")."""
        return f"{self.honorific} {self.name}".strip()


@dataclass(frozen=True)
class Delegation:
    """A delegation (a country), an organization or a stakeholder category within a group."""

    name: str
    entries: tuple[ParticipantEntry, ...]


@dataclass(frozen=True)
class ParticipantGroup:
    """One of the groups A to G of the list of participants."""

    letter: str
    title: str
    delegations: tuple[Delegation, ...]

    @property
    def count(self) -> int:
        """Number of people listed in this group."""
        return sum(len(d.entries) for d in self.delegations)


def annex_group(person: Person) -> str:
    """The person's group letter: the override, else from category and ECLAC status."""
    override = (person.annex_group or "").strip().upper()
    if override in GROUP_LETTERS:
        return override
    category = person.category or "other"
    if category in reference.GOVERNMENTAL_CATEGORIES:
        if category == "associate_member":
            return "B"
        status = _eclac_status(_delegation_country(person))
        return _GOVERNMENT_GROUP.get(status, "C")
    if category == "un_system":
        return "D"
    if category == "igo":
        return "E"
    return "F"


def _eclac_status(iso2: str | None) -> str:
    if not iso2:
        return reference.ECLAC_OTHER
    try:
        return reference.country(iso2).eclac_status
    except KeyError:
        return reference.ECLAC_OTHER


def country_name(iso2: str | None, lang: str) -> str:
    """The country's name in ``lang``; a visible placeholder when it is missing or unknown."""
    if not iso2:
        return label("country_not_recorded", lang)
    try:
        return reference.country(iso2).name(lang)
    except KeyError:
        return iso2


def organization_name(person: Person, lang: str) -> str:
    """The organization's name in ``lang``: ``name_es`` for Spanish when recorded, else the
    packaged UN/IGO name table, else the name as recorded (proper names are not translated)."""
    org = person.organization
    if org is None:
        return ""
    if lang == "es" and org.name_es:
        return org.name_es
    return un_entity_name(org.name, lang) or org.name


def display_name(person: Person, lang: str) -> str:
    """Honorific in ``lang`` and full name ("Sra. María Álvarez" / "Ms. María Álvarez")."""
    return f"{honorific_for(person.honorific, lang, person.gender)} {person.full_name}".strip()


def _entry(person: Person, lang: str, subgroup: str) -> ParticipantEntry:
    organization = organization_name(person, lang)
    role = ""
    if person.head_of_delegation:
        key = _HEAD_LABELS.get(person.gender, "head_of_delegation_neutral")
        role = label(key, lang)
    return ParticipantEntry(
        honorific=honorific_for(person.honorific, lang, person.gender),
        name=person.full_name,
        position=person.position,
        organization="" if organization == subgroup else organization,
        country=country_name(person.country, lang) if person.country else "",
        head_of_delegation=person.head_of_delegation,
        role=role,
    )


def _subgroup(letter: str, person: Person, lang: str) -> str:
    if letter in ("A", "B", "C"):
        return country_name(_delegation_country(person), lang)
    if letter == "F":
        try:
            return reference.category(person.category).label(lang)
        except KeyError:
            return reference.category("other").label(lang)
    return organization_name(person, lang) or label("organization_not_recorded", lang)


def _person_sort_key(person: Person, lang: str) -> tuple[object, ...]:
    return (
        not person.head_of_delegation,
        collation_key(person.family_name, lang),
        collation_key(person.given_name, lang),
        person.id or 0,
    )


def list_of_participants(people: Iterable[Person], lang: str) -> list[ParticipantGroup]:
    """People grouped A-G; countries and organizations in collation order; heads first.

    Civil society (F) is sub-grouped by stakeholder category; within a category people are
    ordered by organization, then name. Empty groups are left out.
    """
    buckets: dict[str, dict[str, list[Person]]] = defaultdict(lambda: defaultdict(list))
    for person in people:
        letter = annex_group(person)
        buckets[letter][_subgroup(letter, person, lang)].append(person)
    groups = []
    for letter in GROUP_LETTERS:
        if letter not in buckets:
            continue
        delegations = []
        for name in sorted(buckets[letter], key=lambda n: collation_key(n, lang)):
            members = buckets[letter][name]
            if letter == "F":
                members.sort(
                    key=lambda p: (
                        collation_key(organization_name(p, lang), lang),
                        *_person_sort_key(p, lang),
                    )
                )
            else:
                members.sort(key=lambda p: _person_sort_key(p, lang))
            delegations.append(Delegation(name, tuple(_entry(p, lang, name) for p in members)))
        groups.append(ParticipantGroup(letter, label(f"group_{letter}", lang), tuple(delegations)))
    return groups


def _delegation_country(person: Person) -> str | None:
    """Governments: the delegation's country (a code or a name), else the person's country."""
    return normalize_country(person.delegation) or person.country
