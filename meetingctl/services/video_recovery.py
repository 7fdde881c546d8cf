"""How a video sync recovers from lost answers and throttling: whether a failed create made
nothing, looking a meeting up after an answer that may follow a created one, and the plain
message for a platform still throttling after the allowed waits."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from agenda.i18n.catalog import tr
from integrations.http import ConnectionFailedError, HttpError
from integrations.video import MeetingSpec, VideoMeeting, VideoPlatform


def rate_limit_message(lang: str, platform: str, retry_after: float | None) -> str:
    """The plain message for a platform still throttling after the allowed waits: the sync
    stopped, and when to run it again (the platform's Retry-After, as a UTC time)."""
    if retry_after is None:
        return tr(
            lang,
            "{platform} is limiting requests; the sync stopped. Run it again in a few minutes.",
        ).format(platform=platform)
    # es: "{platform} está limitando las solicitudes; la sincronización se detuvo.
    #      Vuelva a ejecutarla después de las {time} UTC (en {seconds} s)."
    when = datetime.now(UTC) + timedelta(seconds=retry_after)
    return tr(
        lang,
        "{platform} is limiting requests; the sync stopped. "
        "Run it again after {time} UTC (in {seconds} s).",
    ).format(platform=platform, time=when.strftime("%H:%M:%S"), seconds=math.ceil(retry_after))


def look_up(platform: VideoPlatform, spec: MeetingSpec) -> VideoMeeting | None:
    """After a create whose answer was an error that may follow a created meeting (5xx, a
    dropped connection, a timeout), the meeting the platform made, if it can tell; None when
    it cannot (or the lookup fails too: the next sync tries again)."""
    if not platform.can_find:
        return None
    try:
        return platform.find(spec)
    except HttpError:
        return None


def made_nothing(exc: HttpError) -> bool:
    """The platform provably made no meeting: it refused the request (a 4xx answer: invalid,
    refused credentials, rate limited before processing), or the request never left this
    machine (connection refused, unknown host). A 5xx, a timeout or a dropped connection may
    come after the platform acted: the ``creating`` row stays, and the meeting is looked up
    (platforms with :meth:`VideoPlatform.find`) before any new create."""
    if isinstance(exc, ConnectionFailedError):
        return not exc.request_sent
    return exc.status is not None and 400 <= exc.status < 500
