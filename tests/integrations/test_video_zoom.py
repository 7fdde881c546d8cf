"""Zoom platform against the Zoom stand-in."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from integrations.http import AuthenticationError, RetryPolicy, ServerError
from integrations.video import DailyLimitError, MeetingSpec, ZoomPlatform, ZoomSettings
from tests.integrations.standins.zoom import ZoomStandIn

MEXICO = ZoneInfo("America/Mexico_City")


def spec(**changes: object) -> MeetingSpec:
    values: dict[str, object] = {
        "key": "session-1",
        "title": "Sesión plenaria: revisión regional",
        "start": datetime(2026, 3, 10, 9, 0, tzinfo=MEXICO),
        "end": datetime(2026, 3, 10, 10, 45, tzinfo=MEXICO),
        "timezone": "America/Mexico_City",
        "agenda": "Apertura\n" + "x" * 2500,
        "interpretation_languages": ("es", "en"),
        "interpreters": (("int1@example.org", "es", "en"), ("int2@example.org", "en", "es")),
        "alternative_hosts": ("cohost@example.org", "chair@example.org"),
    }
    values.update(changes)
    return MeetingSpec(**values)  # type: ignore[arg-type]


@pytest.fixture
def zoom(zoom_standin: ZoomStandIn, policy: RetryPolicy) -> ZoomPlatform:
    return ZoomSettings(
        account_id=zoom_standin.account_id,
        client_id=zoom_standin.credentials[0],
        client_secret=zoom_standin.credentials[1],
        user_id="host@example.org",
        api_url=f"{zoom_standin.url}/v2",
        oauth_url=f"{zoom_standin.url}/oauth/token",
    ).platform(
        policy=policy,
    )  # type: ignore[return-value]


def test_create_sends_contract_body_and_returns_links(zoom, zoom_standin) -> None:
    meeting = zoom.create(spec())
    body = zoom_standin.recorded("POST", "/meetings")[0].json()
    assert body["type"] == 2 and body["start_time"] == "2026-03-10T15:00:00Z"
    assert body["duration"] == 105 and body["timezone"] == "America/Mexico_City"
    assert len(body["agenda"]) == 2000
    assert body["settings"]["alternative_hosts"] == "cohost@example.org;chair@example.org"
    assert body["settings"]["waiting_room"] is True
    assert body["settings"]["language_interpretation"] == {
        "enable": True,
        "interpreters": [
            {"email": "int1@example.org", "languages": "ES,US"},
            {"email": "int2@example.org", "languages": "US,ES"},
        ],
    }
    assert meeting.meeting_id in zoom_standin.meetings
    assert meeting.join_url.startswith("https://zoom.example.test/j/")
    assert meeting.host_url and "/s/" in meeting.host_url and meeting.passcode == "Ab12cD"
    assert meeting.dial_in and "+1 555 0199" in meeting.dial_in
    assert meeting.interpretation_applied is True and meeting.warnings == []


def test_token_is_cached_and_refreshed_before_expiry(zoom_standin, policy) -> None:
    now = [1000.0]
    platform = ZoomPlatform(
        account_id=zoom_standin.account_id,
        client_id="zoom-client",
        client_secret="zoom-secret",
        api_url=f"{zoom_standin.url}/v2",
        oauth_url=f"{zoom_standin.url}/oauth/token",
        policy=policy,
        clock=lambda: now[0],
    )
    platform.create(spec(key="a"))
    platform.create(spec(key="b"))
    assert zoom_standin.token_requests == 1
    now[0] += 3599 - 200  # within the refresh margin
    platform.create(spec(key="c"))
    assert zoom_standin.token_requests == 2


def test_update_and_delete(zoom, zoom_standin) -> None:
    meeting = zoom.create(spec())
    moved = spec(
        start=datetime(2026, 3, 11, 9, 0, tzinfo=MEXICO),
        end=datetime(2026, 3, 11, 9, 30, tzinfo=MEXICO),
        title="Movida",
    )
    updated = zoom.update(meeting.meeting_id, moved)
    stored = zoom_standin.meetings[meeting.meeting_id]
    assert stored["start_time"] == "2026-03-11T15:00:00Z" and stored["duration"] == 30
    assert updated.meeting_id == meeting.meeting_id and updated.join_url == meeting.join_url
    zoom.delete(meeting.meeting_id)
    assert meeting.meeting_id not in zoom_standin.meetings
    zoom.delete(meeting.meeting_id)  # already gone: not an error


def test_interpretation_silently_ignored_gives_warning(zoom, zoom_standin) -> None:
    zoom_standin.ignore_interpretation = True
    meeting = zoom.create(spec())
    assert meeting.interpretation_applied is False
    assert any("interpretation" in w and "interpretación" in w for w in meeting.warnings)
    updated = zoom.update(meeting.meeting_id, spec())
    assert updated.interpretation_applied is False and updated.warnings
    plain = zoom.create(spec(key="n", interpretation_languages=(), interpreters=()))
    assert plain.interpretation_applied is None and plain.warnings == []


def test_unknown_language_warns_and_is_skipped(zoom, zoom_standin) -> None:
    meeting = zoom.create(spec(interpreters=(("i@example.org", "es", "qu"),)))
    body = zoom_standin.recorded("POST", "/meetings")[0].json()
    assert body["settings"]["language_interpretation"]["interpreters"] == []
    assert any("i@example.org" in w for w in meeting.warnings)


def test_401_message_names_settings(zoom_standin, policy) -> None:
    platform = ZoomSettings(
        account_id=zoom_standin.account_id,
        client_id="zoom-client",
        client_secret="wrong-secret-xyz",
        api_url=f"{zoom_standin.url}/v2",
        oauth_url=f"{zoom_standin.url}/oauth/token",
        credential_hint="[video.zoom] account_id and client_secret_secret = ZOOM_CLIENT_SECRET",
    ).platform(policy=policy)
    with pytest.raises(AuthenticationError) as caught:
        platform.create(spec())
    text = str(caught.value)
    assert "ZOOM_CLIENT_SECRET" in text and "account_id" in text and "wrong-secret-xyz" not in text
    assert zoom_standin.meetings == {}


def test_revoked_token_is_renewed_once(zoom, zoom_standin) -> None:
    zoom.create(spec(key="a"))
    zoom_standin.tokens.clear()  # e.g. revoked by an admin
    zoom.create(spec(key="b"))
    assert zoom_standin.token_requests == 2 and len(zoom_standin.meetings) == 2


def test_429_retry_after_honoured(zoom, zoom_standin, sleeps) -> None:
    zoom_standin.inject(
        429,
        {
            "code": 429,
            "message": "You have reached the maximum per-second rate limit for this API.",
        },
        path_contains="/meetings",
        retry_after="0.5",
    )
    meeting = zoom.create(spec())
    assert sleeps.waits == [0.5] and meeting.meeting_id in zoom_standin.meetings


def test_daily_limit_is_reported_not_retried(zoom, zoom_standin, sleeps) -> None:
    zoom_standin.daily_limit = 2
    zoom.create(spec(key="a"))
    zoom.create(spec(key="b"))
    with pytest.raises(DailyLimitError) as caught:
        zoom.create(spec(key="c"))
    assert "100 meeting" in str(caught.value) and caught.value.status == 429
    assert not caught.value.transient
    assert sleeps.waits == [] and len(zoom_standin.recorded("POST", "/meetings")) == 3


def test_standin_rejects_bad_start_time(zoom, zoom_standin) -> None:
    zoom._access_token()
    response = zoom._session.post(
        f"{zoom.api_url}/users/me/meetings",
        json={"topic": "t", "type": 2, "start_time": "10/03/2026 09:00", "duration": 30},
        headers={"Authorization": f"Bearer {zoom._token}"},
    )
    assert response.status_code == 400 and "start_time" in response.json()["message"]


def test_create_not_retried_on_503_but_update_is(zoom, zoom_standin, sleeps) -> None:
    zoom_standin.inject(
        503,
        {"code": 503, "message": "busy"},
        method="POST",
        path_contains="/meetings",
        retry_after="0.1",
    )
    with pytest.raises(ServerError):
        zoom.create(spec())  # the server may have acted: no blind retry of a create
    assert sleeps.waits == []
    meeting = zoom.create(spec())
    zoom_standin.inject(503, {"code": 503, "message": "busy"}, method="PATCH", retry_after="0.1")
    zoom.update(meeting.meeting_id, spec(title="Nuevo"))
    assert sleeps.waits == [0.1] and zoom_standin.meetings[meeting.meeting_id]["topic"] == "Nuevo"
