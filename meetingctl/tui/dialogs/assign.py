"""Pickers: assign a person to a session role, and change an assignment's status."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Select, Static

from agenda.model.enums import InvitationStatus, Role
from meetingctl.services.people_views import AssignmentView
from meetingctl.tui.base import Dialog


def _or_blank(value: object) -> object:
    return Select.NULL if value is None else value


class AssignDialog(Dialog[tuple[int, Role] | None]):
    """Choose a session and a role; dismisses with (session id, role)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "button.cancel"),
        Binding("ctrl+s", "save", "button.save"),
    ]

    def __init__(
        self,
        name: str,
        sessions: list[tuple[str, int]],
        role: Role | None = None,
        session_id: int | None = None,
    ) -> None:
        super().__init__()
        self.person_name = name
        self.sessions = sessions
        self.role = role
        self.session_id = session_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                self.t("assign.title", name=self.person_name), classes="dialog-title", markup=False
            )
            yield Label(self.t("assign.session"))
            yield Select(self.sessions, id="assign-session", value=_or_blank(self.session_id))
            yield Label(self.t("assign.role"))
            yield Select([(r.value, r) for r in Role], id="assign-role", value=_or_blank(self.role))
            yield Static("", id="assign-error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.t("button.save"), id="save", variant="primary")
                yield Button(self.t("button.cancel"), id="cancel")

    def action_save(self) -> None:
        session = self.query_one("#assign-session", Select).value
        role = self.query_one("#assign-role", Select).value
        if not isinstance(session, int) or not isinstance(role, Role):
            self.query_one("#assign-error", Static).update(self.t("assign.choose"))
            return
        self.dismiss((session, role))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)


class StatusDialog(Dialog[tuple[int, int, InvitationStatus] | None]):
    """Choose one of a person's assignments and its new status."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "button.cancel"),
        Binding("ctrl+s", "save", "button.save"),
    ]

    def __init__(self, name: str, assignments: list[AssignmentView]) -> None:
        super().__init__()
        self.person_name = name
        self.assignments = assignments

    def compose(self) -> ComposeResult:
        first = self.assignments[0]
        with Vertical(classes="dialog"):
            yield Static(
                self.t("status.title", name=self.person_name), classes="dialog-title", markup=False
            )
            yield Select(
                [
                    (f"{a.role} · {a.session_title[:50]} ({a.status})", a.assignment_id)
                    for a in self.assignments
                ],
                value=first.assignment_id,
                allow_blank=False,
                id="status-assignment",
            )
            yield Select(self.choices(first.status), id="status-value")
            with Horizontal(classes="buttons"):
                yield Button(self.t("button.save"), id="save", variant="primary")
                yield Button(self.t("button.cancel"), id="cancel")

    def choices(self, current: str) -> list[tuple[str, InvitationStatus]]:
        """The statuses the roster allows next from ``current``."""
        allowed = self.tapp.context.services.people.allowed_transitions(current)
        return [(s.value, s) for s in allowed]

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "status-assignment":
            chosen = next(a for a in self.assignments if a.assignment_id == event.value)
            self.query_one("#status-value", Select).set_options(self.choices(chosen.status))

    def action_save(self) -> None:
        assignment_id = self.query_one("#status-assignment", Select).value
        status = self.query_one("#status-value", Select).value
        if not isinstance(status, InvitationStatus):
            return
        chosen = next(a for a in self.assignments if a.assignment_id == assignment_id)
        self.dismiss((chosen.assignment_id, chosen.version, status))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)
