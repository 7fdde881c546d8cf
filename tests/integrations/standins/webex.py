"""Stand-in for the Webex Meetings REST API (loopback HTTP).

``POST /v1/meetings`` (200, CreateMeetingObject), ``PUT /v1/meetings/{meetingId}`` (200,
UpdateMeetingObject: no ``invitees`` nor ``simultaneousInterpretation``),
``PUT /v1/meetings/{meetingId}/simultaneousInterpretation`` (200),
``GET /v1/meetings?integrationTag=..`` (list), ``DELETE /v1/meetings/{meetingId}`` (204),
``GET|POST /v1/meetingInvitees`` and ``PUT /v1/meetingInvitees/{id}`` (the invitees given at
creation are listed there too).
Contract rules: ``start`` not before now nor after ``end``, 10 minutes to 23 h 59 min long;
a start without offset is read in ``timezone``. Errors are ``{"message", "errors",
"trackingId"}``. Switch ``ignore_interpretation``: the site has no simultaneous interpretation;
``now`` is the site's clock.
"""

from __future__ import annotations

import itertools
import re
import secrets
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

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
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.invitees: dict[str, dict[str, Any]] = {}
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
        if request.path == "/v1/meetings" and request.method == "GET":
            return self._list(request)
        if request.path.startswith("/v1/meetingInvitees"):
            return self._invitee_route(request)
        match = re.fullmatch(
            r"/v1/meetings/([A-Za-z0-9_]+)/simultaneousInterpretation", request.path
        )
        if match and request.method == "PUT":
            return self._interpretation(request, match[1])
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

    def _body(
        self, request: Recorded, schema: contracts.Schema = contracts.WEBEX_MEETING
    ) -> dict[str, Any] | Answer:
        try:
            body = request.json()
        except ValueError:
            return webex_error(400, "Malformed JSON.")
        problems = contracts.validate(body, schema)
        if not problems:
            zone = ZoneInfo(body.get("timezone") or "UTC")
            start, end = (_aware(body[k], zone) for k in ("start", "end"))
            if start < self.now() - timedelta(minutes=1):
                problems.append("start cannot be before current date and time.")
            if not MIN_LENGTH <= end - start <= MAX_LENGTH:
                problems.append("Duration must be between 10 minutes and 23 hours 59 minutes.")
        if problems:
            return webex_error(400, "; ".join(problems))
        return body

    def _apply(self, meeting: dict[str, Any], body: dict[str, Any]) -> None:
        meeting.update({k: v for k, v in body.items() if k != "simultaneousInterpretation"})
        if "simultaneousInterpretation" not in body and "simultaneousInterpretation" in meeting:
            return  # an update leaves interpretation as it is (its own endpoint changes it)
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
        for invitee in body.get("invitees") or []:
            self._invite(meeting_id, invitee)
        return Answer(200, meeting)

    def _invitee_route(self, request: Recorded) -> Answer:
        if request.path == "/v1/meetingInvitees" and request.method == "GET":
            meeting_id = (request.query.get("meetingId") or [""])[0]
            if not meeting_id:
                return webex_error(400, "meetingId is required.")
            items = [i for i in self.invitees.values() if i["meetingId"] == meeting_id]
            return Answer(200, {"items": items})
        schema = contracts.WEBEX_INVITEE_CREATE
        match = re.fullmatch(r"/v1/meetingInvitees/(\w+)", request.path)
        if match and request.method == "PUT":
            schema = contracts.WEBEX_INVITEE_UPDATE
        elif request.path != "/v1/meetingInvitees" or request.method != "POST":
            return webex_error(404, f"No route {request.method} {request.path}")
        try:
            body = request.json()
        except ValueError:
            return webex_error(400, "Malformed JSON.")
        problems = contracts.validate(body, schema)
        if problems:
            return webex_error(400, "; ".join(problems))
        if match:
            invitee = self.invitees.get(match[1])
            if invitee is None:
                return webex_error(404, "Invitee not found.")
            invitee.update(body)
            return Answer(200, invitee)
        if body["meetingId"] not in self.meetings:
            return webex_error(404, "Meeting not found.")
        return Answer(200, self._invite(body["meetingId"], body))

    def _invite(self, meeting_id: str, body: dict[str, Any]) -> dict[str, Any]:
        invitee = {
            "id": secrets.token_hex(12),
            "meetingId": meeting_id,
            "email": body["email"],
            "displayName": body.get("displayName", body["email"]),
            "coHost": bool(body.get("coHost", False)),
            "panelist": bool(body.get("panelist", False)),
        }
        with self._data_lock:
            self.invitees[invitee["id"]] = invitee
        return invitee

    def _list(self, request: Recorded) -> Answer:
        tag = (request.query.get("integrationTag") or [""])[0]
        with self._data_lock:
            items = [
                m for m in self.meetings.values() if not tag or tag in m.get("integrationTags", [])
            ]
        return Answer(200, {"items": items})

    def _interpretation(self, request: Recorded, meeting_id: str) -> Answer:
        meeting = self.meetings.get(meeting_id)
        if meeting is None:
            return webex_error(404, "Meeting not found.")
        try:
            body = request.json()
        except ValueError:
            return webex_error(400, "Malformed JSON.")
        problems = contracts.validate(body, contracts.WEBEX_INTERPRETATION)
        if problems:
            return webex_error(400, "; ".join(problems))
        meeting["simultaneousInterpretation"] = (
            {"enabled": False} if self.ignore_interpretation else body
        )
        return Answer(200, meeting["simultaneousInterpretation"])

    def _update(self, request: Recorded, meeting: dict[str, Any]) -> Answer:
        body = self._body(request, contracts.WEBEX_UPDATE)
        if isinstance(body, Answer):
            return body
        self._apply(meeting, body)
        return Answer(200, meeting)


def _aware(value: str, zone: ZoneInfo) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)
