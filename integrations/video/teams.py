"""Microsoft Teams meetings through Microsoft Graph (application permissions).

Two modes, chosen with ``mode``:

* ``"online_meeting"``: ``POST /users/{id}/onlineMeetings/createOrGet`` with an ``externalId``
  derived from the spec key (Graph returns the existing meeting on a retried create), join URL
  from ``joinWebUrl``; PATCH ``/onlineMeetings/{id}`` to update, DELETE to remove.
* ``"event"``: an Outlook event in the organizer's calendar with ``isOnlineMeeting`` and
  ``teamsForBusiness`` and a ``transactionId`` derived from the key; join URL from
  ``onlineMeeting.joinUrl``; PATCH the event to update, POST ``/events/{id}/cancel`` to cancel.

Which resource a stored id is follows from its shape: Outlook item ids (events) start with
``AAMk`` (base64 of the mailbox item id), online meeting ids do not (``MSo..``/``MSp..``); an
explicit ``"event:"``/``"online_meeting:"`` prefix is honoured too. A link made in the other
mode is not PATCHed as if it were this mode's resource: :meth:`TeamsPlatform.manages` tells
the sync, and :meth:`TeamsPlatform.update` re-creates it in the configured mode (new link
first, then the old resource is removed).
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any

from integrations.http import HttpError
from integrations.msgraph.client import GraphClient
from integrations.msgraph.events import date_time_time_zone, transaction_id, user_path
from integrations.video.base import (
    Capabilities,
    MeetingSpec,
    VideoMeeting,
    VideoPlatform,
    interpretation_warning,
)

MODES = ("online_meeting", "event")


def split_id(meeting_id: str) -> tuple[str, str]:
    """(mode, Graph id) of a stored Teams meeting id."""
    mode, sep, graph_id = meeting_id.partition(":")
    if sep and mode in MODES:
        return mode, graph_id
    return ("event" if meeting_id.startswith("AAMk") else "online_meeting"), meeting_id


def _iso_utc(spec_time: datetime) -> str:
    return spec_time.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class TeamsPlatform(VideoPlatform):
    """Teams meetings organized by ``organizer`` (user id or UPN of the secretariat account)."""

    name = "teams"
    capabilities = Capabilities(interpretation=False, registration=False, webinar_panelists=False)

    def __init__(
        self, client: GraphClient, *, organizer: str, mode: str = "online_meeting"
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"teams mode must be one of {', '.join(MODES)}; got {mode!r}")
        self.client = client
        self.organizer = organizer
        self.mode = mode

    # -- bodies ---------------------------------------------------------------------------
    def _online_meeting_body(self, spec: MeetingSpec) -> dict[str, Any]:
        return {
            "startDateTime": _iso_utc(spec.start),
            "endDateTime": _iso_utc(spec.end),
            "subject": spec.title,
        }

    def _event_body(self, spec: MeetingSpec) -> dict[str, Any]:
        content = "<br>".join(html.escape(line) for line in spec.agenda.splitlines())
        return {
            "subject": spec.title,
            "body": {"contentType": "html", "content": f"<html><body>{content}</body></html>"},
            "start": date_time_time_zone(spec.start, spec.timezone),
            "end": date_time_time_zone(spec.end, spec.timezone),
            "isOnlineMeeting": True,
            "onlineMeetingProvider": "teamsForBusiness",
        }

    def _meeting(self, data: dict[str, Any], spec: MeetingSpec) -> VideoMeeting:
        if self.mode == "online_meeting":
            join_url = data.get("joinWebUrl") or ""
            audio = data.get("audioConferencing") or {}
        else:
            audio = data.get("onlineMeeting") or {}
            join_url = audio.get("joinUrl") or data.get("onlineMeetingUrl") or ""
        dial_in = None
        if audio.get("tollNumber"):
            dial_in = str(audio["tollNumber"])
            if audio.get("conferenceId"):
                dial_in += f" (ID {audio['conferenceId']})"
        meeting = VideoMeeting(
            platform=self.name,
            meeting_id=str(data["id"]),
            join_url=str(join_url),
            dial_in=dial_in,
            raw=data,
        )
        if not join_url:
            meeting.warnings.append(
                "Teams: Graph returned no join URL; check that the organizer has a Teams "
                "licence. / Teams: Graph no devolvió enlace; verifique la licencia de Teams."
            )
        if spec.wants_interpretation:
            meeting.interpretation_applied = False
            meeting.warnings.append(
                interpretation_warning(
                    "Teams",
                    spec.title,
                    "Graph cannot configure interpretation; use Teams meeting options",
                )
            )
        return meeting

    # -- operations -------------------------------------------------------------------------
    def create(self, spec: MeetingSpec) -> VideoMeeting:
        """Create the meeting (idempotent for the same ``spec.key``)."""
        base = user_path(self.organizer)
        idempotency = transaction_id(self.organizer, spec.key)
        if self.mode == "online_meeting":
            body = self._online_meeting_body(spec) | {"externalId": idempotency}
            path = f"{base}/onlineMeetings/createOrGet"
        else:
            body = self._event_body(spec) | {"transactionId": idempotency}
            path = f"{base}/events"
        data = self.client.post(path, mailbox=self.organizer, json=body).json()
        return self._meeting(data, spec)

    def manages(self, meeting_id: str) -> bool:
        """True when ``meeting_id`` is a resource of the configured mode."""
        return split_id(meeting_id)[0] == self.mode

    def update(self, meeting_id: str, spec: MeetingSpec) -> VideoMeeting:
        """PATCH the online meeting or event; one made in the other mode is re-created."""
        mode, meeting_id = split_id(meeting_id)
        if mode != self.mode:
            created = self.create(spec)
            self._remove(mode, meeting_id)
            return created
        base = user_path(self.organizer)
        if self.mode == "online_meeting":
            path, body = f"{base}/onlineMeetings/{meeting_id}", self._online_meeting_body(spec)
        else:
            path, body = f"{base}/events/{meeting_id}", self._event_body(spec)
        response = self.client.patch(path, mailbox=self.organizer, json=body)
        if response.status_code == 204 or not response.content:
            response = self.client.request("GET", path, mailbox=self.organizer)
        return self._meeting(response.json(), spec)

    def delete(self, meeting_id: str, *, comment: str = "") -> None:
        """Delete the online meeting, or cancel the event; already gone (404) is fine."""
        mode, graph_id = split_id(meeting_id)
        self._remove(mode, graph_id, comment=comment)

    def _remove(self, mode: str, meeting_id: str, *, comment: str = "") -> None:
        base = user_path(self.organizer)
        try:
            if mode == "online_meeting":
                self.client.delete(f"{base}/onlineMeetings/{meeting_id}", mailbox=self.organizer)
            else:
                self.client.post(
                    f"{base}/events/{meeting_id}/cancel",
                    mailbox=self.organizer,
                    json={"Comment": comment or "Cancelled / Cancelada"},
                )
        except HttpError as exc:
            if exc.status != 404:
                raise
