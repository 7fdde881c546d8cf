"""Stand-in for Zoom's Server-to-Server OAuth and Meeting API (loopback HTTP).

``POST /oauth/token?grant_type=account_credentials&account_id=..`` with HTTP Basic;
``POST /v2/users/{userId}/meetings`` (201), ``PATCH /v2/meetings/{id}`` (204),
``GET /v2/meetings/{id}`` (200), ``DELETE /v2/meetings/{id}`` (204),
``GET /v2/users/{userId}/meetings`` (list: agendas cut to 250 characters, pages of
``page_size`` <= 300 with ``next_page_token``). ``type`` defaults to 2 (scheduled), as the
contract says; a scheduled meeting without ``start_time`` starts now. Errors are
``{"code", "message"}``. Switches: ``ignore_interpretation`` (plan without the feature),
``daily_limit`` (create/update calls per user per day).
"""

from __future__ import annotations

import base64
import itertools
import re
import secrets
import threading
from typing import Any
from urllib.parse import unquote

from tests.integrations.standins import contracts
from tests.integrations.standins.server import Answer, Recorded, StandIn, bearer, header

DAILY_LIMIT_MESSAGE = (
    "You have exceeded the daily rate limit ({limit}) of Meeting Create/Update API requests "
    "permitted for this particular user. You may resume these requests at GMT 00:00:00."
)


def zoom_error(status: int, code: int, message: str) -> Answer:
    """Zoom's error shape."""
    return Answer(status, {"code": code, "message": message})


class ZoomStandIn(StandIn):
    """One Zoom account with one Server-to-Server OAuth app."""

    def __init__(
        self,
        *,
        account_id: str = "acct-123",
        client_id: str = "zoom-client",
        client_secret: str = "zoom-secret",
    ) -> None:
        super().__init__()
        self.account_id = account_id
        self.credentials = (client_id, client_secret)
        self.tokens: set[str] = set()
        self.token_requests = 0
        self.meetings: dict[str, dict[str, Any]] = {}
        self.ignore_interpretation = False
        self.daily_limit = 100
        self._writes: dict[str, int] = {}
        self._ids = itertools.count(81234567890)
        self._data_lock = threading.Lock()

    def route(self, request: Recorded) -> Answer:
        """Dispatch OAuth and meeting endpoints."""
        if request.path == "/oauth/token" and request.method == "POST":
            return self._token(request)
        if not request.path.startswith("/v2/"):
            return zoom_error(404, 404, "Not found")
        if bearer(request) not in self.tokens:
            return zoom_error(401, 124, "Invalid access token.")
        match = re.fullmatch(r"/v2/users/([^/]+)/meetings", request.path)
        if match and request.method == "POST":
            return self._create(request, unquote(match[1]))
        if match and request.method == "GET":
            return self._list(request, unquote(match[1]))
        match = re.fullmatch(r"/v2/meetings/(\d+)", request.path)
        if match:
            handler = {"PATCH": self._patch, "GET": self._get, "DELETE": self._delete}.get(
                request.method
            )
            if handler:
                return handler(request, match[1])
        return zoom_error(404, 404, f"No route {request.method} {request.path}")

    def _token(self, request: Recorded) -> Answer:
        self.token_requests += 1
        query = {k: v[0] for k, v in request.query.items()}
        if query.get("grant_type") != "account_credentials":
            return Answer(
                400, {"reason": "Unsupported grant type", "error": "unsupported_grant_type"}
            )
        expected = base64.b64encode(":".join(self.credentials).encode()).decode()
        if header(request, "Authorization") != f"Basic {expected}":
            return Answer(
                401, {"reason": "Invalid client_id or client_secret", "error": "invalid_client"}
            )
        if query.get("account_id") != self.account_id:
            return Answer(400, {"reason": "Invalid account_id", "error": "invalid_request"})
        token = secrets.token_urlsafe(24)
        self.tokens.add(token)
        return Answer(
            200,
            {
                "access_token": token,
                "token_type": "bearer",
                "expires_in": 3599,
                "scope": "meeting:write",
            },
        )

    def _body(self, request: Recorded, *, create: bool) -> dict[str, Any] | Answer:
        try:
            body = request.json()
        except ValueError:
            return zoom_error(400, 300, "Request Body should be a valid JSON object.")
        problems = contracts.validate(body, contracts.ZOOM_MEETING)
        # The contract requires no property: type defaults to 2, topic to "Zoom Meeting".
        if (
            isinstance(body, dict)
            and isinstance(body.get("duration"), int)
            and body["duration"] <= 0
        ):
            problems.append("body.duration: must be positive")
        if problems:
            return zoom_error(400, 300, "Validation Failed. " + "; ".join(problems))
        return body

    def _count_write(self, user: str) -> Answer | None:
        with self._data_lock:
            used = self._writes.get(user, 0)
            if used >= self.daily_limit:
                return zoom_error(429, 429, DAILY_LIMIT_MESSAGE.format(limit=self.daily_limit))
            self._writes[user] = used + 1
        return None

    def _apply(self, meeting: dict[str, Any], body: dict[str, Any]) -> None:
        settings = body.get("settings", {})
        stored = meeting.setdefault("settings", {})
        for key, value in settings.items():
            if key == "language_interpretation" and self.ignore_interpretation:
                continue  # plans without the feature drop it silently
            stored[key] = value
        meeting.update({k: v for k, v in body.items() if k != "settings"})

    def _create(self, request: Recorded, user: str) -> Answer:
        body = self._body(request, create=True)
        if isinstance(body, Answer):
            return body
        limited = self._count_write(user)
        if limited:
            return limited
        meeting_id = next(self._ids)
        meeting: dict[str, Any] = {
            "id": meeting_id,
            "type": 2,
            "topic": "Zoom Meeting",
            "host_email": user,
            "join_url": f"https://zoom.example.test/j/{meeting_id}?pwd=abc",
            "start_url": f"https://zoom.example.test/s/{meeting_id}?zak=host",
            "password": "Ab12cD",
            "settings": {
                "global_dial_in_numbers": [
                    {"number": "+1 555 0199", "country": "US", "country_name": "US", "type": "toll"}
                ]
            },
        }
        self._apply(meeting, body)
        with self._data_lock:
            self.meetings[str(meeting_id)] = meeting
        return Answer(201, meeting)

    def _list(self, request: Recorded, user: str) -> Answer:
        query = {k: v[0] for k, v in request.query.items()}
        try:
            size = int(query.get("page_size", "30"))
            offset = int(query.get("next_page_token") or 0)
        except ValueError:
            return zoom_error(400, 300, "Invalid page_size or next_page_token.")
        if not 1 <= size <= 300:
            return zoom_error(400, 300, "page_size must be between 1 and 300.")
        with self._data_lock:
            mine = [m for m in self.meetings.values() if m["host_email"] == user]
        page = mine[offset : offset + size]
        listed = [
            {k: m.get(k) for k in ("id", "topic", "type", "start_time", "duration", "timezone")}
            | {"agenda": str(m.get("agenda", ""))[:250], "join_url": m["join_url"]}
            for m in page
        ]
        more = offset + size < len(mine)
        return Answer(
            200,
            {
                "page_size": size,
                "total_records": len(mine),
                "next_page_token": str(offset + size) if more else "",
                "meetings": listed,
            },
        )

    def _find(self, meeting_id: str) -> dict[str, Any] | Answer:
        meeting = self.meetings.get(meeting_id)
        if meeting is None:
            return zoom_error(404, 3001, f"Meeting does not exist: {meeting_id}.")
        return meeting

    def _patch(self, request: Recorded, meeting_id: str) -> Answer:
        body = self._body(request, create=False)
        if isinstance(body, Answer):
            return body
        meeting = self._find(meeting_id)
        if isinstance(meeting, Answer):
            return meeting
        limited = self._count_write(str(meeting["host_email"]))
        if limited:
            return limited
        self._apply(meeting, body)
        return Answer(204)

    def _get(self, request: Recorded, meeting_id: str) -> Answer:
        meeting = self._find(meeting_id)
        return meeting if isinstance(meeting, Answer) else Answer(200, meeting)

    def _delete(self, request: Recorded, meeting_id: str) -> Answer:
        meeting = self._find(meeting_id)
        if isinstance(meeting, Answer):
            return meeting
        del self.meetings[meeting_id]
        return Answer(204)
