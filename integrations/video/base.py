"""The interface every video platform implements, and the data it exchanges."""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from integrations.http import PermanentHttpError


class Interpreter(NamedTuple):
    """An interpreter working between two languages (ISO 639-1 codes, e.g. "es", "en")."""

    email: str
    source_language: str
    target_language: str


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a platform can set up through its API."""

    interpretation: bool = False
    registration: bool = False
    webinar_panelists: bool = False


@dataclass(frozen=True, slots=True)
class MeetingSpec:
    """What the programme asks for one meeting (a session, or a day).

    ``key`` is a stable local id (idempotency: Graph transactionId/externalId are derived from
    it). ``start``/``end`` are aware datetimes; ``timezone`` the IANA zone shown to attendees.
    ``interpreters`` may be plain (email, from, to) tuples.
    """

    key: str
    title: str
    start: datetime
    end: datetime
    timezone: str = "UTC"
    agenda: str = ""
    interpretation_languages: tuple[str, ...] = ()
    interpreters: tuple[Interpreter, ...] = ()
    alternative_hosts: tuple[str, ...] = ()
    waiting_room: bool = True

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError(f"meeting {self.key}: start and end must be timezone-aware")
        if self.end <= self.start:
            raise ValueError(f"meeting {self.key}: end must be after start")
        ZoneInfo(self.timezone)  # raises for an unknown zone name
        object.__setattr__(self, "interpreters", tuple(Interpreter(*i) for i in self.interpreters))

    @property
    def wants_interpretation(self) -> bool:
        """True when interpretation was asked for (languages or interpreters given)."""
        return bool(self.interpretation_languages or self.interpreters)

    @property
    def duration_minutes(self) -> int:
        """Length in whole minutes, rounded up."""
        seconds = (self.end - self.start).total_seconds()
        return int(-(-seconds // 60))


@dataclass(slots=True)
class VideoMeeting:
    """A meeting as it exists on the platform.

    ``interpretation_applied`` is None when none was asked for, False when asked but not in
    place (``warnings`` then explains it to the organizer, in English and Spanish).
    """

    platform: str
    meeting_id: str
    join_url: str
    host_url: str | None = None
    passcode: str | None = None
    dial_in: str | None = None
    interpretation_applied: bool | None = None
    warnings: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)


class DailyLimitError(PermanentHttpError):
    """The platform's daily quota is used up (Zoom: 100 meetings per user per day).

    Not retried automatically: the organizer must wait for the next day (UTC) or use another
    host/user."""


MARKER_PREFIX = "meetingctl-"


def meeting_marker(key: str) -> str:
    """The marker a create writes into the meeting (Zoom: the agenda's last line; Webex: an
    ``integrationTags`` entry) so that the meeting can be found again after an answer was lost.
    Derived from the spec key only: the same session always gets the same marker."""
    return MARKER_PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


class VideoPlatform(ABC):
    """Create, update and delete the meeting of a session on one platform."""

    name: str = "video"
    capabilities: Capabilities = Capabilities()
    #: True when :meth:`find` can tell whether an earlier create went through.
    can_find: bool = False

    def find(self, spec: MeetingSpec) -> VideoMeeting | None:
        """The meeting an earlier create of ``spec`` made, if the platform has one (by the
        marker the create wrote), else None. Platforms without a lookup return None."""
        return None

    def manages(self, meeting_id: str) -> bool:
        """False when ``meeting_id`` was made in a way this client no longer manages (Teams:
        the other ``mode``): the sync then re-creates the link instead of updating it."""
        return True

    @abstractmethod
    def create(self, spec: MeetingSpec) -> VideoMeeting:
        """Create the meeting and return its links and ids."""

    @abstractmethod
    def update(self, meeting_id: str, spec: MeetingSpec) -> VideoMeeting:
        """Change title, time, agenda and settings of an existing meeting."""

    @abstractmethod
    def delete(self, meeting_id: str) -> None:
        """Remove (cancel) the meeting. Deleting one that no longer exists is not an error."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""


def interpretation_warning(platform: str, title: str, reason: str = "") -> str:
    """The bilingual warning shown when interpretation was asked for but is not in place."""
    extra_en = f" ({reason})" if reason else ""
    return (
        f"{platform}: interpretation was requested for '{title}' but is not enabled on the "
        f"meeting{extra_en}; set it up in the platform or change plan. / "
        f"{platform}: se solicitó interpretación para '{title}' pero la reunión no la tiene "
        "activada; configúrela en la plataforma o cambie de plan."
    )
