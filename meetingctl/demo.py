"""A realistic, fictional demo: a two-day regional review in America/Santiago with ~150 people.

Every name and organization here is invented (any resemblance is accidental); the structure
follows the concept note: opening, keynote, five thematic round tables, policy debate, closing,
and preparatory consultations.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.orm import Session as DbSession

from agenda import reference
from agenda.i18n.names import un_entity_name
from agenda.model import audit
from agenda.model.enums import Attendance, Gender, InvitationStatus, Role, SessionKind
from agenda.model.orm import Meeting, Organization, Person, RoleAssignment
from agenda.programme.templates import build_meeting
from agenda.reference.articles import of_country
from meetingctl.config import default_data_dir
from meetingctl.demo_data import (  # noqa: F401 (POSITIONS_SECRETARIAT re-exported)
    FAMILY,
    GIVEN,
    HEAD_POSITIONS,
    HONORIFICS,
    IGOS,
    MEMBER_POSITIONS,
    MINISTER_POSITIONS,
    NON_GOVERNMENTAL,
    OBSERVERS,
    POSITIONS_INTERNATIONAL,
    POSITIONS_OTHER,
    POSITIONS_PARLIAMENT,
    POSITIONS_SECRETARIAT,
    UN_BODIES,
    Bilingual,
    GovPosition,
)


def demo_start(year: int | None = None, today: date | None = None) -> date:
    """The demo's first day: the last Monday of April that leaves two days in April.

    ``year`` fixes the year (2021 gives 26 April 2021, the 2021 regional review); by default
    the first such date at least 30 days ahead, so invitations can be tried.
    """
    if year is not None:
        return _last_monday_of_april(year)
    today = today or date.today()
    candidate = _last_monday_of_april(today.year)
    if candidate < today + timedelta(days=30):
        candidate = _last_monday_of_april(today.year + 1)
    return candidate


def _last_monday_of_april(year: int) -> date:
    day = date(year, 4, 29)
    return day - timedelta(days=day.weekday())


def demo_database_url(reset: bool = True) -> str:
    """A fresh SQLite file for the demo in the user data directory."""
    path = default_data_dir() / "demo.db"
    if reset:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def create_demo(
    db: DbSession,
    *,
    people_count: int = 150,
    seed: int = 2021,
    uid_domain: str = "demo.meetingctl.invalid",
    actor: str = "demo",
    year: int | None = None,
) -> Meeting:
    """Add the demo meeting, its organizations, people and roles to ``db`` (not committed).

    Dated in the future unless ``year`` is given (see :func:`demo_start`).
    """
    rng = random.Random(seed)
    meeting = build_meeting(
        "gcm-regional-review",
        title_en="Regional review of the implementation of the Global Compact for Safe, Orderly "
        "and Regular Migration in Latin America and the Caribbean (demo)",
        title_es="Examen regional de la implementación del Pacto Mundial para la Migración "
        "Segura, Ordenada y Regular en América Latina y el Caribe (demostración)",
        start=demo_start(year),
        days=2,
        home_tz="America/Santiago",
        uid_domain=uid_domain,
        venue="Virtual meeting",
    )
    db.add(meeting)
    people = _people(rng, people_count, meeting.start_date.year)
    db.add_all(people)
    db.flush()
    _assign_roles(rng, meeting, people)
    _caribbean_voices_elsewhere(meeting)
    _sectors_not_recorded(meeting)
    db.flush()
    audit.record(db, actor, "demo.create", "meeting", meeting.id, people=len(people))
    return meeting


class _Roster:
    """The organizations and names handed out so far (no duplicate full names)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.orgs: dict[str, Organization] = {}
        self.names: set[str] = set()
        self.heads: set[str] = set()
        self.ministers: set[str] = set()

    def org(
        self, name: str, category: str, country: str | None = None, name_es: str = ""
    ) -> Organization:
        if name not in self.orgs:
            self.orgs[name] = Organization(
                name=name, name_es=name_es, category=category, country=country
            )
        return self.orgs[name]

    def international(self, acronym: str, category: str) -> Organization:
        return self.org(
            un_entity_name(acronym, "en") or acronym,
            category,
            None,
            un_entity_name(acronym, "es") or "",
        )

    def ministry(self, position: GovPosition, iso2: str) -> Organization:
        return self.org(
            f"{position[3]} {of_country(iso2, 'en')}",
            "member_state",
            iso2,
            f"{position[4]} {of_country(iso2, 'es')}",
        )


def _spanish(position: Bilingual | GovPosition, person: Person) -> str:
    """The Spanish form that agrees with the person (by gender, else by the given name)."""
    if person.gender == Gender.WOMAN:
        return position[1]
    if person.gender == Gender.MAN:
        return position[2]
    feminine = any(person.given_name == name for women, _ in GIVEN.values() for name, _ in women)
    return position[1] if feminine else position[2]


#: A government speaker's sector (balance, whole of government) from the ministry's name.
_SECTOR_OF_MINISTRY = {
    "Ministry of Foreign Affairs": "foreign_affairs",
    "Ministry of the Interior": "interior_migration",
    "Ministry of Labour": "labour",
    "Ministry of Social Development": "social_development",
}


def _people(rng: random.Random, count: int, year: int) -> list[Person]:
    members = [
        c
        for c in reference.countries()
        if c.eclac_status == "member" and c.region != "Non-regional"
    ]
    associates = [c for c in reference.countries() if c.eclac_status == "associate"]
    roster = _Roster(rng)
    people: list[Person] = []
    for index in range(count):
        roll = rng.random()
        position: Bilingual | GovPosition
        if index < len(POSITIONS_SECRETARIAT):
            entity, secretariat_post = POSITIONS_SECRETARIAT[index]
            position = secretariat_post
            category, country = "un_system", "CL"
            organization = roster.international(entity, "un_system")
        elif roll < 0.42:
            category, country = "member_state", rng.choice(members).iso2
            organization, position = None, MEMBER_POSITIONS[0]
        elif roll < 0.47:
            category, country = "associate_member", rng.choice(associates).iso2
            organization, position = None, MEMBER_POSITIONS[0]
        elif roll < 0.50:
            category, country = "member_state", rng.choice(OBSERVERS)
            organization, position = None, MEMBER_POSITIONS[0]
        elif roll < 0.58:
            category, country = "un_system", rng.choice(members).iso2
            organization = roster.international(rng.choice(UN_BODIES), "un_system")
            position = rng.choice(POSITIONS_INTERNATIONAL)
        elif roll < 0.64:
            category, country = "igo", rng.choice(members).iso2
            organization = roster.international(rng.choice(IGOS), "igo")
            position = rng.choice(POSITIONS_INTERNATIONAL)
        else:
            category, name = rng.choice(NON_GOVERNMENTAL)
            country = rng.choice(members).iso2
            organization = roster.org(name, category, country)
            pool = POSITIONS_PARLIAMENT if category == "parliamentarians" else POSITIONS_OTHER
            position = rng.choice(pool)
        language = _language(reference.country(country))
        person = _person(rng, language, index, roster.names)
        person.country = country
        person.category = category
        person.timezone = reference.country(country).capital_zone or "UTC"
        person.languages = [language] if language in ("es", "en") else [language, "en"]
        if organization is None:  # a government delegation
            gov = _government_position(rng, roster, country)
            person.delegation = country
            person.head_of_delegation = country not in roster.heads
            roster.heads.add(country)
            organization, position = roster.ministry(gov, country), gov
            person.gov_sector = _SECTOR_OF_MINISTRY.get(gov[3], "other")
        elif index < len(POSITIONS_SECRETARIAT):
            person.rank = index + 1
        person.organization = organization
        person.position = position[0]
        person.position_es = _spanish(position, person)
        person.is_youth = category == "children_youth" or rng.random() < 0.05
        person.is_migrant = category == "migrant_diaspora_org"
        # issue 16 (no random draws, so the rest of the demo stays the same): a year of birth
        # for a third of the people (15 to 59 years old in the meeting's year) and for a few
        # older persons
        if index % 3 == 0:
            person.birth_year = year - 59 + (index * 7) % 45
        elif index % 50 == 13:
            person.birth_year = year - 69
        person.attendance = rng.choice(list(Attendance))
        people.append(person)
    return people


def _government_position(rng: random.Random, roster: _Roster, country: str) -> GovPosition:
    """A head gets a minister's post (at most one minister per country) or another head's
    post; a member of the delegation a director's or adviser's post."""
    if country in roster.heads:
        return rng.choice(MEMBER_POSITIONS)
    if country not in roster.ministers and rng.random() < 0.4:
        roster.ministers.add(country)
        return rng.choice(MINISTER_POSITIONS)
    return rng.choice(HEAD_POSITIONS)


def _language(country: object) -> str:
    languages = getattr(country, "languages", ()) or ("es",)
    first = languages[0] if languages else "es"
    return first if first in GIVEN else "es"


def _person(rng: random.Random, language: str, index: int, taken: set[str]) -> Person:
    """A person with a full name nobody else in the demo has."""
    for attempt in range(60):
        pool = language if attempt < 30 else "es"
        women, men = GIVEN[pool]
        roll = rng.random()
        if roll < 0.50:
            given, code, gender = *rng.choice(women), Gender.WOMAN
        elif roll < 0.95:
            given, code, gender = *rng.choice(men), Gender.MAN
        else:
            given, _ = rng.choice(women + men)
            code = "x"
            gender = rng.choice([Gender.NON_BINARY, Gender.UNDISCLOSED, Gender.UNKNOWN])
        family = rng.choice(FAMILY[pool])
        if attempt >= 45:  # a second family name, as Spanish names often have
            family = f"{family} {rng.choice(FAMILY['es'])}"
        if f"{given} {family}" not in taken:
            break
    taken.add(f"{given} {family}")
    honorific = HONORIFICS[code][0 if language == "en" else 1]
    email = f"{_ascii(given)}.{_ascii(family)}.{index}@example.org"
    return Person(
        given_name=given,
        family_name=family,
        honorific=honorific,
        gender=gender,
        email=email,
        email_key=email.lower(),
    )


def _ascii(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in plain if ch.isalnum())


STAFFING: dict[SessionKind, list[Role]] = {
    SessionKind.OPENING: [Role.CHAIR, Role.PANELLIST, Role.PANELLIST, Role.PANELLIST],
    SessionKind.KEYNOTE: [Role.CHAIR, Role.KEYNOTE_SPEAKER],
    SessionKind.ROUND_TABLE: [
        Role.MODERATOR,
        Role.PANELLIST,
        Role.PANELLIST,
        Role.PANELLIST,
        Role.PANELLIST,
        Role.DISCUSSANT,
        Role.RAPPORTEUR,
    ],
    SessionKind.POLICY_DEBATE: [
        Role.MODERATOR,
        Role.PANELLIST,
        Role.PANELLIST,
        Role.PANELLIST,
        Role.PANELLIST,
        Role.PANELLIST,
    ],
    SessionKind.CLOSING: [Role.CHAIR, Role.PANELLIST, Role.PANELLIST],
    SessionKind.PREPARATORY: [Role.CHAIR],
    SessionKind.STAKEHOLDER_CONSULTATION: [Role.MODERATOR],
}


_SPEAKERS = (Role.KEYNOTE_SPEAKER, Role.PANELLIST, Role.DISCUSSANT)


def _english_caribbean(person: Person) -> bool:
    country = reference.country(person.country) if person.country else None
    return bool(
        country and country.eclac_subregion == "caribbean" and "en" in (person.languages or [])
    )


def _caribbean_voices_elsewhere(meeting: Meeting) -> None:
    """The first round table's English-speaking Caribbean speakers trade places with speakers
    of the later round tables, so the demo shows the languages finding
    (lang-caribbean-english) and what the suggestions offer for it."""
    tables = [s for s in meeting.sessions if s.kind == SessionKind.ROUND_TABLE]
    if len(tables) < 2:
        return
    others = [a for t in tables[1:] for a in t.assignments if a.role in _SPEAKERS]
    for mine in [a for a in tables[0].assignments if a.role in _SPEAKERS]:
        if not _english_caribbean(mine.person):
            continue
        other = next(
            (a for a in others if a.role == mine.role and not _english_caribbean(a.person)), None
        )
        if other is None:
            return
        mine.person, other.person = other.person, mine.person
        others.remove(other)


def _sectors_not_recorded(meeting: Meeting) -> None:
    """As in real rosters, some government speakers' sectors are not recorded: in the first
    debate with two or more foreign-ministry speakers, the other government speakers' sectors
    are left blank, so the demo shows the whole-of-government finding (gov-not-only-foreign)."""
    debates = (SessionKind.ROUND_TABLE, SessionKind.POLICY_DEBATE, SessionKind.PLENARY)
    for session in meeting.sessions:
        if session.kind not in debates:
            continue
        government = [
            a.person for a in session.assignments if a.role in _SPEAKERS and a.person.gov_sector
        ]
        foreign = [p for p in government if p.gov_sector == "foreign_affairs"]
        if len(foreign) >= 2:
            for person in government:
                if person.gov_sector != "foreign_affairs":
                    person.gov_sector = None
            return


def _assign_roles(rng: random.Random, meeting: Meeting, people: list[Person]) -> None:
    pool = [p for p in people if p.rank is None]  # the secretariat does not speak on panels
    rng.shuffle(pool)
    taken: set[int] = set()
    statuses = (
        [InvitationStatus.CONFIRMED] * 5
        + [InvitationStatus.ACCEPTED] * 3
        + [InvitationStatus.INVITED, InvitationStatus.NOMINATED]
    )
    for session in meeting.sessions:
        for position, role in enumerate(STAFFING.get(session.kind, [])):
            person = next((p for p in pool if p.id not in taken), None)
            if person is None:
                return
            taken.add(person.id)
            minutes = 8 if role in (Role.PANELLIST, Role.DISCUSSANT) else None
            session.assignments.append(
                RoleAssignment(
                    person=person,
                    role=role,
                    position=position,
                    status=rng.choice(statuses),
                    speaking_minutes=minutes,
                )
            )
