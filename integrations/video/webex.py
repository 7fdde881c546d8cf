"""Webex meetings through the Webex Meetings REST API with a bearer token."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import requests

from integrations.http import RETRYABLE_STATUSES, HttpError, RetryPolicy, request_with_retry
from integrations.video.base import (
    Capabilities,
    MeetingSpec,
    VideoMeeting,
    VideoPlatform,
    interpretation_warning,
    meeting_marker,
)

DEFAULT_WEBEX_API_URL = "https://webexapis.com/v1"
WEBEX_CREDENTIAL_HINT = (
    "the Webex access token; "
    "personal tokens expire after 12 hours, use an integration or service-app token"
)
TITLE_MAX = 128  # Webex: "maximum of 128 characters"
AGENDA_MAX = 1300  # Webex: "maximum of 1300 characters"
SERVICE = "Webex"


class WebexPlatform(VideoPlatform):
    """Webex meetings created with ``access_token`` (on ``host_email``'s behalf when given)."""

    name = "webex"
    capabilities = Capabilities(interpretation=True, registration=True, webinar_panelists=True)

    def __init__(
        self,
        *,
        access_token: str,
        api_url: str = DEFAULT_WEBEX_API_URL,
        host_email: str | None = None,
        session: requests.Session | None = None,
        policy: RetryPolicy | None = None,
        credential_hint: str = WEBEX_CREDENTIAL_HINT,
    ) -> None:
        self._token = access_token
        self._hint = credential_hint
        self.api_url = api_url.rstrip("/")
        self.host_email = host_email
        self._session = session or requests.Session()
        self.policy = policy or RetryPolicy()

    def _call(
        self,
        method: str,
        path: str,
        retry_on: frozenset[int] = RETRYABLE_STATUSES,
        **kwargs: Any,
    ) -> requests.Response:
        return request_with_retry(
            self._session,
            method,
            f"{self.api_url}{path}",
            service=SERVICE,
            policy=self.policy,
            credential_hint=self._hint,
            headers={"Authorization": f"Bearer {self._token}"},
            retry_on=retry_on,
            **kwargs,
        )

    def _body(self, spec: MeetingSpec, *, create: bool = True) -> dict[str, Any]:
        """CreateMeetingObject, or with ``create=False`` the UpdateMeetingObject (no
        ``invitees`` nor ``simultaneousInterpretation``: the contract's update has neither)."""
        body: dict[str, Any] = {
            "title": spec.title[:TITLE_MAX],
            "agenda": spec.agenda[:AGENDA_MAX],
            "start": spec.start.isoformat(timespec="seconds"),
            "end": spec.end.isoformat(timespec="seconds"),
            "timezone": spec.timezone,
            "unlockedMeetingJoinSecurity": "allowJoinWithLobby"
            if spec.waiting_room
            else "allowJoin",
            "integrationTags": [meeting_marker(spec.key)],
        }
        if self.host_email:
            body["hostEmail"] = self.host_email
        if not create:
            return body
        if spec.alternative_hosts:
            body["invitees"] = [{"email": e, "coHost": True} for e in spec.alternative_hosts]
        if spec.wants_interpretation:
            body["simultaneousInterpretation"] = _interpretation(spec)
        return body

    def _meeting(self, data: dict[str, Any], spec: MeetingSpec) -> VideoMeeting:
        telephony = data.get("telephony") or {}
        numbers = telephony.get("callInNumbers") or []
        dial_in = None
        if numbers:
            number = numbers[0].get("callInNumber", "")
            dial_in = f"{number} (access code {telephony.get('accessCode', '')})"
        meeting = VideoMeeting(
            platform=self.name,
            meeting_id=str(data["id"]),
            join_url=str(data.get("webLink", "")),
            host_url=data.get("webLink"),
            passcode=data.get("password"),
            dial_in=dial_in,
            raw=data,
        )
        if spec.wants_interpretation:
            applied = (data.get("simultaneousInterpretation") or {}).get("enabled") is True
            meeting.interpretation_applied = applied
            if not applied:
                meeting.warnings.append(
                    interpretation_warning("Webex", spec.title, "the site may not offer it")
                )
        return meeting

    can_find = True

    def find(self, spec: MeetingSpec) -> VideoMeeting | None:
        """The meeting tagged with ``spec``'s marker (``GET /meetings?integrationTag=``)."""
        params = {"integrationTag": meeting_marker(spec.key)}
        if self.host_email:
            params["hostEmail"] = self.host_email
        items = self._call("GET", "/meetings", params=params).json().get("items") or []
        for item in items:
            if meeting_marker(spec.key) in (item.get("integrationTags") or []):
                return self._meeting(item, spec)
        return None

    def create(self, spec: MeetingSpec) -> VideoMeeting:
        """POST /meetings (retried on 429 only: Webex has no idempotency key for creates)."""
        response = self._call("POST", "/meetings", json=self._body(spec), retry_on=frozenset({429}))
        return self._meeting(response.json(), spec)

    def update(self, meeting_id: str, spec: MeetingSpec) -> VideoMeeting:
        """PUT /meetings/{meetingId} with an UpdateMeetingObject (which has no invitees nor
        interpretation), then the co-hosts through ``/meetingInvitees`` and, when wanted,
        PUT /meetings/{meetingId}/simultaneousInterpretation."""
        path = f"/meetings/{quote(meeting_id, safe='')}"
        data = self._call("PUT", path, json=self._body(spec, create=False)).json()
        self._update_co_hosts(meeting_id, spec)
        if spec.wants_interpretation:
            applied = self._call(
                "PUT", f"{path}/simultaneousInterpretation", json=_interpretation(spec)
            ).json()
            data = dict(data) | {"simultaneousInterpretation": applied}
        return self._meeting(data, spec)

    def _update_co_hosts(self, meeting_id: str, spec: MeetingSpec) -> None:
        """Make the meeting's co-hosts exactly ``spec.alternative_hosts``: invite the missing
        ones as co-hosts, promote invitees who should be, demote those who no longer are."""
        params: dict[str, Any] = {"meetingId": meeting_id, "max": 100}
        if self.host_email:
            params["hostEmail"] = self.host_email
        items = self._call("GET", "/meetingInvitees", params=params).json().get("items") or []
        wanted = {e.lower(): e for e in spec.alternative_hosts}
        by_email = {str(i.get("email", "")).lower(): i for i in items}
        host = {"hostEmail": self.host_email} if self.host_email else {}
        for key, email in wanted.items():
            invitee = by_email.get(key)
            if invitee is None:
                body = {"meetingId": meeting_id, "email": email, "coHost": True} | host
                self._call("POST", "/meetingInvitees", json=body)
            elif invitee.get("coHost") is not True:
                self._put_invitee(invitee, True, host)
        for key, invitee in by_email.items():
            if key not in wanted and invitee.get("coHost") is True:
                self._put_invitee(invitee, False, host)

    def _put_invitee(self, invitee: dict[str, Any], co_host: bool, host: dict[str, str]) -> None:
        path = f"/meetingInvitees/{quote(str(invitee['id']), safe='')}"
        self._call("PUT", path, json={"email": invitee["email"], "coHost": co_host} | host)

    def delete(self, meeting_id: str) -> None:
        """DELETE /meetings/{meetingId}; already gone (404) counts as deleted."""
        params = {"hostEmail": self.host_email} if self.host_email else None
        try:
            self._call("DELETE", f"/meetings/{quote(meeting_id, safe='')}", params=params)
        except HttpError as exc:
            if exc.status != 404:
                raise


def _interpretation(spec: MeetingSpec) -> dict[str, Any]:
    return {
        "enabled": True,
        "interpreters": [
            {
                "languageCode1": i.source_language.lower(),
                "languageCode2": i.target_language.lower(),
                "email": i.email,
            }
            for i in spec.interpreters
        ],
    }
