"""Jitsi Meet: the offline default. No API call; rooms are unguessable URLs."""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Callable

from integrations.video.base import (
    Capabilities,
    MeetingSpec,
    VideoMeeting,
    VideoPlatform,
    interpretation_warning,
)

DEFAULT_JITSI_BASE_URL = "https://meet.jit.si"
_ROOM_BYTES = 18  # 144 random bits


def _slug(title: str) -> str:
    decomposed = unicodedata.normalize("NFKD", title)
    ascii_only = decomposed.encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", ascii_only)
    return "".join(w.capitalize() for w in words)[:24]


class JitsiPlatform(VideoPlatform):
    """Room URLs ``{base_url}/{Readable}-{random}`` with 144 random bits.

    The readable prefix (from the title) only helps humans; security comes from the
    ``secrets.token_urlsafe`` part. ``base_url`` points at a self-hosted server if configured.
    A moved session keeps its room (update returns the same URL).
    """

    name = "jitsi"
    capabilities = Capabilities()

    def __init__(
        self,
        base_url: str = DEFAULT_JITSI_BASE_URL,
        *,
        token: Callable[[int], str] = secrets.token_urlsafe,
    ) -> None:
        if not base_url.startswith(("https://", "http://")):
            raise ValueError(f"jitsi base_url must be an http(s) URL, got {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self._token = token

    def _meeting(self, room: str, spec: MeetingSpec) -> VideoMeeting:
        meeting = VideoMeeting(
            platform=self.name, meeting_id=room, join_url=f"{self.base_url}/{room}"
        )
        if spec.wants_interpretation:
            meeting.interpretation_applied = False
            meeting.warnings.append(
                interpretation_warning("Jitsi", spec.title, "Jitsi has no interpretation channels")
            )
        return meeting

    def create(self, spec: MeetingSpec) -> VideoMeeting:
        """Return a new unguessable room."""
        random_part = self._token(_ROOM_BYTES).replace("-", "x").replace("_", "y")
        prefix = _slug(spec.title)
        room = f"{prefix}-{random_part}" if prefix else random_part
        return self._meeting(room, spec)

    def update(self, meeting_id: str, spec: MeetingSpec) -> VideoMeeting:
        """Rooms have no schedule: the same room is kept."""
        return self._meeting(meeting_id, spec)

    def delete(self, meeting_id: str) -> None:
        """Nothing to delete on the server: a Jitsi room exists only while in use."""
