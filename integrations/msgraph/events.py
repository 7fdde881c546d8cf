"""Graph v1.0 ``event`` bodies built from the project's CalendarEvent."""

from __future__ import annotations

import html
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from agenda.messaging.types import AttendeeRole, CalendarEvent

MAX_ATTENDEES_PER_EVENT = 500  # Graph/Exchange limit for one event
_TRANSACTION_NAMESPACE = uuid.UUID("6f1d3c1e-2b5a-4c8e-9a57-0d5e8e9b6c21")


def user_path(mailbox: str) -> str:
    """``/users/{mailbox}`` with the mailbox percent-encoded."""
    return f"/users/{quote(mailbox, safe='@.')}"


def date_time_time_zone(moment: datetime, zone: str | None) -> dict[str, str]:
    """A Graph ``dateTimeTimeZone``: wall-clock time in ``zone`` (IANA name) or UTC."""
    if moment.tzinfo is None:
        raise ValueError("calendar times must be timezone-aware")
    if zone:
        local = moment.astimezone(ZoneInfo(zone))
        return {
            "dateTime": local.replace(tzinfo=None).isoformat(timespec="seconds"),
            "timeZone": zone,
        }
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    return {"dateTime": utc.isoformat(timespec="seconds"), "timeZone": "UTC"}


def transaction_id(mailbox: str, key: str) -> str:
    """A stable Graph ``transactionId`` for one create, so a retried POST never duplicates."""
    return str(uuid.uuid5(_TRANSACTION_NAMESPACE, f"{mailbox.lower()}\n{key}"))


def html_body(text: str, url: str = "") -> str:
    """Plain text (escaped, newlines kept) plus an optional link, as an HTML fragment."""
    parts = [html.escape(line) for line in text.splitlines()]
    content = "<br>".join(parts)
    if url:
        safe = html.escape(url, quote=True)
        content += f'{"<br>" if content else ""}<a href="{safe}">{safe}</a>'
    return f"<html><body>{content}</body></html>"


def attendee_type(role: AttendeeRole) -> str:
    """Graph ``attendeeType`` for an iCalendar role (chairs are required attendees)."""
    return "optional" if role is AttendeeRole.OPTIONAL else "required"


def event_payload(
    event: CalendarEvent, *, teams_meeting: bool = False, transaction: str | None = None
) -> dict[str, Any]:
    """The JSON body for POST/PATCH ``/users/{id}/events``.

    ``teams_meeting`` asks Graph to create a Teams meeting for the event
    (``isOnlineMeeting`` with ``teamsForBusiness``); otherwise an existing link (event.url) is
    placed in the location and body. ``transaction`` is set only on create.
    """
    if len(event.attendees) > MAX_ATTENDEES_PER_EVENT:
        raise ValueError(
            f"event {event.uid} has {len(event.attendees)} attendees; "
            f"Graph accepts at most {MAX_ATTENDEES_PER_EVENT} per event"
        )
    body: dict[str, Any] = {
        "subject": event.summary,
        "body": {"contentType": "html", "content": html_body(event.description, event.url)},
        "start": date_time_time_zone(event.start, event.tzid),
        "end": date_time_time_zone(event.end, event.tzid),
        "attendees": [
            {
                "emailAddress": {"address": a.email, "name": a.name},
                "type": attendee_type(a.role),
            }
            for a in event.attendees
        ],
        "isOnlineMeeting": teams_meeting,
        "responseRequested": True,
    }
    if teams_meeting:
        body["onlineMeetingProvider"] = "teamsForBusiness"
    location = event.location or event.url
    if location:
        body["location"] = {"displayName": location}
        if event.url:
            body["location"]["locationUri"] = event.url
    if transaction:
        body["transactionId"] = transaction
    return body
