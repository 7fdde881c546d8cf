"""The form to edit a person; the domain normalizes and validates the values it receives."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Input, Label, Select, Static

from agenda import reference
from agenda.model.enums import Gender
from meetingctl.services.people_views import PersonFields, PersonView
from meetingctl.tui.base import Dialog
from meetingctl.tui.labels import code_label

TEXT_FIELDS = ("given_name", "family_name", "honorific", "country", "email", "position")


def _categories(lang: str) -> list[tuple[str, str]]:
    return [
        (c.label_es if lang == "es" else c.label_en, c.key)
        for c in reference.stakeholder_categories()
    ]


class PersonForm(Dialog[PersonFields | None]):
    """Collects the :class:`PersonFields` it shows; dismisses with None on cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "button.cancel"),
        Binding("ctrl+s", "save", "button.save"),
    ]

    def __init__(
        self, person: PersonView, values: PersonFields | None = None, error: str = ""
    ) -> None:
        super().__init__()
        self.person = person
        self.values = values or PersonFields(
            given_name=person.given_name,
            family_name=person.family_name,
            honorific=person.honorific,
            gender=person.gender,
            country=person.country,
            category=person.category,
            email=person.email,
            position=person.position,
        )
        self.error = error

    def compose(self) -> ComposeResult:
        values = self.values
        category = values.category or "other"
        categories = _categories(self.lang)
        if category not in {code for _, code in categories}:
            categories.append((category, category))
        with VerticalScroll(classes="dialog form"):
            yield Static(self.t("form.person.edit"), classes="dialog-title")
            for field in TEXT_FIELDS:
                yield Label(self.t(f"form.{field}"))
                yield Input(getattr(values, field) or "", id=f"person-{field}", compact=True)
            with Horizontal(classes="form-row"):
                yield Select(
                    [(code_label(self.tapp.i18n, "gender", g.value), g.value) for g in Gender],
                    value=values.gender or Gender.UNKNOWN.value,
                    allow_blank=False,
                    id="person-gender",
                    compact=True,
                )
                yield Select(
                    categories,
                    value=category,
                    allow_blank=False,
                    id="person-category",
                    compact=True,
                )
            yield Static(self.error, id="person-error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.t("button.save"), id="save", variant="primary")
                yield Button(self.t("button.cancel"), id="cancel")
        yield Footer()

    def action_save(self) -> None:
        fields = {f: self.query_one(f"#person-{f}", Input).value.strip() for f in TEXT_FIELDS}
        if not fields["given_name"]:
            self.query_one("#person-error", Static).update(self.t("form.error.given_name"))
            return
        self.dismiss(
            PersonFields(
                given_name=fields["given_name"],
                family_name=fields["family_name"],
                honorific=fields["honorific"],
                country=fields["country"],
                email=fields["email"],
                position=fields["position"],
                gender=str(self.query_one("#person-gender", Select).value),
                category=str(self.query_one("#person-category", Select).value),
            )
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)
