"""Stand-in for the Webex Meetings REST API (loopback HTTP).

``POST /v1/meetings`` (200), ``PUT /v1/meetings/{meetingId}`` (200),
``DELETE /v1/meetings/{meetingId}`` (204). Errors are ``{"message", "errors", "trackingId"}``.
Switch ``ignore_interpretation``: the site has no simultaneous interpretation.
"""

from __future__ import annotations

import itertools
import re
import secrets
import threading
from datetime import datetime, timedelta
from typing import Any

from tests.integrations.standins import contracts
from tests.integrations.standins.server import Answer, Recorded, StandIn, bearer

MIN_LENGTH = timedelta(minutes=10)
MAX_LENGTH = timedelta(hours=23, minutes=59)


def webex_error(status: int, message: str) -> Answer:
    """Webex's error shape."""
    return Answer(
        status,
        {
            "message": message,
            "errors": [{"description": message}],
            "trackingId": f"ROUTER_{secrets.token_hex(8).upper()}",
        },
    )


class WebexStandIn(StandIn):
    """A Webex site accepting one bearer token."""

    def __init__(self, *, token: str = "webex-token") -> None:
        super().__init__()
        self.token = token
        self.meetings: dict[str, dict[str, Any]] = {}
        self.ignore_interpretation = False
        self._ids = itertools.count(1)
        self._data_lock = threading.Lock()

    def route(self, request: Recorded) -> Answer:
        """Dispatch meeting endpoints."""
        if bearer(request) != self.token:
            return webex_error(
                401, "The request requires a valid access token set in the Authorization header."
            )
        if request.path == "/v1/meetings" and request.method == "POST":
            return self._create(request)
        match = re.fullmatch(r"/v1/meetings/([A-Za-z0-9_]+)", request.path)
        if match and request.method in ("PUT", "DELETE"):
            meeting = self.meetings.get(match[1])
            if meeting is None:
                return webex_error(404, "Meeting not found.")
            if request.method == "DELETE":
                del self.meetings[match[1]]
                return Answer(204)
            return self._update(request, meeting)
        return webex_error(404, f"No route {request.method} {request.path}")

    def _body(self, request: Recorded) -> dict[str, Any] | Answer:
        try:
            body = request.json()
        except ValueError:
            return webex_error(400, "Malformed JSON.")
        problems = contracts.validate(body, contracts.WEBEX_MEETING)
        if not problems:
            start = datetime.fromisoformat(body["start"].replace("Z", "+00:00"))
            end = datetime.fromisoformat(body["end"].replace("Z", "+00:00"))
            if not MIN_LENGTH <= end - start <= MAX_LENGTH:
                problems.append("Duration must be between 10 minutes and 23 hours 59 minutes.")
        if problems:
            return webex_error(400, "; ".join(problems))
        return body

    def _apply(self, meeting: dict[str, Any], body: dict[str, Any]) -> None:
        meeting.update({k: v for k, v in body.items() if k != "simultaneousInterpretation"})
        wanted = body.get("simultaneousInterpretation") or {"enabled": False}
        if self.ignore_interpretation:
            wanted = {"enabled": False}
        meeting["simultaneousInterpretation"] = wanted

    def _create(self, request: Recorded) -> Answer:
        body = self._body(request)
        if isinstance(body, Answer):
            return body
        meeting_id = f"{secrets.token_hex(16)}"
        number = f"2650{next(self._ids):05d}"
        meeting: dict[str, Any] = {
            "id": meeting_id,
            "meetingNumber": number,
            "webLink": f"https://site.webex.example.test/site/j.php?MTID=m{meeting_id}",
            "password": "BgJep@43",
            "telephony": {
                "accessCode": number,
                "callInNumbers": [
                    {"label": "US Toll", "callInNumber": "+1-555-0123", "tollType": "toll"}
                ],
            },
        }
        self._apply(meeting, body)
        with self._data_lock:
            self.meetings[meeting_id] = meeting
        return Answer(200, meeting)

    def _update(self, request: Recorded, meeting: dict[str, Any]) -> Answer:
        body = self._body(request)
        if isinstance(body, Answer):
            return body
        self._apply(meeting, body)
        return Answer(200, meeting)
