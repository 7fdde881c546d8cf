"""Graph sendMail transport and the Graph client: MSAL tokens, $batch, throttling,
per-mailbox concurrency, permanent vs transient results."""

from __future__ import annotations

import threading
from dataclasses import replace
from email.message import EmailMessage

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agenda.messaging.types import OutgoingMessage, SendStatus
from integrations.http import AuthenticationError
from integrations.mail.graph import GraphMailTransport
from integrations.msgraph import BatchRequest, GraphClient
from tests.integrations.standins.graph import GraphStandIn

MAILBOX = "secretariat@example.org"


def mail(index: int, sender: str = MAILBOX) -> OutgoingMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = f"person{index}@example.net"
    message["Subject"] = f"Invitación nº {index}: sesión, día 1"
    message.set_content(f"Hola {index} – Ñandú")
    return OutgoingMessage(
        key=f"msg-{index}", sender=sender, recipients=(message["To"],), mime=message.as_bytes()
    )


def test_45_messages_go_in_3_batches_and_arrive_intact(graph_standin, graph_client) -> None:
    messages = [mail(i) for i in range(45)]
    results = GraphMailTransport(graph_client).send_batch(messages)
    assert [r.key for r in results] == [m.key for m in messages]
    assert all(r.status is SendStatus.SENT for r in results)
    batches = [r for r in graph_standin.recorded("POST", "/$batch") if not r.via_batch]
    assert sorted(len(b.json()["requests"]) for b in batches) == [5, 20, 20]
    received = graph_standin.sent_mail[MAILBOX]
    assert sorted(m["To"] for m in received) == sorted(f"person{i}@example.net" for i in range(45))
    sample = next(m for m in received if m["To"] == "person7@example.net")
    assert "Ñandú" in sample.get_payload(decode=True).decode("utf-8")
    assert graph_standin.token_requests == 1  # MSAL cached the token across batches


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(count=st.integers(min_value=1, max_value=61))
def test_batch_splitting_property(graph_standin, graph_client, count: int) -> None:
    before = len([r for r in graph_standin.recorded("POST", "/$batch") if not r.via_batch])
    requests_ = [
        BatchRequest(f"r{i}", "POST", f"/users/{MAILBOX}/events/none{i}/cancel", body={})
        for i in range(count)
    ]
    answers = graph_client.batch(requests_, mailbox=MAILBOX)
    assert [a.id for a in answers] == [r.id for r in requests_]
    assert all(a.status == 404 for a in answers)
    calls = [r for r in graph_standin.recorded("POST", "/$batch") if not r.via_batch][before:]
    sizes = [len(c.json()["requests"]) for c in calls]
    assert sizes == [20] * (count // 20) + ([count % 20] if count % 20 else [])


def test_per_request_429_in_batch_is_retried_after_retry_after(
    graph_standin, graph_client, sleeps
) -> None:
    graph_standin.inject(
        429,
        {"error": {"code": "TooManyRequests", "message": "Slow down"}},
        path_contains="/sendMail",
        times=2,
        retry_after="0.75",
    )
    results = GraphMailTransport(graph_client).send_batch([mail(i) for i in range(5)])
    assert all(r.status is SendStatus.SENT for r in results)
    assert sleeps.waits == [0.75]
    batches = [r for r in graph_standin.recorded("POST", "/$batch") if not r.via_batch]
    assert [len(b.json()["requests"]) for b in batches] == [5, 2]  # only the throttled ones
    assert len(graph_standin.sent_mail[MAILBOX]) == 5


def test_permanent_and_transient_results(graph_standin, graph_client, policy) -> None:
    graph_standin.inject(
        400,
        {"error": {"code": "ErrorInvalidRecipients", "message": "Recipient rejected"}},
        path_contains=f"/users/{MAILBOX}/sendMail",
    )
    graph_standin.inject(
        429,
        {"error": {"code": "TooManyRequests", "message": "x"}},
        path_contains=f"/users/{MAILBOX}/sendMail",
        times=99,
        retry_after="2.5",
    )
    messages = [mail(1), mail(2), mail(3, sender="other@example.org")]
    results = GraphMailTransport(graph_client).send_batch(messages)
    statuses = [r.status for r in results]
    assert statuses.count(SendStatus.PERMANENT) == 1
    assert statuses.count(SendStatus.TRANSIENT) == 1
    assert results[2].status is SendStatus.SENT
    permanent = next(r for r in results if r.status is SendStatus.PERMANENT)
    assert "ErrorInvalidRecipients" in permanent.error and "400" in permanent.error
    assert permanent.retry_after is None
    transient = next(r for r in results if r.status is SendStatus.TRANSIENT)
    assert transient.retry_after == 2.5


def test_server_error_is_transient_and_unreachable_is_unavailable(
    graph_standin, graph_client
) -> None:
    graph_standin.inject(
        503,
        {"error": {"code": "ServiceUnavailable", "message": "x"}},
        path_contains="/sendMail",
        times=99,
    )
    results = GraphMailTransport(graph_client).send_batch([mail(1)])
    assert results[0].status is SendStatus.TRANSIENT
    unreachable = GraphClient(
        graph_client._tokens, base_url="http://127.0.0.1:9/v1.0", policy=graph_client.policy
    )
    results = GraphMailTransport(unreachable).send_batch([mail(2)])
    assert (
        results[0].status is SendStatus.UNAVAILABLE and "could not be reached" in results[0].error
    )


def test_sub_request_401_or_403_is_unavailable_not_permanent(graph_standin, graph_client) -> None:
    """Our credentials or their permissions, per sub-request: never a dead letter."""
    graph_standin.inject(
        403,
        {"error": {"code": "ErrorAccessDenied", "message": "Access is denied."}},
        path_contains="/sendMail",
        times=99,
    )
    results = GraphMailTransport(graph_client).send_batch([mail(1), mail(2)])
    assert [r.status for r in results] == [SendStatus.UNAVAILABLE] * 2
    assert "ErrorAccessDenied" in results[0].error


def test_malformed_mime_is_rejected_by_standin(graph_standin, graph_client) -> None:
    bad = BatchRequest(
        "1",
        "POST",
        f"/users/{MAILBOX}/sendMail",
        body="%%%not-base64",
        headers={"Content-Type": "text/plain"},
    )
    answer = graph_client.batch([bad], mailbox=MAILBOX)[0]
    assert answer.status == 400 and "ErrorMimeContentInvalidBase64String" in answer.describe()


def test_batch_of_more_than_20_is_refused_by_standin(graph_standin, graph_client) -> None:
    payload = {"requests": [{"id": str(i), "method": "GET", "url": "/me"} for i in range(21)]}
    with pytest.raises(Exception, match="400"):
        graph_client.post("/$batch", mailbox=MAILBOX, json=payload)


def test_at_most_4_concurrent_requests_per_mailbox(graph_standin, graph_client) -> None:
    graph_standin.hold_until = 4  # each mailbox's requests wait until 4 overlap
    graph_standin.delay = 0.05  # then stay in flight a little: a 5th would overlap
    other = "other@example.org"
    messages = [mail(i) for i in range(100)] + [mail(i, sender=other) for i in range(100, 180)]
    results = GraphMailTransport(graph_client).send_batch(messages)
    assert all(r.status is SendStatus.SENT for r in results)
    assert graph_standin.max_in_flight[MAILBOX] == 4  # 5 batches, never more than 4 at once
    assert graph_standin.max_in_flight[other] == 4  # the other mailbox has its own limit


def test_client_semaphore_counts_plain_requests(graph_standin, graph_client: GraphClient) -> None:
    event = {
        "subject": "s",
        "start": {"dateTime": "2026-03-10T09:00:00", "timeZone": "UTC"},
        "end": {"dateTime": "2026-03-10T10:00:00", "timeZone": "UTC"},
    }
    graph_client.post(f"/users/{MAILBOX}/events", mailbox=MAILBOX, json=event)  # token first
    graph_standin.hold_until, graph_standin.delay = 4, 0.05
    threads = [
        threading.Thread(
            target=graph_client.post,
            args=(f"/users/{MAILBOX}/events",),
            kwargs={"mailbox": MAILBOX, "json": event},
        )
        for _ in range(12)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert graph_standin.max_in_flight[MAILBOX] == 4
    assert len(graph_standin.events) == 13


def test_wrong_secret_names_settings_not_secret(graph_standin, graph_settings, policy) -> None:
    wrong = "definitely-wrong-secret-123"
    client = replace(graph_settings, client_secret=wrong).client(policy=policy)
    (result,) = GraphMailTransport(client).send_batch([mail(1)])
    # A refused secret is the transport's failure, not the message's: UNAVAILABLE, not dead.
    assert result.status is SendStatus.UNAVAILABLE
    text = result.error or ""
    assert "invalid_client" in text
    assert "tenant_id" in text and "client_id" in text and "GRAPH_CLIENT_SECRET" in text
    assert wrong not in text
    assert MAILBOX not in graph_standin.sent_mail


def test_graph_401_on_api_call_is_authentication_error(graph_standin, graph_client) -> None:
    graph_standin.inject(
        401,
        {"error": {"code": "InvalidAuthenticationToken", "message": "expired"}},
        path_contains="/$batch",
    )
    (result,) = GraphMailTransport(graph_client).send_batch([mail(1)])
    assert result.status is SendStatus.UNAVAILABLE and "GRAPH_CLIENT_SECRET" in result.error


def test_missing_setting_is_named(graph_settings) -> None:
    with pytest.raises(ValueError, match="tenant_id"):
        replace(graph_settings, tenant_id="").client()
    with pytest.raises(ValueError, match="client_secret"):
        replace(graph_settings, client_secret="").client()


def test_unknown_tenant_is_authentication_error(
    graph_standin: GraphStandIn, graph_settings
) -> None:
    client = replace(graph_settings, tenant_id="no-such-tenant").client()
    with pytest.raises(AuthenticationError, match="tenant_id"):
        client.post(f"/users/{MAILBOX}/events", mailbox=MAILBOX, json={})
