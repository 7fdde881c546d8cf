"""Pilot tests of the People, Round tables, Balance, Invitations and Exports screens,
asserting on the database (or on the files written)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from textual.widgets import DataTable, Input, Select, TextArea
from tui_helpers import async_test, settle

from agenda import reference
from agenda.model.enums import Role, SessionKind
from agenda.model.orm import Person, RoleAssignment, Session
from meetingctl import scheduler
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus
from meetingctl.tui.app import MeetingApp
from meetingctl.tui.dialogs.assign import AssignDialog
from meetingctl.tui.dialogs.invitation_preview import PreviewDialog
from meetingctl.tui.dialogs.person_picker import PersonPicker


@async_test
async def test_people_search_and_filters_narrow_the_table(demo_context) -> None:
    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("3")
        await settle(pilot, app)
        table = app.screen.query_one("#people-table", DataTable)
        with demo_context.transaction() as db:
            people = list(db.scalars(select(Person)))
            total = len(people)
            women_in_caribbean = sum(
                1
                for p in people
                if p.gender == "woman"
                and p.country
                and reference.country(p.country).region == "Caribbean"  # associate members too
            )
            sample = people[5]
        assert table.row_count == total
        await pilot.press("slash")
        await pilot.press(*sample.email.split("@")[0])
        await settle(pilot, app)
        assert table.row_count == 1
        assert table.get_row_at(0)[0] == sample.full_name
        app.screen.query_one("#people-search", Input).value = ""
        app.screen.query_one("#filter-gender", Select).value = "woman"
        app.screen.query_one("#filter-region", Select).value = "Caribbean"
        await settle(pilot, app)
        assert table.row_count == women_in_caribbean
        assert all(
            table.get_row_at(i)[2] == "Caribbean" and table.get_row_at(i)[3] == "Woman"
            for i in range(table.row_count)
        )


@async_test
async def test_people_assign_to_a_session_role(demo_context) -> None:
    app = MeetingApp(demo_context)
    with demo_context.transaction() as db:
        person = db.scalar(select(Person).where(~Person.assignments.any()).limit(1))
        person_id, name = person.id, person.full_name
        session_id = db.scalar(select(Session.id).where(Session.kind == SessionKind.CLOSING))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("3")
        await settle(pilot, app)
        app.screen.query_one("#people-search", Input).value = name
        await settle(pilot, app)
        app.screen.select_person(person_id)
        await pilot.press("a")
        await settle(pilot, app)
        assert isinstance(app.screen, AssignDialog)
        app.screen.query_one("#assign-session", Select).value = session_id
        app.screen.query_one("#assign-role", Select).value = Role.PANELLIST
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    with demo_context.transaction() as db:
        roles = db.scalars(select(RoleAssignment).where(RoleAssignment.person_id == person_id))
        assert [(a.session_id, a.role, a.status.value) for a in roles] == [
            (session_id, Role.PANELLIST, "nominated")
        ]


@async_test
async def test_round_tables_toggle_objective_and_assign_moderator(demo_context) -> None:
    app = MeetingApp(demo_context)
    with demo_context.transaction() as db:
        first = db.scalar(
            select(Session).where(Session.kind == SessionKind.ROUND_TABLE).order_by(Session.start)
        )
        first_id, objectives = first.id, list(first.objectives)
        outsider = db.scalar(select(Person).where(~Person.assignments.any()).limit(1))
        outsider_id, outsider_name = outsider.id, outsider.full_name
    assert 2 not in objectives
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        await settle(pilot, app)
        matrix = app.screen.query_one("#rt-matrix", DataTable)
        matrix.cursor_coordinate = (1, 1)  # objective 2, first round table
        await pilot.press("space")
        await settle(pilot, app)
        with demo_context.transaction() as db:
            assert db.get(Session, first_id).objectives == sorted([*objectives, 2])
        await pilot.press("m")
        await settle(pilot, app)
        assert isinstance(app.screen, PersonPicker)
        app.screen.query_one(Input).value = outsider_name
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
    with demo_context.transaction() as db:
        roles = list(
            db.scalars(select(RoleAssignment).where(RoleAssignment.person_id == outsider_id))
        )
        assert [(a.session_id, a.role) for a in roles] == [(first_id, Role.MODERATOR)]


@async_test
async def test_balance_lists_violations_and_applies_a_suggestion(app_context) -> None:
    from tui_helpers import seed_demo

    seed_demo(app_context, people=60)
    with app_context.transaction() as db:  # make round table 1 all-male: a gender violation
        first = db.scalar(
            select(Session).where(Session.kind == SessionKind.ROUND_TABLE).order_by(Session.start)
        )
        first_id = first.id
        for assignment in first.assignments:
            assignment.person.gender = "man"
    app = MeetingApp(app_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("4")
        await settle(pilot, app)
        screen = app.screen
        assert screen.view is not None
        rows = [i for i, v in enumerate(screen.view.violations) if first_id in v.session_ids]
        assert rows, "the all-male round table must show a violation"
        before = len(rows)
        table = screen.query_one("#violations", DataTable)
        table.move_cursor(row=rows[0])
        await pilot.press("s")
        await settle(pilot, app)
        await pilot.press("enter")  # apply the best suggestion
        await settle(pilot, app)
        after = [v for v in screen.view.violations if first_id in v.session_ids]
        assert len(after) < before
    with app_context.transaction() as db:
        genders = {
            a.person.gender.value
            for a in db.get(Session, first_id).assignments
            if a.status.value != "withdrawn"
        }
        assert "woman" in genders or "non_binary" in genders


@async_test
async def test_invitation_preview_shows_email_and_calendar_entry(demo_context) -> None:
    app = MeetingApp(demo_context)
    with demo_context.transaction() as db:
        assignment = db.scalar(select(RoleAssignment).limit(1))
        person_id, session_id = assignment.person_id, assignment.session_id
        uid = assignment.session.uid
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("5")
        await settle(pilot, app)
        await pilot.press("v")
        await settle(pilot, app)
        assert isinstance(app.screen, PreviewDialog)
        app.screen.query_one("#preview-person", Select).value = person_id
        app.screen.query_one("#preview-session", Select).value = session_id
        await settle(pilot, app)
        email = app.screen.query_one("#preview-email", TextArea).text
        ics = app.screen.query_one("#preview-ics", TextArea).text
        assert "Subject:" in email
        assert "BEGIN:VCALENDAR" in ics and f"UID:{uid}" in ics.replace("\r\n ", "")


@async_test
async def test_export_annex_writes_the_file(demo_context, tmp_path) -> None:
    app = MeetingApp(demo_context)
    target = tmp_path / "annex-es.md"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("6")
        await settle(pilot, app)
        app.screen.query_one("#export-lang", Select).value = "es"
        app.screen.query_one("#export-format", Select).value = "md"
        await settle(pilot, app)
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+e")
        await settle(pilot, app)
        assert str(target) in str(app.screen.query_one("#export-result").render())
    text = target.read_text(encoding="utf-8")
    assert "Mesa redonda 1" in text


@async_test
async def test_outbox_per_recipient_and_send_now(demo_context) -> None:
    from datetime import UTC, datetime

    from meetingctl.delivery import planning as delivery

    with demo_context.transaction() as db:
        meeting = demo_context.meeting(db)
        report = delivery.invite_now(
            db, meeting, demo_context.config, now=datetime(2021, 4, 1, tzinfo=UTC)
        )
        planned = len(report.created)
    assert planned > 0
    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("5")
        await settle(pilot, app)
        outbox = app.screen.query_one("#outbox", DataTable)
        assert outbox.row_count == planned
        assert {str(outbox.get_row_at(i)[3]) for i in range(planned)} == {"pending"}
        await pilot.press("s")
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        statuses = {str(outbox.get_row_at(i)[3]) for i in range(outbox.row_count)}
    with demo_context.transaction() as db:
        stored = set(db.scalars(select(OutboxMessage.status)))
    assert stored == {OutboxStatus.SENT} and statuses == {"sent"}


@pytest.mark.parametrize(
    ("what", "fmt", "expected"),
    [
        ("calendar", "ics", "BEGIN:VCALENDAR"),
        ("roster", "csv", "@example.org"),
    ],
)
@async_test
async def test_export_calendar_feed_and_roster(demo_context, tmp_path, what, fmt, expected) -> None:
    app = MeetingApp(demo_context)
    target = tmp_path / f"out.{fmt}"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("6")
        await settle(pilot, app)
        app.screen.query_one("#export-what", Select).value = what
        await settle(pilot, app)
        assert app.screen.query_one("#export-format", Select).value == fmt
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+e")
        await settle(pilot, app)
    text = target.read_text(encoding="utf-8-sig")
    assert expected in text
    with demo_context.transaction() as db:
        if what == "calendar":
            uids = set(db.scalars(select(Session.uid)))
            assert text.count("BEGIN:VEVENT") == len(uids)
        else:
            assert len(text.strip().splitlines()) == db.query(Person).count() + 1


@async_test
async def test_a_failing_use_case_is_a_notification_not_a_crash(demo_context, monkeypatch) -> None:
    from meetingctl.services.people import PeopleService

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(PeopleService, "edit_person", broken)
    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("3")
        await settle(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        await pilot.press("ctrl+s")  # save the form unchanged: the service raises
        await settle(pilot, app)
        messages = [n.message for n in app._notifications]
        assert any("disk on fire" in m for m in messages), messages
        assert app.is_running and app.screen.MODE == "people"


@async_test
async def test_pause_and_resume_the_in_process_scheduler(demo_context) -> None:
    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("5")
        await settle(pilot, app)
        state = app.screen.query_one("#scheduler-state")
        assert "none active" in str(state.render())
        await pilot.press("p")  # resume: this app starts its scheduler and holds the lock
        await settle(pilot, app)
        service = app.scheduler_service
        assert service is not None
        assert "running in this app" in str(state.render())
        assert not scheduler.may_run_in_process(demo_context.engine)
        await pilot.press("p")  # pause
        await settle(pilot, app)
        assert app.scheduler_service is None
        for _ in range(50):
            if scheduler.may_run_in_process(demo_context.engine):
                break
            await pilot.pause(0.1)
        assert scheduler.may_run_in_process(demo_context.engine)


@async_test
async def test_balance_suggests_for_a_meeting_wide_finding(app_context) -> None:
    from tui_helpers import seed_demo

    seed_demo(app_context, people=60)
    app = MeetingApp(app_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("4")
        await settle(pilot, app)
        screen = app.screen
        assert screen.view is not None
        rows = [i for i, v in enumerate(screen.view.violations) if not v.session_ids]
        assert rows, "the demo breaks some meeting-wide rule"
        before = {v.rule_id for v in screen.view.violations if not v.session_ids}
        found = app_context.services.balance.meeting_suggestions(
            screen.view.violations[rows[0]].rule_id
        )
        screen.query_one("#violations", DataTable).move_cursor(row=rows[0])
        await pilot.press("s")
        await settle(pilot, app)
        assert found.items, "a meeting-wide finding of the demo has a suggestion"
        with app_context.transaction() as db:
            assignments = len(db.scalars(select(RoleAssignment)).all())
        await pilot.press("enter")  # the dialog lists them; apply the best one
        await settle(pilot, app)
        with app_context.transaction() as db:
            assert len(db.scalars(select(RoleAssignment)).all()) == assignments + 1
        assert screen.view is not None and before
