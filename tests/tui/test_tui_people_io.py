"""People screen: the import preview (nothing written before Import), status transitions,
and the app-wide conventions (command palette entries, mouse navigation)."""

from __future__ import annotations

from sqlalchemy import func, select
from textual.widgets import Checkbox, DataTable, Input, Select
from tui_helpers import async_test, settle

from agenda.model.enums import InvitationStatus
from agenda.model.orm import Person, RoleAssignment, StatusChange, ValueMapping
from meetingctl.tui.app import MeetingApp
from meetingctl.tui.commands import MeetingCommands
from meetingctl.tui.dialogs.assign import StatusDialog
from meetingctl.tui.dialogs.import_preview import ImportDialog


def _count(context) -> int:  # type: ignore[no-untyped-def]
    with context.transaction() as db:
        return int(db.scalar(select(func.count(Person.id))))


@async_test
async def test_import_previews_errors_and_writes_only_after_confirmation(demo_context, tmp_path):
    path = tmp_path / "registro.csv"
    path.write_text(
        "nombre;apellido;correo;país;género\n"
        "Ana;Quispe;ana.quispe@example.net;Bolivia (Estado Plurinacional de);mujer\n"
        "Luis;Mena;not-an-email;Ecuador;hombre\n",
        encoding="utf-8",
    )
    before = _count(demo_context)
    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("3")
        await settle(pilot, app)
        await pilot.press("i")
        await settle(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        dialog.query_one("#import-path", Input).value = str(path)
        await pilot.press("enter")
        await settle(pilot, app)
        errors = dialog.query_one("#import-errors", DataTable)
        assert errors.row_count >= 1
        assert errors.get_row_at(0)[0] == "3"  # the row as the spreadsheet numbers it
        assert _count(demo_context) == before  # a preview writes nothing
        await pilot.click("#commit")
        await settle(pilot, app)
        assert _count(demo_context) == before  # errors and no "skip invalid": refused
        dialog.query_one("#import-skip", Checkbox).value = True
        await pilot.pause(0.3)  # a Button ignores presses during its 0.2 s "pressed" effect
        await pilot.click("#commit")
        await settle(pilot, app)
        assert not isinstance(app.screen, ImportDialog), [n.message for n in app._notifications]
    with demo_context.transaction() as db:
        emails = set(db.scalars(select(Person.email_key)))
    assert _count(demo_context) == before + 1
    assert "ana.quispe@example.net" in emails and "not-an-email" not in emails


@async_test
async def test_status_change_follows_the_roster_pipeline(demo_context) -> None:
    with demo_context.transaction() as db:
        assignment = db.scalar(
            select(RoleAssignment).where(RoleAssignment.status == InvitationStatus.NOMINATED)
        )
        person_id, assignment_id = assignment.person_id, assignment.id
    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("3")
        await settle(pilot, app)
        app.screen.select_person(person_id)
        await pilot.press("t")
        await settle(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        status = dialog.query_one("#status-value", Select)
        offered = {value for _label, value in status._options if value != Select.NULL}
        assert InvitationStatus.INVITED in offered
        assert InvitationStatus.CONFIRMED not in offered  # not reachable from nominated
        status.value = InvitationStatus.INVITED
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    with demo_context.transaction() as db:
        assert db.get(RoleAssignment, assignment_id).status == InvitationStatus.INVITED
        history = db.scalars(
            select(StatusChange).where(StatusChange.assignment_id == assignment_id)
        )
        assert [h.new_status for h in history][-1] == "invited"


@async_test
async def test_palette_offers_every_screen_action_and_tabs_answer_the_mouse(demo_context) -> None:
    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        provider = MeetingCommands(app.screen)
        titles = [title for title, _help, _callback in provider._commands()]
        for action in (
            "New session",
            "Edit session",
            "Move session 5 min later",
            "Move session 15 min earlier",
            "Duplicate session",
            "Delete session",
            "Publish the agenda",
            "Switch time zone",
            "Shorten session by 5 min",
            "Lengthen session by 5 min",
        ):
            assert f"Agenda: {action}" in titles
        assert "People" in titles and "Español" in titles
        await pilot.click("#nav-people")
        await settle(pilot, app)
        assert app.current_mode == "people"


@async_test
async def test_import_preview_lets_the_organizer_pick_each_unknown_value_once(
    demo_context, tmp_path
):
    path = tmp_path / "registro.csv"
    path.write_text(
        "Nombre,Apellidos,Correo,País,Tipo de actor\n"
        "Ana,Quispe,ana.q@example.net,Bolivia,Colectivo de base\n"
        "Luis,Mena,luis.m@example.net,Perú,Colectivo de base\n"
        "Eva,Díaz,eva.d@example.net,Chile,Academia\n",
        encoding="utf-8",
    )
    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot, app)
        await pilot.press("3")
        await settle(pilot, app)
        await pilot.press("i")
        await settle(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        dialog.query_one("#import-path", Input).value = str(path)
        await pilot.press("enter")
        await settle(pilot, app)
        assert dialog.previewed is not None and dialog.previewed.rejected_rows == 2
        unknown = dialog.previewed.unknown_values[0]
        assert (unknown.field, unknown.value, unknown.count) == ("category", "Colectivo de base", 2)
        dialog.query_one("#unknown-0", Select).value = "civil_society"
        await settle(pilot, app)
        assert dialog.previewed.rejected_rows == 0 and not dialog.previewed.unknown_values
        await pilot.click("#commit")
        await settle(pilot, app)
        assert not isinstance(app.screen, ImportDialog), [n.message for n in app._notifications]
    with demo_context.transaction() as db:
        categories = {
            p.email_key: p.category
            for p in db.scalars(select(Person).where(Person.email_key.like("%@example.net")))
        }
        stored = db.scalars(select(ValueMapping)).all()
    assert categories["ana.q@example.net"] == categories["luis.m@example.net"] == "civil_society"
    assert [(m.field, m.target) for m in stored] == [("category", "civil_society")]
