"""Recording one received reply in the database: the facts a decision needs, then the decision
applied, in the caller's transaction (status changes through the roster's status path, so each
one has its history row and audit entry, together with the reply's own row)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from agenda.messaging.replies import ReplyItem
from agenda.messaging.reply_rules import (
    REPLY_TRANSITIONS,
    AssignmentFacts,
    Decision,
    Outcome,
    ReplyFacts,
    decide,
)
from agenda.model import audit
from agenda.model.enums import InvitationStatus, MessageKind
from agenda.model.orm import Person, ReceivedReply, RoleAssignment, Session, StatusChange
from agenda.people import roster
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus
from meetingctl.services.replies_views import ReplyResult


def find_person(db: DbSession, address: str) -> Person | None:
    """The person whose address is ``address`` (case-insensitive): the indexed dedupe key
    first, then the address as typed."""
    if not address:
        return None
    found = db.scalars(select(Person).where(Person.email_key == address).limit(1)).first()
    if found is None:
        query = select(Person).where(func.lower(Person.email) == address).limit(1)
        found = db.scalars(query).first()
    return found


def addresses_of(person: Person) -> frozenset[str]:
    """Every address of ``person``, lower case (the model has one per person today; alternate
    addresses added to the model belong here)."""
    return frozenset(a.strip().lower() for a in (person.email, person.email_key) if a)


def _substitute_took_over(db: DbSession, assignment: RoleAssignment) -> bool:
    """True when a substitute was promoted in place of ``assignment`` (only asked of declined
    ones: that is when an answer could give the seat to two people)."""
    if assignment.status != InvitationStatus.DECLINED:
        return False
    pattern = f"promoted: replaces assignment {assignment.id} (%"
    return (
        db.scalar(select(StatusChange.id).where(StatusChange.note.like(pattern)).limit(1))
        is not None
    )


def gather_facts(
    db: DbSession, item: ReplyItem
) -> tuple[ReplyFacts, SessionRef | None, Person | None]:
    """The facts :func:`agenda.messaging.reply_rules.decide` needs about ``item``."""
    recorded = db.scalar(
        select(ReceivedReply.id).where(ReceivedReply.fingerprint == item.fingerprint)
    )
    found = db.execute(
        select(Session.id, Session.uid, Session.title_en).where(Session.uid == item.uid)
    ).first()
    session = SessionRef(int(found[0]), str(found[1]), str(found[2])) if found else None
    person = find_person(db, item.attendee)
    if recorded is not None or session is None or person is None:
        facts = ReplyFacts(
            session_id=session.id if session else None,
            person_id=person.id if person else None,
            addresses=addresses_of(person) if person else frozenset(),
            already_recorded=recorded is not None,
        )
        return facts, session, person
    assignments = db.scalars(
        select(RoleAssignment)
        .where(RoleAssignment.session_id == session.id, RoleAssignment.person_id == person.id)
        .order_by(RoleAssignment.id)
    ).all()
    applied = db.execute(
        select(ReceivedReply.sequence, ReceivedReply.dtstamp, ReceivedReply.fingerprint).where(
            ReceivedReply.person_id == person.id,
            ReceivedReply.session_id == session.id,
            ReceivedReply.outcome == Outcome.APPLIED.value,
        )
    ).all()
    keys = [ReplyItem.key_of(seq, stamp, fp) for seq, stamp, fp in applied]
    sent = db.scalar(
        select(func.max(OutboxMessage.sequence)).where(
            OutboxMessage.person_id == person.id,
            OutboxMessage.session_uid == session.uid,
            OutboxMessage.status == OutboxStatus.SENT,
            OutboxMessage.kind.in_((MessageKind.INVITATION, MessageKind.UPDATE)),
        )
    )
    facts = ReplyFacts(
        session_id=session.id,
        person_id=person.id,
        addresses=addresses_of(person),
        assignments=tuple(
            AssignmentFacts(a.id, a.status, _substitute_took_over(db, a)) for a in assignments
        ),
        last_applied=max(keys) if keys else None,
        sent_sequence=int(sent) if sent is not None else None,
    )
    return facts, session, person


@dataclass(frozen=True, slots=True)
class SessionRef:
    """The few columns of the replied-to session a reply needs."""

    id: int
    uid: str
    title_en: str


def record_reply(db: DbSession, item: ReplyItem, source: str, actor: str) -> ReplyResult:
    """Decide what ``item`` does and do it in ``db``'s transaction; returns the result."""
    facts, session, person = gather_facts(db, item)
    decision = decide(item, facts)
    result = _result(item, decision, session, person)
    if decision.outcome == Outcome.DUPLICATE:
        return result
    note = f"reply {item.partstat.lower()} ({item.message_id or 'no Message-ID'})"
    if item.comment:
        note += f": {item.comment}"
    for assignment_id, status in decision.changes:
        roster.change_status(
            db,
            assignment_id,
            status,
            f"reply:{item.attendee}"[:120],
            note=note,
            transitions=REPLY_TRANSITIONS,
        )
    row = ReceivedReply(
        fingerprint=item.fingerprint,
        message_id=item.message_id[:300],
        source=source[:300],
        sender=item.sender[:254],
        method=item.method,
        uid=item.uid[:200],
        sequence=item.sequence,
        dtstamp=item.stamp,
        attendee=item.attendee[:254],
        partstat=item.partstat[:40],
        comment=item.comment,
        delegated_to=", ".join(item.delegated_to),
        session_id=session.id if session else None,
        person_id=person.id if person else None,
        outcome=decision.outcome.value,
        reason=decision.reason.value,
        detail=decision.detail,
        summary=f"{item.subject} | {item.summary}".strip(" |"),
    )
    db.add(row)
    db.flush()
    audit.record(
        db,
        actor,
        "reply.record",
        "received_reply",
        row.id,
        outcome=decision.outcome.value,
        reason=decision.reason.value,
        attendee=item.attendee,
        uid=item.uid,
        partstat=item.partstat,
        changes=[[aid, status.value] for aid, status in decision.changes],
    )
    return result


def _result(
    item: ReplyItem, decision: Decision, session: SessionRef | None, person: Person | None
) -> ReplyResult:
    status = decision.target.value if decision.target else ""
    if decision.outcome != Outcome.APPLIED:
        status = ""
    return ReplyResult(
        attendee=item.attendee,
        uid=item.uid,
        partstat=item.partstat,
        outcome=decision.outcome.value,
        reason=decision.reason.value,
        detail=decision.detail,
        session_id=session.id if session else None,
        person_id=person.id if person else None,
        person=person.full_name if person else "",
        session=session.title_en if session else "",
        status=status,
        changed=bool(decision.changes),
    )


__all__ = ["ReplyResult", "find_person", "gather_facts", "record_reply"]
