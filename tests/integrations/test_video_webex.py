"""Webex platform against the Webex stand-in."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from integrations.http import AuthenticationError, PermanentHttpError
from integrations.video import MeetingSpec, WebexPlatform, WebexSettings

BOGOTA = ZoneInfo("America/Bogota")


def spec(**changes: object) -> MeetingSpec:
    values: dict[str, object] = {
        "key": "s1",
        "title": "Mesa redonda 2 " + "é" * 200,
        "start": datetime(2030, 3, 10, 9, 0, tzinfo=BOGOTA),
        "end": datetime(2030, 3, 10, 10, 0, tzinfo=BOGOTA),
        "timezone": "America/Bogota",
        "agenda": "a" * 1500,
        "interpreters": (("int@example.org", "ES", "en"),),
        "alternative_hosts": ("cohost@example.org",),
    }
    values.update(changes)
    return MeetingSpec(**values)  # type: ignore[arg-type]


@pytest.fixture
def webex(webex_standin, policy) -> WebexPlatform:
    platform = WebexSettings(
        access_token="webex-token", api_url=f"{webex_standin.url}/v1"
    ).platform(policy=policy)
    assert isinstance(platform, WebexPlatform)
    return platform


def test_create_update_delete(webex, webex_standin) -> None:
    meeting = webex.create(spec())
    body = webex_standin.recorded("POST", "/v1/meetings")[0].json()
    assert len(body["title"]) == 128 and len(body["agenda"]) == 1300
    assert body["start"] == "2030-03-10T09:00:00-05:00"
    assert body["unlockedMeetingJoinSecurity"] == "allowJoinWithLobby"
    assert body["invitees"] == [{"email": "cohost@example.org", "coHost": True}]
    assert body["simultaneousInterpretation"] == {
        "enabled": True,
        "interpreters": [
            {"languageCode1": "es", "languageCode2": "en", "email": "int@example.org"}
        ],
    }
    assert meeting.interpretation_applied is True and meeting.passcode == "BgJep@43"
    assert meeting.join_url.startswith("https://site.webex.example.test/")
    assert meeting.dial_in and "+1-555-0123" in meeting.dial_in
    later = spec(
        start=datetime(2030, 3, 11, 9, 0, tzinfo=BOGOTA),
        end=datetime(2030, 3, 11, 11, 0, tzinfo=BOGOTA),
        waiting_room=False,
    )
    webex.update(meeting.meeting_id, later)
    stored = webex_standin.meetings[meeting.meeting_id]
    assert stored["start"] == "2030-03-11T09:00:00-05:00"
    assert stored["unlockedMeetingJoinSecurity"] == "allowJoin"
    webex.delete(meeting.meeting_id)
    assert webex_standin.meetings == {}
    webex.delete(meeting.meeting_id)


def test_interpretation_ignored_warns(webex, webex_standin) -> None:
    webex_standin.ignore_interpretation = True
    meeting = webex.create(spec())
    assert meeting.interpretation_applied is False and "Webex" in meeting.warnings[0]


def test_too_short_meeting_rejected_with_webex_error(webex) -> None:
    short = spec(end=datetime(2030, 3, 10, 9, 5, tzinfo=BOGOTA))
    with pytest.raises(PermanentHttpError) as caught:
        webex.create(short)
    assert caught.value.status == 400 and "10 minutes" in str(caught.value)
    assert "trackingId" in str(caught.value)


def test_401_and_429(webex_standin, webex, policy, sleeps) -> None:
    webex_standin.inject(429, {"message": "Too many"}, retry_after="0.2")
    webex.create(spec())
    assert sleeps.waits == [0.2]
    bad = WebexPlatform(
        access_token="expired-tok",
        api_url=f"{webex_standin.url}/v1",
        policy=policy,
        credential_hint="[video.webex] token_secret = WEBEX_TOKEN",
    )
    with pytest.raises(AuthenticationError) as caught:
        bad.create(spec())
    assert "WEBEX_TOKEN" in str(caught.value) and "expired-tok" not in str(caught.value)


def test_update_changes_co_hosts_through_meeting_invitees(webex, webex_standin) -> None:
    meeting = webex.create(spec(alternative_hosts=("cohost@example.org", "old@example.org")))
    webex.update(
        meeting.meeting_id, spec(alternative_hosts=("new@example.org", "COHOST@example.org"))
    )
    update = webex_standin.recorded("PUT", f"/v1/meetings/{meeting.meeting_id}")[0].json()
    assert "invitees" not in update and "simultaneousInterpretation" not in update
    co_hosts = {
        i["email"].lower(): i["coHost"]
        for i in webex_standin.invitees.values()
        if i["meetingId"] == meeting.meeting_id
    }
    assert co_hosts == {
        "cohost@example.org": True,
        "old@example.org": False,
        "new@example.org": True,
    }
    posts = webex_standin.recorded("POST", "/v1/meetingInvitees")
    assert [p.json()["email"] for p in posts] == ["new@example.org"]  # no duplicate invitee
