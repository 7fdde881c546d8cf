"""Jitsi (offline default), the meeting spec rules and the platform factory."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from integrations.video import (
    JitsiPlatform,
    JitsiSettings,
    MeetingSpec,
    WebexSettings,
    ZoomSettings,
)

UTC = ZoneInfo("UTC")


def spec(**changes: object) -> MeetingSpec:
    values: dict[str, object] = {
        "key": "s1",
        "title": "Sesión 1: ¿Migración segura?",
        "start": datetime(2026, 3, 10, 14, 0, tzinfo=UTC),
        "end": datetime(2026, 3, 10, 15, 0, tzinfo=UTC),
    }
    values.update(changes)
    return MeetingSpec(**values)  # type: ignore[arg-type]


def test_rooms_are_unguessable_and_on_the_configured_server() -> None:
    platform = JitsiSettings("https://meet.example.org/").platform()
    rooms = {platform.create(spec()).join_url for _ in range(200)}
    assert len(rooms) == 200
    for url in rooms:
        assert url.startswith("https://meet.example.org/Sesion1MigracionSegura-")
        random_part = url.rsplit("-", 1)[1]
        assert len(random_part) >= 24 and random_part.isalnum()


def test_update_keeps_room_and_interpretation_warns() -> None:
    platform = JitsiPlatform()
    meeting = platform.create(spec())
    moved = platform.update(meeting.meeting_id, spec(interpretation_languages=("es", "en")))
    assert moved.join_url == meeting.join_url
    assert moved.interpretation_applied is False and moved.warnings
    assert meeting.interpretation_applied is None
    platform.delete(meeting.meeting_id)


def test_spec_rules() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        spec(start=datetime(2026, 3, 10, 14, 0))
    with pytest.raises(ValueError, match="after start"):
        spec(end=datetime(2026, 3, 10, 13, 0, tzinfo=UTC))
    with pytest.raises(Exception):  # noqa: B017 - ZoneInfoNotFoundError or ValueError
        spec(timezone="Mars/Olympus")
    assert spec(end=datetime(2026, 3, 10, 15, 0, 1, tzinfo=UTC)).duration_minutes == 61
    assert (
        spec(end=datetime(2026, 3, 10, 14, 0, tzinfo=UTC) + timedelta(minutes=45)).duration_minutes
        == 45
    )
    assert (
        spec(interpreters=(("a@example.org", "es", "en"),)).interpreters[0].target_language == "en"
    )


def test_factory_errors_name_the_missing_key() -> None:
    with pytest.raises(ValueError, match="account_id"):
        ZoomSettings(account_id="", client_id="", client_secret="s").platform()
    with pytest.raises(ValueError, match="client_secret"):
        ZoomSettings(account_id="a", client_id="c", client_secret="").platform()
    with pytest.raises(ValueError, match="access_token"):
        WebexSettings(access_token="").platform()
    with pytest.raises(ValueError, match="http"):
        JitsiSettings("meet.example.org").platform()
