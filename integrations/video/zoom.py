"""Zoom meetings through the Meeting API with Server-to-Server OAuth."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC
from typing import Any
from urllib.parse import quote

import requests

from integrations.http import (
    RETRYABLE_STATUSES,
    AuthenticationError,
    HttpError,
    RetryPolicy,
    provider_error,
    request_with_retry,
)
from integrations.video.base import (
    Capabilities,
    DailyLimitError,
    MeetingSpec,
    VideoMeeting,
    VideoPlatform,
    interpretation_warning,
    meeting_marker,
)

DEFAULT_ZOOM_API_URL = "https://api.zoom.us/v2"
DEFAULT_ZOOM_OAUTH_URL = "https://zoom.us/oauth/token"
#: The caller (the composition root) passes a hint naming its own configuration keys.
ZOOM_CREDENTIAL_HINT = "the account id, client id and client secret of the Server-to-Server app"
AGENDA_MAX = 2000  # Zoom: "maximum length of 2,000 characters"
TOPIC_MAX = 200  # Zoom documentation: topic up to 200 characters
TOKEN_REFRESH_MARGIN = 300.0  # seconds before expiry when a new token is fetched
SERVICE = "Zoom"
ONLY_429 = frozenset({429})
LIST_PAGE_SIZE = 300  # Zoom: page_size maximum

#: ISO 639-1 language -> the country ID Zoom uses for interpretation languages.
ZOOM_LANGUAGE_IDS = {
    "en": "US",
    "es": "ES",
    "fr": "FR",
    "pt": "PT",
    "de": "DE",
    "it": "IT",
    "zh": "CN",
    "ja": "JP",
    "ko": "KR",
    "ru": "RU",
}


def zoom_start_time(spec: MeetingSpec) -> str:
    """``start_time`` in UTC with the ``Z`` suffix (yyyy-MM-ddTHH:mm:ssZ)."""
    return spec.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def zoom_agenda(spec: MeetingSpec) -> str:
    """The agenda with the meeting's marker as its last line (within Zoom's 2,000 characters),
    so that a meeting whose create answer was lost can be found again (:meth:`find`)."""
    marker = meeting_marker(spec.key)
    room = AGENDA_MAX - len(marker) - 2
    text = spec.agenda[:room].rstrip()
    return f"{text}\n\n{marker}" if text else marker


def _daily_limit(response: requests.Response) -> HttpError | None:
    if response.status_code != 429:
        return None
    try:
        code, message = provider_error(response.json())
    except ValueError:
        return None
    text = (message or "").lower()
    if "daily" in text or "one day" in text or "per day" in text:
        return DailyLimitError(
            f"Zoom daily limit reached ({message}). Zoom allows 100 meeting creations or "
            "updates per host per day; run the sync again after 00:00 UTC, or assign "
            "another host user. / Zoom: se alcanzó el límite diario (100 reuniones creadas o "
            "modificadas por anfitrión y día); vuelva a sincronizar después de las 00:00 UTC "
            "o use otro anfitrión.",
            status=429,
            provider_code=code,
            provider_message=message,
        )
    return None


class ZoomPlatform(VideoPlatform):
    """Zoom meetings for one host (``user_id``: a Zoom user id or email)."""

    name = "zoom"
    capabilities = Capabilities(interpretation=True, registration=True, webinar_panelists=True)

    def __init__(
        self,
        *,
        account_id: str,
        client_id: str,
        client_secret: str,
        user_id: str = "me",
        api_url: str = DEFAULT_ZOOM_API_URL,
        oauth_url: str = DEFAULT_ZOOM_OAUTH_URL,
        session: requests.Session | None = None,
        policy: RetryPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        credential_hint: str = ZOOM_CREDENTIAL_HINT,
    ) -> None:
        self._account_id = account_id
        self._hint = credential_hint
        self._client_id = client_id
        self._client_secret = client_secret
        self.user_id = user_id
        self.api_url = api_url.rstrip("/")
        self.oauth_url = oauth_url
        self._session = session or requests.Session()
        self.policy = policy or RetryPolicy()
        self._clock = clock
        self._token: str | None = None
        self._token_expires = 0.0
        self._lock = threading.Lock()

    # -- authentication -------------------------------------------------------------------
    def _access_token(self) -> str:
        with self._lock:
            if self._token and self._clock() < self._token_expires - TOKEN_REFRESH_MARGIN:
                return self._token
            response = request_with_retry(
                self._session,
                "POST",
                self.oauth_url,
                service="Zoom OAuth",
                policy=self.policy,
                credential_hint=self._hint,
                params={"grant_type": "account_credentials", "account_id": self._account_id},
                auth=(self._client_id, self._client_secret),
            )
            payload = response.json()
            if "access_token" not in payload:
                raise AuthenticationError(f"Zoom OAuth gave no token; check {self._hint}")
            self._token = str(payload["access_token"])
            self._token_expires = self._clock() + float(payload.get("expires_in", 3600))
            return self._token

    def _call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        retry_on: frozenset[int] = RETRYABLE_STATUSES,
    ) -> requests.Response:
        for attempt in (1, 2):
            token = self._access_token()
            try:
                return request_with_retry(
                    self._session,
                    method,
                    f"{self.api_url}{path}",
                    service=SERVICE,
                    policy=self.policy,
                    credential_hint=self._hint,
                    give_up=_daily_limit,
                    retry_on=retry_on,
                    headers={"Authorization": f"Bearer {token}"},
                    json=json,
                )
            except AuthenticationError:
                if attempt == 2:
                    raise
                with self._lock:  # the token may have been revoked: fetch a new one once
                    self._token = None
        raise AssertionError("unreachable")

    # -- meetings ---------------------------------------------------------------------------
    def _body(self, spec: MeetingSpec, warnings: list[str]) -> dict[str, Any]:
        settings: dict[str, Any] = {"waiting_room": spec.waiting_room}
        if spec.alternative_hosts:
            settings["alternative_hosts"] = ";".join(spec.alternative_hosts)
        if spec.wants_interpretation:
            interpreters = []
            for person in spec.interpreters:
                source = ZOOM_LANGUAGE_IDS.get(person.source_language.lower())
                target = ZOOM_LANGUAGE_IDS.get(person.target_language.lower())
                if source is None or target is None:
                    warnings.append(
                        f"Zoom: no Zoom language id for {person.source_language}/"
                        f"{person.target_language}; interpreter {person.email} not added. / "
                        "Zoom: idioma sin código en Zoom; intérprete no añadido."
                    )
                    continue
                interpreters.append({"email": person.email, "languages": f"{source},{target}"})
            settings["language_interpretation"] = {"enable": True, "interpreters": interpreters}
        return {
            "topic": spec.title[:TOPIC_MAX],
            "type": 2,
            "start_time": zoom_start_time(spec),
            "duration": spec.duration_minutes,
            "timezone": spec.timezone,
            "agenda": zoom_agenda(spec),
            "settings": settings,
        }

    def _meeting(
        self, data: dict[str, Any], spec: MeetingSpec, warnings: list[str]
    ) -> VideoMeeting:
        settings = data.get("settings") or {}
        numbers = settings.get("global_dial_in_numbers") or []
        dial_in = None
        if numbers:
            first = numbers[0]
            country = first.get("country_name") or first.get("country", "")
            dial_in = f"{first.get('number', '')} ({country})"
        meeting = VideoMeeting(
            platform=self.name,
            meeting_id=str(data["id"]),
            join_url=str(data.get("join_url", "")),
            host_url=data.get("start_url"),
            passcode=data.get("password"),
            dial_in=dial_in,
            warnings=warnings,
            raw=data,
        )
        if spec.wants_interpretation:
            applied = (settings.get("language_interpretation") or {}).get("enable") is True
            meeting.interpretation_applied = applied
            if not applied:
                meeting.warnings.append(
                    interpretation_warning(
                        "Zoom",
                        spec.title,
                        "the host's plan may not include language interpretation",
                    )
                )
        return meeting

    def create(self, spec: MeetingSpec) -> VideoMeeting:
        """POST /users/{userId}/meetings (scheduled meeting)."""
        warnings: list[str] = []
        path = f"/users/{quote(self.user_id, safe='@.')}/meetings"
        # No idempotency key on Zoom: retry only 429 (not processed), never 503.
        response = self._call("POST", path, json=self._body(spec, warnings), retry_on=ONLY_429)
        return self._meeting(response.json(), spec, warnings)

    can_find = True

    def find(self, spec: MeetingSpec) -> VideoMeeting | None:
        """The host's scheduled meeting carrying ``spec``'s marker, if any.

        ``GET /users/{userId}/meetings?type=scheduled`` (every page) gives candidates: the
        list truncates agendas to 250 characters, so a meeting with the marker in its listed
        agenda, or with the same topic or start time, is read in full (``GET /meetings/{id}``)
        and matched on the marker at the end of its agenda."""
        marker = meeting_marker(spec.key)
        user = quote(self.user_id, safe="@.")
        start, topic = zoom_start_time(spec), spec.title[:TOPIC_MAX]
        token = ""
        while True:
            query = f"type=scheduled&page_size={LIST_PAGE_SIZE}"
            if token:
                query += f"&next_page_token={quote(token, safe='')}"
            page = self._call("GET", f"/users/{user}/meetings?{query}").json()
            for item in page.get("meetings") or []:
                listed = str(item.get("agenda") or "")
                if (
                    marker in listed
                    or item.get("topic") == topic
                    or item.get("start_time") == start
                ):
                    path = f"/meetings/{quote(str(item['id']), safe='')}"
                    full = self._call("GET", path).json()
                    if str(full.get("agenda") or "").endswith(marker):
                        warnings: list[str] = []
                        self._body(spec, warnings)
                        return self._meeting(full, spec, warnings)
            token = str(page.get("next_page_token") or "")
            if not token:
                return None

    def update(self, meeting_id: str, spec: MeetingSpec) -> VideoMeeting:
        """PATCH /meetings/{id} (answers 204), then GET it to report what Zoom applied."""
        warnings: list[str] = []
        path = f"/meetings/{quote(str(meeting_id), safe='')}"
        self._call("PATCH", path, json=self._body(spec, warnings))
        return self._meeting(self._call("GET", path).json(), spec, warnings)

    def delete(self, meeting_id: str) -> None:
        """DELETE /meetings/{id}; a meeting already gone (404) counts as deleted."""
        try:
            self._call("DELETE", f"/meetings/{quote(str(meeting_id), safe='')}")
        except HttpError as exc:
            if exc.status != 404:
                raise
