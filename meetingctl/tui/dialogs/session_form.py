"""The form to create or edit a session. It checks the shape of the input (a time, a number);
the domain checks the rules (overlaps, DST gaps...) and its message is shown back here."""

from __future__ import annotations

from datetime import date, time
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Input, Label, Select, Static

from agenda.model.enums import SessionKind
from agenda.programme.reading import kind_label
from meetingctl.services.programme_views import SessionInput
from meetingctl.tui.base import Dialog


class SessionForm(Dialog[SessionInput | None]):
    """Collects a :class:`SessionInput`; dismisses with None on cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "button.cancel"),
        Binding("ctrl+s", "save", "button.save"),
    ]

    def __init__(
        self,
        days: list[tuple[str, date]],
        initial: SessionInput | None = None,
        *,
        editing: bool = False,
        error: str = "",
    ) -> None:
        super().__init__()
        self.days = days
        self.initial = initial
        self.editing = editing
        self.error = error

    def compose(self) -> ComposeResult:
        first = self.initial
        with VerticalScroll(classes="dialog form"):
            yield Static(
                self.t("form.session.edit" if self.editing else "form.session.new"),
                classes="dialog-title",
            )
            yield Label(self.t("form.title_en"))
            yield Input(first.title_en if first else "", id="title_en", compact=True)
            yield Label(self.t("form.title_es"))
            yield Input(first.title_es if first else "", id="title_es", compact=True)
            with Horizontal(classes="form-row"):
                yield Select(
                    [(kind_label(k, self.lang), k) for k in SessionKind],
                    value=first.kind if first else SessionKind.PLENARY,
                    allow_blank=False,
                    id="kind",
                    compact=True,
                )
                yield Select(
                    [(label, day) for label, day in self.days],
                    value=first.day if first else self.days[0][1],
                    allow_blank=False,
                    id="day",
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                with VerticalScroll(classes="field"):
                    yield Label(self.t("form.start"))
                    yield Input(
                        first.start.strftime("%H:%M") if first else "09:00",
                        id="start",
                        compact=True,
                    )
                with VerticalScroll(classes="field"):
                    yield Label(self.t("form.minutes"))
                    yield Input(
                        str(first.minutes) if first else "60",
                        id="minutes",
                        type="integer",
                        compact=True,
                    )
            yield Label(self.t("form.track"))
            yield Input(first.track if first else "", id="track", compact=True)
            yield Label(self.t("form.objectives"))
            yield Input(
                ", ".join(str(n) for n in first.objectives) if first else "",
                id="objectives",
                compact=True,
            )
            yield Static(self.error, id="form-error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.t("button.save"), id="save", variant="primary")
                yield Button(self.t("button.cancel"), id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#title_en", Input).focus()

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def collect(self) -> SessionInput | str:
        """The form's values, or the reason they cannot be used."""
        title_en, title_es = self._value("title_en"), self._value("title_es")
        if not (title_en or title_es):
            return self.t("form.error.title")
        try:
            hours, minutes = (int(part) for part in self._value("start").split(":"))
            start = time(hours, minutes)
        except ValueError:
            return self.t("form.error.start")
        try:
            length = int(self._value("minutes"))
        except ValueError:
            return self.t("form.error.minutes")
        if not 5 <= length <= 720:
            return self.t("form.error.minutes")
        try:
            objectives = tuple(
                int(part)
                for part in self._value("objectives").replace(";", ",").split(",")
                if part.strip()
            )
        except ValueError:
            return self.t("form.error.objectives")
        if any(not 1 <= n <= 23 for n in objectives):
            return self.t("form.error.objectives")
        day = self.query_one("#day", Select).value
        if not isinstance(day, date):
            return self.t("form.error.day")
        kind = self.query_one("#kind", Select).value
        return SessionInput(
            title_en=title_en,
            title_es=title_es,
            kind=SessionKind(str(kind)),
            day=day,
            start=start,
            minutes=length,
            track=self._value("track"),
            objectives=objectives,
        )

    def action_save(self) -> None:
        result = self.collect()
        if isinstance(result, str):
            self.query_one("#form-error", Static).update(result)
            return
        self.dismiss(result)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)
