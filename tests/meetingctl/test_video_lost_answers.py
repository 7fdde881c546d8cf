"""Issue 14 item 6: a Zoom or Webex create whose answer was lost (5xx after the platform made
the meeting) never leads to a second meeting: the sync looks the meeting up by the marker the
create wrote (Zoom: the agenda's last line; Webex: an integrationTags entry) before creating."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from agenda.model.orm import VideoLink
from agenda.model.uow import transaction
from meetingctl.config import parse_config
from meetingctl.demo import create_demo
from meetingctl.secrets import Secrets
from meetingctl.services.video import rate_limit_message, sync_video
from meetingctl.wiring import video_platform
from tests.integrations.standins.webex import WebexStandIn
from tests.integrations.standins.zoom import ZoomStandIn


@pytest.fixture
def meeting_id(db_factory) -> int:  # type: ignore[no-untyped-def]
    with transaction(db_factory) as db:
        return create_demo(db, people_count=20, seed=3).id


@pytest.fixture
def zoom() -> Iterator[ZoomStandIn]:
    standin = ZoomStandIn()
    standin.start()
    yield standin
    standin.stop()


@pytest.fixture
def webex() -> Iterator[WebexStandIn]:
    standin = WebexStandIn()
    standin.now = lambda: datetime(2021, 1, 1, tzinfo=UTC)  # the demo meeting is in 2021
    standin.start()
    yield standin
    standin.stop()


def _links(db_factory) -> list[VideoLink]:  # type: ignore[no-untyped-def]
    with transaction(db_factory) as db:
        return list(db.scalars(select(VideoLink).order_by(VideoLink.id)))


def _zoom(zoom: ZoomStandIn):  # type: ignore[no-untyped-def]
    config = parse_config(
        {
            "video": {
                "platform": "zoom",
                "zoom": {
                    "account_id": zoom.account_id,
                    "client_id": zoom.credentials[0],
                    "base_url": f"{zoom.url}/v2",
                    "oauth_url": f"{zoom.url}/oauth/token",
                    "user_id": "host@example.org",
                },
            }
        }
    )
    secrets = Secrets(env={"ZOOM_CLIENT_SECRET": zoom.credentials[1]})
    return config, video_platform(config, secrets)


def _webex(webex: WebexStandIn, **extra: object):  # type: ignore[no-untyped-def]
    section = {"base_url": f"{webex.url}/v1", **extra}
    config = parse_config({"video": {"platform": "webex", "webex": section}})
    return config, video_platform(config, Secrets(env={"WEBEX_TOKEN": webex.token}))


def _assert_one_meeting_per_link(db_factory, meetings: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    links = _links(db_factory)
    assert links and all(link.state == "active" for link in links)
    assert sorted(link.external_id for link in links) == sorted(meetings)


def test_zoom_5xx_after_create_is_found_in_the_same_sync(
    db_factory, meeting_id: int, zoom: ZoomStandIn
) -> None:  # type: ignore[no-untyped-def]
    config, platform = _zoom(zoom)
    zoom.inject(
        500,
        {"code": 500, "message": "Internal"},
        method="POST",
        path_contains="/meetings",
        times=3,
        after=True,
    )
    report = sync_video(db_factory, meeting_id, platform, config, actor="t")
    assert not report.errors
    _assert_one_meeting_per_link(db_factory, zoom.meetings)
    assert len(zoom.recorded("POST", "/meetings")) == len(zoom.meetings)


def test_zoom_lost_answer_and_failed_lookup_leave_zero_duplicates_next_sync(
    db_factory, meeting_id: int, zoom: ZoomStandIn
) -> None:  # type: ignore[no-untyped-def]
    config, platform = _zoom(zoom)
    zoom.inject(
        502,
        {"code": 502, "message": "Bad gateway"},
        method="POST",
        path_contains="/meetings",
        times=2,
        after=True,
    )
    zoom.inject(500, {"code": 500, "message": "busy"}, method="GET", times=2)
    first = sync_video(db_factory, meeting_id, platform, config, actor="t")
    assert len(first.errors) == 2 and all("HTTP 502" in e for e in first.errors)
    creating = [link for link in _links(db_factory) if link.state == "creating"]
    assert len(creating) == 2
    second = sync_video(db_factory, meeting_id, platform, config, actor="t")
    assert not second.errors and ("resume", creating[0].scope_key) in second.done
    _assert_one_meeting_per_link(db_factory, zoom.meetings)


def test_zoom_5xx_that_made_nothing_is_created_once_next_sync(
    db_factory, meeting_id: int, zoom: ZoomStandIn
) -> None:  # type: ignore[no-untyped-def]
    config, platform = _zoom(zoom)
    zoom.inject(500, {"code": 500, "message": "Internal"}, method="POST", path_contains="/meetings")
    first = sync_video(db_factory, meeting_id, platform, config, actor="t")
    assert len(first.errors) == 1
    assert not sync_video(db_factory, meeting_id, platform, config, actor="t").errors
    _assert_one_meeting_per_link(db_factory, zoom.meetings)


def test_zoom_marker_is_the_agenda_last_line_within_2000_characters(
    db_factory, meeting_id: int, zoom: ZoomStandIn
) -> None:  # type: ignore[no-untyped-def]
    config, platform = _zoom(zoom)
    sync_video(db_factory, meeting_id, platform, config, actor="t")
    for meeting in zoom.meetings.values():
        agenda = str(meeting["agenda"])
        assert len(agenda) <= 2000 and agenda.splitlines()[-1].startswith("meetingctl-")


def test_webex_5xx_after_create_leaves_zero_duplicates(
    db_factory, meeting_id: int, webex: WebexStandIn
) -> None:  # type: ignore[no-untyped-def]
    config, platform = _webex(webex)
    webex.inject(
        500, {"message": "oops"}, method="POST", path_contains="/meetings", times=2, after=True
    )
    webex.inject(500, {"message": "busy"}, method="GET", times=1)  # the first lookup fails
    first = sync_video(db_factory, meeting_id, platform, config, actor="t")
    assert len(first.errors) == 1
    second = sync_video(db_factory, meeting_id, platform, config, actor="t")
    assert not second.errors
    _assert_one_meeting_per_link(db_factory, webex.meetings)
    tags = [m["integrationTags"][0] for m in webex.meetings.values()]
    assert len(set(tags)) == len(tags)


def test_webex_reads_its_own_interpreters_and_co_hosts(
    db_factory, meeting_id: int, webex: WebexStandIn
) -> None:  # type: ignore[no-untyped-def]
    config, platform = _webex(
        webex,
        co_hosts=["cohost@example.org"],
        interpreters=[{"email": "int@example.org", "languages": "es,en"}],
    )
    sync_video(db_factory, meeting_id, platform, config, actor="t")
    body = webex.recorded("POST", "/v1/meetings")[0].json()
    assert body["invitees"] == [{"email": "cohost@example.org", "coHost": True}]
    assert body["simultaneousInterpretation"]["interpreters"][0]["email"] == "int@example.org"


def test_rate_limit_over_the_cap_stops_the_sync_and_says_when(
    db_factory, meeting_id: int, webex: WebexStandIn
) -> None:  # type: ignore[no-untyped-def]
    config, platform = _webex(webex)
    webex.inject(429, {"message": "Too many requests"}, method="POST", retry_after="3600")
    report = sync_video(db_factory, meeting_id, platform, config, actor="t")
    assert len(report.errors) == 1 and "Run it again after" in report.errors[0]
    assert "(in 3600 s)" in report.errors[0]
    assert len(webex.recorded("POST")) == 1  # stopped: no further call
    assert webex.meetings == {} and _links(db_factory) == []  # a 429 made nothing
    assert "few minutes" in rate_limit_message("en", "Zoom", None)


def test_webex_update_sends_an_update_body_and_refused_token_names_the_real_keys(
    db_factory, meeting_id: int, webex: WebexStandIn
) -> None:  # type: ignore[no-untyped-def]
    from agenda.model.orm import Session

    config, platform = _webex(
        webex, interpreters=[{"email": "int@example.org", "languages": "es,en"}]
    )
    sync_video(db_factory, meeting_id, platform, config, actor="t")
    with transaction(db_factory) as db:
        session = db.scalars(select(Session).where(Session.video_url != "")).first()
        assert session is not None
        session.end += timedelta(minutes=15)
    report = sync_video(db_factory, meeting_id, platform, config, actor="t")
    assert not report.errors and len(webex.recorded("PUT")) == 2  # meeting + interpretation
    update = webex.recorded("PUT")[0].json()
    assert "invitees" not in update and "simultaneousInterpretation" not in update
    assert update["integrationTags"][0].startswith("meetingctl-")
    refused = video_platform(config, Secrets(env={"WEBEX_TOKEN": "not-the-token"}))
    with transaction(db_factory) as db:
        db.scalars(select(Session).where(Session.video_url != "")).first().end += timedelta(
            minutes=5
        )
    from meetingctl.wiring import VideoSyncError

    with pytest.raises(VideoSyncError) as caught:
        sync_video(db_factory, meeting_id, refused, config, actor="t")
    text = str(caught.value)
    assert "[video.webex] token_secret = WEBEX_TOKEN" in text and "not-the-token" not in text
    assert "MEETINGCTL_" not in text and "[webex]" not in text
