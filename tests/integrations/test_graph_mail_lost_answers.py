"""Issue 14 item 6: Graph sendMail sub-requests that answered 5xx are not re-sent blindly.

Rule (docs/delivery.md, "Microsoft Graph"): within a $batch call only a 429 sendMail is sent
again; a message tried before is looked up in Sent Items by its Message-ID before it goes again.
"""

from __future__ import annotations

from dataclasses import replace
from email.message import EmailMessage

from agenda.messaging.types import OutgoingMessage, SendStatus
from integrations.mail.graph import GraphMailTransport
from tests.integrations.standins.graph import GraphStandIn

MAILBOX = "secretariat@example.org"
FAILED = {"error": {"code": "InternalServerError", "message": "Something went wrong."}}


def mail(index: int, attempt: int = 1) -> OutgoingMessage:
    message = EmailMessage()
    message["From"] = MAILBOX
    message["To"] = f"person{index}@example.net"
    message["Subject"] = f"Invitación {index}"
    message["Message-ID"] = f"<inv{index}@meetingctl.invalid>"  # the same bytes every attempt
    message.set_content("Hola")
    return OutgoingMessage(
        key=f"msg-{index}",
        sender=MAILBOX,
        recipients=(str(message["To"]),),
        mime=message.as_bytes(),
        extra={"attempt": str(attempt)},
    )


def _delivered(standin: GraphStandIn) -> list[str]:
    return sorted(str(m["To"]) for m in standin.sent_mail.get(MAILBOX, []))


def _send_mail_calls(standin: GraphStandIn) -> int:
    return len([r for r in standin.recorded("POST", "/sendMail") if r.via_batch])


def test_503_sub_response_is_not_sent_again_within_the_call(graph_standin, graph_client) -> None:
    graph_standin.inject(503, FAILED, path_contains="/sendMail", retry_after="1", after=True)
    results = GraphMailTransport(graph_client).send_batch([mail(1), mail(2)])
    assert [r.status for r in results] == [SendStatus.TRANSIENT, SendStatus.SENT]
    assert _send_mail_calls(graph_standin) == 2  # the 503 one was not re-sent at once
    assert _delivered(graph_standin) == ["person1@example.net", "person2@example.net"]


def test_429_sub_response_is_sent_again_within_the_call(
    graph_standin, graph_client, sleeps
) -> None:
    graph_standin.inject(429, FAILED, path_contains="/sendMail", retry_after="0.5")
    results = GraphMailTransport(graph_client).send_batch([mail(1)])
    assert results[0].status is SendStatus.SENT and sleeps.waits == [0.5]
    assert _delivered(graph_standin) == ["person1@example.net"]


def test_5xx_after_exchange_took_the_message_is_found_on_the_next_attempt(
    graph_standin, graph_client
) -> None:
    transport = GraphMailTransport(graph_client)
    graph_standin.inject(500, FAILED, path_contains="/sendMail", after=True)
    first = transport.send_batch([mail(1)])
    assert first[0].status is SendStatus.TRANSIENT
    again = transport.send_batch([mail(1, attempt=2)])
    assert again[0].status is SendStatus.SENT and again[0].provider_id
    assert _send_mail_calls(graph_standin) == 1  # looked up, not sent twice
    assert _delivered(graph_standin) == ["person1@example.net"]  # no duplicate


def test_5xx_that_sent_nothing_is_sent_once_on_the_next_attempt(
    graph_standin, graph_client
) -> None:
    transport = GraphMailTransport(graph_client)
    graph_standin.inject(502, FAILED, path_contains="/sendMail")
    assert transport.send_batch([mail(1)])[0].status is SendStatus.TRANSIENT
    assert _delivered(graph_standin) == []
    assert transport.send_batch([mail(1, attempt=2)])[0].status is SendStatus.SENT
    assert _delivered(graph_standin) == ["person1@example.net"]  # nothing lost


def test_lookup_refused_403_sends_and_lookup_5xx_waits(graph_standin, graph_client) -> None:
    transport = GraphMailTransport(graph_client)
    denied = {"error": {"code": "ErrorAccessDenied", "message": "Access is denied."}}
    graph_standin.inject(403, denied, method="GET", path_contains="/sentitems/")
    assert transport.send_batch([mail(1, attempt=2)])[0].status is SendStatus.SENT
    graph_standin.inject(500, FAILED, method="GET", path_contains="/sentitems/")
    waiting = transport.send_batch([mail(2, attempt=3)])
    assert waiting[0].status is SendStatus.TRANSIENT
    assert _delivered(graph_standin) == ["person1@example.net"]


def test_a_message_id_with_a_quote_is_looked_up_exactly(graph_standin, graph_client) -> None:
    quoted = mail(1)
    mime = quoted.mime.replace(b"Message-ID: <", b"Message-ID: <o'neil.")
    transport = GraphMailTransport(graph_client)
    transport.send_batch([replace(quoted, mime=mime)])
    again = transport.send_batch([replace(quoted, mime=mime, extra={"attempt": "2"})])
    assert again[0].status is SendStatus.SENT
    assert _send_mail_calls(graph_standin) == 1


def test_whole_batch_5xx_after_graph_sent_everything_gives_no_duplicate(
    graph_standin, graph_client
) -> None:
    """The $batch call itself answered 500 after Exchange took its sub-requests: the results
    are UNAVAILABLE (not charged), and the next try looks in Sent Items first: the dispatcher
    marks such rows ``tried`` (an error was recorded), and this process remembers them too."""
    transport = GraphMailTransport(graph_client)
    graph_standin.inject(500, FAILED, path_contains="/$batch", after=True)
    first = transport.send_batch([mail(1), mail(2)])
    assert all(r.status is SendStatus.UNAVAILABLE for r in first)
    fresh = GraphMailTransport(graph_client)  # another process: only the row's mark counts
    tried = [replace(mail(i), extra={"attempt": "1", "tried": "true"}) for i in (1, 2)]
    assert all(r.status is SendStatus.SENT for r in fresh.send_batch(tried))
    assert all(r.status is SendStatus.SENT for r in transport.send_batch([mail(1), mail(2)]))
    assert _delivered(graph_standin) == ["person1@example.net", "person2@example.net"]
    assert _send_mail_calls(graph_standin) == 2


def test_429_over_the_cap_stops_and_says_when_to_retry(graph_standin, graph_client) -> None:
    graph_standin.inject(429, FAILED, path_contains="/$batch", retry_after="3600")
    results = GraphMailTransport(graph_client).send_batch([mail(1), mail(2)])
    assert all(r.status is SendStatus.UNAVAILABLE for r in results)  # kept, not charged
    assert "retry after" in str(results[0].error) and "(in 3600 s)" in str(results[0].error)
    assert len(graph_standin.recorded("POST", "/$batch")) == 1  # no waiting an hour, no retry
    assert graph_standin.sent_mail == {}
