"""integrations.http: Retry-After parsing, provider error shapes, retries, CA bundle."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from integrations.http import (
    AuthenticationError,
    ConnectionFailedError,
    PermanentHttpError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    make_session,
    parse_retry_after,
    provider_error,
    request_with_retry,
)
from tests.integrations.standins.graph import GraphStandIn
from tests.integrations.standins.webex import WebexStandIn


@given(st.floats(min_value=0, max_value=10_000, allow_nan=False).map(lambda x: round(x, 3)))
def test_retry_after_seconds_fractional(seconds: float) -> None:
    assert parse_retry_after(f"{seconds}") == pytest.approx(seconds)


def test_retry_after_http_date_and_junk() -> None:
    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=42), usegmt=True)
    assert parse_retry_after(later, now=now) == pytest.approx(42)
    past = format_datetime(now - timedelta(seconds=5), usegmt=True)
    assert parse_retry_after(past, now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    assert parse_retry_after("-3") == 0.0


def test_provider_error_shapes() -> None:
    graph = {"error": {"code": "ErrorItemNotFound", "message": "Not found.", "innerError": {}}}
    assert provider_error(graph) == ("ErrorItemNotFound", "Not found.")
    assert provider_error({"code": 3001, "message": "Meeting does not exist"}) == (
        "3001",
        "Meeting does not exist",
    )
    webex = {"message": "Bad", "errors": [{"description": "Title too long"}], "trackingId": "T1"}
    code, message = provider_error(webex)
    assert code is None and "Title too long" in message and "T1" in message
    assert provider_error(["not", "a", "dict"]) == (None, None)
    oauth = {"reason": "Invalid client_id or client_secret", "error": "invalid_client"}
    assert provider_error(oauth) == ("invalid_client", "Invalid client_id or client_secret")


@pytest.fixture
def webex(webex_standin: WebexStandIn) -> tuple[requests.Session, str]:
    return requests.Session(), f"{webex_standin.url}/v1/meetings/nope"


def _get(session: requests.Session, url: str, policy: RetryPolicy, **kw: object):
    return request_with_retry(
        session,
        "DELETE",
        url,
        service="Webex",
        policy=policy,
        credential_hint="the secret webex.access_token",
        headers={"Authorization": "Bearer webex-token"},
        **kw,
    )


def test_429_waits_retry_after_then_succeeds(webex_standin, webex, sleeps, policy) -> None:
    webex_standin.inject(429, {"message": "Too many"}, retry_after="0.25", times=2)
    with pytest.raises(PermanentHttpError) as caught:  # the third try reaches the route: 404
        _get(*webex, policy)
    assert sleeps.waits == [0.25, 0.25]
    assert caught.value.status == 404 and not caught.value.transient
    assert len(webex_standin.requests) == 3


def test_429_gives_up_after_max_attempts(webex_standin, webex, sleeps, policy) -> None:
    webex_standin.inject(429, {"message": "Too many"}, retry_after="1.5", times=10)
    with pytest.raises(RateLimitError) as caught:
        _get(*webex, policy)
    assert caught.value.transient and caught.value.retry_after == 1.5
    assert sleeps.waits == [1.5] * (policy.max_attempts - 1)


def test_retry_after_above_cap_is_not_waited(webex_standin, webex, sleeps, policy) -> None:
    webex_standin.inject(429, {"message": "Too many"}, retry_after="3600")
    with pytest.raises(RateLimitError) as caught:
        _get(*webex, policy)
    assert sleeps.waits == [] and caught.value.retry_after == 3600


def test_503_retried_500_not(webex_standin, webex, sleeps, policy) -> None:
    webex_standin.inject(503, {"message": "busy"}, retry_after="0.1")
    webex_standin.inject(500, {"message": "boom", "trackingId": "X"})
    with pytest.raises(ServerError) as caught:
        _get(*webex, policy)
    assert sleeps.waits == [0.1] and caught.value.status == 500 and caught.value.transient


def test_401_names_settings_never_the_secret(webex_standin, sleeps, policy) -> None:
    secret = "s3cr3t-token-value"
    with pytest.raises(AuthenticationError) as caught:
        request_with_retry(
            requests.Session(),
            "POST",
            f"{webex_standin.url}/v1/meetings",
            service="Webex",
            policy=policy,
            credential_hint="the secret webex.access_token",
            headers={"Authorization": f"Bearer {secret}"},
            json={},
        )
    text = str(caught.value)
    assert "webex.access_token" in text and "401" in text
    assert secret not in text and secret not in repr(caught.value.__dict__)
    assert not caught.value.transient and sleeps.waits == []


def test_connection_refused_is_transient(policy) -> None:
    with pytest.raises(ConnectionFailedError) as caught:
        request_with_retry(
            requests.Session(), "GET", "http://127.0.0.1:9/", service="X", policy=policy
        )
    assert caught.value.transient


def test_verify_false_refused() -> None:
    with pytest.raises(ValueError, match="ca_bundle"):
        make_session(verify=False)


def test_https_needs_the_ca(graph_standin: GraphStandIn, ca_bundle: Path, monkeypatch) -> None:
    url = f"{graph_standin.url}/{graph_standin.tenant}/v2.0/.well-known/openid-configuration"
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    with pytest.raises(requests.exceptions.SSLError):
        make_session().get(url, timeout=5)
    # Explicit ca_bundle wins even when the environment names another bundle.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/nonexistent-bundle.pem")
    assert make_session(ca_bundle=str(ca_bundle)).get(url, timeout=5).status_code == 200
    # Without an explicit option, REQUESTS_CA_BUNDLE is honoured.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(ca_bundle))
    assert make_session().get(url, timeout=5).status_code == 200
