"""Speaker rosters: role assignments, the invitation status pipeline, and substitutes.

Pipeline (see :data:`TRANSITIONS`)::

    nominated -> invited -> accepted | declined | tentative
    tentative -> accepted | declined
    accepted  -> confirmed
    any active state (nominated, invited, tentative, accepted, confirmed) -> withdrawn

Every status change adds a :class:`~agenda.model.orm.StatusChange` history row and one audit
entry, in the caller's transaction. A substitute is a :class:`RoleAssignment` for the same
session and role whose ``substitute_for_id`` names the holder's assignment; substitutes do not
count as holders (balance rules ignore them) until :func:`promote_substitute` makes one the
holder, which happens automatically when the holder declines or withdraws.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from agenda.model import audit
from agenda.model.enums import ACTIVE_STATUSES, InvitationStatus, Role, SessionKind
from agenda.model.errors import NotFoundError, ValidationError
from agenda.model.orm import Person, RoleAssignment, Session, StatusChange
from agenda.model.uow import check_version, lock_for_update
from agenda.people.edit import PERSON_FIELDS, update_person  # noqa: F401 - re-exported

S = InvitationStatus

#: Allowed next statuses for each status. Declined and withdrawn are final.
TRANSITIONS: dict[InvitationStatus, frozenset[InvitationStatus]] = {
    S.NOMINATED: frozenset({S.INVITED, S.WITHDRAWN}),
    S.INVITED: frozenset({S.ACCEPTED, S.DECLINED, S.TENTATIVE, S.WITHDRAWN}),
    S.TENTATIVE: frozenset({S.ACCEPTED, S.DECLINED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.CONFIRMED, S.WITHDRAWN}),
    S.CONFIRMED: frozenset({S.WITHDRAWN}),
    S.DECLINED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
#: Statuses after which a substitute takes over the role.
VACATING_STATUSES = frozenset({S.DECLINED, S.WITHDRAWN})
_ORDER = list(InvitationStatus)


def allowed_transitions(status: InvitationStatus | str) -> list[InvitationStatus]:
    """Statuses reachable from ``status`` in one step, in pipeline order."""
    return sorted(TRANSITIONS[InvitationStatus(status)], key=_ORDER.index)


def check_transition(
    current: InvitationStatus | str,
    target: InvitationStatus | str,
    table: Mapping[InvitationStatus, frozenset[InvitationStatus]] | None = None,
) -> None:
    """Raise ValidationError naming the allowed statuses when ``current -> target`` is invalid
    (by :data:`TRANSITIONS`, or by ``table`` when given, e.g. the answers a reply may give)."""
    current, target = InvitationStatus(current), _status(target)
    rules = TRANSITIONS if table is None else table
    if target in rules.get(current, frozenset()):
        return
    allowed = ", ".join(s.value for s in sorted(rules.get(current, ()), key=_ORDER.index))
    raise ValidationError(
        f"cannot change status from {current.value} to {target.value}; "
        + (f"allowed from {current.value}: {allowed}" if allowed else f"{current.value} is final")
        + f" / no se puede pasar de {current.value} a {target.value}"
    )


def _status(value: InvitationStatus | str) -> InvitationStatus:
    try:
        return InvitationStatus(value)
    except ValueError:
        valid = ", ".join(s.value for s in InvitationStatus)
        raise ValidationError(f"unknown status {value!r}; valid statuses: {valid}") from None


def _role(value: Role | str) -> Role:
    try:
        return Role(value)
    except ValueError:
        valid = ", ".join(r.value for r in Role)
        raise ValidationError(f"unknown role {value!r}; valid roles: {valid}") from None


def _get_session(db: DbSession, session: Session | int) -> Session:
    if isinstance(session, Session):
        return session
    found = db.get(Session, session)
    if found is None:
        raise NotFoundError(f"no session with id {session}; see `meetingctl agenda show`")
    return found


def _get_person(db: DbSession, person: Person | int) -> Person:
    if isinstance(person, Person):
        return person
    found = db.get(Person, person)
    if found is None:
        raise NotFoundError(f"no person with id {person}; see `meetingctl people list`")
    return found


def get_assignment(db: DbSession, assignment_id: int) -> RoleAssignment:
    """The assignment with ``assignment_id`` or NotFoundError."""
    found = db.get(RoleAssignment, assignment_id)
    if found is None:
        raise NotFoundError(f"no role assignment with id {assignment_id}")
    return found


def _history(
    db: DbSession,
    assignment: RoleAssignment,
    old: InvitationStatus | None,
    new: InvitationStatus,
    actor: str,
    note: str = "",
) -> None:
    db.add(
        StatusChange(
            assignment_id=assignment.id,
            old_status=old.value if old else None,
            new_status=new.value,
            actor=actor,
            note=note,
        )
    )


def assign(
    db: DbSession,
    session: Session | int,
    person: Person | int,
    role: Role | str,
    actor: str,
    speaking_minutes: int | None = None,
    *,
    status: InvitationStatus | str = S.NOMINATED,
    substitute_for: RoleAssignment | int | None = None,
    note: str = "",
) -> RoleAssignment:
    """Give ``person`` a ``role`` in ``session`` (status nominated unless told) and return it.

    Rejects breaks (no panel), a second identical slot (same session, person and role) and
    minutes outside 1-600. The session's row is locked first, so two organizers assigning to
    the same session at once get distinct panel positions; the session's version goes up.
    """
    target_session, target_person, target_role = (
        _get_session(db, session),
        _get_person(db, person),
        _role(role),
    )
    lock_for_update(db, target_session)
    if target_session.kind == SessionKind.BREAK:
        raise ValidationError(
            f"session {target_session.id} ({target_session.title_en}) is a break: nobody can "
            "hold a role in it; choose a programme session (see `meetingctl agenda show`)"
        )
    if speaking_minutes is not None and not 0 < speaking_minutes <= 600:
        raise ValidationError(f"speaking minutes must be between 1 and 600, got {speaking_minutes}")
    existing = db.scalar(
        select(RoleAssignment).where(
            RoleAssignment.session_id == target_session.id,
            RoleAssignment.person_id == target_person.id,
            RoleAssignment.role == target_role,
        )
    )
    if existing is not None:
        raise ValidationError(
            f"{target_person.full_name} already holds {target_role.value} in session "
            f"{target_session.id} (assignment {existing.id}, {existing.status.value})"
        )
    holder_id = substitute_for.id if isinstance(substitute_for, RoleAssignment) else substitute_for
    position = db.scalar(
        select(func.coalesce(func.max(RoleAssignment.position), -1) + 1).where(
            RoleAssignment.session_id == target_session.id
        )
    )
    assignment = RoleAssignment(
        session_id=target_session.id,
        person_id=target_person.id,
        role=target_role,
        status=_status(status),
        position=int(position or 0),
        speaking_minutes=speaking_minutes,
        substitute_for_id=holder_id,
    )
    target_session.touch()
    db.add(assignment)
    db.flush()
    _history(db, assignment, None, assignment.status, actor, note)
    audit.record(
        db,
        actor,
        "assignment.create",
        "role_assignment",
        assignment.id,
        session=target_session.id,
        person=target_person.id,
        role=target_role.value,
        status=assignment.status.value,
        substitute_for=holder_id,
    )
    return assignment


def unassign(
    db: DbSession, assignment_id: int, actor: str, expected_version: int | None = None
) -> None:
    """Delete an assignment (with its history); its substitutes become plain nominations."""
    assignment = get_assignment(db, assignment_id)
    check_version("role_assignment", assignment.id, assignment.version, expected_version)
    for substitute in substitutes_of(db, assignment.id):
        substitute.substitute_for_id = None
    assignment.session.touch()
    audit.record(
        db,
        actor,
        "assignment.delete",
        "role_assignment",
        assignment.id,
        session=assignment.session_id,
        person=assignment.person_id,
        role=assignment.role.value,
        status=assignment.status.value,
    )
    db.delete(assignment)
    db.flush()


def change_status(
    db: DbSession,
    assignment_id: int,
    to: InvitationStatus | str,
    actor: str,
    *,
    note: str = "",
    expected_version: int | None = None,
    promote: bool = True,
    transitions: Mapping[InvitationStatus, frozenset[InvitationStatus]] | None = None,
) -> RoleAssignment:
    """Move an assignment along the pipeline; invalid moves raise ValidationError.

    ``transitions`` replaces :data:`TRANSITIONS` for callers with their own rules (a received
    reply: :data:`agenda.messaging.reply_rules.REPLY_TRANSITIONS`, where a newer answer wins).
    When the holder declines or withdraws and ``promote`` is true, the first substitute
    nominated for the role takes over (see :func:`promote_substitute`).
    """
    assignment = get_assignment(db, assignment_id)
    check_version("role_assignment", assignment.id, assignment.version, expected_version)
    target = _status(to)
    old = assignment.status
    check_transition(old, target, transitions)
    assignment.status = target
    _history(db, assignment, old, target, actor, note)
    audit.record(
        db,
        actor,
        "assignment.status",
        "role_assignment",
        assignment.id,
        old=old.value,
        new=target.value,
        note=note,
    )
    db.flush()
    if promote and target in VACATING_STATUSES and assignment.substitute_for_id is None:
        promote_substitute(db, assignment.id, actor)
    return assignment


def substitutes_of(db: DbSession, assignment_id: int) -> list[RoleAssignment]:
    """Substitutes nominated for an assignment, first in line first."""
    query = (
        select(RoleAssignment)
        .where(RoleAssignment.substitute_for_id == assignment_id)
        .order_by(RoleAssignment.position, RoleAssignment.id)
    )
    return list(db.scalars(query))


def nominate_substitute(
    db: DbSession,
    assignment_id: int,
    person: Person | int,
    actor: str,
    *,
    note: str = "",
) -> RoleAssignment:
    """Nominate ``person`` as substitute for the holder of ``assignment_id`` (same session/role)."""
    holder = get_assignment(db, assignment_id)
    if holder.substitute_for_id is not None:
        raise ValidationError(
            f"assignment {holder.id} is itself a substitute; nominate substitutes for the holder "
            f"(assignment {holder.substitute_for_id})"
        )
    target_person = _get_person(db, person)
    if target_person.id == holder.person_id:
        raise ValidationError("a person cannot be their own substitute")
    return assign(
        db,
        holder.session_id,
        target_person,
        holder.role,
        actor,
        holder.speaking_minutes,
        substitute_for=holder.id,
        note=note or f"substitute for assignment {holder.id}",
    )


def promote_substitute(db: DbSession, assignment_id: int, actor: str) -> RoleAssignment | None:
    """Make the first active substitute of ``assignment_id`` the holder of the role.

    The holder must have declined or withdrawn. Remaining substitutes move to the promoted
    assignment. Returns the promoted assignment, or None when no active substitute exists.
    """
    holder = get_assignment(db, assignment_id)
    if holder.status in ACTIVE_STATUSES:
        raise ValidationError(
            f"assignment {holder.id} is still {holder.status.value}; a substitute takes over only "
            "after the holder declines or withdraws"
        )
    candidates = [s for s in substitutes_of(db, holder.id) if s.status in ACTIVE_STATUSES]
    if not candidates:
        return None
    promoted, rest = candidates[0], candidates[1:]
    promoted.substitute_for_id = None
    promoted.position = holder.position
    promoted.session.touch()
    for other in rest:
        other.substitute_for_id = promoted.id
    _history(
        db,
        promoted,
        promoted.status,
        promoted.status,
        actor,
        f"promoted: replaces assignment {holder.id} ({holder.status.value})",
    )
    audit.record(
        db,
        actor,
        "assignment.promote",
        "role_assignment",
        promoted.id,
        replaces=holder.id,
        person=promoted.person_id,
        session=promoted.session_id,
        role=promoted.role.value,
    )
    db.flush()
    return promoted
