"""People as the People screen shows them, and the roster operations (assign, status, edit,
import) through the domain functions of ``agenda.people.roster`` and ``agenda.people.files``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from agenda import reference
from agenda.model.orm import InvitationStatus, Person, Role, Session
from meetingctl.context import AppContext
from meetingctl.tui.data import domain

ROSTER = "agenda.people.roster"


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
    """One person, flattened for the table (``search_text`` is lower-cased for filtering)."""

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
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(sorted({a.role for a in self.assignments}))

    @property
    def statuses(self) -> tuple[str, ...]:
        return tuple(sorted({a.status for a in self.assignments}))


@dataclass(frozen=True)
class PersonInput:
    """What the person form collects (normalization is the domain's job)."""

    given_name: str
    family_name: str
    honorific: str
    gender: str
    country: str
    category: str
    email: str
    position: str


def _region(iso2: str | None) -> str:
    if not iso2:
        return ""
    try:
        return reference.country(iso2).region
    except Exception:  # noqa: BLE001 - unknown code: show no region rather than fail the list
        return ""


def load_people(ctx: AppContext) -> list[PersonView]:
    """Every person with organization and role assignments."""
    with ctx.transaction() as db:
        meeting = ctx.meeting(db)
        titles = {
            s.id: s.title_en or s.title_es
            for s in db.scalars(select(Session).where(Session.meeting_id == meeting.id))
        }
        people = db.scalars(
            select(Person)
            .options(selectinload(Person.assignments))
            .order_by(Person.family_name, Person.given_name, Person.id)
        )
        views = []
        for p in people:
            organization = p.organization.name if p.organization else ""
            assignments = tuple(
                AssignmentView(
                    a.id,
                    a.version,
                    a.session_id,
                    titles.get(a.session_id, ""),
                    a.role.value,
                    a.status.value,
                )
                for a in p.assignments
                if a.session_id in titles
            )
            text = " ".join(
                [p.given_name, p.family_name, p.email or "", organization, p.position]
            ).lower()
            views.append(
                PersonView(
                    id=p.id,
                    version=p.version,
                    given_name=p.given_name,
                    family_name=p.family_name,
                    honorific=p.honorific,
                    email=p.email or "",
                    country=p.country or "",
                    region=_region(p.country),
                    gender=p.gender.value,
                    category=p.category,
                    organization=organization,
                    position=p.position,
                    assignments=assignments,
                    search_text=text,
                )
            )
        return views


def session_choices(ctx: AppContext, lang: str) -> list[tuple[str, int]]:
    """(label, id) of the meeting's sessions in start order, for pickers."""
    with ctx.transaction() as db:
        meeting = ctx.meeting(db)
        sessions = db.scalars(
            select(Session).where(Session.meeting_id == meeting.id).order_by(Session.start)
        )
        return [(f"#{s.id} {s.title(lang)}", s.id) for s in sessions]


def assign(ctx: AppContext, person_id: int, session_id: int, role: Role) -> None:
    """Give ``person_id`` a role in ``session_id`` (status nominated)."""
    assign_role = domain(ROSTER, "assign", "assign")
    with ctx.transaction() as db:
        assign_role(db, session_id, person_id, role, ctx.actor)


def set_status(
    ctx: AppContext, assignment_id: int, expected_version: int, status: InvitationStatus
) -> None:
    """Move an assignment along the invitation pipeline."""
    change = domain(ROSTER, "change_status", "status")
    with ctx.transaction() as db:
        change(db, assignment_id, status, ctx.actor, expected_version=expected_version)


def update_person(
    ctx: AppContext, person_id: int, expected_version: int, values: PersonInput
) -> None:
    """Save the person form through the roster's update function."""
    update = domain(ROSTER, "update_person", "edit_person")
    with ctx.transaction() as db:
        update(db, person_id, actor=ctx.actor, expected_version=expected_version, **values.__dict__)


def preview_import(path: str) -> Any:
    """Read a people file without writing anything (rows, errors, warnings)."""
    read = domain("agenda.people.files", "read_people_file", "import")
    return read(Path(path).expanduser())


def commit_import(ctx: AppContext, parsed: Any) -> int:
    """Write the valid rows of a previewed file; returns how many people were written."""
    write = domain("agenda.people.importer", "import_people", "import")
    with ctx.transaction() as db:
        summary = write(db, parsed.rows, ctx.actor, source=str(parsed.path))
        return int(summary.written)
