"""Typed settings for each video platform, each able to build its client."""

from __future__ import annotations

from dataclasses import dataclass, field

from integrations.http import RetryPolicy, make_session
from integrations.msgraph.settings import GraphSettings, require_fields
from integrations.video.jitsi import DEFAULT_JITSI_BASE_URL, JitsiPlatform
from integrations.video.teams import TeamsPlatform
from integrations.video.webex import DEFAULT_WEBEX_API_URL, WEBEX_CREDENTIAL_HINT, WebexPlatform
from integrations.video.zoom import (
    DEFAULT_ZOOM_API_URL,
    DEFAULT_ZOOM_OAUTH_URL,
    ZOOM_CREDENTIAL_HINT,
    ZoomPlatform,
)


@dataclass(frozen=True, slots=True)
class JitsiSettings:
    """The Jitsi Meet server rooms are created on."""

    base_url: str = DEFAULT_JITSI_BASE_URL

    def platform(self) -> JitsiPlatform:
        """The Jitsi client (ValueError if ``base_url`` is not an http(s) URL)."""
        return JitsiPlatform(self.base_url or DEFAULT_JITSI_BASE_URL)


@dataclass(frozen=True, slots=True)
class ZoomSettings:
    """A Zoom Server-to-Server OAuth app and the user meetings are created for."""

    account_id: str
    client_id: str
    client_secret: str = field(repr=False)
    user_id: str = "me"
    api_url: str = DEFAULT_ZOOM_API_URL
    oauth_url: str = DEFAULT_ZOOM_OAUTH_URL
    ca_bundle: str | None = None
    credential_hint: str = ZOOM_CREDENTIAL_HINT

    def platform(self, *, policy: RetryPolicy | None = None) -> ZoomPlatform:
        """The Zoom client; ValueError naming a missing setting."""
        require_fields(
            account_id=self.account_id, client_id=self.client_id, client_secret=self.client_secret
        )
        return ZoomPlatform(
            account_id=self.account_id,
            client_id=self.client_id,
            client_secret=self.client_secret,
            user_id=self.user_id or "me",
            api_url=self.api_url or DEFAULT_ZOOM_API_URL,
            oauth_url=self.oauth_url or DEFAULT_ZOOM_OAUTH_URL,
            session=make_session(ca_bundle=self.ca_bundle or None),
            policy=policy,
            credential_hint=self.credential_hint,
        )


@dataclass(frozen=True, slots=True)
class TeamsSettings:
    """Teams meetings through Graph, in ``organizer``'s name; ``mode`` online_meeting|event."""

    graph: GraphSettings
    organizer: str
    mode: str = "online_meeting"

    def platform(self, *, policy: RetryPolicy | None = None) -> TeamsPlatform:
        """The Teams client; ValueError naming a missing setting or an unknown mode."""
        require_fields(organizer=self.organizer)
        return TeamsPlatform(
            self.graph.client(policy=policy), organizer=self.organizer, mode=self.mode
        )


@dataclass(frozen=True, slots=True)
class WebexSettings:
    """A Webex bearer token (integration or service app) and the optional host."""

    access_token: str = field(repr=False)
    api_url: str = DEFAULT_WEBEX_API_URL
    host_email: str | None = None
    ca_bundle: str | None = None
    credential_hint: str = WEBEX_CREDENTIAL_HINT

    def platform(self, *, policy: RetryPolicy | None = None) -> WebexPlatform:
        """The Webex client; ValueError if the token is empty."""
        require_fields(access_token=self.access_token)
        return WebexPlatform(
            access_token=self.access_token,
            api_url=self.api_url or DEFAULT_WEBEX_API_URL,
            host_email=self.host_email or None,
            session=make_session(ca_bundle=self.ca_bundle or None),
            policy=policy,
            credential_hint=self.credential_hint,
        )


PlatformSettings = JitsiSettings | ZoomSettings | TeamsSettings | WebexSettings
