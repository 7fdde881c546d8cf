"""Two meetings in one database: what was sent for one never steers the planning of the other."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from agenda.model.enums import MessageKind
from agenda.model.uow import transaction
from agenda.people import roster
from agenda.programme.templates import build_meeting
from agenda.programme.versions import publish as publish_version
from meetingctl.delivery import planning
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus
from tests.meetingctl.delivery_helpers import NOW, config_for, future_demo, meeting_of


def _second_meeting(factory, person_id: int) -> tuple[int, set[str]]:  # type: ignore[no-untyped-def]
    """Another meeting, a week later, with ``person_id`` (also in the demo) on its first session."""
    with transaction(factory) as db:
        meeting = build_meeting(
            "imrf",
            title_en="Another meeting",
            start=(NOW + timedelta(days=20)).date(),
            days=2,
            home_tz="America/Santiago",
            uid_domain="other.invalid",
        )
        db.add(meeting)
        db.flush()
        roster.assign(db, meeting.sessions[0], person_id, "panellist", "tester")
        return meeting.id, {s.uid for s in meeting.sessions}


def _publish_and_plan(factory, meeting_id: int) -> None:  # type: ignore[no-untyped-def]
    with transaction(factory) as db:
        publish_version(db, meeting_of(db, meeting_id), "tester")
    with transaction(factory) as db:
        planning.plan_publications(db, meeting_of(db, meeting_id), config_for(), now=NOW)


def test_what_one_meeting_sent_does_not_plan_messages_for_another(db_factory) -> None:
    first = future_demo(db_factory, people=20)
    _publish_and_plan(db_factory, first)
    with transaction(db_factory) as db:  # everything of the first meeting reached its people
        db.execute(
            update(OutboxMessage)
            .where(OutboxMessage.meeting_id == first)
            .values(status=OutboxStatus.SENT, sent_at=NOW)
        )
        first_uids = set(db.scalars(select(OutboxMessage.session_uid)).all())
        shared = db.scalar(select(OutboxMessage.person_id).where(OutboxMessage.meeting_id == first))
    assert first_uids and shared is not None
    second, second_uids = _second_meeting(db_factory, shared)

    with transaction(db_factory) as db:
        meeting = meeting_of(db, second)
        assert planning.sent_invitations(db, meeting) == []
        assert planning.delivered_pairs(db, meeting) == set()
        assert planning.invited_pairs(db, meeting) == {}
        assert planning.sent_invitations(db, meeting_of(db, first))
        assert planning.delivered_pairs(db, meeting_of(db, first))
        assert planning.invited_pairs(db, meeting_of(db, first))

    _publish_and_plan(db_factory, second)
    with transaction(db_factory) as db:
        rows = db.scalars(select(OutboxMessage).where(OutboxMessage.meeting_id == second)).all()
        assert rows, "the second meeting's publication invites its people"
        assert {r.kind for r in rows} == {MessageKind.INVITATION}
        assert {r.session_uid for r in rows} <= second_uids
        cancels = db.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == MessageKind.CANCELLATION)
        ).all()
        assert cancels == [], "the first meeting's invitations are not withdrawn"
        assert all(
            r.status == OutboxStatus.SENT
            for r in db.scalars(select(OutboxMessage).where(OutboxMessage.meeting_id == first))
        )
