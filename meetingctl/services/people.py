"""People use cases: the roster list, file import and export, adding and editing a person,
role assignments with their status pipeline and substitutes, and attendance.

`meetingctl people ...` and the TUI People screen both call :class:`PeopleService`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from agenda import reference
from agenda.i18n.catalog import N_, tr_table
from agenda.i18n.invite import supported_languages
from agenda.model.enums import Attendance, InvitationStatus, Role
from agenda.model.errors import NotFoundError, ValidationError
from agenda.model.orm import Person, RoleAssignment, Session
from agenda.people import roster
from agenda.people.attendance import set_attendance
from agenda.people.edit import create_person, update_person
from agenda.people.export import export_roster
from agenda.people.unknowns import ValueMap
from agenda.programme.reading import status_label
from meetingctl.services.people_import import ImportRequest, ImportResult, import_file
from meetingctl.services.people_views import (
    Assigned,
    AssignmentView,
    AttendanceRecorded,
    HistoryView,
    PersonFields,
    PersonRef,
    PersonSaved,
    PersonView,
    RoleView,
    RosterExported,
    SessionChoice,
    StatusChanged,
    SubstituteNominated,
    Unassigned,
)

if TYPE_CHECKING:
    from meetingctl.context import AppContext

_MSGIDS = {
    "no_substitute": N_("assignment {id} has no active substitute"),
    "refused": N_("cannot change the status of this assignment from {old} to {new}"),
    "allowed": N_("allowed from {old}: {allowed}"),
    "final": N_("{old} is final"),
}
ROSTER_FORMATS = ("csv", "xlsx")


def _words(lang: str) -> dict[str, str]:
    if lang not in supported_languages():
        raise ValidationError(f"lang: {lang!r} is not one of {', '.join(supported_languages())}")
    return tr_table(lang, _MSGIDS)


def _region(iso2: str | None) -> str:
    if not iso2:
        return ""
    try:
        return reference.country(iso2).region
    except Exception:  # noqa: BLE001 - unknown code: show no region rather than fail the list
        return ""


def _person_view(person: Person, titles: dict[int, str]) -> PersonView:
    organization = person.organization.name if person.organization else ""
    assignments = tuple(
        AssignmentView(
            a.id,
            a.version,
            a.session_id,
            titles.get(a.session_id, ""),
            a.role.value,
            a.status.value,
        )
        for a in person.assignments
        if a.session_id in titles
    )
    text = " ".join(
        [
            person.given_name,
            person.family_name,
            person.email or "",
            organization,
            person.position,
            person.position_es,
        ]
    ).lower()
    return PersonView(
        id=person.id,
        version=person.version,
        given_name=person.given_name,
        family_name=person.family_name,
        honorific=person.honorific,
        email=person.email or "",
        country=person.country or "",
        region=_region(person.country),
        gender=person.gender.value,
        category=person.category,
        organization=organization,
        position=person.position,
        assignments=assignments,
        search_text=text,
    )


def roster_record(person: Person, include_sensitive: bool = False) -> dict[str, object]:
    """A person as :func:`agenda.people.export.export_roster` writes it (one roster row);
    the sensitive demography only with ``include_sensitive``."""
    sensitive: dict[str, object] = {}
    if include_sensitive:
        sensitive = {
            "birth_year": person.birth_year,
            "age_band": person.age_band,
            "self_identification": list(person.self_identification or ()),
            "self_id_consent_at": person.self_id_consent_at,
        }
    return sensitive | {
        "honorific": person.honorific,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "email": person.email or "",
        "email_key": person.email_key or "",
        "country": person.country,
        "gender": person.gender.value,
        "organization": person.organization.name if person.organization else "",
        "organization_es": person.organization.name_es if person.organization else "",
        "position": person.position,
        "position_es": person.position_es,
        "category": person.category,
        "delegation": person.delegation,
        "head_of_delegation": person.head_of_delegation,
        "is_youth": person.is_youth,
        "languages": tuple(person.languages or ()),
        "timezone": person.timezone,
        "accessibility": person.accessibility,
    }


def _saved(person: Person) -> PersonSaved:
    organization = person.organization.name if person.organization else ""
    email = person.email or ""
    return PersonSaved(person.id, person.version, person.full_name, email, organization)


class PeopleService:
    """The people use cases, on one composition root."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    # ---- the roster ------------------------------------------------------------------------
    def list_people(self, country: str | None = None) -> tuple[PersonView, ...]:
        """Everyone (or the people of ``country``, ISO2), by family then given name, with
        their roles in the meeting's sessions (none when the database has no meeting yet)."""
        with self.ctx.transaction() as db:
            titles = self._session_titles(db)
            query = (
                select(Person)
                .options(selectinload(Person.assignments))
                .order_by(Person.family_name, Person.given_name, Person.id)
            )
            if country:
                query = query.where(Person.country == country.strip().upper())
            return tuple(_person_view(p, titles) for p in db.scalars(query))

    def _session_titles(self, db: DbSession) -> dict[int, str]:
        try:
            meeting = self.ctx.meeting(db)
        except NotFoundError:
            return {}
        sessions = db.scalars(select(Session).where(Session.meeting_id == meeting.id))
        return {s.id: s.title_en or s.title_es for s in sessions}

    def session_choices(self, lang: str) -> tuple[SessionChoice, ...]:
        """The meeting's sessions in start order, labelled for pickers ("#12 Opening")."""
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            sessions = db.scalars(
                select(Session).where(Session.meeting_id == meeting.id).order_by(Session.start)
            )
            return tuple(SessionChoice(s.id, f"#{s.id} {s.title(lang)}") for s in sessions)

    def import_file(self, request: ImportRequest) -> ImportResult:
        """Import a people file all or nothing (see :class:`ImportRequest`); raises
        :class:`~meetingctl.services.people_import.ImportRefused` when rows are rejected."""
        return import_file(self.ctx, request)

    def preview_import(
        self,
        path: Path,
        mapping: Path | None = None,
        lang: str = "en",
        values: ValueMap | None = None,
    ) -> ImportResult:
        """What importing ``path`` would do, with every rejected cell and the values that
        cannot be read (grouped); ``values`` maps some of them (picked in the TUI). Writes
        nothing."""
        request = ImportRequest(
            path,
            mapping,
            dry_run=True,
            skip_invalid=True,
            write_rejects=False,
            lang=lang,
            values=values or None,
        )
        return import_file(self.ctx, request)

    def export_roster(
        self,
        path: Path,
        fmt: str | None = None,
        lang: str = "en",
        include_sensitive: bool = False,
    ) -> RosterExported:
        """Write everyone to ``path`` as ``fmt`` ('csv' or 'xlsx'; default from the extension:
        .xlsx is XLSX, anything else CSV); formula-like cells escaped. Year of birth, age band
        and consented self-identification only when ``include_sensitive`` (the organizer asks)."""
        fmt = fmt or ("xlsx" if path.suffix.lower() == ".xlsx" else "csv")
        if fmt not in ROSTER_FORMATS:
            raise ValidationError(f"format: {fmt!r} is not one of {', '.join(ROSTER_FORMATS)}")
        with self.ctx.transaction() as db:
            people = db.scalars(select(Person).order_by(Person.family_name, Person.given_name))
            records = [roster_record(person, include_sensitive) for person in people]
        return RosterExported(
            path, export_roster(records, path, fmt, lang, include_sensitive=include_sensitive)
        )

    # ---- one person ------------------------------------------------------------------------
    def add_person(self, values: PersonFields) -> PersonSaved:
        """A new person; the same checks as an import row or an edit (given name required,
        e-mail valid and not taken, known country, category, zone and languages)."""
        fields = values.given()
        if not str(fields.get("given_name") or "").strip():
            raise ValidationError("given_name: a person needs a given name")
        with self.ctx.transaction() as db:
            return _saved(create_person(db, actor=self.ctx.actor, **fields))

    def edit_person(
        self, person_id: int, values: PersonFields, expected_version: int | None = None
    ) -> PersonSaved:
        """Change the fields set in ``values``; a stale ``expected_version`` is a conflict."""
        with self.ctx.transaction() as db:
            person = update_person(
                db,
                person_id,
                actor=self.ctx.actor,
                expected_version=expected_version,
                **values.given(),
            )
            return _saved(person)

    def set_attendance(self, person_ids: Iterable[int], status: Attendance) -> AttendanceRecorded:
        """Record ``status`` (registered, confirmed, attended) for every listed person."""
        ids = list(person_ids)
        with self.ctx.transaction() as db:
            people = set_attendance(db, ids, status, actor=self.ctx.actor)
            recorded = tuple((p.id, p.full_name) for p in people)
            return AttendanceRecorded(Attendance(status), recorded)

    # ---- roles -----------------------------------------------------------------------------
    def assign(
        self, person_id: int, session_id: int, role: Role, minutes: int | None = None
    ) -> Assigned:
        """Give a person a role in a session (status nominated)."""
        with self.ctx.transaction() as db:
            a = roster.assign(db, session_id, person_id, role, self.ctx.actor, minutes)
            return Assigned(
                a.id, a.person.full_name, a.person.gender.value, a.role, a.session_id, a.status
            )

    def unassign(self, assignment_id: int, expected_version: int | None = None) -> Unassigned:
        """Remove a role assignment; its substitutes become plain nominations."""
        with self.ctx.transaction() as db:
            released = tuple(s.id for s in roster.substitutes_of(db, assignment_id))
            roster.unassign(db, assignment_id, self.ctx.actor, expected_version)
            return Unassigned(assignment_id, released)

    @staticmethod
    def allowed_transitions(status: InvitationStatus | str) -> tuple[InvitationStatus, ...]:
        """The statuses an assignment in ``status`` may move to next, in pipeline order."""
        return tuple(roster.allowed_transitions(status))

    def change_status(
        self,
        assignment_id: int,
        target: InvitationStatus,
        *,
        note: str = "",
        expected_version: int | None = None,
        promote: bool = True,
        lang: str = "en",
    ) -> StatusChanged:
        """Move an assignment along nominated -> invited -> accepted|declined -> confirmed
        (withdrawn from any active state); on decline/withdraw the first substitute takes over
        unless ``promote`` is false. A refused move names the allowed ones, in ``lang``."""
        words = _words(lang)
        with self.ctx.transaction() as db:
            current = roster.get_assignment(db, assignment_id).status
            _check_transition(current, InvitationStatus(target), lang, words)
            waiting = [sub.id for sub in roster.substitutes_of(db, assignment_id)]
            assignment = roster.change_status(
                db,
                assignment_id,
                target,
                self.ctx.actor,
                note=note,
                expected_version=expected_version,
                promote=promote,
            )
            promoted = []
            for sub_id in waiting:
                sub = db.get(RoleAssignment, sub_id)
                if sub is not None and sub.substitute_for_id is None:
                    promoted.append(PersonRef(sub.id, sub.person.full_name))
            return StatusChanged(assignment.id, current, assignment.status, tuple(promoted))

    def nominate_substitute(self, assignment_id: int, person_id: int) -> SubstituteNominated:
        """Nominate ``person_id`` as substitute for the holder of ``assignment_id``."""
        with self.ctx.transaction() as db:
            created = roster.nominate_substitute(db, assignment_id, person_id, self.ctx.actor)
            return SubstituteNominated(created.id, created.person.full_name, assignment_id)

    def promote_substitute(self, assignment_id: int, lang: str = "en") -> PersonRef:
        """Make the first active substitute of ``assignment_id`` the holder now."""
        words = _words(lang)
        with self.ctx.transaction() as db:
            promoted = roster.promote_substitute(db, assignment_id, self.ctx.actor)
            if promoted is None:
                raise ValidationError(words["no_substitute"].format(id=assignment_id))
            return PersonRef(promoted.id, promoted.person.full_name)

    def roles(self, session_id: int | None = None) -> tuple[RoleView, ...]:
        """The meeting's role assignments (or one session's) with their status history."""
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            query = (
                select(RoleAssignment)
                .join(Session)
                .where(Session.meeting_id == meeting.id)
                .options(selectinload(RoleAssignment.history))
                .order_by(Session.start, RoleAssignment.position, RoleAssignment.id)
            )
            if session_id is not None:
                query = query.where(Session.id == session_id)
            return tuple(
                RoleView(
                    id=a.id,
                    session_id=a.session_id,
                    person_id=a.person_id,
                    person=a.person.full_name,
                    role=a.role.value,
                    status=a.status.value,
                    substitute_for=a.substitute_for_id,
                    version=a.version,
                    history=tuple(
                        HistoryView(h.old_status, h.new_status, h.at, h.actor, h.note)
                        for h in a.history
                    ),
                )
                for a in db.scalars(query)
            )


def _check_transition(
    current: InvitationStatus, target: InvitationStatus, lang: str, words: dict[str, str]
) -> None:
    """ValidationError in ``lang`` naming the statuses reachable from ``current``."""
    if target in roster.TRANSITIONS[current]:
        return
    old, new = status_label(current, lang), status_label(target, lang)
    allowed = ", ".join(status_label(s, lang) for s in roster.allowed_transitions(current))
    reason = (
        words["allowed"].format(old=old, allowed=allowed)
        if allowed
        else words["final"].format(old=old)
    )
    raise ValidationError(f"{words['refused'].format(old=old, new=new)}; {reason}")
