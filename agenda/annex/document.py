"""Annex (g) of the outcome report: the organization of work and the list of participants.

:func:`build_annex` is pure: it turns loaded ORM objects into plain, already translated
dataclasses that every exporter (DOCX, PDF, HTML, Markdown, CSV, XLSX) renders without further
decisions. :func:`load_annex` loads what it needs from the database.

The list of participants (ECLAC groups A to G; who counts: :mod:`agenda.people.attendance`) is built
by :mod:`agenda.annex.participants`, whose public names are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from agenda import reference
from agenda.annex.cover import CoverInfo, cover_lines
from agenda.annex.groups import DEFAULT_SECRETARIAT
from agenda.annex.participants import (  # noqa: F401 (re-exported for exporters and report)
    Delegation,
    ParticipantEntry,
    ParticipantGroup,
    annex_group,
    country_name,
    display_name,
    list_of_participants,
    organization_name,
    position_text,
)
from agenda.i18n.export import check_language, label, localized, long_date
from agenda.i18n.names import role_label, zone_description
from agenda.model.enums import ACTIVE_STATUSES, CHAIR_ROLES, Attendance, Role, SessionKind
from agenda.model.orm import Meeting, Person, Session
from agenda.people.attendance import ATTENDANCE_RANK, counts_as_participant  # noqa: F401 (re-exported)
from agenda.programme.reading import kind_label, load_sessions, meeting_day
from agenda.reference.articles import natural_name
from agenda.time.zones import to_zone, utc_offset_label

#: Speaking roles in the order the organization of work lists them (rapporteurs included).
SPEAKING_ORDER: tuple[Role, ...] = (
    Role.KEYNOTE_SPEAKER,
    Role.PANELLIST,
    Role.DISCUSSANT,
    Role.RAPPORTEUR,
)


@dataclass(frozen=True)
class SessionPerson:
    """A chair or speaker as printed in the organization of work."""

    role: str
    name: str
    affiliation: str

    @property
    def shown(self) -> str:
        """ "Sra. Ana Torres (OIM)"; with a comma when the affiliation has its own parentheses,
        so parentheses never nest."""
        if not self.affiliation:
            return self.name
        if "(" in self.affiliation:
            return f"{self.name}, {self.affiliation}"
        return f"{self.name} ({self.affiliation})"


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
    #: The local start and end as times (spreadsheets store them as real times).
    start_time: dt.time | None = None
    end_time: dt.time | None = None

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
        lines += [f"{p.role}: {p.shown}" for p in self.chairs]
        for heading, people in self.speaker_groups:
            lines.append(f"{heading}: {'; '.join(p.shown for p in people)}")
        return tuple(lines)


@dataclass(frozen=True)
class AgendaDay:
    """The sessions of one calendar day in the home zone."""

    heading: str
    date: str
    items: tuple[AgendaItem, ...]
    number: int = 0
    #: The calendar day (spreadsheets store it as a real date).
    day: dt.date | None = None

    @property
    def preparatory(self) -> bool:
        """True for a day before the meeting (preparatory sessions)."""
        return self.number < 1


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
    cover: tuple[str, ...] = ()

    @property
    def common_offset(self) -> str:
        """The UTC offset of every session when they all share one (said once in the note),
        else empty (each row then shows its own)."""
        offsets = {item.utc_offset for day in self.days for item in day.items}
        return offsets.pop() if len(offsets) == 1 else ""

    @property
    def preparatory_days(self) -> int:
        """Number of days with preparatory sessions (before the meeting itself)."""
        return sum(1 for day in self.days if day.preparatory)

    @property
    def participant_count(self) -> int:
        """Number of people in the list of participants."""
        return sum(group.count for group in self.groups)


def _short_organization(person: Person, lang: str) -> str:
    """A UN entity or IGO by its acronym in ``lang`` ("OIM"), else the organization's name."""
    name = organization_name(person, lang)
    if name.endswith(")") and "(" in name and person.organization is not None:
        acronym = name.rsplit("(", 1)[1].rstrip(")")
        if acronym and " " not in acronym.strip():
            return acronym
    return name


def _affiliation(person: Person, lang: str) -> str:
    if person.category in reference.GOVERNMENTAL_CATEGORIES and person.country:
        try:
            return natural_name(person.country, lang)
        except KeyError:
            return country_name(person.country, lang)
    return _short_organization(person, lang) or country_name(person.country, lang)


def _objective_label(number: int, lang: str) -> str:
    try:
        item = reference.objective(number)
    except KeyError:
        return label("objective", lang, number=number)
    return f"{number}. {localized(item.short_en, item.short_es, lang)}"


def _track(session: Session, lang: str) -> str:
    """The track's name in ``lang``; a one-word identifier ("B") needs no translation and is
    never marked, a phrase without its translation is ("[EN] Youth track")."""
    if not session.track:
        return ""
    if lang == "es" and not session.track_es and " " not in session.track.strip():
        return session.track
    return localized(session.track, session.track_es, lang)


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
    local_start, local_end = to_zone(session.start, zone_name), to_zone(session.end, zone_name)
    return AgendaItem(
        start=f"{local_start:%H:%M}",
        end=f"{local_end:%H:%M}",
        start_time=local_start.time().replace(tzinfo=None),
        end_time=local_end.time().replace(tzinfo=None),
        utc_offset=utc_offset_label(session.start, zone_name),
        title=localized(session.title_en, session.title_es, lang),
        kind=kind_label(session.kind, lang),
        objectives=objectives,
        chairs=tuple(chairs),
        speakers=tuple(shown for _, people in groups for shown in people),
        track=_track(session, lang),
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
                day=day,  # type: ignore[arg-type]
            )
        )
    return days


def build_annex(
    meeting: Meeting,
    sessions: Sequence[Session],
    people: Iterable[Person],
    lang: str,
    participants: Attendance | str = Attendance.CONFIRMED,
    *,
    author: str = "",
    secretariat: tuple[str, ...] = DEFAULT_SECRETARIAT,
    cover: CoverInfo | None = None,
) -> Annex:
    """Assemble annex (g) in ``lang`` from loaded objects; only people who count are listed.

    ``author`` (document metadata) defaults to the meeting's organizers; ``secretariat`` names
    the organizing entities listed last (English acronyms, in order); ``cover`` the optional
    cover block (document symbol, place and date, original language).
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
        groups=tuple(list_of_participants(counted, lang, secretariat)),
        people=tuple(counted),
        meeting_days=meeting.days,
        author=author or ", ".join(str(o) for o in meeting.organizers or ()),
        subject=label("annex_subject", lang),
        cover=cover_lines(cover, lang),
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
    secretariat: tuple[str, ...] = DEFAULT_SECRETARIAT,
    cover: CoverInfo | None = None,
) -> Annex:
    """Load the meeting's sessions and people and build its annex in ``lang``."""
    sessions = load_sessions(db, meeting)
    return build_annex(
        meeting,
        sessions,
        load_people(db),
        lang,
        participants,
        author=author,
        secretariat=secretariat,
        cover=cover,
    )
