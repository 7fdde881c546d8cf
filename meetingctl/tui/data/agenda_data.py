"""Forwarder: the programme views now live in :mod:`meetingctl.services.programme_views` and
the use cases in :class:`meetingctl.services.programme.ProgrammeService`. Only
``meetingctl.tui.data.balance_data`` still imports from here (``FindingView``); delete this
module once it imports the views from the service package."""

from __future__ import annotations

from meetingctl.services.programme_views import (
    AgendaView,
    FindingView,
    RoleView,
    SessionInput,
    SessionView,
    finding_view,
)

__all__ = ["AgendaView", "FindingView", "RoleView", "SessionInput", "SessionView", "finding_view"]
