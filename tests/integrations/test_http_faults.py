"""Issue 18 item 12 (HTTP half): every fault of the HTTP(S) fault server, in its own process in
front of the Graph, Zoom and Webex stand-ins, on the Graph mail, Zoom and Webex paths:
nothing lost, no duplicate, and a plain message (no traceback, no secret).

Faults: refused connection, 5xx after the upstream acted, 429 with Retry-After, a stall after
the upstream acted (the client times out), a connection dropped mid-response.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import trustme
from sqlalchemy import select

from agenda.messaging.types import SendStatus
from agenda.model.orm import VideoLink
from agenda.model.uow import transaction
from integrations.http import RetryPolicy
from integrations.mail.graph import GraphMailTransport
from integrations.msgraph.settings import GraphSettings
from integrations.video import VideoPlatform, WebexSettings, ZoomSettings
from meetingctl.config import parse_config
from meetingctl.demo import create_demo
from meetingctl.secrets import Redactor
from meetingctl.services.video import sync_video
from tests.integrations.conftest import SleepRecorder
from tests.integrations.fault_server import FaultServer
from tests.integrations.standins.graph import GraphStandIn
from tests.integrations.standins.webex import WebexStandIn
from tests.integrations.standins.zoom import ZoomStandIn
from tests.integrations.test_graph_mail_lost_answers import MAILBOX, mail

FAULTS = ["refuse", "5xx", "429", "stall", "drop"]
STALL = 2.5  # seconds the server stays silent; the clients' read timeout is 1 s


def fast_policy(sleeps: SleepRecorder) -> RetryPolicy:
    return RetryPolicy(max_attempts=3, max_wait=30.0, sleep=sleeps, timeout=(2.0, 1.0))


def arm(proxy: FaultServer, fault: str, match: str, method: str = "POST") -> None:
    """Queue ``fault`` for the next request matching ``match`` (``refuse``: close the port)."""
    if fault == "refuse":
        proxy.refuse()
    elif fault == "5xx":
        proxy.inject("status", match=match, method=method, status=503, retry_after=1, after=True)
    elif fault == "429":
        proxy.inject("status", match=match, method=method, status=429, retry_after=1)
    elif fault == "stall":
        proxy.inject("stall", match=match, method=method, seconds=STALL, after=True)
    else:
        proxy.inject("drop", match=match, method=method)


def assert_plain(texts: list[str], secrets: list[str]) -> None:
    """Messages a person can read: no traceback or exception repr, and nothing to redact."""
    redactor = Redactor(secrets)
    for text in texts:
        assert "Traceback" not in text and "HTTPSConnectionPool" not in text
        assert "MsalServiceError" not in text and "object at 0x" not in text
        assert redactor.redact(text) == text, text


@pytest.fixture
def proxy_for(certificate_authority: trustme.CA, tmp_path: Path) -> Iterator[object]:
    started: list[FaultServer] = []

    def start(upstream: str, upstream_ca: Path | None = None) -> FaultServer:
        proxy = FaultServer(upstream, certificate_authority, tmp_path, upstream_ca)
        started.append(proxy)
        return proxy

    yield start
    for proxy in started:
        proxy.stop()


# ------------------------------------------------------------------ Graph mail (sendMail)
@pytest.mark.parametrize("fault", FAULTS)
def test_graph_mail_under_fault(
    fault: str, graph_standin: GraphStandIn, ca_bundle: Path, proxy_for, sleeps: SleepRecorder
) -> None:  # type: ignore[no-untyped-def]
    proxy: FaultServer = proxy_for(graph_standin.url, ca_bundle)
    settings = GraphSettings(
        tenant_id=graph_standin.tenant,
        client_id=graph_standin.client_id,
        client_secret=graph_standin.client_secret,
        authority_host=proxy.url,
        base_url=f"{proxy.url}/v1.0",
        ca_bundle=str(ca_bundle),
        credential_hint="[mail.graph] client_secret_secret = GRAPH_CLIENT_SECRET",
    )
    transport = GraphMailTransport(settings.client(policy=fast_policy(sleeps)))
    messages = [mail(i) for i in range(5)]
    arm(proxy, fault, "/$batch")
    first = transport.send_batch(messages)
    if fault == "refuse":
        proxy.accept()
    errors = [str(r.error) for r in first if r.error]
    # What the dispatcher does: sent rows are done, the others are tried again later (rows
    # with an error recorded are marked tried).
    again = [
        replace(m, extra={"attempt": "1", "tried": "true"})
        for m, r in zip(messages, first, strict=True)
        if r.status is not SendStatus.SENT
    ]
    second = transport.send_batch(again) if again else []
    assert all(r.status is SendStatus.SENT for r in second)
    delivered = sorted(str(m["To"]) for m in graph_standin.sent_mail.get(MAILBOX, []))
    assert delivered == sorted(f"person{i}@example.net" for i in range(5))  # none lost, none twice
    assert all(r.status is not SendStatus.PERMANENT for r in first)  # nothing dead-lettered
    if fault in ("refuse", "stall", "drop"):
        assert errors and all("Microsoft" in e and "retry later" in e for e in errors)
    if fault == "429":
        assert not again and sleeps.waits == [1.0]
    assert_plain(errors, [graph_standin.client_secret, *graph_standin.tokens])


# ------------------------------------------------------------------ Zoom and Webex (video sync)
@pytest.fixture
def meeting_id(db_factory) -> int:  # type: ignore[no-untyped-def]
    with transaction(db_factory) as db:
        return create_demo(db, people_count=10, seed=11).id


def _sync_twice(db_factory, meeting_id: int, platform: VideoPlatform, config, proxy, fault):  # type: ignore[no-untyped-def]
    first = sync_video(db_factory, meeting_id, platform, config, actor="t")
    if fault == "refuse":
        proxy.accept()
    second = sync_video(db_factory, meeting_id, platform, config, actor="t")
    with transaction(db_factory) as db:
        links = list(db.scalars(select(VideoLink)))
    return first, second, links


@pytest.mark.parametrize("fault", FAULTS)
def test_zoom_sync_under_fault(
    fault: str,
    db_factory,
    meeting_id: int,
    zoom_standin: ZoomStandIn,
    ca_bundle: Path,
    proxy_for,
    sleeps: SleepRecorder,
) -> None:  # type: ignore[no-untyped-def]
    proxy: FaultServer = proxy_for(zoom_standin.url)
    platform = ZoomSettings(
        account_id=zoom_standin.account_id,
        client_id=zoom_standin.credentials[0],
        client_secret=zoom_standin.credentials[1],
        user_id="host@example.org",
        api_url=f"{proxy.url}/v2",
        oauth_url=f"{proxy.url}/oauth/token",
        ca_bundle=str(ca_bundle),
        credential_hint="[video.zoom] client_secret_secret = ZOOM_CLIENT_SECRET",
    ).platform(policy=fast_policy(sleeps))
    config = parse_config({"video": {"platform": "zoom"}})
    arm(proxy, fault, "/users/host@example.org/meetings")
    first, second, links = _sync_twice(db_factory, meeting_id, platform, config, proxy, fault)
    assert not second.errors
    assert links and all(link.state == "active" for link in links)
    assert sorted(link.external_id for link in links) == sorted(zoom_standin.meetings)  # no dup
    if fault == "refuse":
        assert first.errors and all("could not be reached" in e for e in first.errors)
    else:
        assert not first.errors  # found by its marker, or retried after Retry-After
    assert_plain(first.errors, [zoom_standin.credentials[1], *zoom_standin.tokens])


@pytest.mark.parametrize("fault", FAULTS)
def test_webex_sync_under_fault(
    fault: str,
    db_factory,
    meeting_id: int,
    webex_standin: WebexStandIn,
    ca_bundle: Path,
    proxy_for,
    sleeps: SleepRecorder,
) -> None:  # type: ignore[no-untyped-def]
    webex_standin.now = lambda: datetime(2021, 1, 1, tzinfo=UTC)  # the demo meeting's year
    proxy: FaultServer = proxy_for(webex_standin.url)
    platform = WebexSettings(
        access_token=webex_standin.token,
        api_url=f"{proxy.url}/v1",
        ca_bundle=str(ca_bundle),
        credential_hint="[video.webex] token_secret = WEBEX_TOKEN",
    ).platform(policy=fast_policy(sleeps))
    config = parse_config({"video": {"platform": "webex"}})
    arm(proxy, fault, "/v1/meetings")
    first, second, links = _sync_twice(db_factory, meeting_id, platform, config, proxy, fault)
    assert not second.errors
    assert links and all(link.state == "active" for link in links)
    assert sorted(link.external_id for link in links) == sorted(webex_standin.meetings)
    if fault == "refuse":
        assert first.errors and all("could not be reached" in e for e in first.errors)
    else:
        assert not first.errors
    assert_plain(first.errors, [webex_standin.token])


def test_the_fault_server_runs_in_its_own_process_and_logs_faults(
    zoom_standin: ZoomStandIn, proxy_for
) -> None:  # type: ignore[no-untyped-def]
    import os

    proxy: FaultServer = proxy_for(zoom_standin.url)
    assert proxy.process.pid != os.getpid() and proxy.process.poll() is None
    proxy.inject("status", match="/nowhere", status=500)
    assert proxy.log() == []
