"""What a received iTIP reply does to a person's invitation status (issue 14 item 3).

Pure: :func:`decide` takes a :class:`~agenda.messaging.replies.ReplyItem` and the facts the
caller read from the database (:class:`ReplyFacts`) and returns a :class:`Decision`.

Outcomes:

* ``applied``: PARTSTAT ACCEPTED/DECLINED/TENTATIVE moves the role to accepted/declined/
  tentative (``changed`` is false when the status already was that one);
* ``stale``: recorded only. The reply is not newer than the last answer applied for that
  person and session, comparing SEQUENCE first, then DTSTAMP (RFC 5546 2.1.5), so a reply to an
  older SEQUENCE than the person last received never overrides a newer answer;
* ``review``: queued for a person to look at, never applied: an unknown UID, an address that
  was not invited to that session, a message whose From is not the ATTENDEE (a forged or
  relayed answer), a DELEGATED-TO, a COUNTER proposal, a PARTSTAT that is no answer, or an
  answer the pipeline does not allow (see below);
* ``duplicate``: the same answer was already recorded; nothing changes.

**People change their minds: the newest reply wins** (:data:`REPLY_TRANSITIONS`). Accepted or
tentative may turn into declined, and accepted into tentative; a decline after the organizer
confirmed the person is applied too (the person will not come). A person who declined may
accept later, unless a substitute has taken over the role (then the reply is queued: two
people would hold the seat). Withdrawn (the organizer's decision) is never undone by a reply,
and a "tentative" does not lower a confirmation. Because only the newest answer counts and
every allowed answer can follow every other one, replies applied in any order end on the same
status as replies applied in (SEQUENCE, DTSTAMP) order.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from agenda.i18n.catalog import N_, tr
from agenda.messaging.replies import ReplyItem
from agenda.model.enums import InvitationStatus

S = InvitationStatus

#: iTIP PARTSTAT -> invitation status.
PARTSTAT_STATUS: dict[str, InvitationStatus] = {
    "ACCEPTED": S.ACCEPTED,
    "DECLINED": S.DECLINED,
    "TENTATIVE": S.TENTATIVE,
}

#: Status a reply may move an assignment from -> statuses it may move it to.
REPLY_TRANSITIONS: dict[InvitationStatus, frozenset[InvitationStatus]] = {
    S.INVITED: frozenset({S.ACCEPTED, S.DECLINED, S.TENTATIVE}),
    S.TENTATIVE: frozenset({S.ACCEPTED, S.DECLINED}),
    S.ACCEPTED: frozenset({S.DECLINED, S.TENTATIVE}),
    S.CONFIRMED: frozenset({S.DECLINED}),
    S.DECLINED: frozenset({S.ACCEPTED, S.TENTATIVE}),
}


class Outcome(enum.StrEnum):
    """What happened to a received reply."""

    APPLIED = "applied"
    STALE = "stale"
    REVIEW = "review"
    DUPLICATE = "duplicate"


class Reason(enum.StrEnum):
    """Why a reply was queued for review or recorded only (stable ids, shown translated)."""

    NONE = ""
    UNKNOWN_UID = "unknown-uid"
    NOT_INVITED = "not-invited"
    FORGED = "sender-mismatch"
    DELEGATED = "delegated"
    COUNTER = "counter"
    NO_ANSWER = "no-answer"
    NOT_ALLOWED = "not-allowed"
    SUBSTITUTE_HOLDS = "substitute-holds"
    OLDER = "older-reply"
    OLDER_SEQUENCE = "older-sequence"


#: What each reason means, for people (msgids; translated by :func:`describe_reason`).
REASON_TEXT: dict[Reason, str] = {
    Reason.UNKNOWN_UID: N_("no session has this UID"),  # es: ninguna sesión tiene este UID
    Reason.NOT_INVITED: N_("this address was not invited to the session"),
    # es: esta dirección no fue invitada a la sesión
    Reason.FORGED: N_("the sender is not the attendee who answers"),
    # es: el remitente no es la persona que responde
    Reason.DELEGATED: N_("delegated to someone else"),  # es: delegada en otra persona
    Reason.COUNTER: N_("proposes another time"),  # es: propone otro horario
    Reason.NO_ANSWER: N_("no answer in the reply"),  # es: la respuesta no contesta
    Reason.NOT_ALLOWED: N_("the status cannot change this way by reply"),
    # es: el estado no puede cambiar así por una respuesta
    Reason.SUBSTITUTE_HOLDS: N_("a substitute now holds the role"),
    # es: un suplente ocupa ahora el papel
    Reason.OLDER: N_("older than the answer already applied"),
    # es: anterior a la respuesta ya aplicada
    Reason.OLDER_SEQUENCE: N_("answers an earlier version of the invitation"),
    # es: responde a una versión anterior de la invitación
}


def describe_reason(lang: str, reason: Reason | str) -> str:
    """The reason in words, in ``lang`` (empty for no reason)."""
    try:
        text = REASON_TEXT.get(Reason(reason), "")
    except ValueError:
        return str(reason)
    return tr(lang, text) if text else ""


@dataclass(frozen=True, slots=True)
class AssignmentFacts:
    """One role the attendee holds in the session, as stored."""

    assignment_id: int
    status: InvitationStatus
    substitute_took_over: bool = False


@dataclass(frozen=True, slots=True)
class ReplyFacts:
    """What the database says about a reply's session and attendee.

    ``addresses`` are every address of the matched person (lower case; the primary one and
    any alternates); ``last_applied`` the order key of the newest answer applied for that
    person and session; ``sent_sequence`` the highest SEQUENCE sent to the person.
    """

    session_id: int | None
    person_id: int | None = None
    addresses: frozenset[str] = frozenset()
    assignments: tuple[AssignmentFacts, ...] = ()
    last_applied: tuple[int, datetime, str] | None = None
    sent_sequence: int | None = None
    already_recorded: bool = False


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome, its reason, and the status changes to make (assignment id -> status)."""

    outcome: Outcome
    reason: Reason = Reason.NONE
    changes: tuple[tuple[int, InvitationStatus], ...] = ()
    target: InvitationStatus | None = None
    detail: str = ""


def decide(item: ReplyItem, facts: ReplyFacts) -> Decision:
    """The outcome of ``item`` given ``facts`` (see the module docstring for the rules)."""
    if facts.already_recorded:
        return Decision(Outcome.DUPLICATE)
    if item.method == "COUNTER":
        return Decision(Outcome.REVIEW, Reason.COUNTER)
    if facts.session_id is None:
        return Decision(Outcome.REVIEW, Reason.UNKNOWN_UID, detail=item.uid)
    if item.sender not in (facts.addresses | {item.attendee}):
        return Decision(Outcome.REVIEW, Reason.FORGED, detail=f"{item.sender} != {item.attendee}")
    invited = [a for a in facts.assignments if a.status != S.NOMINATED]
    if facts.person_id is None or not invited:
        return Decision(Outcome.REVIEW, Reason.NOT_INVITED, detail=item.attendee)
    if item.delegated_to or item.partstat == "DELEGATED":
        return Decision(Outcome.REVIEW, Reason.DELEGATED, detail=", ".join(item.delegated_to))
    target = PARTSTAT_STATUS.get(item.partstat)
    if target is None:
        return Decision(Outcome.REVIEW, Reason.NO_ANSWER, detail=item.partstat or "(none)")
    if facts.last_applied is not None and item.order_key <= facts.last_applied:
        return Decision(Outcome.STALE, Reason.OLDER, target=target)
    changes: list[tuple[int, InvitationStatus]] = []
    for assignment in invited:
        if assignment.status == target or (
            assignment.status == S.CONFIRMED and target == S.ACCEPTED
        ):
            continue
        if target not in REPLY_TRANSITIONS.get(assignment.status, frozenset()):
            return Decision(
                Outcome.REVIEW,
                Reason.NOT_ALLOWED,
                target=target,
                detail=f"{assignment.status.value} -> {target.value}",
            )
        if assignment.status == S.DECLINED and assignment.substitute_took_over:
            return Decision(Outcome.REVIEW, Reason.SUBSTITUTE_HOLDS, target=target)
        changes.append((assignment.assignment_id, target))
    older = facts.sent_sequence is not None and item.sequence < facts.sent_sequence
    return Decision(
        Outcome.APPLIED,
        Reason.OLDER_SEQUENCE if older else Reason.NONE,
        tuple(changes),
        target,
    )
