"""Warnings about the size of the list of participants.

Who is listed depends on the ``participants`` choice (``[exports] participants`` or
``--participants``; see :mod:`agenda.people.attendance`). A choice that lists nobody, or far
fewer people than are registered, usually means that attendance was never recorded: the annex
and the report say so instead of silently printing an empty or tiny list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from agenda.i18n.catalog import N_, tr
from agenda.model.enums import Attendance
from agenda.model.orm import Person
from agenda.people.attendance import counts_as_participant

#: A list with fewer than this share of the registered people is "much smaller".
FEW_SHARE = 0.25

_WHO = {
    Attendance.REGISTERED: N_("everyone registered"),
    Attendance.CONFIRMED: N_(
        "people who confirmed a role (speaker, chair...) or whose attendance is recorded as "
        "confirmed or attended"
    ),
    Attendance.ATTENDED: N_("only people whose attendance is recorded as attended"),
}
_FIX = N_(
    "record attendance with `meetingctl people attendance --person ID [--person ID ...] "
    "--status {level}`, or choose who counts with --participants or [exports] "
    "participants (registered, confirmed, attended)"
)
_TEXTS = {
    "nobody": N_(
        "the list of participants is empty: nobody is registered yet; import the people "
        "with `meetingctl people import FILE`"
    ),
    "empty": N_(
        'the list of participants is empty: with participants = "{choice}" {who} '
        "count, and none of the {registered} registered people does; {fix}"
    ),
    "few": N_(
        "only {listed} of the {registered} registered people are in the list "
        'of participants: with participants = "{choice}" {who} count; {fix}'
    ),
}


@dataclass(frozen=True)
class Headcount:
    """How many people the list of participants shows, out of how many registered."""

    participants: Attendance
    listed: int
    registered: int


@dataclass(frozen=True)
class HeadcountWarning:
    """The list of participants is empty or much smaller than the registered people."""

    kind: str  # "nobody" (no one registered), "empty" or "few"
    headcount: Headcount

    def message(self, lang: str = "en") -> str:
        """Who counts and how to change it, in ``lang`` ('en' or 'es')."""
        count = self.headcount
        choice = count.participants
        level = choice.value if choice != Attendance.REGISTERED else "confirmed"
        return tr(lang, _TEXTS.get(self.kind, _TEXTS["few"])).format(
            choice=choice,
            who=tr(lang, _WHO[choice]),
            registered=count.registered,
            listed=count.listed,
            fix=tr(lang, _FIX).format(level=level),
        )


def headcount(people: Iterable[Person], participants: Attendance | str) -> Headcount:
    """Count the registered people and those the ``participants`` choice lists."""
    everyone = list(people)
    listed = sum(1 for person in everyone if counts_as_participant(person, participants))
    return Headcount(Attendance(participants), listed, len(everyone))


def headcount_warnings(count: Headcount) -> tuple[HeadcountWarning, ...]:
    """A warning when the list is empty or lists fewer than :data:`FEW_SHARE` of the people."""
    if count.registered == 0:
        return (HeadcountWarning("nobody", count),)
    if count.listed == 0:
        return (HeadcountWarning("empty", count),)
    if count.listed < count.registered * FEW_SHARE:
        return (HeadcountWarning("few", count),)
    return ()
