"""A decline read from a reply shows in the balance (issue 14 item 4): the women of a round
table decline by reply, they stop counting, the findings their absence causes appear, and the
existing suggestions offer people to fix them."""

from __future__ import annotations

from sqlalchemy import update

from agenda.messaging.reply_build import reply_message
from agenda.model.enums import CHAIR_ROLES, SPEAKER_ROLES, Gender, InvitationStatus, SessionKind
from agenda.model.orm import RoleAssignment, Session
from meetingctl.context import AppContext
from meetingctl.demo import create_demo


def test_declines_by_reply_cause_balance_findings_and_suggestions(engine_url) -> None:  # type: ignore[no-untyped-def]
    context = AppContext(database_url=engine_url)
    try:
        with context.transaction() as db:
            create_demo(db, people_count=60, seed=2021, actor="test")
        with context.transaction() as db:
            tables = db.query(Session).filter(Session.kind == SessionKind.ROUND_TABLE).all()
            session = next(
                s
                for s in tables
                if any(a.person.gender == Gender.WOMAN for a in s.assignments)
                and any(a.person.gender == Gender.MAN for a in s.assignments)
            )
            session_id, uid = session.id, session.uid
            db.execute(
                update(RoleAssignment)
                .where(RoleAssignment.session_id == session_id)
                .values(status=InvitationStatus.INVITED, substitute_for_id=None)
            )
            women = [
                a.person.email
                for a in session.assignments
                if a.person.gender == Gender.WOMAN
                and a.person.email
                and a.role in SPEAKER_ROLES | CHAIR_ROLES
            ]
        before = context.services.balance.evaluate(session_id)
        report = context.services.replies.apply_messages(
            [
                (f"f{i}", reply_message(uid=uid, attendee=email, partstat="DECLINED"))
                for i, email in enumerate(women)
            ]
        )
        assert {r.outcome for r in report.results} == {"applied"}
        after = context.services.balance.evaluate(session_id)
        (composition,) = [c for c in after.compositions if c.session_id == session_id]
        assert "woman" not in composition.counts["gender"]  # the decliners no longer count

        def rules(view):  # type: ignore[no-untyped-def]
            return {v.rule_id for v in view.violations if session_id in v.session_ids}

        caused = rules(after) - rules(before)
        assert caused  # e.g. geo-regions-per-table: the women were the other regions
        rule = sorted(caused)[0]
        offered = context.services.balance.suggestions(session_id, rule)
        assert offered.items and offered.empty_reason is None
    finally:
        context.close()
