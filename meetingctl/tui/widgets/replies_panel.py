"""The replies panel of the Invitations screen (issue 14): the review queue (replies never
applied on their own) and each person's timeline, sent, delivered and replied, in the
organizer's zone."""

from __future__ import annotations

from datetime import datetime

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from agenda.i18n.catalog import tr
from agenda.i18n.labels import status_label
from agenda.messaging.reply_rules import describe_reason
from agenda.time.zones import zone
from meetingctl.services.replies_views import InvitationsTimeline

STATUS_STYLE = {
    "accepted": "green",
    "confirmed": "bold green",
    "declined": "red",
    "tentative": "yellow",
    "invited": "cyan",
    "withdrawn": "dim",
}


def _at(moment: datetime | None, tz: str) -> str:
    return moment.astimezone(zone(tz)).strftime("%d %b %H:%M") if moment else "—"


def render(timeline: InvitationsTimeline, lang: str) -> Group:
    """The review queue table (when not empty) and the timeline table."""
    parts: list[Table | Text] = []
    if timeline.queue:
        queue = Table(title=tr(lang, "Review queue"), expand=True, title_justify="left")
        for header in (
            tr(lang, "Received"),  # es: Recibida
            tr(lang, "Address"),  # es: Dirección
            tr(lang, "Answer"),  # es: Respuesta
            tr(lang, "Why it waits"),  # es: Por qué espera
        ):
            queue.add_column(header)
        for reply in timeline.queue:
            queue.add_row(
                _at(reply.received_at, timeline.zone),
                reply.attendee,
                f"{reply.method} {reply.partstat}".strip(),
                describe_reason(lang, reply.reason),
            )
        parts.append(queue)
    else:
        parts.append(Text(tr(lang, "No reply waits for review."), style="dim"))
        # es: Ninguna respuesta espera revisión.
    title = tr(lang, "Timeline (times in {zone})").format(zone=timeline.zone)
    # es: Cronología (horas en {zone})
    table = Table(title=title, expand=True, title_justify="left")
    for header in (
        tr(lang, "Person"),  # es: Persona
        tr(lang, "Session"),  # es: Sesión
        tr(lang, "Status"),  # es: Estado
        tr(lang, "Sent"),  # es: Enviada
        tr(lang, "Delivered"),  # es: Entregada
        tr(lang, "Replied"),  # es: Respondida
    ):
        table.add_column(header)
    for entry in timeline.entries:
        table.add_row(
            entry.person,
            entry.session_title(lang)[:30],
            Text(
                status_label(lang, entry.status, entry.gender, lower=True),
                style=STATUS_STYLE.get(entry.status, ""),
            ),
            _at(entry.sent, timeline.zone),
            _at(entry.delivered, timeline.zone),
            _at(entry.replied, timeline.zone),
        )
    parts.append(table)
    return Group(*parts)


class RepliesPanel(Static):
    """Shows an :class:`InvitationsTimeline`; :meth:`show` replaces what it shows."""

    shown: Group | None = None

    def show(self, timeline: InvitationsTimeline, lang: str) -> None:
        """Render ``timeline`` in ``lang`` (kept in :attr:`shown`)."""
        self.shown = render(timeline, lang)
        self.update(self.shown)
