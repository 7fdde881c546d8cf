"""What the people use cases take and return: small frozen dataclasses, never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path

from agenda.model.enums import Attendance, InvitationStatus, Role


@dataclass(frozen=True)
class AssignmentView:
    """One role a person holds."""

    assignment_id: int
    version: int
    session_id: int
    session_title: str
    role: str
    status: str


@dataclass(frozen=True)
class PersonView:
    """One person, flattened for lists (``search_text`` is lower-cased for filtering)."""

    id: int
    version: int
    given_name: str
    family_name: str
    honorific: str
    email: str
    country: str
    region: str
    gender: str
    category: str
    organization: str
    position: str
    assignments: tuple[AssignmentView, ...]
    search_text: str

    @property
    def name(self) -> str:
        """Given and family name."""
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def roles(self) -> tuple[str, ...]:
        """The roles the person holds, sorted, without repeats."""
        return tuple(sorted({a.role for a in self.assignments}))

    @property
    def statuses(self) -> tuple[str, ...]:
        """The statuses of the person's assignments, sorted, without repeats."""
        return tuple(sorted({a.status for a in self.assignments}))


@dataclass(frozen=True)
class PersonFields:
    """Values for a new or edited person; None leaves a field out (unchanged, or the default
    for a new person). The service validates and normalizes them (see agenda.people.edit)."""

    given_name: str | None = None
    family_name: str | None = None
    honorific: str | None = None
    gender: str | None = None
    country: str | None = None
    category: str | None = None
    email: str | None = None
    organization: str | None = None
    organization_es: str | None = None
    position: str | None = None
    position_es: str | None = None
    rank: int | None = None
    annex_group: str | None = None
    delegation: str | None = None
    head_of_delegation: bool | None = None
    languages: tuple[str, ...] | None = None
    timezone: str | None = None
    is_youth: bool | None = None
    is_migrant: bool | None = None
    accessibility: str | None = None
    notes: str | None = None
    #: Balance fields (issue 16): government sector and level, age, consented self-identification.
    gov_sector: str | None = None
    gov_level: str | None = None
    birth_year: int | None = None
    age_band: str | None = None
    self_identification: tuple[str, ...] | None = None
    self_id_consent_at: str | None = None
    self_id_consent_note: str | None = None

    def given(self) -> dict[str, object]:
        """The fields that are set (name -> value)."""
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name)) is not None}


@dataclass(frozen=True)
class PersonSaved:
    """A person after ``add_person`` or ``edit_person``."""

    id: int
    version: int
    name: str
    email: str
    organization: str


@dataclass(frozen=True)
class SessionChoice:
    """A session as a picker offers it."""

    session_id: int
    label: str


@dataclass(frozen=True)
class Assigned:
    """A new role assignment."""

    assignment_id: int
    person_name: str
    person_gender: str
    role: Role
    session_id: int
    status: InvitationStatus


@dataclass(frozen=True)
class Unassigned:
    """A removed role assignment; its substitutes became plain nominations."""

    assignment_id: int
    released_substitutes: tuple[int, ...]


@dataclass(frozen=True)
class PersonRef:
    """Who holds an assignment."""

    assignment_id: int
    name: str


@dataclass(frozen=True)
class StatusChanged:
    """An assignment moved along the pipeline; ``promoted`` substitutes took over."""

    assignment_id: int
    old: InvitationStatus
    new: InvitationStatus
    promoted: tuple[PersonRef, ...]


@dataclass(frozen=True)
class SubstituteNominated:
    """A substitute nominated for the holder of ``holder_id``."""

    assignment_id: int
    name: str
    holder_id: int


@dataclass(frozen=True)
class HistoryView:
    """One status change of an assignment."""

    old: str | None
    new: str
    at: datetime
    actor: str
    note: str


@dataclass(frozen=True)
class RoleView:
    """A role assignment with its history, as `people roles` lists it."""

    id: int
    session_id: int
    person_id: int
    person: str
    role: str
    status: str
    substitute_for: int | None
    version: int
    history: tuple[HistoryView, ...]


@dataclass(frozen=True)
class AttendanceRecorded:
    """The people whose attendance was recorded (id, name), in the order given."""

    status: Attendance
    people: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class RosterExported:
    """The roster file written and how many people it lists."""

    path: Path
    count: int
