"""`video sync` against Jitsi (offline) and the Zoom and Graph stand-ins on loopback."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import trustme
from sqlalchemy import select

from agenda.model.enums import SessionKind
from agenda.model.orm import Meeting, Session, VideoLink
from agenda.model.uow import transaction
from agenda.programme.reading import load_sessions
from agenda.programme.video_plan import wanted_meetings
from integrations.video import MeetingSpec
from meetingctl.config import parse_config
from meetingctl.demo import create_demo
from meetingctl.secrets import Secrets
from meetingctl.services.video import sync_video
from meetingctl.wiring import VideoSyncError, video_platform
from tests.conftest import run_cli
from tests.integrations.standins.graph import GraphStandIn
from tests.integrations.standins.zoom import ZoomStandIn


@pytest.fixture
def meeting_id(db_factory) -> int:  # type: ignore[no-untyped-def]
    with transaction(db_factory) as db:
        return create_demo(db, people_count=40, seed=7, year=2021).id


def _video_sessions(db_factory) -> list[Session]:  # type: ignore[no-untyped-def]
    with transaction(db_factory) as db:
        return [s for s in db.scalars(select(Session)) if s.kind != SessionKind.BREAK]


def _links(db_factory) -> list[VideoLink]:  # type: ignore[no-untyped-def]
    with transaction(db_factory) as db:
        return list(db.scalars(select(VideoLink).order_by(VideoLink.id)))


@pytest.fixture
def zoom() -> Iterator[ZoomStandIn]:
    standin = ZoomStandIn()
    standin.start()
    yield standin
    standin.stop()


def _zoom_config(zoom: ZoomStandIn, **extra: object):  # type: ignore[no-untyped-def]
    section = {
        "account_id": zoom.account_id,
        "client_id": zoom.credentials[0],
        "base_url": f"{zoom.url}/v2",
        "oauth_url": f"{zoom.url}/oauth/token",
        **extra,
    }
    return parse_config({"video": {"platform": "zoom", "zoom": section}})


def test_jitsi_sync_creates_updates_deletes_and_is_idempotent(db_factory, meeting_id: int) -> None:  # type: ignore[no-untyped-def]
    config = parse_config({})
    platform = video_platform(config, Secrets(env={}))
    first = sync_video(db_factory, meeting_id, platform, config, actor="t")
    sessions = _video_sessions(db_factory)
    assert len(first.done) == len(sessions) and not first.errors
    assert all(s.video_url.startswith("https://meet.jit.si/") and s.sequence == 1 for s in sessions)
    assert len({s.video_url for s in sessions}) == len(sessions)
    again = sync_video(db_factory, meeting_id, platform, config, actor="t")
    assert again.changed == 0 and again.done == []

    moved_uid = sessions[3].uid
    with transaction(db_factory) as db:
        moved = db.scalars(select(Session).where(Session.uid == moved_uid)).one()
        moved.start += timedelta(minutes=30)
        moved.end += timedelta(minutes=30)
        removed = db.scalars(select(Session).where(Session.kind == SessionKind.CLOSING)).one()
        removed_uid = removed.uid
        db.delete(removed)
    third = sync_video(db_factory, meeting_id, platform, config, actor="t")
    assert sorted(third.done) == sorted([("update", moved_uid), ("delete", removed_uid)])
    assert {link.scope_key for link in _links(db_factory)} == {
        s.uid for s in _video_sessions(db_factory)
    }
    assert sync_video(db_factory, meeting_id, platform, config, actor="t").changed == 0


def test_dry_run_changes_nothing(db_factory, meeting_id: int) -> None:  # type: ignore[no-untyped-def]
    config = parse_config({})
    report = sync_video(
        db_factory,
        meeting_id,
        video_platform(config, Secrets(env={})),
        config,
        actor="t",
        dry_run=True,
    )
    assert report.changed == len(_video_sessions(db_factory))
    assert _links(db_factory) == []
    assert all(s.video_url == "" for s in _video_sessions(db_factory))


def test_one_link_per_day_by_config(db_factory, meeting_id: int) -> None:  # type: ignore[no-untyped-def]
    config = parse_config({"video": {"scope": "day"}})
    sync_video(db_factory, meeting_id, video_platform(config, Secrets(env={})), config, actor="t")
    sessions = _video_sessions(db_factory)
    links = _links(db_factory)
    assert len(links) == 4  # two preparatory days and two meeting days
    day_one = [s for s in sessions if s.start.date().isoformat() == "2021-04-26"]
    assert len({s.video_url for s in day_one}) == 1


def test_zoom_create_update_delete_and_no_duplicates(
    db_factory, meeting_id: int, zoom: ZoomStandIn
) -> None:  # type: ignore[no-untyped-def]
    config = _zoom_config(zoom)
    secrets = Secrets(env={"ZOOM_CLIENT_SECRET": zoom.credentials[1]})
    platform = video_platform(config, secrets)
    report = sync_video(db_factory, meeting_id, platform, config, actor="t")
    assert not report.errors
    links = _links(db_factory)
    assert {link.external_id for link in links} == set(zoom.meetings)
    assert all(link.state == "active" and link.join_url for link in links)
    posts = len(zoom.recorded("POST", "/meetings"))
    assert sync_video(db_factory, meeting_id, platform, config, actor="t").changed == 0
    assert len(zoom.recorded("POST", "/meetings")) == posts
    with transaction(db_factory) as db:
        target = db.scalars(select(Session).where(Session.kind == SessionKind.KEYNOTE)).one()
        target.end += timedelta(minutes=15)
        doomed = db.scalars(select(Session).where(Session.kind == SessionKind.CLOSING)).one()
        db.delete(doomed)
    sync_video(db_factory, meeting_id, platform, config, actor="t")
    assert len(zoom.recorded("PATCH")) == 1
    assert len(zoom.recorded("DELETE")) == 1
    assert {link.external_id for link in _links(db_factory)} == set(zoom.meetings)


def test_zoom_bad_credentials_give_a_clear_error_and_leave_nothing(
    db_factory, meeting_id: int, zoom: ZoomStandIn
) -> None:  # type: ignore[no-untyped-def]
    config = _zoom_config(zoom)
    platform = video_platform(config, Secrets(env={"ZOOM_CLIENT_SECRET": "wrong-secret-value"}))
    with pytest.raises(VideoSyncError, match="credentials") as caught:
        sync_video(db_factory, meeting_id, platform, config, actor="t")
    assert "wrong-secret-value" not in str(caught.value)
    assert _links(db_factory) == []
    assert zoom.meetings == {}


def test_zoom_interpretation_silently_ignored_warns(
    db_factory, meeting_id: int, zoom: ZoomStandIn
) -> None:  # type: ignore[no-untyped-def]
    zoom.ignore_interpretation = True
    config = _zoom_config(
        zoom, interpreters=[{"email": "interp@example.org", "languages": "ES,EN"}]
    )
    platform = video_platform(config, Secrets(env={"ZOOM_CLIENT_SECRET": zoom.credentials[1]}))
    report = sync_video(db_factory, meeting_id, platform, config, actor="t")
    assert report.warnings and all("interpretation" in w for w in report.warnings)
    assert all(link.interpretation_applied is False for link in _links(db_factory))


def test_zoom_daily_limit_is_reported_and_local_matches_remote(
    db_factory, meeting_id: int, zoom: ZoomStandIn
) -> None:  # type: ignore[no-untyped-def]
    zoom.daily_limit = 3
    config = _zoom_config(zoom)
    platform = video_platform(config, Secrets(env={"ZOOM_CLIENT_SECRET": zoom.credentials[1]}))
    report = sync_video(db_factory, meeting_id, platform, config, actor="t")
    assert len(report.errors) == 1 and "limit" in report.errors[0].lower()
    links = _links(db_factory)
    assert len(links) == 3 == len(zoom.meetings)
    assert {link.external_id for link in links} == set(zoom.meetings)


def test_teams_interrupted_create_is_resumed_without_duplicate(
    db_factory, meeting_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    graph = GraphStandIn(ssl_context=context)
    graph.start()
    try:
        config = parse_config(
            {
                "mail": {
                    "graph": {
                        "tenant_id": graph.tenant,
                        "client_id": graph.client_id,
                        "authority": graph.url,
                        "base_url": f"{graph.url}/v1.0",
                        "mailbox": "secretariat@example.org",
                    }
                },
                "video": {"platform": "teams", "teams": {"mode": "event"}},
            }
        )
        secrets = Secrets(env={"GRAPH_CLIENT_SECRET": graph.client_secret})
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))  # requests honours it
        if True:
            platform = video_platform(config, secrets)
            # A crash after the platform created the first meeting, before it was recorded:
            with transaction(db_factory) as db:
                meeting = db.get_one(Meeting, meeting_id)
                first = wanted_meetings(meeting, load_sessions(db, meeting), "session")[0]
                spec_key = f"{meeting.slug}:{first.scope_key}"
                db.add(
                    VideoLink(
                        meeting_id=meeting_id,
                        scope_key=first.scope_key,
                        platform="teams",
                        transaction_id=spec_key,
                        state="creating",
                    )
                )
            platform.create(
                MeetingSpec(
                    key=spec_key,
                    title=first.title,
                    start=first.start,
                    end=first.end,
                    timezone="America/Santiago",
                )
            )
            assert len(graph.events) == 1
            report = sync_video(db_factory, meeting_id, platform, config, actor="t")
            assert ("resume", first.scope_key) in report.done
            assert len(graph.events) == len(_video_sessions(db_factory))
            assert all(
                link.join_url.startswith("https://teams.example.test/")
                for link in _links(db_factory)
            )
    finally:
        graph.stop()


def test_cli_dry_run_and_sync(engine_url: str) -> None:
    assert (
        run_cli("--db", engine_url, "init", "--title", "Review", "--start", "2021-04-26").returncode
        == 0
    )
    dry = run_cli("--db", engine_url, "video", "sync", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "would create" in dry.stdout and "jitsi: would change" in dry.stdout
    listed = run_cli("--db", engine_url, "video", "list")
    assert listed.stdout.strip().endswith("0 video meetings")
    done = run_cli("--db", engine_url, "video", "sync")
    assert done.returncode == 0 and "jitsi: changed" in done.stdout
    again = run_cli("--db", engine_url, "video", "sync")
    assert "changed 0" in again.stdout


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again when the block ends


def test_zoom_create_refused_before_sending_is_forgotten_at_once(
    db_factory, meeting_id: int, zoom: ZoomStandIn
) -> None:  # type: ignore[no-untyped-def]
    """Issue 18 item 10: a refused connection reached nothing, so no `creating` row stays."""
    config = _zoom_config(zoom, base_url=f"http://127.0.0.1:{_closed_port()}/v2")
    platform = video_platform(config, Secrets(env={"ZOOM_CLIENT_SECRET": zoom.credentials[1]}))
    report = sync_video(db_factory, meeting_id, platform, config, actor="t")
    assert report.errors and all("could not be reached" in e for e in report.errors)
    assert _links(db_factory) == []
    again = sync_video(db_factory, meeting_id, platform, config, actor="t")
    assert not any("interrupted" in e or "video forget" in e for e in again.errors)
    assert _links(db_factory) == []
    # Once Zoom answers again, the next sync simply creates the meetings.
    working = video_platform(
        _zoom_config(zoom), Secrets(env={"ZOOM_CLIENT_SECRET": zoom.credentials[1]})
    )
    done = sync_video(db_factory, meeting_id, working, _zoom_config(zoom), actor="t")
    assert not done.errors and len(zoom.meetings) == len(_links(db_factory)) > 0


def test_zoom_create_that_may_have_arrived_stays_for_the_organizer(
    db_factory, meeting_id: int, zoom: ZoomStandIn
) -> None:  # type: ignore[no-untyped-def]
    """A dropped connection after sending may follow a created meeting: the row stays."""
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]

    def drop_after_reading() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            conn.recv(65536)
            conn.close()

    threading.Thread(target=drop_after_reading, daemon=True).start()
    try:
        config = _zoom_config(zoom, base_url=f"http://127.0.0.1:{port}/v2")
        secrets = Secrets(env={"ZOOM_CLIENT_SECRET": zoom.credentials[1]})
        platform = video_platform(config, secrets)
        report = sync_video(db_factory, meeting_id, platform, config, actor="t")
    finally:
        listener.close()
    assert report.errors
    assert _links(db_factory) and all(link.state == "creating" for link in _links(db_factory))
