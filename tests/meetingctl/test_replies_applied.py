"""Applying iTIP replies (issue 14 item 3), every case, on SQLite and PostgreSQL: the status a
reply leaves, the outcome recorded, the review queue, idempotency, SEQUENCE/DTSTAMP order,
forged senders, the comment kept and the audit trail."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import func, select

from agenda.messaging.reply_build import reply_message
from agenda.model.enums import InvitationStatus, Role
from agenda.model.orm import AuditEntry, Person, ReceivedReply, RoleAssignment, StatusChange
from agenda.model.uow import transaction
from agenda.people import roster
from meetingctl.context import AppContext
from tests.meetingctl.replies_helpers import OTHER_UID, PEOPLE, UID, build_meeting, stamp, status_of

S = InvitationStatus


def _reply(who: str, **kwargs: Any) -> dict[str, Any]:
    email = PEOPLE[who][1] if who in PEOPLE else who
    return {"uid": UID, "attendee": email, **kwargs}


@dataclass(frozen=True)
class Case:
    name: str
    who: str
    replies: list[dict[str, Any]]
    final: InvitationStatus
    outcomes: list[str]
    reasons: list[str] = field(default_factory=list)


CASES = [
    Case("accept", "ana", [_reply("ana")], S.ACCEPTED, ["applied"]),
    Case("decline", "ana", [_reply("ana", partstat="DECLINED")], S.DECLINED, ["applied"]),
    Case("tentative", "ana", [_reply("ana", partstat="TENTATIVE")], S.TENTATIVE, ["applied"]),
    Case(
        "tentative then accept",
        "ana",
        [_reply("ana", partstat="TENTATIVE", stamp=stamp(9)), _reply("ana", stamp=stamp(10))],
        S.ACCEPTED,
        ["applied", "applied"],
    ),
    Case(
        "the same reply twice changes nothing",
        "ana",
        [_reply("ana"), _reply("ana")],
        S.ACCEPTED,
        ["applied", "duplicate"],
    ),
    Case(
        "the same answer forwarded under another Message-ID is a duplicate",
        "ana",
        [_reply("ana", message_id="<a@x>"), _reply("ana", message_id="<b@x>")],
        S.ACCEPTED,
        ["applied", "duplicate"],
    ),
    Case(
        "a reply to an older SEQUENCE does not override a newer answer",
        "ana",
        [
            _reply("ana", sequence=1, stamp=stamp(9)),
            _reply("ana", sequence=0, partstat="DECLINED", stamp=stamp(11)),
        ],
        S.ACCEPTED,
        ["applied", "stale"],
        ["", "older-reply"],
    ),
    Case(
        "DTSTAMP order: an older answer read later is recorded only",
        "ana",
        [
            _reply("ana", partstat="DECLINED", stamp=stamp(11)),
            _reply("ana", stamp=stamp(9)),
        ],
        S.DECLINED,
        ["applied", "stale"],
        ["", "older-reply"],
    ),
    Case(
        "a change of mind: accepted, then declined later",
        "carla",
        [_reply("carla", partstat="DECLINED")],
        S.DECLINED,
        ["applied"],
    ),
    Case(
        "declined, then accepted later (no substitute took over)",
        "ana",
        [_reply("ana", partstat="DECLINED", stamp=stamp(9)), _reply("ana", stamp=stamp(10))],
        S.ACCEPTED,
        ["applied", "applied"],
    ),
    Case(
        "an address that was not invited goes to review",
        "ana",
        [_reply("zed@nowhere.example")],
        S.INVITED,
        ["review"],
        ["not-invited"],
    ),
    Case(
        "a person nominated but never invited goes to review",
        "bob",
        [_reply("bob")],
        S.NOMINATED,
        ["review"],
        ["not-invited"],
    ),
    Case(
        "a person invited to another session only goes to review",
        "ana",
        [{**_reply("ana"), "uid": OTHER_UID}],
        S.INVITED,
        ["review"],
        ["not-invited"],
    ),
    Case(
        "an unknown UID goes to review",
        "ana",
        [{**_reply("ana"), "uid": "nobody@else"}],
        S.INVITED,
        ["review"],
        ["unknown-uid"],
    ),
    Case(
        "DELEGATED-TO goes to review",
        "ana",
        [_reply("ana", partstat="DELEGATED", delegated_to="deputy@example.org")],
        S.INVITED,
        ["review"],
        ["delegated"],
    ),
    Case(
        "a COUNTER proposal goes to review",
        "ana",
        [_reply("ana", method="COUNTER", partstat="NEEDS-ACTION")],
        S.INVITED,
        ["review"],
        ["counter"],
    ),
    Case(
        "From is not the ATTENDEE: a forged answer goes to review",
        "ana",
        [_reply("ana", partstat="DECLINED", sender="mallory@evil.example")],
        S.INVITED,
        ["review"],
        ["sender-mismatch"],
    ),
    Case(
        "a withdrawn person's answer goes to review",
        "dora",
        [_reply("dora")],
        S.WITHDRAWN,
        ["review"],
        ["not-allowed"],
    ),
    Case(
        "NEEDS-ACTION is no answer",
        "ana",
        [_reply("ana", partstat="NEEDS-ACTION")],
        S.INVITED,
        ["review"],
        ["no-answer"],
    ),
    Case(
        "the ATTENDEE address matches case-insensitively",
        "ana",
        [_reply("Ana.Perez@EXAMPLE.org")],
        S.ACCEPTED,
        ["applied"],
    ),
    Case(
        "a reply carried only as an .ics attachment",
        "ana",
        [_reply("ana", inline=False, attach_ics=True)],
        S.ACCEPTED,
        ["applied"],
    ),
]


@pytest.fixture
def app(engine_url, db_factory):  # type: ignore[no-untyped-def]
    build_meeting(db_factory)
    context = AppContext(database_url=engine_url)
    yield context
    context.close()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_reply_case(app, db_factory, case: Case) -> None:  # type: ignore[no-untyped-def]
    outcomes, reasons = [], []
    for number, reply in enumerate(case.replies):
        report = app.services.replies.apply_messages([(f"case#{number}", reply_message(**reply))])
        assert len(report.results) == 1
        outcomes.append(report.results[0].outcome)
        reasons.append(report.results[0].reason)
    assert outcomes == case.outcomes
    if case.reasons:
        assert reasons == case.reasons
    assert status_of(db_factory, case.who) == case.final
    with transaction(db_factory) as db:
        rows = db.scalar(select(func.count(ReceivedReply.id)))
    assert rows == len([o for o in outcomes if o != "duplicate"])
    queue = app.services.replies.listing().queue
    assert len(queue) == outcomes.count("review")


def test_a_decline_keeps_the_comment_and_is_audited(app, db_factory) -> None:  # type: ignore[no-untyped-def]
    message = reply_message(
        **_reply("ana", partstat="DECLINED", comment="Lo siento, estaré de viaje")
    )
    app.services.replies.apply_messages([("file", message)])
    with transaction(db_factory) as db:
        change = db.scalars(select(StatusChange).order_by(StatusChange.id.desc())).first()
        assert change is not None and change.new_status == "declined"
        assert "Lo siento, estaré de viaje" in change.note
        assert change.actor == "reply:ana.perez@example.org"
        actions = set(db.scalars(select(AuditEntry.action)))
        assert {"assignment.status", "reply.record"} <= actions
        row = db.scalars(select(ReceivedReply)).one()
        assert row.comment == "Lo siento, estaré de viaje"
        assert (row.outcome, row.partstat) == ("applied", "DECLINED")


def test_a_decline_promotes_the_substitute_and_a_later_accept_goes_to_review(
    app, db_factory
) -> None:  # type: ignore[no-untyped-def]
    with transaction(db_factory) as db:
        holder = db.scalars(
            select(RoleAssignment).join(Person).where(Person.email == PEOPLE["eva"][1])
        ).one()
        stand_in = Person(given_name="Sub", email="sub@example.org", email_key="sub@example.org")
        db.add(stand_in)
        db.flush()
        substitute = roster.nominate_substitute(db, holder.id, stand_in, "test")
        substitute_id = substitute.id
    declined = reply_message(**_reply("eva", partstat="DECLINED", stamp=stamp(9)))
    accepted = reply_message(**_reply("eva", stamp=stamp(10)))
    first = app.services.replies.apply_messages([("f", declined)])
    second = app.services.replies.apply_messages([("f", accepted)])
    assert first.results[0].outcome == "applied"
    assert (second.results[0].outcome, second.results[0].reason) == (
        "review",
        "substitute-holds",
    )
    assert status_of(db_factory, "eva") == S.DECLINED
    with transaction(db_factory) as db:
        promoted = db.get(RoleAssignment, substitute_id)
        assert promoted is not None and promoted.substitute_for_id is None
        assert promoted.role == Role.PANELLIST


def test_a_reply_to_an_older_sequence_with_no_newer_answer_is_applied_and_says_so(
    engine_url, db_factory
) -> None:  # type: ignore[no-untyped-def]
    build_meeting(db_factory, sent_sequence=2)
    context = AppContext(database_url=engine_url)
    try:
        report = context.services.replies.apply_messages(
            [("f", reply_message(**_reply("ana", sequence=0)))]
        )
    finally:
        context.close()
    assert (report.results[0].outcome, report.results[0].reason) == ("applied", "older-sequence")
    assert status_of(db_factory, "ana") == S.ACCEPTED


def test_resolving_takes_a_reply_off_the_queue(app) -> None:  # type: ignore[no-untyped-def]
    app.services.replies.apply_messages([("f", reply_message(**_reply("zed@x.example")))])
    (queued,) = app.services.replies.listing().queue
    app.services.replies.resolve(queued.id)
    assert app.services.replies.listing().queue == ()
