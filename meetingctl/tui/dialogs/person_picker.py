"""Pick a person by typing part of the name, country or organization."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from meetingctl.services.people_views import PersonView
from meetingctl.tui.base import Dialog
from meetingctl.tui.labels import code_label

LIMIT = 200


class PersonPicker(Dialog[tuple[int, str] | None]):
    """Dismisses with (person id, name), or None."""

    DEFAULT_CSS = """
    #picker-list { height: 14; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "button.cancel")]

    def __init__(self, people: list[PersonView]) -> None:
        super().__init__()
        self.people = people

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.t("rt.pick_person"), classes="dialog-title")
            yield Input(placeholder=self.t("people.search"), id="picker-search", compact=True)
            yield OptionList(id="picker-list")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#picker-search", Input).focus()

    def _fill(self, text: str) -> None:
        words = text.lower().split()
        options = self.query_one("#picker-list", OptionList)
        options.clear_options()
        shown = [
            p
            for p in self.people
            if all(w in f"{p.search_text} {p.country.lower()}" for w in words)
        ][:LIMIT]
        i18n = self.tapp.i18n
        options.add_options(
            Option(
                f"{p.name} · {p.country or '-'} · {code_label(i18n, 'gender', p.gender)}"
                f" · {code_label(i18n, 'category', p.category)}",
                id=str(p.id),
            )
            for p in shown
        )
        if shown:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one("#picker-list", OptionList)
        if options.highlighted is not None:
            self._choose(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, option_id: str | None) -> None:
        person = next((p for p in self.people if str(p.id) == option_id), None)
        if person is not None:
            self.dismiss((person.id, person.name))
