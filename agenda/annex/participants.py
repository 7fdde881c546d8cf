"""The list of participants of annex (g): ECLAC's groups, delegations, heads first.

Groups and who falls in which: :mod:`agenda.annex.groups` (letters consecutive over the groups
present, each entity in one group, the organizing entities last as the secretariat). Within a
group, delegations and organizations are in the collation order of the document's language,
except the secretariat, which follows the configured order of its entities and each person's
precedence (``Person.rank``). Every field is given in the document's language; a field recorded
only in the other language is shown with its visible mark ("[EN] Ambassador").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from agenda import reference
from agenda.annex.groups import (
    DEFAULT_SECRETARIAT,
    STATE_GROUPS,
    delegation_country,
    group_info,
    group_of,
    lettered,
    secretariat_position,
)
from agenda.i18n.catalog import tr
from agenda.i18n.export import collation_key, label, localized
from agenda.i18n.names import honorific_for, un_entity_name
from agenda.model.enums import Gender
from agenda.model.orm import Person

#: Spanish agrees with the head's gender; anyone else gets the neutral "Jefatura".
_HEAD_LABELS = {Gender.WOMAN: "head_of_delegation_woman", Gender.MAN: "head_of_delegation"}


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
    """A delegation (a country) or an organization within a group.

    ``members_label`` ("Members of the delegation") is printed before the first entry that is
    not a head of delegation; it is empty when nobody follows a head.
    """

    name: str
    entries: tuple[ParticipantEntry, ...]
    members_label: str = ""

    @property
    def heads(self) -> tuple[ParticipantEntry, ...]:
        """The heads of delegation (listed first)."""
        return tuple(e for e in self.entries if e.head_of_delegation)

    @property
    def members(self) -> tuple[ParticipantEntry, ...]:
        """Everyone after the heads."""
        return tuple(e for e in self.entries if not e.head_of_delegation)


@dataclass(frozen=True)
class ParticipantGroup:
    """One group of the list of participants, lettered consecutively (A, B, C...)."""

    letter: str
    title: str
    delegations: tuple[Delegation, ...]
    key: str = ""

    @property
    def count(self) -> int:
        """Number of people listed in this group."""
        return sum(len(d.entries) for d in self.delegations)


def annex_group(person: Person, secretariat: tuple[str, ...] = DEFAULT_SECRETARIAT) -> str:
    """The key of the person's group (see :func:`agenda.annex.groups.group_of`)."""
    return group_of(person, secretariat)


def country_name(iso2: str | None, lang: str) -> str:
    """The country's name in ``lang``; a visible placeholder when it is missing or unknown."""
    if not iso2:
        return label("country_not_recorded", lang)
    try:
        return reference.country(iso2).name(lang)
    except KeyError:
        return iso2


def organization_name(person: Person, lang: str) -> str:
    """The organization's name in ``lang``: the packaged UN/IGO name table first, then the
    Spanish name for Spanish when recorded, else the name as recorded (proper names of
    organizations are not translated, so a missing Spanish name is not marked)."""
    org = person.organization
    if org is None:
        return ""
    known = un_entity_name(org.name, lang) or un_entity_name(org.name_es, lang)
    if known:
        return known
    if lang == "es" and org.name_es:
        return org.name_es
    return org.name


def position_text(person: Person, lang: str) -> str:
    """The position in ``lang``; the other language's text with its visible mark otherwise."""
    return localized(person.position or "", person.position_es or "", lang)


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
        position=position_text(person, lang),
        organization="" if organization == subgroup else organization,
        country=country_name(person.country, lang) if person.country else "",
        head_of_delegation=person.head_of_delegation,
        role=role,
    )


def _subgroup(key: str, person: Person, lang: str) -> str:
    if key in STATE_GROUPS:
        return country_name(delegation_country(person), lang)
    return organization_name(person, lang) or label("organization_not_recorded", lang)


def _person_sort_key(person: Person, lang: str) -> tuple[object, ...]:
    return (
        not person.head_of_delegation,
        collation_key(person.family_name, lang),
        collation_key(person.given_name, lang),
        person.id or 0,
    )


def _rank_sort_key(person: Person, lang: str) -> tuple[object, ...]:
    rank = person.rank if person.rank is not None else 1_000_000
    return (rank, *_person_sort_key(person, lang)[1:])


def list_of_participants(
    people: Iterable[Person], lang: str, secretariat: tuple[str, ...] = DEFAULT_SECRETARIAT
) -> list[ParticipantGroup]:
    """People in ECLAC's groups, lettered consecutively; empty groups are left out.

    Countries and organizations are in collation order; heads of delegation come first, then
    the members; the secretariat follows ``secretariat`` (entity order) and ``rank``.
    """
    buckets: dict[str, dict[str, list[Person]]] = defaultdict(lambda: defaultdict(list))
    entity_order: dict[str, int] = {}
    for person in people:
        key = group_of(person, secretariat)
        name = _subgroup(key, person, lang)
        buckets[key][name].append(person)
        if key == "secretariat":
            place = secretariat_position(person, secretariat)
            entity_order[name] = min(entity_order.get(name, place), place)
    groups = []
    for letter, key in lettered(frozenset(buckets)):
        if key == "secretariat":
            names = sorted(
                buckets[key], key=lambda n: (entity_order.get(n, 99), collation_key(n, lang))
            )
        else:
            names = sorted(buckets[key], key=lambda n: collation_key(n, lang))
        delegations = []
        for name in names:
            members = buckets[key][name]
            if key == "secretariat":
                members.sort(key=lambda p: _rank_sort_key(p, lang))
            else:
                members.sort(key=lambda p: _person_sort_key(p, lang))
            entries = tuple(_entry(p, lang, name) for p in members)
            has_head = any(e.head_of_delegation for e in entries)
            has_members = any(not e.head_of_delegation for e in entries)
            members_label = (
                tr(lang, "Members of the delegation")  # es: Miembros de la delegación
                if has_head and has_members
                else ""
            )
            delegations.append(Delegation(name, entries, members_label))
        groups.append(
            ParticipantGroup(letter, group_info(key).title(lang), tuple(delegations), key)
        )
    return groups


def first_member(delegation: Delegation) -> ParticipantEntry | None:
    """The entry before which "Members of the delegation" is printed (None: no label)."""
    if not delegation.members_label:
        return None
    return next((e for e in delegation.entries if not e.head_of_delegation), None)
