"""What the static site shows, built from a published version: plain, translated dataclasses.

Pure: the caller loads the published snapshot, the people it names, the stakeholder inputs and
the people who count as participants; nothing here reads the clock or the database. People are
shown by name, organization and country only (e-mail when ``show_emails``); nothing of the
balance data (gender, age, youth or migrant self-identification) reaches these views, and role
labels use the gender-neutral forms.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from agenda import reference
from agenda.annex.participants import country_name, organization_name
from agenda.i18n.catalog import tr
from agenda.i18n.export import collation_key, label, localized, long_date
from agenda.i18n.names import role_label, zone_description
from agenda.model.enums import Modality, Role, SessionKind
from agenda.model.orm import Person, StakeholderInput
from agenda.programme.published import ProgrammeSnapshot, SnapshotSession
from agenda.programme.reading import kind_label
from agenda.site import paths
from agenda.time.zones import to_zone, utc_offset_label

#: Speaking roles in the order the programme lists them (as in the annex).
SPEAKING_ORDER: tuple[Role, ...] = (
    Role.KEYNOTE_SPEAKER,
    Role.PANELLIST,
    Role.DISCUSSANT,
    Role.RAPPORTEUR,
)
CHAIRS: tuple[Role, ...] = (Role.CHAIR, Role.CO_CHAIR)


@dataclass(frozen=True)
class SiteOptions:
    """What the organizer chose to publish (``[site]`` in the config) and where."""

    languages: tuple[str, ...] = paths.SITE_LANGUAGES
    base_url: str | None = None
    show_participants: bool = False
    show_video_links: bool = False
    show_emails: bool = False


@dataclass(frozen=True)
class MeetingInfo:
    """The meeting as the published version recorded it."""

    title_en: str
    title_es: str
    home_tz: str
    start_date: date
    days: int
    modality: Modality
    venue: str = ""

    def title(self, lang: str) -> str:
        """The title in ``lang`` (English when there is no Spanish)."""
        return (self.title_es if lang == "es" else self.title_en) or self.title_en


@dataclass(frozen=True)
class SiteSource:
    """Everything the site is built from (loaded by the caller)."""

    meeting: MeetingInfo
    programme: ProgrammeSnapshot
    version: int
    people: Mapping[int, Person]
    inputs: Sequence[StakeholderInput] = ()
    participants: Sequence[Person] = ()
    zones: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonLine:
    """A person as the site shows them."""

    name: str
    organization: str
    country: str
    email: str = ""


@dataclass(frozen=True)
class InputLine:
    """A stakeholder input linked to a round table."""

    organization: str
    country: str
    category: str
    text: str


@dataclass(frozen=True)
class SessionRow:
    """One session in one language, times in the home zone."""

    uid: str
    title: str
    kind: str
    is_round_table: bool
    is_break: bool
    start_local: str
    end_local: str
    utc_offset: str
    start_utc: str
    end_utc: str
    track: str = ""
    room: str = ""
    description: str = ""
    video_url: str = ""
    objectives: tuple[str, ...] = ()
    objective_titles: tuple[str, ...] = ()
    chairs: tuple[tuple[str, tuple[PersonLine, ...]], ...] = ()
    moderators: tuple[str, tuple[PersonLine, ...]] | None = None
    speakers: tuple[tuple[str, tuple[PersonLine, ...]], ...] = ()
    inputs: tuple[InputLine, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class SiteDay:
    """The sessions of one day in the home zone."""

    heading: str
    date: str
    iso_date: str
    sessions: tuple[SessionRow, ...]


@dataclass(frozen=True)
class SiteLanguage:
    """The site's content in one language."""

    lang: str
    title: str
    dates: str
    modality: str
    times_note: str
    days: tuple[SiteDay, ...]
    venue: str
    round_tables: tuple[SessionRow, ...]
    general_inputs: tuple[InputLine, ...] = ()


def modality_label(modality: Modality, lang: str) -> str:
    """The meeting's modality in ``lang``."""
    if modality == Modality.HYBRID:
        return tr(lang, "Hybrid (in person and online)")  # es: Híbrida (presencial y en línea)
    if modality == Modality.IN_PERSON:
        return tr(lang, "In person")  # es: Presencial
    return tr(lang, "Online")  # es: Virtual


def date_range(meeting: MeetingInfo, lang: str) -> str:
    """'26 April 2021 – 27 April 2021' (one date for a one-day meeting)."""
    first = meeting.start_date
    last = first + timedelta(days=max(meeting.days, 1) - 1)
    if first == last:
        return long_date(first, lang)
    return f"{long_date(first, lang)} – {long_date(last, lang)}"


def _iso(moment: datetime) -> str:
    return f"{moment:%Y-%m-%dT%H:%M:%S}Z"


def person_line(person: Person, lang: str, options: SiteOptions) -> PersonLine:
    """Name, organization and country in ``lang``; e-mail only when the organizer allows it."""
    return PersonLine(
        name=person.full_name,
        organization=organization_name(person, lang),
        country=country_name(person.country, lang) if person.country else "",
        email=(person.email or "") if options.show_emails else "",
    )


def _objective_short(number: int, lang: str) -> str:
    try:
        item = reference.objective(number)
    except KeyError:
        return label("objective", lang, number=number)
    return f"{number}. {localized(item.short_en, item.short_es, lang)}"


def _objective_title(number: int, lang: str) -> str:
    try:
        item = reference.objective(number)
    except KeyError:
        return label("objective", lang, number=number)
    return f"{number}. {item.title(lang)}"


def input_line(entry: StakeholderInput, lang: str) -> InputLine:
    """A stakeholder input as the site shows it."""
    try:
        category = reference.category(entry.category).label(lang)
    except KeyError:
        category = entry.category
    return InputLine(
        organization=entry.organization,
        country=country_name(entry.country, lang) if entry.country else "",
        category=category,
        text=entry.text,
    )


def _role_groups(
    session: SnapshotSession,
    roles: Sequence[Role],
    people: Mapping[int, Person],
    lang: str,
    options: SiteOptions,
) -> tuple[tuple[str, tuple[PersonLine, ...]], ...]:
    by_role: dict[Role, list[PersonLine]] = defaultdict(list)
    for entry in session.people:
        if not entry.active or entry.person_id not in people:
            continue
        try:
            role = Role(entry.role)
        except ValueError:
            continue
        if role in roles:
            by_role[role].append(person_line(people[entry.person_id], lang, options))
    # Neutral forms: one None per person gives the singular/plural without gender agreement.
    return tuple(
        (role_label(role, lang, [None] * len(by_role[role])), tuple(by_role[role]))
        for role in roles
        if by_role[role]
    )


def session_row(
    session: SnapshotSession,
    source: SiteSource,
    lang: str,
    options: SiteOptions,
) -> SessionRow:
    """One published session in ``lang`` (times in the home zone, with the offset)."""
    zone_name = source.meeting.home_tz
    moderators = _role_groups(session, (Role.MODERATOR,), source.people, lang, options)
    is_round_table = session.kind == SessionKind.ROUND_TABLE
    inputs: tuple[InputLine, ...] = ()
    if is_round_table:
        wanted = set(session.objectives)
        inputs = tuple(
            input_line(item, lang) for item in source.inputs if wanted & set(item.objectives or [])
        )
    return SessionRow(
        uid=session.uid,
        title=localized(session.title_en, session.title_es, lang),
        kind=kind_label(session.kind, lang) if session.kind else "",
        is_round_table=is_round_table,
        is_break=session.kind == SessionKind.BREAK,
        start_local=f"{to_zone(session.start, zone_name):%H:%M}",
        end_local=f"{to_zone(session.end, zone_name):%H:%M}",
        utc_offset=utc_offset_label(session.start, zone_name),
        start_utc=_iso(session.start),
        end_utc=_iso(session.end),
        track=session.track,
        room=session.room,
        description=(session.description_es if lang == "es" else session.description_en)
        or session.description_en,
        video_url=session.video_url.strip() if options.show_video_links else "",
        objectives=tuple(_objective_short(n, lang) for n in session.objectives),
        objective_titles=tuple(_objective_title(n, lang) for n in session.objectives),
        chairs=_role_groups(session, CHAIRS, source.people, lang, options),
        moderators=moderators[0] if moderators else None,
        speakers=_role_groups(session, SPEAKING_ORDER, source.people, lang, options),
        inputs=inputs,
    )


def site_language(source: SiteSource, lang: str, options: SiteOptions) -> SiteLanguage:
    """The site's content in ``lang``: the days with their sessions, the round tables."""
    meeting = source.meeting
    ordered = sorted(source.programme.sessions, key=lambda s: (s.start, s.track, s.id, s.uid))
    by_day: dict[date, list[SessionRow]] = defaultdict(list)
    for session in ordered:
        local_day = to_zone(session.start, meeting.home_tz).date()
        by_day[local_day].append(session_row(session, source, lang, options))
    days = []
    for day, rows in by_day.items():
        number = (day - meeting.start_date).days + 1
        heading = label("day", lang, number=number) if number >= 1 else label("preparatory", lang)
        days.append(
            SiteDay(heading, long_date(day, lang, weekday=True), day.isoformat(), tuple(rows))
        )
    round_tables = tuple(row for day in days for row in day.sessions if row.is_round_table)
    covered = {n for s in ordered if s.kind == SessionKind.ROUND_TABLE for n in s.objectives}
    general = tuple(
        input_line(item, lang) for item in source.inputs if not covered & set(item.objectives or [])
    )
    meeting_dates = [meeting.start_date + timedelta(days=n) for n in range(max(meeting.days, 1))]
    return SiteLanguage(
        lang=lang,
        title=meeting.title(lang),
        dates=date_range(meeting, lang),
        modality=modality_label(meeting.modality, lang),
        times_note=label(
            "times_in", lang, zone=zone_description(meeting.home_tz, meeting_dates, lang)
        ),
        days=tuple(days),
        venue=meeting.venue if meeting.modality != Modality.VIRTUAL else "",
        round_tables=round_tables,
        general_inputs=general,
    )


def zone_choices(zones: Sequence[str], lang: str) -> tuple[tuple[str, str], ...]:
    """The zone picker's options: (IANA name, "Country (City)" in ``lang``), by label."""
    owners: dict[str, str] = {}
    for country in reference.lac_countries():
        for name in country.zones:
            owners.setdefault(name, country.name(lang))
    choices = []
    for name in dict.fromkeys(zones):
        city = name.rsplit("/", 1)[-1].replace("_", " ")
        choices.append((name, f"{owners[name]} ({city})" if name in owners else name))
    return tuple(sorted(choices, key=lambda item: collation_key(item[1], lang)))
