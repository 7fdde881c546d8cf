"""Pilot tests of the Agenda screen: what it shows and what its keys change in the database."""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import func, select, update
from textual.widgets import DataTable, Input, Static
from tui_helpers import async_test, settle

from agenda.model.orm import Meeting, Session
from agenda.time.zones import local_to_utc
from meetingctl.tui.app import MeetingApp
from meetingctl.tui.dialogs.conflict import ConflictDialog
from meetingctl.tui.dialogs.session_form import SessionForm


def _session(context, session_id: int) -> Session:
    with context.transaction() as db:
        session = db.get(Session, session_id)
        db.expunge(session)
        return session


async def _select(pilot, app: MeetingApp, session_id: int) -> None:
    app.screen.select_session(session_id)
    await settle(pilot, app)


@async_test
async def test_agenda_lists_every_session_with_its_time_in_the_home_zone(demo_context) -> None:
    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one("#sessions", DataTable)
        with demo_context.transaction() as db:
            count = db.scalar(select(func.count(Session.id)))
            opening = db.scalar(select(Session).where(Session.kind == "opening"))
            opening_id = opening.id
        assert table.row_count == count
        row = table.get_row(str(opening_id))
        assert row[0] == "26/04 09:00–09:45"  # America/Santiago, UTC-4 in April 2021
        header = str(app.screen.query_one("#agenda-header", Static).render())
        assert "America/Santiago (UTC-04:00)" in header


@async_test
async def test_check_findings_are_shown_on_the_affected_sessions(demo_context) -> None:
    with demo_context.transaction() as db:  # the closing now overlaps the policy debate
        debate = db.scalar(select(Session).where(Session.kind == "policy_debate"))
        closing = db.scalar(select(Session).where(Session.kind == "closing"))
        closing.start = debate.start + timedelta(minutes=30)
        closing.end = closing.start + timedelta(minutes=45)
        debate_id, closing_id = debate.id, closing.id
    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one("#sessions", DataTable)
        for session_id in (debate_id, closing_id):
            assert "✖" in str(table.get_row(str(session_id))[1])
        await _select(pilot, app, closing_id)
        details = str(app.screen.query_one("#session-details", Static).render())
        assert "overlap" in details.lower()
        summary = str(app.screen.query_one("#checks-summary", Static).render())
        assert "error" in summary and "0 errors" not in summary and "1 errors" not in summary


@async_test
async def test_display_zone_key_shows_times_in_another_zone(demo_context) -> None:
    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        with demo_context.transaction() as db:
            opening_id = db.scalar(select(Session.id).where(Session.kind == "opening"))
        await pilot.press("z")
        await settle(pilot, app)
        app.screen.query_one(Input).value = "America/Mexico_City"
        await pilot.press("enter")
        await settle(pilot, app)
        row = app.screen.query_one("#sessions", DataTable).get_row(str(opening_id))
        assert row[0] == "26/04 08:00–08:45"  # Mexico City was UTC-5 (DST) in April 2021


@async_test
async def test_new_session_form_creates_the_session(demo_context) -> None:
    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("n")
        await settle(pilot, app)
        assert isinstance(app.screen, SessionForm)
        form = app.screen
        form.query_one("#title_en", Input).value = "Side event on remittances"
        form.query_one("#start", Input).value = "17:00"
        form.query_one("#minutes", Input).value = "45"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        with demo_context.transaction() as db:
            meeting = db.scalar(select(Meeting))
            created = db.scalar(
                select(Session).where(Session.title_en == "Side event on remittances")
            )
            assert created is not None
            first_day = created.start
            expected = local_to_utc(
                meeting.start_date - timedelta(days=14), time(17), "America/Santiago"
            )
            assert first_day == expected
            assert created.end - created.start == timedelta(minutes=45)


@async_test
async def test_session_form_rejects_a_malformed_time_without_closing(demo_context) -> None:
    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("n")
        await settle(pilot, app)
        form = app.screen
        form.query_one("#title_en", Input).value = "Anything"
        form.query_one("#start", Input).value = "9h30"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen is form
        assert "HH:MM" in str(form.query_one("#form-error", Static).render())


@async_test
async def test_move_keys_shift_by_5_and_15_minutes_and_resize(demo_context) -> None:
    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        with demo_context.transaction() as db:
            target = db.scalar(select(Session).where(Session.kind == "closing"))
            session_id, start, end = target.id, target.start, target.end
        await _select(pilot, app, session_id)
        await pilot.press("full_stop")
        await settle(pilot, app)
        assert _session(demo_context, session_id).start == start + timedelta(minutes=5)
        await pilot.press("greater_than_sign")
        await settle(pilot, app)
        assert _session(demo_context, session_id).start == start + timedelta(minutes=20)
        await pilot.press("less_than_sign")
        await settle(pilot, app)
        await pilot.press("plus")
        await settle(pilot, app)
        moved = _session(demo_context, session_id)
        assert moved.start == start + timedelta(minutes=5)
        assert moved.end == end + timedelta(minutes=10)


@async_test
async def test_delete_asks_for_confirmation(demo_context) -> None:
    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        with demo_context.transaction() as db:
            session_id = db.scalar(select(Session.id).where(Session.kind == "closing"))
        await _select(pilot, app, session_id)
        await pilot.press("delete")
        await settle(pilot, app)
        await pilot.press("n")  # no: nothing happens
        await settle(pilot, app)
        assert _session(demo_context, session_id) is not None
        await pilot.press("delete")
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        with demo_context.transaction() as db:
            assert db.get(Session, session_id) is None


@async_test
async def test_stale_edit_shows_the_conflict_dialog_and_changes_nothing(demo_context) -> None:
    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        with demo_context.transaction() as db:
            target = db.scalar(select(Session).where(Session.kind == "closing"))
            session_id, start = target.id, target.start
        await _select(pilot, app, session_id)
        with demo_context.transaction() as db:  # another organizer edits the title meanwhile
            db.execute(
                update(Session)
                .where(Session.id == session_id)
                .values(title_en="Closing (renamed)", version=Session.version + 1)
            )
        await pilot.press("full_stop")
        await settle(pilot, app)
        assert isinstance(app.screen, ConflictDialog)
        assert _session(demo_context, session_id).start == start
        await pilot.press("r")
        await settle(pilot, app)
        table = app.screen.query_one("#sessions", DataTable)
        assert "Closing (renamed)" in table.get_row(str(session_id))[3]
        await pilot.press("full_stop")  # after the reload the move applies
        await settle(pilot, app)
        assert _session(demo_context, session_id).start == start + timedelta(minutes=5)


@async_test
async def test_publish_after_confirmation_stores_a_numbered_version(demo_context) -> None:
    from agenda.model.orm import AgendaVersion

    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("p")
        await settle(pilot, app)
        await pilot.press(*"First draft", "enter")  # the optional note, then confirm
        await settle(pilot, app)
    with demo_context.transaction() as db:
        versions = list(db.scalars(select(AgendaVersion)))
        count = db.scalar(select(func.count(Session.id)))
    assert [(v.number, v.note) for v in versions] == [(1, "First draft")]
    assert len(versions[0].snapshot["sessions"]) == count


@async_test
async def test_ui_language_switches_at_run_time(demo_context) -> None:
    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one("#sessions", DataTable)
        assert [str(c.label) for c in table.columns.values()][:2] == ["Time", "Checks"]
        await pilot.press("f2")
        await settle(pilot, app)
        table = app.screen.query_one("#sessions", DataTable)
        assert [str(c.label) for c in table.columns.values()][:2] == ["Hora", "Controles"]
        descriptions = {b.binding.description for b in app.screen.active_bindings.values()}
        assert "Nueva" in descriptions and "English" in descriptions
