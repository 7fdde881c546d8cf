"""A compact, in-memory snapshot of what balance rules need: plain frozen dataclasses.

Built once from the database (:func:`load_snapshot`, column queries, no ORM objects) so that
evaluating the rules and re-evaluating after one edit never touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import reference
from agenda.model.enums import ACTIVE_STATUSES, CHAIR_ROLES, SPEAKER_ROLES, Role, SessionKind
from agenda.model.orm import Meeting, Person, RoleAssignment, Session
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
        )


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
def _country_facts() -> dict[str, tuple[str, bool, bool, bool]]:
    facts = {}
    for item in reference.countries():
        facts[item.iso2] = (item.region, item.ldc, item.lldc, item.sids)
    return facts


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
) -> PersonFacts:
    """Derive a person's facts (region, LDC/LLDC/SIDS, category kind) from raw values.

    The zone follows :func:`agenda.time.policy.person_zone` (own, else the capital's, else
    ``home_zone``); without a home zone it may stay None (unknown)."""
    region, ldc, lldc, sids = _country_facts().get(
        (country or "").upper(), (UNKNOWN_REGION, False, False, False)
    )
    category = category or ""
    known = known_zone(timezone, country)
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
    )


@dataclass(slots=True)
class Snapshot:
    """People, sessions and slots of one meeting."""

    people: dict[int, PersonFacts]
    sessions: dict[int, SessionFacts]
    slots: dict[int, Slot]
    home_zone: str | None = None


def load_snapshot(db: DbSession, meeting: Meeting | int) -> Snapshot:
    """Read people, the meeting's sessions and their assignments with three column queries."""
    meeting_id = meeting if isinstance(meeting, int) else meeting.id
    home_zone = (
        db.scalar(select(Meeting.home_tz).where(Meeting.id == meeting_id))
        if isinstance(meeting, int)
        else meeting.home_tz
    )
    people = {}
    person_rows = db.execute(
        select(
            Person.id,
            Person.given_name,
            Person.family_name,
            Person.gender,
            Person.country,
            Person.category,
            Person.is_youth,
            Person.is_migrant,
            Person.timezone,
        )
    )
    for pid, given, family, gender, country, category, youth, migrant, zone in person_rows:
        name = f"{given} {family}".strip()
        people[pid] = person_facts(
            pid, name, gender, country, category, youth, migrant, zone, home_zone
        )
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
    return Snapshot(people=people, sessions=sessions, slots=slots, home_zone=home_zone)
