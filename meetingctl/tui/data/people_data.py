"""Forwarders to :class:`meetingctl.services.people.PeopleService` for the screens that still
import this module (Round tables, Invitations); no database access here. New code calls
``context.services.people`` directly."""

from __future__ import annotations

from agenda.model.enums import Role
from meetingctl.context import AppContext
from meetingctl.services.people_views import AssignmentView, PersonView

__all__ = ["AssignmentView", "PersonView", "assign", "load_people", "session_choices"]


def load_people(ctx: AppContext) -> list[PersonView]:
    """Every person with organization and role assignments."""
    return list(ctx.services.people.list_people())


def session_choices(ctx: AppContext, lang: str) -> list[tuple[str, int]]:
    """(label, id) of the meeting's sessions in start order, for pickers."""
    return [(c.label, c.session_id) for c in ctx.services.people.session_choices(lang)]


def assign(ctx: AppContext, person_id: int, session_id: int, role: Role) -> None:
    """Give ``person_id`` a role in ``session_id`` (status nominated)."""
    ctx.services.people.assign(person_id, session_id, role)
