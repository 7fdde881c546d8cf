"""Video-meeting platforms: Jitsi (offline default), Zoom, Microsoft Teams, Webex.

Build a client from its typed settings: ``ZoomSettings(...).platform()`` and so on.
"""

from __future__ import annotations

from integrations.video.base import (
    Capabilities,
    DailyLimitError,
    Interpreter,
    MeetingSpec,
    VideoMeeting,
    VideoPlatform,
    meeting_marker,
)
from integrations.video.jitsi import JitsiPlatform
from integrations.video.settings import (
    JitsiSettings,
    PlatformSettings,
    TeamsSettings,
    WebexSettings,
    ZoomSettings,
)
from integrations.video.teams import TeamsPlatform
from integrations.video.webex import WebexPlatform
from integrations.video.zoom import ZoomPlatform

__all__ = [
    "Capabilities",
    "DailyLimitError",
    "Interpreter",
    "JitsiPlatform",
    "JitsiSettings",
    "MeetingSpec",
    "PlatformSettings",
    "TeamsPlatform",
    "TeamsSettings",
    "VideoMeeting",
    "VideoPlatform",
    "WebexPlatform",
    "WebexSettings",
    "ZoomPlatform",
    "ZoomSettings",
    "meeting_marker",
]
