"""Nudges go only to people who have not answered (issue 14 item 4): after replies are read,
the planner nudges the silent ones and nobody who accepted, declined or answered tentative."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from agenda.messaging.reply_build import reply_message
from agenda.model.enums import MessageKind
from agenda.model.orm import Meeting
from agenda.model.uow import transaction
from meetingctl.config import Config
from meetingctl.context import AppContext
from meetingctl.delivery import planning
from meetingctl.delivery.tables import OutboxMessage
from tests.meetingctl.replies_helpers import PEOPLE, UID, build_meeting


def _nudged(db_factory) -> set[str]:  # type: ignore[no-untyped-def]
    now = datetime(2026, 12, 2, 9, tzinfo=UTC)  # 12 days after the invitations went out
    with transaction(db_factory) as db:
        meeting = db.scalars(select(Meeting)).one()
        planning.plan_reminders_and_nudges(db, meeting, Config(), now=now)
    with transaction(db_factory) as db:
        return set(
            db.scalars(
                select(OutboxMessage.recipient).where(OutboxMessage.kind == MessageKind.NUDGE)
            )
        )


def test_nudges_skip_everyone_who_answered(engine_url, db_factory) -> None:  # type: ignore[no-untyped-def]
    build_meeting(db_factory)
    context = AppContext(database_url=engine_url)
    try:
        context.services.replies.apply_messages(
            [
                ("f1", reply_message(uid=UID, attendee=PEOPLE["ana"][1], partstat="TENTATIVE")),
            ]
        )
    finally:
        context.close()
    # ana answered (tentative), carla had accepted, bob was never invited, dora withdrawn:
    # only eva, invited and silent, is nudged.
    assert _nudged(db_factory) == {PEOPLE["eva"][1]}
