"""Who counts as a participant, and recording attendance.

A person's participation level is the higher of:

* their recorded ``Person.attendance`` (registered < confirmed < attended), and
* ``confirmed`` when they hold an active role assignment whose status is confirmed (a speaker or
  chair who confirmed is a confirmed participant even if nobody recorded their attendance;
  ``accepted`` only counts as registered).

"Attended" comes only from the recorded attendance: a role cannot prove someone was there.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.model import audit
from agenda.model.enums import Attendance, InvitationStatus
from agenda.model.errors import NotFoundError, ValidationError
from agenda.model.orm import Person

#: How far along a participant must be to be counted for each config choice.
ATTENDANCE_RANK = {Attendance.REGISTERED: 0, Attendance.CONFIRMED: 1, Attendance.ATTENDED: 2}


def participation_level(person: Person) -> Attendance:
    """The person's level: recorded attendance, raised to confirmed by a confirmed role."""
    level = Attendance(person.attendance or Attendance.REGISTERED)
    if ATTENDANCE_RANK[level] >= ATTENDANCE_RANK[Attendance.CONFIRMED]:
        return level
    for assignment in person.assignments:
        if assignment.status == InvitationStatus.CONFIRMED:
            return Attendance.CONFIRMED
    return level


def counts_as_participant(person: Person, participants: Attendance | str) -> bool:
    """True when the person's participation level reaches the configured one."""
    try:
        wanted = Attendance(participants)
    except ValueError:
        choices = ", ".join(a.value for a in Attendance)
        raise ValidationError(
            f"unknown participants choice {participants!r}: use one of {choices}"
        ) from None
    return ATTENDANCE_RANK[participation_level(person)] >= ATTENDANCE_RANK[wanted]


def set_attendance(
    db: DbSession, person_ids: Iterable[int], status: Attendance | str, *, actor: str
) -> list[Person]:
    """Record ``status`` as the attendance of every listed person (one audit entry each).

    Raises NotFoundError naming every unknown id, before changing anything.
    """
    wanted = Attendance(status)
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        raise ValidationError("give at least one --person ID")
    people = {p.id: p for p in db.scalars(select(Person).where(Person.id.in_(ids)))}
    missing = [str(i) for i in ids if i not in people]
    if missing:
        raise NotFoundError(
            f"no person with id {', '.join(missing)}; `meetingctl people list` shows the ids"
        )
    changed = []
    for person_id in ids:
        person = people[person_id]
        before = Attendance(person.attendance or Attendance.REGISTERED)
        person.attendance = wanted
        audit.record(
            db,
            actor,
            "person.attendance",
            "person",
            person.id,
            before=before.value,
            after=wanted.value,
        )
        changed.append(person)
    db.flush()
    return changed
