"""Reading the attendees' answers of Outlook events created by the ``graph-events`` transport
(issue 14 item 2): ``GET /users/{mailbox}/events/{id}?$select=attendees``, each attendee's
``status`` (``response``: none, organizer, tentativelyAccepted, accepted, declined,
notResponded; ``time``: when they answered), as in the Graph v1.0 ``responseStatus`` type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from integrations.msgraph.client import GraphClient
from integrations.msgraph.events import user_path


@dataclass(frozen=True)
class AttendeeResponse:
    """One attendee's answer as Graph reports it."""

    address: str
    response: str
    time: datetime | None


def _time(value: object) -> datetime | None:
    text = str(value or "")
    if not text or text.startswith("0001-01-01"):  # Graph's "never answered"
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def attendee_responses(client: GraphClient, mailbox: str, event_id: str) -> list[AttendeeResponse]:
    """The answers of the attendees of event ``event_id`` in ``mailbox``'s calendar."""
    path = f"{user_path(mailbox)}/events/{event_id}?$select=attendees"
    answer = client.request("GET", path, mailbox=mailbox)
    body = answer.json()
    found = []
    for attendee in body.get("attendees") or []:
        address = str((attendee.get("emailAddress") or {}).get("address") or "").strip().lower()
        status = attendee.get("status") or {}
        if address:
            found.append(
                AttendeeResponse(
                    address, str(status.get("response") or "none"), _time(status.get("time"))
                )
            )
    return found
