"""The video platform client built from the configuration, and the error a sync raises.

The sync itself (create, update and delete the platform meetings the programme needs) is the
use case :class:`meetingctl.services.video.VideoService`.
"""

from __future__ import annotations

from agenda.model.errors import MeetingctlError
from integrations.video import VideoPlatform, build_platform
from meetingctl.config import Config
from meetingctl.secrets import Secrets


class VideoSyncError(MeetingctlError):
    """The platform refused the credentials or the configuration is incomplete."""

    exit_code = 2


def build_video_platform(
    config: Config, secrets: Secrets, name: str | None = None
) -> VideoPlatform:
    """The configured platform client, with settings and secrets mapped from the config."""
    video = config.video
    platform = name or video.platform
    try:
        if platform == "jitsi":
            return build_platform("jitsi", {"base_url": video.jitsi.base_url}, {})
        if platform == "zoom":
            zoom = video.zoom
            secret = secrets.require(zoom.client_secret_secret, "Zoom Server-to-Server OAuth")
            settings = {
                "account_id": zoom.account_id,
                "client_id": zoom.client_id,
                "user_id": zoom.user_id,
                "api_url": zoom.base_url,
                "oauth_url": zoom.oauth_url,
            }
            return build_platform("zoom", settings, {"zoom.client_secret": secret})
        if platform == "teams":
            graph = config.mail.graph
            secret = secrets.require(graph.client_secret_secret, "Microsoft Graph")
            settings = {
                "tenant_id": graph.tenant_id,
                "client_id": graph.client_id,
                "authority_host": graph.authority,
                "base_url": graph.base_url,
                "organizer": video.teams.organizer or graph.mailbox,
                "mode": "online_meeting" if video.teams.mode == "online-meeting" else "event",
            }
            return build_platform("teams", settings, {"graph.client_secret": secret})
        if platform == "webex":
            token = secrets.require(video.webex.token_secret, "Webex")
            return build_platform(
                "webex", {"api_url": video.webex.base_url}, {"webex.access_token": token}
            )
    except ValueError as exc:
        raise VideoSyncError(f"[video.{platform}] {exc}") from None
    raise VideoSyncError(
        f"video platform {platform!r} cannot create meetings; set [video] platform"
    )
