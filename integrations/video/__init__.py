"""Video-meeting platforms: Jitsi (offline default), Zoom, Microsoft Teams, Webex."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from integrations.http import RetryPolicy, make_session
from integrations.msgraph.settings import build_graph_client, required
from integrations.video.base import (
    Capabilities,
    DailyLimitError,
    Interpreter,
    MeetingSpec,
    VideoMeeting,
    VideoPlatform,
)
from integrations.video.jitsi import DEFAULT_JITSI_BASE_URL, JitsiPlatform
from integrations.video.teams import TeamsPlatform
from integrations.video.webex import DEFAULT_WEBEX_API_URL, WebexPlatform
from integrations.video.zoom import DEFAULT_ZOOM_API_URL, DEFAULT_ZOOM_OAUTH_URL, ZoomPlatform

PLATFORMS = ("jitsi", "zoom", "teams", "webex")


def build_platform(
    name: str,
    settings: Mapping[str, Any],
    secrets: Mapping[str, Any],
    *,
    policy: RetryPolicy | None = None,
) -> VideoPlatform:
    """Build a platform from its config section and the secrets mapping.

    * jitsi: base_url
    * zoom: account_id, client_id, user_id, api_url, oauth_url, ca_bundle; secret
      ``zoom.client_secret``
    * teams: tenant_id, client_id, organizer, mode (online_meeting|event), authority_host,
      base_url, ca_bundle; secret ``graph.client_secret``
    * webex: api_url, host_email, ca_bundle; secret ``webex.access_token``
    """
    key = name.strip().lower()
    if key == "jitsi":
        return JitsiPlatform(str(settings.get("base_url") or DEFAULT_JITSI_BASE_URL))
    if key == "zoom":
        return ZoomPlatform(
            account_id=required(settings, "account_id", "[zoom] setting"),
            client_id=required(settings, "client_id", "[zoom] setting"),
            client_secret=required(secrets, "zoom.client_secret", "secret"),
            user_id=str(settings.get("user_id") or "me"),
            api_url=str(settings.get("api_url") or DEFAULT_ZOOM_API_URL),
            oauth_url=str(settings.get("oauth_url") or DEFAULT_ZOOM_OAUTH_URL),
            session=make_session(ca_bundle=settings.get("ca_bundle") or None),
            policy=policy,
        )
    if key == "teams":
        return TeamsPlatform(
            build_graph_client(settings, secrets, policy=policy),
            organizer=required(settings, "organizer", "[teams] setting"),
            mode=str(settings.get("mode") or "online_meeting"),
        )
    if key == "webex":
        return WebexPlatform(
            access_token=required(secrets, "webex.access_token", "secret"),
            api_url=str(settings.get("api_url") or DEFAULT_WEBEX_API_URL),
            host_email=settings.get("host_email") or None,
            session=make_session(ca_bundle=settings.get("ca_bundle") or None),
            policy=policy,
        )
    raise ValueError(f"unknown video platform {name!r}; choose one of {', '.join(PLATFORMS)}")


__all__ = [
    "PLATFORMS",
    "Capabilities",
    "DailyLimitError",
    "Interpreter",
    "JitsiPlatform",
    "MeetingSpec",
    "TeamsPlatform",
    "VideoMeeting",
    "VideoPlatform",
    "WebexPlatform",
    "ZoomPlatform",
    "build_platform",
]
