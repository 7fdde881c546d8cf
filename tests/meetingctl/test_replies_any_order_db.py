"""Through the database: replies read in any order leave the status the newest one (SEQUENCE,
then DTSTAMP) gives, and reading them all again changes nothing (hypothesis, few examples: each
one resets the person's answers)."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select, update

from agenda.messaging.replies import parse_message
from agenda.messaging.reply_build import reply_message
from agenda.model.enums import InvitationStatus
from agenda.model.orm import Person, ReceivedReply, RoleAssignment
from agenda.model.uow import transaction
from meetingctl.context import AppContext
from tests.meetingctl.replies_helpers import PEOPLE, UID, build_meeting, stamp, status_of

ANSWERS = st.tuples(
    st.sampled_from(["ACCEPTED", "DECLINED", "TENTATIVE"]), st.integers(0, 1), st.integers(0, 3)
)


@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ANSWERS, min_size=1, max_size=5), st.randoms(use_true_random=False))
def test_any_order_ends_on_the_newest_answer(engine_url, db_factory, answers, rnd) -> None:  # type: ignore[no-untyped-def]
    with transaction(db_factory) as db:
        empty = db.scalar(select(func.count(RoleAssignment.id))) == 0
    if empty:
        build_meeting(db_factory)
    with transaction(db_factory) as db:  # a fresh start for this example: ana invited, no answer
        db.execute(delete(ReceivedReply))
        ana = db.scalar(select(Person.id).where(Person.email == PEOPLE["ana"][1]))
        db.execute(
            update(RoleAssignment)
            .where(RoleAssignment.person_id == ana)
            .values(status=InvitationStatus.INVITED)
        )
    messages = [
        reply_message(
            uid=UID,
            attendee=PEOPLE["ana"][1],
            partstat=partstat,
            sequence=sequence,
            stamp=stamp(9) + timedelta(minutes=minute),
        )
        for partstat, sequence, minute in answers
    ]
    newest = max(messages, key=lambda raw: parse_message(raw).items[0].order_key)
    expected = InvitationStatus(parse_message(newest).items[0].partstat.lower())
    rnd.shuffle(messages)
    context = AppContext(database_url=engine_url)
    try:
        context.services.replies.apply_messages([("m", raw) for raw in messages])
        assert status_of(db_factory, "ana") == expected
        again = context.services.replies.apply_messages([("m", raw) for raw in messages])
        assert {r.outcome for r in again.results} == {"duplicate"}
        assert status_of(db_factory, "ana") == expected
    finally:
        context.close()
