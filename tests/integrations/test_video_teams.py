"""Teams platform through the Graph stand-in: onlineMeeting and Outlook-event modes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from integrations.http import AuthenticationError
from integrations.msgraph.settings import GraphSettings
from integrations.video import MeetingSpec, TeamsPlatform, TeamsSettings

ORGANIZER = "secretariat@example.org"
SANTIAGO = ZoneInfo("America/Santiago")


def spec(key: str = "session-1", hour: int = 9, **changes: object) -> MeetingSpec:
    values: dict[str, object] = {
        "key": key,
        "title": "Diálogo: niñez migrante",
        "start": datetime(2026, 3, 10, hour, 0, tzinfo=SANTIAGO),
        "end": datetime(2026, 3, 10, hour + 1, 0, tzinfo=SANTIAGO),
        "timezone": "America/Santiago",
        "agenda": "Punto 1 <importante>\nPunto 2",
    }
    values.update(changes)
    return MeetingSpec(**values)  # type: ignore[arg-type]


def teams(graph: GraphSettings, policy, mode: str) -> TeamsPlatform:
    platform = TeamsSettings(graph, organizer=ORGANIZER, mode=mode).platform(policy=policy)
    assert isinstance(platform, TeamsPlatform)
    return platform


def test_online_meeting_create_is_idempotent_update_delete(
    graph_standin, graph_settings, policy
) -> None:
    platform = teams(graph_settings, policy, "online_meeting")
    meeting = platform.create(spec())
    body = graph_standin.recorded("POST", "/onlineMeetings/createOrGet")[0].json()
    assert body["startDateTime"] == "2026-03-10T12:00:00Z"  # 09:00 in Santiago (UTC-3)
    assert body["externalId"]
    assert meeting.join_url.startswith("https://teams.example.test/l/meetup-join/")
    assert meeting.dial_in == "+1 555 0101 (ID 987654)"
    again = platform.create(spec())  # retried create: same externalId, same meeting
    assert again.meeting_id == meeting.meeting_id and len(graph_standin.online_meetings) == 1
    updated = platform.update(meeting.meeting_id, spec(hour=14, title="Nuevo título"))
    stored = graph_standin.online_meetings[meeting.meeting_id]
    assert stored["startDateTime"] == "2026-03-10T17:00:00Z" and stored["subject"] == "Nuevo título"
    assert updated.join_url == meeting.join_url
    platform.delete(meeting.meeting_id)
    assert graph_standin.online_meetings == {}
    platform.delete(meeting.meeting_id)  # already gone


def test_event_mode_uses_teams_for_business(graph_standin, graph_settings, policy) -> None:
    platform = teams(graph_settings, policy, "event")
    meeting = platform.create(spec())
    stored = graph_standin.events[meeting.meeting_id]
    assert stored["isOnlineMeeting"] is True
    assert stored["onlineMeetingProvider"] == "teamsForBusiness"
    assert stored["start"] == {"dateTime": "2026-03-10T09:00:00", "timeZone": "America/Santiago"}
    assert "&lt;importante&gt;" in stored["body"]["content"]
    assert meeting.join_url == stored["onlineMeeting"]["joinUrl"]
    again = platform.create(spec())
    assert again.meeting_id == meeting.meeting_id and len(graph_standin.events) == 1
    platform.update(meeting.meeting_id, spec(hour=11))
    assert graph_standin.events[meeting.meeting_id]["end"]["dateTime"] == "2026-03-10T12:00:00"
    platform.delete(meeting.meeting_id, comment="Cancelada")
    assert graph_standin.events[meeting.meeting_id]["isCancelled"] is True


def test_interpretation_requested_on_teams_warns(graph_settings, policy) -> None:
    platform = teams(graph_settings, policy, "online_meeting")
    meeting = platform.create(spec(interpretation_languages=("es", "en")))
    assert meeting.interpretation_applied is False
    assert any("Teams" in w and "interpretación" in w for w in meeting.warnings)


def test_throttled_create_waits_retry_after(graph_standin, graph_settings, policy, sleeps) -> None:
    graph_standin.inject(
        429,
        {"error": {"code": "TooManyRequests", "message": "x"}},
        path_contains="/onlineMeetings",
        retry_after="0.125",
    )
    platform = teams(graph_settings, policy, "online_meeting")
    platform.create(spec())
    assert sleeps.waits == [0.125] and len(graph_standin.online_meetings) == 1


def test_bad_mode_and_bad_secret(graph_settings, policy) -> None:
    with pytest.raises(ValueError, match="online_meeting"):
        teams(graph_settings, policy, "webinar")
    platform = teams(replace(graph_settings, client_secret="nope-123"), policy, "event")
    with pytest.raises(AuthenticationError) as caught:
        platform.create(spec())
    assert "GRAPH_CLIENT_SECRET" in str(caught.value) and "nope-123" not in str(caught.value)
