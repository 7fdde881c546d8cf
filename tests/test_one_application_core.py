"""One application core: a key press in the TUI and the matching CLI command reach the same
service method (recorded by wrapping the method on its class), and the composition root can
switch databases without keeping what it built on the previous one."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from agenda.model.enums import InvitationStatus
from agenda.model.orm import AgendaVersion, Meeting, RoleAssignment
from meetingctl.cli import main
from meetingctl.context import AppContext
from meetingctl.db import make_engine, upgrade
from meetingctl.services.people import PeopleService
from meetingctl.services.programme import ProgrammeService
from meetingctl.tui.app import MeetingApp
from meetingctl.tui.dialogs.assign import StatusDialog
from tests.conftest import url_of
from tests.tui.tui_helpers import async_test, context_for, seed_demo, settle


@pytest.fixture
def demo(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppContext]:
    """The demo meeting on the backend under test, with a fixed actor."""
    monkeypatch.setenv("MEETINGCTL_ACTOR", "core-test")
    context = context_for(engine)
    seed_demo(context)
    yield context
    context.close()


def _record(monkeypatch: pytest.MonkeyPatch, owner: type, name: str) -> list[tuple[Any, ...]]:
    """Wrap ``owner.name`` so every call (from any thread) is recorded, then runs as before."""
    calls: list[tuple[Any, ...]] = []
    original: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(original)
    def recording(self: object, *args: Any, **kwargs: Any) -> Any:
        calls.append((args, kwargs))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(owner, name, recording)
    return calls


def _cli(context: AppContext, *args: str) -> None:
    """The console entry point, in this process (so the recording wrapper sees the call)."""
    assert main(["--db", context.database_url, *args]) == 0


@async_test
async def test_publish_key_and_agenda_publish_reach_programme_service_publish(
    demo: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _record(monkeypatch, ProgrammeService, "publish")
    _cli(demo, "agenda", "publish", "--note", "from the CLI")
    assert len(calls) == 1
    app = MeetingApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("p")
        await settle(pilot, app)
        await pilot.press(*"from the TUI", "enter")
        await settle(pilot, app)
    assert [args[:1] for args, _kwargs in calls] == [("from the CLI",), ("from the TUI",)]
    with demo.transaction() as db:
        notes = list(db.scalars(select(AgendaVersion.note).order_by(AgendaVersion.number)))
    assert notes == ["from the CLI", "from the TUI"]


@async_test
async def test_status_key_and_people_status_reach_people_service_change_status(
    demo: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    with demo.transaction() as db:
        nominated = db.scalars(
            select(RoleAssignment)
            .where(RoleAssignment.status == InvitationStatus.NOMINATED)
            .order_by(RoleAssignment.id)
            .limit(2)
        ).all()
        (cli_id, _), (tui_id, tui_person) = [(a.id, a.person_id) for a in nominated]
    calls = _record(monkeypatch, PeopleService, "change_status")
    _cli(demo, "people", "status", "--assignment", str(cli_id), "--to", "invited")
    app = MeetingApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("3")
        await settle(pilot, app)
        app.screen.select_person(tui_person)
        await pilot.press("t")
        await settle(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        dialog.query_one("#status-value").value = InvitationStatus.INVITED
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    assert [args[:2] for args, _kwargs in calls] == [
        (cli_id, InvitationStatus.INVITED),
        (tui_id, InvitationStatus.INVITED),
    ]
    with demo.transaction() as db:
        assert {db.get(RoleAssignment, i).status for i in (cli_id, tui_id)} == {
            InvitationStatus.INVITED
        }


def test_use_database_drops_the_engine_session_factory_and_services(
    engine: Engine, tmp_path: Path
) -> None:
    context = AppContext(database_url=url_of(engine))
    seed_demo(context)
    first_engine, first_services = context.engine, context.services
    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    fresh = make_engine(other)
    upgrade(fresh)
    fresh.dispose()
    context.use_database(other)
    try:
        assert context.database_url == other and context.database_chosen
        assert context.engine is not first_engine
        assert context.services is not first_services
        with context.transaction() as db:  # the new, empty database: no demo meeting there
            assert db.scalar(select(func.count(Meeting.id))) == 0
    finally:
        context.close()
