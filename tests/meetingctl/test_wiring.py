"""The composition root maps config sections and secrets onto the integrations' typed settings."""

from __future__ import annotations

import pytest

from integrations.video import JitsiPlatform
from meetingctl.config import parse_config
from meetingctl.context import AppContext
from meetingctl.secrets import SecretError, Secrets
from meetingctl.wiring import (
    VideoSyncError,
    graph_settings,
    video_platform,
    webex_settings,
    zoom_settings,
)


def test_missing_secret_names_the_config_key_and_the_variable() -> None:
    config = parse_config({"video": {"platform": "zoom", "zoom": {"account_id": "a"}}})
    with pytest.raises(SecretError) as caught:
        video_platform(config, Secrets(env={}))
    assert "[video.zoom] client_secret_secret = ZOOM_CLIENT_SECRET" in str(caught.value)


def test_credential_hints_name_the_real_keys() -> None:
    config = parse_config({"video": {"webex": {"token_secret": "MY_WEBEX"}}})
    secrets = Secrets(
        env={"ZOOM_CLIENT_SECRET": "zoom-s3cret", "GRAPH_CLIENT_SECRET": "g", "MY_WEBEX": "w"}
    )
    assert "[video.zoom] client_secret_secret = ZOOM_CLIENT_SECRET" in (
        zoom_settings(config, secrets).credential_hint
    )
    assert "[mail.graph] client_secret_secret = GRAPH_CLIENT_SECRET" in (
        graph_settings(config, secrets).credential_hint
    )
    webex = webex_settings(config, secrets)
    assert "[video.webex] token_secret = MY_WEBEX" in webex.credential_hint
    assert "zoom-s3cret" not in repr(zoom_settings(config, secrets))


def test_incomplete_section_is_named() -> None:
    config = parse_config({"video": {"platform": "zoom"}})
    with pytest.raises(VideoSyncError, match=r"\[video.zoom\] missing setting 'account_id'"):
        video_platform(config, Secrets(env={"ZOOM_CLIENT_SECRET": "z"}))
    teams = parse_config({"video": {"platform": "teams"}})
    with pytest.raises(VideoSyncError, match=r"\[video.teams\] missing setting 'organizer'"):
        video_platform(teams, Secrets(env={"GRAPH_CLIENT_SECRET": "g"}))
    teams = parse_config({"video": {"platform": "teams", "teams": {"organizer": "o@x.org"}}})
    with pytest.raises(VideoSyncError, match=r"\[mail.graph\] missing setting 'tenant_id'"):
        video_platform(teams, Secrets(env={"GRAPH_CLIENT_SECRET": "g"}))


def test_context_builds_each_platform_once() -> None:
    ctx = AppContext()
    ctx.__dict__["config"] = parse_config({})
    ctx.__dict__["secrets"] = Secrets(env={})
    first = ctx.video_platform()
    assert isinstance(first, JitsiPlatform) and ctx.video_platform("jitsi") is first
    assert ctx.transport() is ctx.transport() and ctx.new_transport() is not ctx.transport()
