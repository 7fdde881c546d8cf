"""BalanceService: the evaluation of one session, suggestions and applying one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select

from agenda.model.enums import SessionKind
from agenda.model.errors import NotFoundError
from agenda.model.orm import Session
from meetingctl.context import AppContext
from meetingctl.demo import create_demo
from meetingctl.services.balance import SuggestionNumberError
from tests.conftest import url_of


@pytest.fixture
def ctx(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppContext]:
    monkeypatch.setenv("MEETINGCTL_ACTOR", "service-test")
    context = AppContext(database_url=url_of(engine))
    with context.transaction() as db:
        create_demo(db, people_count=60, seed=2021, year=2021)
    yield context
    context.close()


def _all_male_round_table(ctx: AppContext) -> int:
    with ctx.transaction() as db:
        first = db.scalars(
            select(Session).where(Session.kind == SessionKind.ROUND_TABLE).order_by(Session.start)
        ).first()
        assert first is not None
        for assignment in first.assignments:
            assignment.person.gender = "man"
        return first.id


def test_evaluation_of_one_session(ctx: AppContext) -> None:
    session_id = _all_male_round_table(ctx)
    view = ctx.services.balance.evaluate(session_id, lang="es")
    assert [s.session.id for s in view.report.sessions] == [session_id]
    [composition] = view.compositions
    assert composition.session_id == session_id and composition.title.startswith("Mesa redonda")
    assert composition.counts["gender"].get("woman", 0) == 0
    mine = [v for v in view.violations if session_id in v.session_ids]
    assert mine and all(v.rule_id for v in mine)
    everything = ctx.services.balance.evaluate()
    assert len(everything.report.sessions) > 1
    with pytest.raises(NotFoundError, match="meetingctl agenda show"):
        ctx.services.balance.evaluate(999_999)


def test_suggestions_then_apply(ctx: AppContext) -> None:
    session_id = _all_male_round_table(ctx)
    before = ctx.services.balance.evaluate(session_id).report.sessions[0].violations
    found = ctx.services.balance.suggestions(session_id, limit=3)
    assert found.empty_reason is None and 0 < len(found.items) <= 3
    with pytest.raises(SuggestionNumberError, match=f"there are {len(found.items)}"):
        ctx.services.balance.suggestions(session_id, limit=3, apply_number=99)
    applied = ctx.services.balance.apply(found.items[0])
    assert (applied.session_id, applied.person_id) == (session_id, found.items[0].person_id)
    after = ctx.services.balance.evaluate(session_id).report.sessions[0].violations
    assert len(after) < len(before)
    with ctx.transaction() as db:
        pause = db.scalars(select(Session.id).where(Session.kind == SessionKind.BREAK)).first()
    assert ctx.services.balance.suggestions(pause).empty_reason == "break"
