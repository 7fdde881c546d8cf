"""Annex (g) of the outcome report: the organization of work and the list of participants.

:func:`build_annex` is pure: it turns loaded ORM objects into plain, already translated
dataclasses that every exporter (DOCX, PDF, HTML, Markdown, CSV, XLSX) renders without further
decisions. :func:`load_annex` loads what it needs from the database.

Participant groups follow ECLAC meeting reports (A to G). A person's group is their
``Person.annex_group`` override when set, else derived from the stakeholder category and, for
governments, the ECLAC status of their country (member, associate member, other State).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from agenda import reference
from agenda.attendance import ATTENDANCE_RANK, counts_as_participant  # noqa: F401 (re-exported)
from agenda.i18n_export import check_language, collation_key, label, localized, long_date
from agenda.i18n_names import honorific_for, role_label, un_entity_name, zone_description
from agenda.models import (
    ACTIVE_STATUSES,
    CHAIR_ROLES,
    Attendance,
    Gender,
    Meeting,
    Person,
    Role,
    Session,
    SessionKind,
)
from agenda.normalize import normalize_country
from agenda.programme import kind_label, load_sessions, meeting_day
from agenda.timezones import to_zone, utc_offset_label

GROUP_LETTERS: tuple[str, ...] = ("A", "B", "C", "D", "E", "F", "G")
#: Speaking roles in the order the organization of work lists them (rapporteurs included).
SPEAKING_ORDER: tuple[Role, ...] = (
    Role.KEYNOTE_SPEAKER,
    Role.PANELLIST,
    Role.DISCUSSANT,
    Role.RAPPORTEUR,
)
#: Spanish agrees with the head's gender; anyone else gets the neutral "Jefatura".
_HEAD_LABELS = {Gender.WOMAN: "head_of_delegation_woman", Gender.MAN: "head_of_delegation"}
_GOVERNMENT_GROUP = {
    reference.ECLAC_MEMBER: "A",
    reference.ECLAC_ASSOCIATE: "B",
    reference.ECLAC_OTHER: "C",
}


@dataclass(frozen=True)
class SessionPerson:
    """A chair or speaker as printed in the organization of work."""

    role: str
    name: str
    affiliation: str


@dataclass(frozen=True)
class AgendaItem:
    """One session of the organization of work, with times in the home zone.

    ``speaker_groups`` holds (label, people) per speaking role, in programme order (keynote,
    panellists, discussants, rapporteurs); ``speakers`` is every one of them, flattened.
    """

    start: str
    end: str
    utc_offset: str
    title: str
    kind: str
    objectives: tuple[str, ...]
    chairs: tuple[SessionPerson, ...]
    speakers: tuple[SessionPerson, ...]
    track: str = ""
    objectives_label: str = ""
    speaker_groups: tuple[tuple[str, tuple[SessionPerson, ...]], ...] = ()

    @property
    def kind_line(self) -> str:
        """The kind, with the parallel track when there is one ("Round table – Track B").

        Empty when the kind only repeats the title ("Keynote address" / "Keynote address").
        """
        kind = "" if self.kind.casefold() == self.title.casefold() else self.kind
        return " – ".join(part for part in (kind, self.track) if part)

    @property
    def detail_lines(self) -> tuple[str, ...]:
        """Objectives, chairs and speakers as printed under the title, one line each."""
        lines = []
        if self.objectives:
            lines.append(f"{self.objectives_label}: {'; '.join(self.objectives)}")
        lines += [f"{p.role}: {p.name} ({p.affiliation})" for p in self.chairs]
        for heading, people in self.speaker_groups:
            lines.append(f"{heading}: {'; '.join(f'{p.name} ({p.affiliation})' for p in people)}")
        return tuple(lines)


@dataclass(frozen=True)
class AgendaDay:
    """The sessions of one calendar day in the home zone."""

    heading: str
    date: str
    items: tuple[AgendaItem, ...]
    number: int = 0

    @property
    def preparatory(self) -> bool:
        """True for a day before the meeting (preparatory sessions)."""
        return self.number < 1


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


@dataclass(frozen=True)
class Annex:
    """Everything an exporter needs, already translated into ``lang``."""

    lang: str
    meeting_title: str
    annex_title: str
    organization_title: str
    participants_title: str
    times_note: str
    counted_note: str
    days: tuple[AgendaDay, ...]
    groups: tuple[ParticipantGroup, ...]
    people: tuple[Person, ...] = field(default=(), repr=False, compare=False)
    meeting_days: int = 0
    author: str = ""
    subject: str = ""

    @property
    def preparatory_days(self) -> int:
        """Number of days with preparatory sessions (before the meeting itself)."""
        return sum(1 for day in self.days if day.preparatory)

    @property
    def participant_count(self) -> int:
        """Number of people in the list of participants."""
        return sum(group.count for group in self.groups)


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


def _affiliation(person: Person, lang: str) -> str:
    if person.category in reference.GOVERNMENTAL_CATEGORIES:
        return country_name(person.country, lang)
    return organization_name(person, lang) or country_name(person.country, lang)


def _objective_label(number: int, lang: str) -> str:
    try:
        item = reference.objective(number)
    except KeyError:
        return label("objective", lang, number=number)
    return f"{number}. {localized(item.short_en, item.short_es, lang)}"


def agenda_item(meeting: Meeting, session: Session, lang: str) -> AgendaItem:
    """The session as printed in the organization of work (times in the home zone)."""
    zone_name = meeting.home_tz
    chairs: list[SessionPerson] = []
    by_role: dict[Role, list[tuple[Person, SessionPerson]]] = defaultdict(list)
    for assignment in sorted(session.assignments, key=lambda a: (a.position or 0, a.id or 0)):
        if assignment.status not in ACTIVE_STATUSES:
            continue
        person = assignment.person
        role = Role(assignment.role)
        shown = SessionPerson(
            role=role_label(role, lang, [person.gender]),
            name=display_name(person, lang),
            affiliation=_affiliation(person, lang),
        )
        if role in CHAIR_ROLES:
            chairs.append(shown)
        elif role in SPEAKING_ORDER:
            by_role[role].append((person, shown))
    groups = tuple(
        (
            role_label(role, lang, [person.gender for person, _ in by_role[role]]),
            tuple(shown for _, shown in by_role[role]),
        )
        for role in SPEAKING_ORDER
        if by_role[role]
    )
    objectives = tuple(_objective_label(n, lang) for n in session.objectives)
    return AgendaItem(
        start=f"{to_zone(session.start, zone_name):%H:%M}",
        end=f"{to_zone(session.end, zone_name):%H:%M}",
        utc_offset=utc_offset_label(session.start, zone_name),
        title=localized(session.title_en, session.title_es, lang),
        kind=kind_label(session.kind, lang),
        objectives=objectives,
        chairs=tuple(chairs),
        speakers=tuple(shown for _, people in groups for shown in people),
        track=session.track,
        objectives_label=label("objectives" if len(objectives) != 1 else "objective_one", lang),
        speaker_groups=groups,
    )


def organization_of_work(
    meeting: Meeting, sessions: Sequence[Session], lang: str
) -> list[AgendaDay]:
    """The sessions grouped by local day in the meeting's home zone, in start order."""
    by_day: dict[object, list[Session]] = defaultdict(list)
    for session in sorted(sessions, key=lambda s: (s.start, s.track, s.id or 0)):
        by_day[to_zone(session.start, meeting.home_tz).date()].append(session)
    days = []
    for day, items in by_day.items():
        number = meeting_day(meeting, items[0].start)
        heading = label("day", lang, number=number) if number >= 1 else label("preparatory", lang)
        days.append(
            AgendaDay(
                heading=heading,
                date=long_date(day, lang, weekday=True),  # type: ignore[arg-type]
                items=tuple(
                    agenda_item(meeting, s, lang) for s in items if s.kind != SessionKind.BREAK
                ),
                number=number,
            )
        )
    return days


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


def build_annex(
    meeting: Meeting,
    sessions: Sequence[Session],
    people: Iterable[Person],
    lang: str,
    participants: Attendance | str = Attendance.CONFIRMED,
    *,
    author: str = "",
) -> Annex:
    """Assemble annex (g) in ``lang`` from loaded objects; only people who count are listed.

    ``author`` (document metadata) defaults to the meeting's organizers.
    """
    check_language(lang)
    counted = [p for p in people if counts_as_participant(p, participants)]
    meeting_dates = [meeting.start_date + timedelta(days=n) for n in range(max(meeting.days, 1))]
    return Annex(
        lang=lang,
        meeting_title=localized(meeting.title_en, meeting.title_es, lang),
        annex_title=label("annex", lang),
        organization_title=label("organization_of_work", lang),
        participants_title=label("list_of_participants", lang),
        times_note=label(
            "times_in", lang, zone=zone_description(meeting.home_tz, meeting_dates, lang)
        ),
        counted_note=label(f"counted_{Attendance(participants).value}", lang),
        days=tuple(organization_of_work(meeting, sessions, lang)),
        groups=tuple(list_of_participants(counted, lang)),
        people=tuple(counted),
        meeting_days=meeting.days,
        author=author or ", ".join(str(o) for o in meeting.organizers or ()),
        subject=label("annex_subject", lang),
    )


def load_people(db: DbSession) -> list[Person]:
    """Every person with their organization (the database holds one meeting's people)."""
    query = select(Person).options(selectinload(Person.assignments)).order_by(Person.id)
    return list(db.scalars(query).unique())


def load_annex(
    db: DbSession,
    meeting: Meeting,
    lang: str,
    participants: Attendance | str = Attendance.CONFIRMED,
    *,
    author: str = "",
) -> Annex:
    """Load the meeting's sessions and people and build its annex in ``lang``."""
    sessions = load_sessions(db, meeting)
    return build_annex(meeting, sessions, load_people(db), lang, participants, author=author)
