"""Map the configuration and the secrets onto the integrations' typed settings.

This is the only place that knows both sides: ``meetingctl.config`` sections and secret names
on one, ``integrations`` settings dataclasses on the other. Error messages and credential hints
name the real configuration keys (``[video.zoom] client_secret_secret = ZOOM_CLIENT_SECRET``).
:class:`meetingctl.context.AppContext` calls it once per platform and caches the client.
"""

from __future__ import annotations

from agenda.model.errors import MeetingctlError
from integrations.mail.imap import ImapSettings
from integrations.msgraph.settings import GraphSettings
from integrations.video import (
    JitsiSettings,
    TeamsSettings,
    VideoPlatform,
    WebexSettings,
    ZoomSettings,
)
from meetingctl.config import Config
from meetingctl.secrets import Secrets


class VideoSyncError(MeetingctlError):
    """The platform refused the credentials or the configuration is incomplete."""

    exit_code = 2


def _secret_purpose(what: str, section: str, key: str, name: str) -> str:
    return f"{what}; named by {section} {key} = {name}"


def graph_settings(config: Config, secrets: Secrets) -> GraphSettings:
    """The ``[mail.graph]`` app registration (used by the Graph mail transports and Teams)."""
    graph = config.mail.graph
    name = graph.client_secret_secret
    secret = secrets.require(
        name,
        _secret_purpose(
            "Microsoft Graph (client credentials)", "[mail.graph]", "client_secret_secret", name
        ),
    )
    return GraphSettings(
        tenant_id=graph.tenant_id,
        client_id=graph.client_id,
        client_secret=secret,
        authority_host=graph.authority,
        base_url=graph.base_url,
        credential_hint=(
            "the [mail.graph] settings tenant_id and client_id and the secret "
            f"{name} ([mail.graph] client_secret_secret = {name})"
        ),
    )


def zoom_settings(config: Config, secrets: Secrets) -> ZoomSettings:
    """``[video.zoom]`` with its client secret."""
    zoom = config.video.zoom
    name = zoom.client_secret_secret
    secret = secrets.require(
        name,
        _secret_purpose(
            "Zoom Server-to-Server OAuth", "[video.zoom]", "client_secret_secret", name
        ),
    )
    return ZoomSettings(
        account_id=zoom.account_id,
        client_id=zoom.client_id,
        client_secret=secret,
        user_id=zoom.user_id,
        api_url=zoom.base_url,
        oauth_url=zoom.oauth_url,
        credential_hint=(
            "the [video.zoom] settings account_id and client_id and the secret "
            f"{name} ([video.zoom] client_secret_secret = {name})"
        ),
    )


def teams_settings(config: Config, secrets: Secrets) -> TeamsSettings:
    """``[video.teams]`` on the ``[mail.graph]`` app registration."""
    teams = config.video.teams
    return TeamsSettings(
        graph=graph_settings(config, secrets),
        organizer=teams.organizer or config.mail.graph.mailbox,
        mode="online_meeting" if teams.mode == "online-meeting" else "event",
    )


def webex_settings(config: Config, secrets: Secrets) -> WebexSettings:
    """``[video.webex]`` with its access token."""
    webex = config.video.webex
    name = webex.token_secret
    token = secrets.require(
        name, _secret_purpose("the Webex meetings API", "[video.webex]", "token_secret", name)
    )
    return WebexSettings(
        access_token=token,
        api_url=webex.base_url,
        credential_hint=(
            f"the secret {name} ([video.webex] token_secret = {name}); personal tokens expire "
            "after 12 hours, use an integration or service-app token"
        ),
    )


def video_platform(config: Config, secrets: Secrets, name: str | None = None) -> VideoPlatform:
    """The client of video platform ``name`` (default ``[video] platform``).

    Raises VideoSyncError naming the section for an incomplete or unusable configuration and
    SecretError naming the secret (and the key that names it) when a secret is missing.
    """
    platform = name or config.video.platform
    section = f"[video.{platform}]"
    try:
        if platform == "jitsi":
            return JitsiSettings(base_url=config.video.jitsi.base_url).platform()
        if platform == "zoom":
            return zoom_settings(config, secrets).platform()
        if platform == "webex":
            return webex_settings(config, secrets).platform()
        if platform == "teams":
            teams = teams_settings(config, secrets)
            if not teams.organizer:
                raise ValueError(
                    "missing setting 'organizer': set it (or [mail.graph] mailbox) and try again"
                )
            section = "[mail.graph]"  # what remains to check is the app registration
            return teams.platform()
    except ValueError as exc:
        raise VideoSyncError(f"{section} {exc}") from None
    raise VideoSyncError(
        f"video platform {platform!r} cannot create meetings; set [video] platform"
    )


def imap_settings(config: Config, secrets: Secrets) -> ImapSettings:
    """``[replies]`` with its password secret; a ConfigError naming the key when no host is set."""
    from meetingctl.config import ConfigError

    replies = config.replies
    if not replies.host:
        raise ConfigError(
            "[replies] host is not set: name the secretariat's IMAP server in the config "
            "([replies] host, username, password_secret) or read saved messages with "
            "`meetingctl replies import FILE`"
        )
    name = replies.password_secret
    password = secrets.require(
        name, _secret_purpose("the replies mailbox (IMAP)", "[replies]", "password_secret", name)
    )
    return ImapSettings(
        host=replies.host,
        port=replies.port,
        username=replies.username,
        password=password,
        security=replies.security,
        folder=replies.folder,
        processed_folder=replies.processed_folder,
        timeout=replies.timeout,
        ca_bundle=replies.ca_bundle,
    )
