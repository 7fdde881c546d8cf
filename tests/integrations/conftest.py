"""Fixtures for the HTTP adapters: stand-in servers on 127.0.0.1, a trustme CA for HTTPS,
and a retry policy whose sleeps are recorded instead of slept."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from integrations.http import RetryPolicy
from integrations.msgraph import GraphClient
from integrations.msgraph.settings import GraphSettings
from tests.integrations.standins.graph import GraphStandIn
from tests.integrations.standins.webex import WebexStandIn
from tests.integrations.standins.zoom import ZoomStandIn


class SleepRecorder:
    """Stands in for time.sleep: records every wait."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture(scope="session")
def certificate_authority() -> trustme.CA:
    """A throw-away CA; its server certificate is for 127.0.0.1."""
    return trustme.CA()


@pytest.fixture(scope="session")
def ca_bundle(certificate_authority: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The CA certificate as a PEM file (what REQUESTS_CA_BUNDLE or ca_bundle point to)."""
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    certificate_authority.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture(scope="session")
def server_tls(certificate_authority: trustme.CA) -> ssl.SSLContext:
    """Server-side TLS context for the Graph stand-in."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate_authority.issue_cert("127.0.0.1").configure_cert(context)
    return context


@pytest.fixture
def sleeps() -> SleepRecorder:
    """Recorded waits of the retry policy."""
    return SleepRecorder()


@pytest.fixture
def policy(sleeps: SleepRecorder) -> RetryPolicy:
    """Retry policy with recorded sleeps and short timeouts."""
    return RetryPolicy(max_attempts=4, max_wait=30.0, sleep=sleeps, timeout=(2.0, 5.0))


@pytest.fixture
def graph_standin(server_tls: ssl.SSLContext) -> Iterator[GraphStandIn]:
    """Identity platform + Graph over HTTPS."""
    standin = GraphStandIn(ssl_context=server_tls)
    standin.start()
    yield standin
    standin.stop()


HINT = "[mail.graph] tenant_id, client_id and client_secret_secret = GRAPH_CLIENT_SECRET"


@pytest.fixture
def graph_settings(graph_standin: GraphStandIn, ca_bundle: Path) -> GraphSettings:
    """Graph settings (with the right client secret) pointing at the stand-in."""
    return GraphSettings(
        tenant_id=graph_standin.tenant,
        client_id=graph_standin.client_id,
        client_secret=graph_standin.client_secret,
        authority_host=graph_standin.url,
        base_url=f"{graph_standin.url}/v1.0",
        ca_bundle=str(ca_bundle),
        credential_hint=HINT,
    )


@pytest.fixture
def graph_client(graph_settings: GraphSettings, policy: RetryPolicy) -> GraphClient:
    """A GraphClient talking to the stand-in (MSAL included)."""
    return graph_settings.client(policy=policy)


@pytest.fixture
def zoom_standin() -> Iterator[ZoomStandIn]:
    """Zoom OAuth + Meeting API."""
    standin = ZoomStandIn()
    standin.start()
    yield standin
    standin.stop()


@pytest.fixture
def webex_standin() -> Iterator[WebexStandIn]:
    """Webex Meetings API."""
    standin = WebexStandIn()
    standin.start()
    yield standin
    standin.stop()
