"""Stand-in for the Microsoft identity platform and Microsoft Graph v1.0 (loopback, HTTPS).

Identity: ``GET /{tenant}/v2.0/.well-known/openid-configuration`` and
``POST /{tenant}/oauth2/v2.0/token`` (client_credentials, scope .default).
Graph: sendMail (MIME in base64 as text/plain, or the JSON message), Sent Items lookup by
``internetMessageId`` (``GET .../mailFolders/sentitems/messages?$filter=``), $batch (1 to 20
requests, string ids unique in the batch, ``dependsOn`` naming earlier ids; a failed dependency
answers 424), events create/patch/cancel/get, onlineMeetings createOrGet/create/patch/get/delete.
Bodies are checked against :mod:`contracts`.
"""

from __future__ import annotations

import email
import itertools
import json
import re
import secrets
import ssl
import threading
from typing import Any
from urllib.parse import parse_qs, unquote

from tests.integrations.standins import contracts
from tests.integrations.standins.graph_batch import batch_problem, in_dependency_order
from tests.integrations.standins.graph_mail import GraphMail, graph_error
from tests.integrations.standins.server import Answer, Recorded, StandIn, bearer, header

GRAPH_SCOPE = "https://graph.microsoft.com/.default"
USER = r"/v1\.0/users/(?P<user>[^/]+)"


class GraphStandIn(GraphMail, StandIn):
    """Identity platform + Graph for one tenant and one app registration."""

    def __init__(
        self,
        *,
        ssl_context: ssl.SSLContext | None = None,
        tenant: str = "contoso-tenant",
        client_id: str = "app-client-id",
        client_secret: str = "app-secret-value",
    ) -> None:
        super().__init__(ssl_context=ssl_context)
        self.tenant = tenant
        self.client_id = client_id
        self.client_secret = client_secret
        self.tokens: set[str] = set()
        self.token_requests = 0
        self.sent_mail: dict[str, list[email.message.Message]] = {}
        self.events: dict[str, dict[str, Any]] = {}
        self.online_meetings: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self._data_lock = threading.Lock()

    # -- routing ----------------------------------------------------------------------------
    def concurrency_key(self, request: Recorded) -> str | None:
        """Requests are metered per mailbox (for $batch: the mailbox of its sub-requests)."""
        match = re.match(USER, request.path)
        if match:
            return unquote(match["user"]).lower()
        if request.path == "/v1.0/$batch":
            try:
                first = request.json()["requests"][0]["url"]
            except (ValueError, KeyError, IndexError, TypeError):
                return None
            match = re.match(r"/users/([^/]+)", first)
            return unquote(match[1]).lower() if match else None
        return None

    def route(self, request: Recorded) -> Answer:
        """Dispatch to identity or Graph handlers."""
        prefix = f"/{self.tenant}"
        if request.path == f"{prefix}/v2.0/.well-known/openid-configuration":
            return self._discovery(request)
        if request.path == f"{prefix}/oauth2/v2.0/token" and request.method == "POST":
            return self._token(request)
        if request.path.startswith("/v1.0/"):
            if bearer(request) not in self.tokens:
                return graph_error(
                    401, "InvalidAuthenticationToken", "Access token is empty or invalid."
                )
            if request.path == "/v1.0/$batch" and request.method == "POST":
                return self._batch(request)
            return self._graph(request)
        if request.path.startswith("/") and "well-known" in request.path:
            return Answer(400, {"error": "invalid_tenant", "error_description": "AADSTS90002"})
        return graph_error(404, "ResourceNotFound", f"no route {request.method} {request.path}")

    # -- identity -----------------------------------------------------------------------------
    def _discovery(self, request: Recorded) -> Answer:
        # Endpoints on the host the client asked (a proxy in front keeps being used).
        host = header(request, "Host")
        origin = f"{self.url.split('://')[0]}://{host}" if host else self.url
        base = f"{origin}/{self.tenant}"
        return Answer(
            200,
            {
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                "token_endpoint": f"{base}/oauth2/v2.0/token",
                "issuer": f"{base}/v2.0",
                "token_endpoint_auth_methods_supported": ["client_secret_post"],
            },
        )

    def _token(self, request: Recorded) -> Answer:
        self.token_requests += 1
        form = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
        if form.get("grant_type") != "client_credentials":
            return Answer(400, {"error": "unsupported_grant_type"})
        if form.get("scope") != GRAPH_SCOPE:
            return Answer(400, {"error": "invalid_scope", "error_description": "AADSTS70011"})
        if form.get("client_id") != self.client_id:
            return Answer(
                400, {"error": "unauthorized_client", "error_description": "AADSTS700016"}
            )
        if form.get("client_secret") != self.client_secret:
            return Answer(
                401,
                {
                    "error": "invalid_client",
                    "error_description": "AADSTS7000215: Invalid client secret provided.",
                },
            )
        token = secrets.token_urlsafe(24)
        self.tokens.add(token)
        return Answer(200, {"token_type": "Bearer", "expires_in": 3599, "access_token": token})

    # -- batch ----------------------------------------------------------------------------------
    def _batch(self, request: Recorded) -> Answer:
        try:
            items = request.json()["requests"]
        except (ValueError, KeyError, TypeError):
            return graph_error(400, "BadRequest", "Invalid batch payload.")
        if not isinstance(items, list) or not 1 <= len(items) <= 20:
            return graph_error(400, "BadRequest", "Batch must contain between 1 and 20 requests.")
        problem = batch_problem(items)
        ordered = None if problem else in_dependency_order(items)
        if ordered is None:
            return graph_error(400, "BadRequest", problem or "dependsOn forms a cycle.")
        responses = []
        statuses: dict[str, int] = {}
        for item in ordered:
            url = str(item.get("url", ""))
            failed = [d for d in item.get("dependsOn") or [] if statuses.get(d, 200) >= 400]
            if failed:
                answer = graph_error(424, "FailedDependency", f"Depends on failed {failed[0]}.")
            elif not url.startswith("/") or url.startswith("/v1.0"):
                answer = graph_error(400, "BadRequest", "Batch urls are relative to /v1.0.")
            else:
                answer = self.dispatch(self._sub_request(request, item))
            statuses[str(item["id"])] = answer.status
            body: Any = answer.body
            entry: dict[str, Any] = {"id": str(item["id"]), "status": answer.status}
            if answer.headers:
                entry["headers"] = answer.headers
            if body is not None:
                entry["body"] = body
            responses.append(entry)
        return Answer(200, {"responses": responses})

    def _sub_request(self, outer: Recorded, item: dict[str, Any]) -> Recorded:
        headers = {str(k): str(v) for k, v in (item.get("headers") or {}).items()}
        headers["Authorization"] = header(outer, "Authorization") or ""
        body = item.get("body")
        if body is None:
            raw = b""
        elif isinstance(body, str):
            raw = body.encode()
        else:
            raw = json.dumps(body).encode()
        if body is not None and "content-type" not in {k.lower() for k in headers}:
            headers["__missing_content_type"] = "1"
        path, _, query = str(item["url"]).partition("?")
        return Recorded(
            method=str(item.get("method", "")).upper(),
            path="/v1.0" + path,
            query=parse_qs(query),
            headers=headers,
            body=raw,
            via_batch=True,
        )

    # -- graph resources -------------------------------------------------------------------------
    def _graph(self, request: Recorded) -> Answer:
        if "__missing_content_type" in request.headers:
            return graph_error(400, "BadRequest", "Content-Type header is required with a body.")
        path, method = request.path, request.method
        routes = [
            ("POST", rf"{USER}/sendMail", self._send_mail),
            ("GET", rf"{USER}/mailFolders/(?P<id>[^/]+)/messages", self._list_messages),
            ("POST", rf"{USER}/events", self._create_event),
            ("PATCH", rf"{USER}/events/(?P<id>[^/]+)", self._patch_event),
            ("GET", rf"{USER}/events/(?P<id>[^/]+)", self._get_event),
            ("POST", rf"{USER}/events/(?P<id>[^/]+)/cancel", self._cancel_event),
            ("POST", rf"{USER}/onlineMeetings/createOrGet", self._create_or_get_meeting),
            ("POST", rf"{USER}/onlineMeetings", self._create_meeting),
            ("PATCH", rf"{USER}/onlineMeetings/(?P<id>[^/]+)", self._patch_meeting),
            ("GET", rf"{USER}/onlineMeetings/(?P<id>[^/]+)", self._get_meeting),
            ("DELETE", rf"{USER}/onlineMeetings/(?P<id>[^/]+)", self._delete_meeting),
        ]
        for route_method, pattern, handler in routes:
            match = re.fullmatch(pattern, path)
            if match and method == route_method:
                return handler(request, unquote(match["user"]).lower(), match.groupdict().get("id"))
        return graph_error(405 if re.match(USER, path) else 404, "BadRequest", "Unsupported.")

    def _json_body(self, request: Recorded, schema: contracts.Schema) -> Any:
        if (header(request, "Content-Type") or "").split(";")[0] != "application/json":
            return graph_error(
                415, "UnsupportedMediaType", "Content-Type must be application/json."
            )
        try:
            body = request.json()
        except ValueError:
            return graph_error(400, "BadRequest", "Unable to read JSON request payload.")
        problems = contracts.validate(body, schema)
        if problems:
            return graph_error(400, "RequestBodyRead", "; ".join(problems))
        return body

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):06d}"

    def _create_event(self, request: Recorded, user: str, _: str | None) -> Answer:
        body = self._json_body(request, contracts.GRAPH_EVENT_CREATE)
        if isinstance(body, Answer):
            return body
        if body["end"]["dateTime"] <= body["start"]["dateTime"] and (
            body["end"]["timeZone"] == body["start"]["timeZone"]
        ):
            return graph_error(400, "ErrorInvalidRequest", "The end time precedes the start time.")
        with self._data_lock:
            transaction = body.get("transactionId")
            for existing in self.events.values():
                if transaction and existing.get("transactionId") == transaction:
                    if existing["_user"] == user:
                        return Answer(201, _public(existing))
            event = dict(body)
            event["id"] = self._new_id("AAMkEvent")
            event["_user"] = user
            event["isCancelled"] = False
            if body.get("isOnlineMeeting"):
                event["onlineMeeting"] = {
                    "joinUrl": f"https://teams.example.test/l/meetup-join/{event['id']}",
                    "conferenceId": "123456789",
                    "tollNumber": "+1 555 0100",
                }
            self.events[event["id"]] = event
            return Answer(201, _public(event))

    def _event(self, user: str, event_id: str | None) -> dict[str, Any] | Answer:
        event = self.events.get(event_id or "")
        if event is None or event["_user"] != user:
            return graph_error(404, "ErrorItemNotFound", "The specified object was not found.")
        return event

    def _patch_event(self, request: Recorded, user: str, event_id: str | None) -> Answer:
        body = self._json_body(request, contracts.GRAPH_EVENT)
        if isinstance(body, Answer):
            return body
        if "transactionId" in body:
            return graph_error(400, "ErrorInvalidRequest", "transactionId is set only on create.")
        with self._data_lock:
            event = self._event(user, event_id)
            if isinstance(event, Answer):
                return event
            event.update(body)
            if body.get("isOnlineMeeting") and "onlineMeeting" not in event:
                event["onlineMeeting"] = {"joinUrl": f"https://teams.example.test/l/{event_id}"}
            return Answer(200, _public(event))

    def _get_event(self, request: Recorded, user: str, event_id: str | None) -> Answer:
        event = self._event(user, event_id)
        return event if isinstance(event, Answer) else Answer(200, _public(event))

    def _cancel_event(self, request: Recorded, user: str, event_id: str | None) -> Answer:
        body = self._json_body(request, contracts.GRAPH_CANCEL)
        if isinstance(body, Answer):
            return body
        with self._data_lock:
            event = self._event(user, event_id)
            if isinstance(event, Answer):
                return event
            event["isCancelled"] = True
            event["_cancel_comment"] = body.get("Comment")
        return Answer(202)

    def _meeting_body(self, request: Recorded, schema: contracts.Schema) -> Any:
        body = self._json_body(request, schema)
        if isinstance(body, dict) and body.get("startDateTime", "") >= body.get("endDateTime", "~"):
            return graph_error(400, "BadRequest", "endDateTime must be after startDateTime.")
        return body

    def _store_meeting(self, user: str, body: dict[str, Any]) -> dict[str, Any]:
        meeting = dict(body)
        meeting["id"] = self._new_id("MSpMeeting")
        meeting["_user"] = user
        meeting["joinWebUrl"] = f"https://teams.example.test/l/meetup-join/{meeting['id']}"
        meeting["audioConferencing"] = {"tollNumber": "+1 555 0101", "conferenceId": "987654"}
        self.online_meetings[meeting["id"]] = meeting
        return meeting

    def _create_or_get_meeting(self, request: Recorded, user: str, _: str | None) -> Answer:
        body = self._meeting_body(request, contracts.ONLINE_MEETING_CREATE_OR_GET)
        if isinstance(body, Answer):
            return body
        with self._data_lock:
            for meeting in self.online_meetings.values():
                if meeting["_user"] == user and meeting.get("externalId") == body["externalId"]:
                    return Answer(200, _public(meeting))
            return Answer(201, _public(self._store_meeting(user, body)))

    def _create_meeting(self, request: Recorded, user: str, _: str | None) -> Answer:
        body = self._meeting_body(request, contracts.ONLINE_MEETING)
        if isinstance(body, Answer):
            return body
        with self._data_lock:
            return Answer(201, _public(self._store_meeting(user, body)))

    def _meeting(self, user: str, meeting_id: str | None) -> dict[str, Any] | Answer:
        meeting = self.online_meetings.get(meeting_id or "")
        if meeting is None or meeting["_user"] != user:
            return graph_error(404, "NotFound", "Online meeting not found.")
        return meeting

    def _patch_meeting(self, request: Recorded, user: str, meeting_id: str | None) -> Answer:
        body = self._meeting_body(request, contracts.ONLINE_MEETING)
        if isinstance(body, Answer):
            return body
        with self._data_lock:
            meeting = self._meeting(user, meeting_id)
            if isinstance(meeting, Answer):
                return meeting
            meeting.update(body)
            return Answer(200, _public(meeting))

    def _get_meeting(self, request: Recorded, user: str, meeting_id: str | None) -> Answer:
        meeting = self._meeting(user, meeting_id)
        return meeting if isinstance(meeting, Answer) else Answer(200, _public(meeting))

    def _delete_meeting(self, request: Recorded, user: str, meeting_id: str | None) -> Answer:
        with self._data_lock:
            meeting = self._meeting(user, meeting_id)
            if isinstance(meeting, Answer):
                return meeting
            del self.online_meetings[meeting["id"]]
        return Answer(204)


def _public(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if not k.startswith("_")}
