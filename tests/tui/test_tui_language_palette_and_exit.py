"""Pilot tests for the user-acceptance fixes: F2 on every screen, the command palette,
translated codes, proportional balance bars, empty outbox, person edit."""

from __future__ import annotations

from textual.widgets import DataTable
from tui_helpers import async_test, settle

from meetingctl.tui.app import MeetingApp

#: Each screen's tables that must keep columns (and, with demo data, rows) after F2.
TABLES = {
    "agenda": ("#sessions",),
    "round_tables": ("#rt-matrix",),
    "people": ("#people-table",),
    "balance": ("#violations",),
    "invitations": ("#outbox", "#jobs"),
    "exports": (),
}
ROWS_EXPECTED = {"#sessions", "#rt-matrix", "#people-table", "#violations"}


def _tables(app: MeetingApp, mode: str) -> dict[str, tuple[list[str], int]]:
    found = {}
    for selector in TABLES[mode]:
        table = app.screen.query_one(selector, DataTable)
        found[selector] = ([str(c.label) for c in table.columns.values()], table.row_count)
    return found


@async_test
async def test_f2_on_every_screen_keeps_columns_and_rows(demo_context) -> None:
    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        for mode in app.MODE_ORDER:
            app.switch_mode(mode)
            await settle(pilot, app)
            before = _tables(app, mode)
            for language in ("es", "en"):
                await pilot.press("f2")
                await settle(pilot, app)
                assert app.i18n.language == language
                assert app.screen.MODE == mode  # type: ignore[attr-defined]
                after = _tables(app, mode)
                for selector, (columns, rows) in after.items():
                    assert len(columns) == len(before[selector][0]) > 0, (mode, selector)
                    assert rows == before[selector][1], (mode, selector)
                    if selector in ROWS_EXPECTED:
                        assert rows > 0, (mode, selector)
                if language == "es" and mode == "people":
                    assert after["#people-table"][0][1] == "País"
            assert after == before
    assert app.return_code in (0, None)


def test_unhandled_exception_gives_non_zero_exit(demo_context, monkeypatch) -> None:
    from meetingctl.cli import core
    from meetingctl.tui import app as app_module
    from meetingctl.tui.screens.people import PeopleScreen

    def broken(self) -> None:  # type: ignore[no-untyped-def]
        raise ValueError("More values provided than there are columns")

    monkeypatch.setattr(PeopleScreen, "apply_filters", broken)
    monkeypatch.setattr(app_module, "start_scheduler", lambda context: None)

    async def open_people(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("3")
        await settle(pilot, pilot.app)
        await pilot.pause(0.2)

    code = app_module.run_app(demo_context, headless=True, auto_pilot=open_people)
    assert code == 1

    monkeypatch.setattr(core, "_interactive", lambda: True)
    monkeypatch.setattr(app_module, "run_app", lambda context: 1)
    import click
    import pytest

    with pytest.raises(click.exceptions.Exit) as raised:
        core.open_tui(demo_context)
    assert raised.value.exit_code == 1
    monkeypatch.setattr(app_module, "run_app", lambda context: 0)
    core.open_tui(demo_context)  # a normal quit: no exit exception


async def _palette(pilot, app: MeetingApp, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Open Ctrl+P, type ``query``; the titles offered."""
    from textual.command import CommandList

    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    for _ in range(20):
        await pilot.pause(0.05)
        options = app.screen.query_one(CommandList)
        if options.option_count:
            break
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


@async_test
async def test_palette_finds_and_runs_publish_in_both_languages(demo_context) -> None:
    from sqlalchemy import select

    from agenda.model.orm import AgendaVersion
    from meetingctl.tui.dialogs.confirm import PublishDialog

    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("3")  # from People: the palette reaches the Agenda's actions
        await settle(pilot, app)
        for language, query, note in (("en", "publish", "v1"), ("es", "publicar", "v2")):
            if app.i18n.language != language:
                await pilot.press("f2")
                await settle(pilot, app)
            titles = await _palette(pilot, app, query)
            assert titles and titles[0].startswith("Agenda: "), titles
            assert ("Publish" if language == "en" else "Publicar") in titles[0]
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, PublishDialog)
            await pilot.press(*note, "enter")
            await settle(pilot, app)
            assert app.current_mode == "agenda"
        await pilot.press("escape")
    with demo_context.transaction() as db:
        notes = [v.note for v in db.scalars(select(AgendaVersion).order_by(AgendaVersion.number))]
    assert notes == ["v1", "v2"]


def test_palette_offers_every_screen_action_translated(demo_context) -> None:
    from textual.binding import Binding

    from meetingctl.tui.commands import palette_commands

    app = MeetingApp(demo_context)
    for language in ("en", "es"):
        app.i18n.language = language
        entries = list(palette_commands(app))
        titles = [title for title, _help, _run in entries]
        assert len(titles) == len(set(titles))
        assert not any("⟦" in title or "⟦" in help_ for title, help_, _run in entries)
        assert not any(help_ in app.MODE_ORDER for _t, help_, _run in entries)
        actions = {
            binding.action
            for screen in app.MODES.values()
            for binding in screen.BINDINGS
            if isinstance(binding, Binding) and binding.description
        }
        # every action of every screen, the 6 screens, the language and the 4 exports
        assert len(titles) >= len(actions) + 6 + 1 + 4
    wanted_es = ["Agenda: Adelantar la sesión 5 min", "Personas: Editar la persona"]
    assert all(title in titles for title in wanted_es), titles


def test_composition_segments_are_proportional() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    from meetingctl.tui.widgets.composition import WIDTH, bar, segments

    @given(st.dictionaries(st.sampled_from("abcdefg"), st.integers(0, 50), max_size=7))
    def check(counts: dict[str, int]) -> None:
        parts = segments(counts)
        if not any(counts.values()):
            assert parts == []
            return
        assert sum(cells for _v, _c, cells in parts) == WIDTH
        assert all(cells >= 1 for _v, _c, cells in parts)
        ordered = [cells for _v, _c, cells in parts]
        assert ordered == sorted(ordered, reverse=True)  # a bigger share never gets fewer cells

    check()
    drawn, legend = bar({"woman": 3, "man": 1}, {"woman": "Mujer", "man": "Hombre"}.get)
    assert drawn.plain == "█" * 23 + "▓" * 7  # 22.5 : 7.5, the tie goes to the larger share
    assert legend.plain == "█ Mujer 3 (75%)  ▓ Hombre 1 (25%)"


@async_test
async def test_codes_are_shown_as_translated_labels(demo_context) -> None:
    from meetingctl.tui.widgets.composition import CompositionBars

    app = MeetingApp(demo_context, language="es")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot, app)
        table = app.screen.query_one("#people-table", DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        genders = {row[3] for row in rows}
        categories = {row[4] for row in rows}
        assert genders <= {
            "Mujer",
            "Hombre",
            "No binario",
            "Prefiere no indicarlo",
            "Desconocido",
            "Otro",
        }
        assert "Mujer" in genders and "Hombre" in genders
        raw = {"man", "woman", "non_binary", "un_system", "member_state", "civil_society"}
        assert not (categories | genders) & raw
        assert {row[2] for row in rows} & {"Caribe", "Centroamérica", "América del Sur"}
        await pilot.press("4")
        await settle(pilot, app)
        shown = str(app.screen.query_one("#composition", CompositionBars).render())
        assert "man " not in shown


@async_test
async def test_send_now_with_nothing_waiting_says_so_without_asking(demo_context) -> None:
    from sqlalchemy import update

    from meetingctl.delivery.tables import OutboxMessage, OutboxStatus
    from meetingctl.tui.dialogs.confirm import ConfirmDialog

    with demo_context.transaction() as db:
        db.execute(update(OutboxMessage).values(status=OutboxStatus.SENT))
    app = MeetingApp(demo_context, language="es")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await settle(pilot, app)
        await pilot.press("s")
        await settle(pilot, app)
        assert not isinstance(app.screen, ConfirmDialog)
        messages = [n.message for n in app._notifications]  # noqa: SLF001
        assert any(m.startswith("Nada que enviar") for m in messages), messages


async def _open_person_form(pilot, app: MeetingApp, person_id: int):  # type: ignore[no-untyped-def]
    from meetingctl.tui.dialogs.person_form import PersonForm

    await pilot.press("3")
    await settle(pilot, app)
    app.screen.select_person(person_id)  # type: ignore[attr-defined]
    await pilot.press("e")
    await settle(pilot, app)
    assert isinstance(app.screen, PersonForm)
    return app.screen


@async_test
async def test_person_edit_saves_validates_and_resolves_conflicts(demo_context) -> None:
    from sqlalchemy import select
    from textual.widgets import Input, Static

    from agenda.model.orm import Person
    from meetingctl.tui.dialogs.conflict import ConflictDialog
    from meetingctl.tui.dialogs.person_form import PersonForm

    with demo_context.transaction() as db:
        person_id = db.scalars(select(Person.id).order_by(Person.id)).first()
    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _open_person_form(pilot, app, person_id)
        form.query_one("#person-email", Input).value = "not an address"
        form.query_one("#person-position", Input).value = "Director of Migration"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, PersonForm)  # re-opened with the domain's reason
        assert "email" in str(app.screen.query_one("#person-error", Static).render())
        app.screen.query_one("#person-email", Input).value = "Director@Example.org"
        with demo_context.transaction() as db:  # someone else edits the person meanwhile
            db.get(Person, person_id).notes = "changed elsewhere"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, ConflictDialog)
        await pilot.click("#reload")
        await settle(pilot, app)
        assert isinstance(app.screen, PersonForm)  # the organizer's values are offered again
        assert app.screen.query_one("#person-position", Input).value == "Director of Migration"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert not isinstance(app.screen, PersonForm | ConflictDialog)
    with demo_context.transaction() as db:
        person = db.get(Person, person_id)
        assert (person.position, person.email) == ("Director of Migration", "Director@example.org")
        assert person.notes == "changed elsewhere" and person.version == 3
