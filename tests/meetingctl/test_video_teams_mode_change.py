"""Issue 14 item 6: changing ``[video.teams] mode`` re-creates the links in the new mode
instead of PATCHing an online meeting as if it were an event (or the reverse)."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme
from sqlalchemy import select

from agenda.model.enums import SessionKind
from agenda.model.orm import Session, VideoLink
from agenda.model.uow import transaction
from integrations.video.teams import split_id
from meetingctl.config import parse_config
from meetingctl.demo import create_demo
from meetingctl.secrets import Secrets
from meetingctl.services.video import sync_video
from meetingctl.wiring import video_platform
from tests.integrations.standins.graph import GraphStandIn


@pytest.fixture
def graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[GraphStandIn]:
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    standin = GraphStandIn(ssl_context=context)
    standin.start()
    yield standin
    standin.stop()


def _config(graph: GraphStandIn, mode: str):  # type: ignore[no-untyped-def]
    return parse_config(
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
            "video": {"platform": "teams", "teams": {"mode": mode}},
        }
    )


@pytest.mark.parametrize(
    ("before", "after"), [("event", "online-meeting"), ("online-meeting", "event")]
)
def test_changing_teams_mode_recreates_links_and_removes_the_old_resources(
    db_factory, graph: GraphStandIn, before: str, after: str
) -> None:  # type: ignore[no-untyped-def]
    with transaction(db_factory) as db:
        meeting_id = create_demo(db, people_count=10, seed=5).id
    secrets = Secrets(env={"GRAPH_CLIENT_SECRET": graph.client_secret})
    first = _config(graph, before)
    assert not sync_video(
        db_factory, meeting_id, video_platform(first, secrets), first, actor="t"
    ).errors
    with transaction(db_factory) as db:
        old = {
            s.uid: s.video_url for s in db.scalars(select(Session)) if s.kind != SessionKind.BREAK
        }
    second = _config(graph, after)
    report = sync_video(db_factory, meeting_id, video_platform(second, secrets), second, actor="t")
    assert not report.errors and {kind for kind, _ in report.done} == {"update"}
    assert not [r for r in graph.recorded("PATCH")]  # nothing PATCHed as the wrong resource
    wanted = after.replace("-", "_")
    with transaction(db_factory) as db:
        links = list(db.scalars(select(VideoLink)))
        sessions = {s.uid: s for s in db.scalars(select(Session)) if s.kind != SessionKind.BREAK}
    assert links and all(split_id(link.external_id)[0] == wanted for link in links)
    assert all(sessions[uid].video_url != url for uid, url in old.items())  # new links sent
    if before == "event":
        assert all(e["isCancelled"] for e in graph.events.values())
        assert len(graph.online_meetings) == len(links)
    else:
        assert graph.online_meetings == {} and len(graph.events) == len(links)
    again = sync_video(db_factory, meeting_id, video_platform(second, secrets), second, actor="t")
    assert again.changed == 0
