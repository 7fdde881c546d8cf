"""A compact, in-memory snapshot of what balance rules need: plain frozen dataclasses.

Built once from the database (:func:`load_snapshot`, column queries, no ORM objects) so that
evaluating the rules and re-evaluating after one edit never touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import reference
from agenda.balance.demography import OLDER_BANDS, SELF_IDENTIFICATION, age_band, is_youth
from agenda.model.enums import ACTIVE_STATUSES, CHAIR_ROLES, SPEAKER_ROLES, Role, SessionKind
from agenda.model.orm import Meeting, Person, RoleAssignment, Session
from agenda.reference.balance_vocab import LEVELS, SECTORS
from agenda.time.policy import known_zone, person_zone

#: Roles that make up a panel for composition and the single-gender rule (speakers + chairs).
PANEL_ROLES = SPEAKER_ROLES | CHAIR_ROLES
UNKNOWN_REGION = "unknown"
YOUTH_CATEGORIES = frozenset({"children_youth"})
MIGRANT_CATEGORIES = frozenset({"migrants", "migrant_diaspora_org"})


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What the rules know about a person."""

    id: int
    name: str
    gender: str
    country: str | None
    region: str
    ldc: bool
    lldc: bool
    sids: bool
    category: str
    category_kind: str
    youth: bool
    migrant: bool
    timezone: str | None
    #: ECLAC sub-region (caribbean, central_america_mexico, south_america) or "unknown".
    subregion: str = UNKNOWN_REGION
    #: Languages the person speaks (their own, else their country's official ones).
    languages: tuple[str, ...] = ()
    #: Age band (agenda.balance.demography) or None when no age is known.
    age_band: str | None = None
    #: Consented self-identification keys (empty without a recorded consent).
    self_ids: frozenset[str] = frozenset()
    #: Government speakers: sector and level (None when not government or unknown).
    sector: str | None = None
    level: str | None = None
    attendance: str = "registered"

    @property
    def governmental(self) -> bool:
        """Member State or associate member delegation."""
        return self.category_kind == "governmental"

    @property
    def non_governmental(self) -> bool:
        """Whole-of-society stakeholder (civil society, migrants, academia, ...)."""
        return self.category_kind == "non_governmental"

    def profile(self) -> tuple[object, ...]:
        """Everything a rule can look at: people with equal profiles score equally."""
        return (
            self.gender,
            self.region,
            self.ldc,
            self.lldc,
            self.sids,
            self.category,
            self.category_kind,
            self.youth,
            self.migrant,
            self.subregion,
            self.languages,
            self.age_band,
            self.self_ids,
            self.sector,
            self.level,
        )

    def young(self, definition: str = "un") -> bool:
        """Young by ``definition`` (see :mod:`agenda.balance.demography`)."""
        return is_youth(self.age_band, self.youth, definition)

    @property
    def older(self) -> bool:
        """60 and over (age known)."""
        return self.age_band in OLDER_BANDS


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """A programme item: kind, times (aware UTC) and titles."""

    id: int
    kind: SessionKind
    title_en: str
    title_es: str
    start: datetime
    end: datetime

    def title(self, lang: str = "en") -> str:
        """Title in ``lang`` (English fallback)."""
        return (self.title_es if lang == "es" else self.title_en) or self.title_en

    def overlaps(self, other: SessionFacts) -> bool:
        """True when the two sessions share any time."""
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Slot:
    """One role assignment: who holds which role where, with what status."""

    id: int
    session_id: int
    person_id: int
    role: Role
    status: str
    substitute_for_id: int | None = None

    @property
    def active(self) -> bool:
        """Counts for balance: an active status and not a pending substitute."""
        return self.status in ACTIVE_STATUSES and self.substitute_for_id is None

    @property
    def speaker(self) -> bool:
        """A speaking role (keynote speaker, panellist, discussant)."""
        return self.role in SPEAKER_ROLES

    @property
    def on_panel(self) -> bool:
        """A speaking or chairing role."""
        return self.role in PANEL_ROLES


@cache
def _country_facts(sids_list: str = "m49") -> dict[str, tuple[str, bool, bool, bool]]:
    facts = {}
    for item in reference.countries():
        sids = reference.is_sids(item, sids_list)
        facts[item.iso2] = (item.region, item.ldc, item.lldc, sids)
    return facts


@cache
def _country_more() -> dict[str, tuple[str, tuple[str, ...]]]:
    return {
        item.iso2: (item.eclac_subregion or UNKNOWN_REGION, tuple(item.languages))
        for item in reference.countries()
    }


#: Levels of government by category (a sector or level given on the person wins).
LOCAL_CATEGORIES = frozenset({"local_authorities"})


@cache
def _category_kinds() -> dict[str, str]:
    return {item.key: item.kind for item in reference.stakeholder_categories()}


def person_facts(
    person_id: int,
    name: str,
    gender: str,
    country: str | None,
    category: str | None,
    is_youth: bool = False,
    is_migrant: bool = False,
    timezone: str | None = None,
    home_zone: str | None = None,
    *,
    languages: list[str] | tuple[str, ...] | None = None,
    birth_year: int | None = None,
    band: str | None = None,
    reference_year: int | None = None,
    self_identification: list[str] | tuple[str, ...] | None = None,
    consent: bool = False,
    sector: str | None = None,
    level: str | None = None,
    attendance: str | None = None,
    sids_list: str = "m49",
) -> PersonFacts:
    """Derive a person's facts (region, LDC/LLDC/SIDS, category kind) from raw values.

    The zone follows :func:`agenda.time.policy.person_zone` (own, else the capital's, else
    ``home_zone``); without a home zone it may stay None (unknown). ``sids_list`` is the
    list of small island developing States the SIDS rules use (``[balance] sids_list``:
    ``m49`` or ``ohrlls``)."""
    region, ldc, lldc, sids = _country_facts(sids_list).get(
        (country or "").upper(), (UNKNOWN_REGION, False, False, False)
    )
    category = category or ""
    known = known_zone(timezone, country)
    subregion, country_languages = _country_more().get(
        (country or "").upper(), (UNKNOWN_REGION, ())
    )
    kind = _category_kinds().get(category, "unknown")
    governmental = kind == "governmental"
    if governmental and not level:
        level = "local" if category in LOCAL_CATEGORIES else "national"
    own = tuple(str(code).lower() for code in (languages or ()) if code)
    return PersonFacts(
        id=person_id,
        name=name,
        gender=str(gender or "unknown"),
        country=country,
        region=region,
        ldc=ldc,
        lldc=lldc,
        sids=sids,
        category=category,
        category_kind=_category_kinds().get(category, "unknown"),
        youth=bool(is_youth) or category in YOUTH_CATEGORIES,
        migrant=bool(is_migrant) or category in MIGRANT_CATEGORIES,
        timezone=person_zone(timezone, country, home_zone) if home_zone else known,
        subregion=subregion,
        languages=own or country_languages,
        age_band=age_band(birth_year, band, reference_year),
        self_ids=frozenset(
            key for key in (self_identification or ()) if consent and key in SELF_IDENTIFICATION
        ),
        sector=(sector if sector in SECTORS else "other" if sector else None)
        if governmental
        else None,
        level=(level if level in LEVELS else None) if governmental else None,
        attendance=str(attendance or "registered"),
    )


@dataclass(slots=True)
class Snapshot:
    """People, sessions and slots of one meeting."""

    people: dict[int, PersonFacts]
    sessions: dict[int, SessionFacts]
    slots: dict[int, Slot]
    home_zone: str | None = None
    #: The meeting's year (ages from years of birth) and its interpretation languages.
    year: int | None = None
    interpretation: tuple[str, ...] = ("es", "en")
    #: The list of small island developing States used (``[balance] sids_list``).
    sids_list: str = "m49"


#: Person columns the snapshot reads, in :func:`facts_from_row` order.
PERSON_COLUMNS = (
    Person.id,
    Person.given_name,
    Person.family_name,
    Person.gender,
    Person.country,
    Person.category,
    Person.is_youth,
    Person.is_migrant,
    Person.timezone,
    Person.languages,
    Person.birth_year,
    Person.age_band,
    Person.self_identification,
    Person.self_id_consent_at,
    Person.gov_sector,
    Person.gov_level,
    Person.attendance,
)


def facts_from_row(
    row: tuple[Any, ...], home_zone: str | None, year: int | None, sids_list: str = "m49"
) -> PersonFacts:
    """PersonFacts of one row of :data:`PERSON_COLUMNS`."""
    (pid, given, family, gender, country, category, youth, migrant, zone) = row[:9]
    languages, birth, band, self_ids, consent_at, sector, level, attendance = row[9:]
    return person_facts(
        pid,
        f"{given} {family}".strip(),
        gender,
        country,
        category,
        youth,
        migrant,
        zone,
        home_zone,
        languages=languages,
        birth_year=birth,
        band=band,
        reference_year=year,
        self_identification=self_ids,
        consent=consent_at is not None,
        sector=sector,
        level=level,
        attendance=str(attendance) if attendance is not None else None,
        sids_list=sids_list,
    )


def load_snapshot(db: DbSession, meeting: Meeting | int, sids_list: str = "m49") -> Snapshot:
    """Read people, the meeting's sessions and their assignments with three column queries
    (``sids_list``: which list of small island developing States the SIDS rules use)."""
    meeting_id = meeting if isinstance(meeting, int) else meeting.id
    row = db.execute(
        select(Meeting.home_tz, Meeting.start_date, Meeting.interpretation_languages).where(
            Meeting.id == meeting_id
        )
    ).one()
    home_zone, start_date, interpretation = row
    year = start_date.year if start_date else None
    people = {
        facts.id: facts
        for facts in (
            facts_from_row(tuple(r), home_zone, year, sids_list)
            for r in db.execute(select(*PERSON_COLUMNS))
        )
    }
    sessions = {
        row.id: SessionFacts(row.id, row.kind, row.title_en, row.title_es, row.start, row.end)
        for row in db.execute(
            select(
                Session.id,
                Session.kind,
                Session.title_en,
                Session.title_es,
                Session.start,
                Session.end,
            ).where(Session.meeting_id == meeting_id)
        )
    }
    slots = {}
    slot_rows = db.execute(
        select(
            RoleAssignment.id,
            RoleAssignment.session_id,
            RoleAssignment.person_id,
            RoleAssignment.role,
            RoleAssignment.status,
            RoleAssignment.substitute_for_id,
        )
        .join(Session, Session.id == RoleAssignment.session_id)
        .where(Session.meeting_id == meeting_id, Session.kind != SessionKind.BREAK)
    )
    for aid, sid, pid, role, status, substitute_for in slot_rows:
        slots[aid] = Slot(aid, sid, pid, Role(role), str(status), substitute_for)
    return Snapshot(
        people=people,
        sessions=sessions,
        slots=slots,
        home_zone=home_zone,
        year=year,
        interpretation=tuple(str(code).lower() for code in (interpretation or ())),
        sids_list=sids_list,
    )
