"""SmtpTransport against a real aiosmtpd server on 127.0.0.1 (plain, STARTTLS, implicit TLS)."""

from __future__ import annotations

import logging
import socket
import time
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agenda.i18n.invite import InviteKind
from agenda.messaging.mime import build_invitation_email
from agenda.messaging.types import (
    Attendee,
    AttendeeRole,
    CalendarEvent,
    CalendarMethod,
    OutgoingMessage,
    SendStatus,
)
from integrations.mail.smtp import SmtpTransport
from tests.agenda.messaging.itip_assertions import assert_valid_itip
from tests.integrations.smtp_server import free_port, running_smtp_server

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

PASSWORD = "s3cret-Pässword"  # non-ASCII on purpose: smtplib's login() cannot send it
SANTIAGO = ZoneInfo("America/Santiago")
EVENT = CalendarEvent(
    uid="319c7711-2567-5bd2-9976-a0030142df6a@example.org",
    sequence=0,
    method=CalendarMethod.REQUEST,
    summary="Panel 1: Niñez, migración; género",
    start=datetime(2021, 4, 26, 10, 0, tzinfo=SANTIAGO),
    end=datetime(2021, 4, 26, 11, 30, tzinfo=SANTIAGO),
    organizer_email="secretariat@example.org",
    organizer_name="Secretaría técnica",
    attendees=(),
    url="https://teams.microsoft.com/l/meetup-join/abc",
    tzid="America/Santiago",
    is_teams_link=True,
)


def invitation(email: str, name: str = "Participant", kind=InviteKind.INVITATION):
    recipient = Attendee(email, name, AttendeeRole.REQUIRED)
    event = EVENT
    if kind == InviteKind.CANCELLATION:
        event = replace(EVENT, method=CalendarMethod.CANCEL, sequence=1)
    return build_invitation_email(
        replace(event, attendees=(recipient,)),
        recipient,
        kind=kind,
        language="en",
        recipient_tz="America/Phoenix",  # UTC-7 all year
        home_tz="America/Santiago",
        meeting_title="Regional review",
        now=datetime(2021, 4, 2, tzinfo=UTC),
        message_id_domain="example.org",
    )


def raw(key: str, *recipients: str) -> OutgoingMessage:
    return OutgoingMessage(
        key=key,
        sender="secretariat@example.org",
        recipients=recipients or ("ok@example.org",),
        mime=f"Subject: {key}\r\n\r\nbody\r\n".encode(),
    )


@pytest.fixture
def server():
    with running_smtp_server() as running:
        yield running


def plain_transport(server, **kwargs) -> SmtpTransport:
    return SmtpTransport(server.host, server.port, security="none", timeout=5, **kwargs)


def test_invitations_arrive_with_imip_structure_over_one_connection(server):
    messages = [
        invitation("ana@example.org", "Ana"),
        invitation("bruno@example.org", "Bruno\r\nBcc: evil@example.org"),
        invitation("carla@example.org", "Carla", InviteKind.CANCELLATION),
    ]
    with plain_transport(server) as transport:
        results = transport.send_batch(messages)
    assert [r.status for r in results] == [SendStatus.SENT] * 3
    assert [r.key for r in results] == [m.key for m in messages]
    assert len(server.handler.sessions) == 1  # one connection for the whole batch
    received = server.messages
    assert [r.rcpt_tos for r in received] == [["ana@example.org"], ["bruno@example.org"],
                                              ["carla@example.org"]]  # fmt: skip
    for item, method in zip(received, ["REQUEST", "REQUEST", "CANCEL"], strict=True):
        parsed = item.parsed()
        assert parsed["Bcc"] is None
        assert parsed.get_content_type() == "multipart/mixed"
        (calendar,) = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
        assert calendar.get_param("method") == method
        assert_valid_itip(calendar.get_payload(decode=True), method)
        plain = parsed.get_body(("plain",)).get_content()
        assert (
            "Your time (America/Phoenix): Monday, April 26, 2021, 07:00–08:30 (GMT-07:00)" in plain
        )


def test_per_recipient_codes_become_statuses_with_reasons(server):
    server.handler.rcpt_replies.update(
        {
            "gone@example.org": "550 5.1.1 No such user here",
            "busy@example.org": "451 4.2.0 Greylisted, try later",
        }
    )
    with plain_transport(server) as transport:
        results = transport.send_batch(
            [raw("ok"), raw("gone", "gone@example.org"), raw("busy", "busy@example.org"),
             raw("ok2"), raw("partial", "ok@example.org", "gone@example.org")]
        )  # fmt: skip
    statuses = {r.key: r for r in results}
    assert statuses["ok"].status == statuses["ok2"].status == SendStatus.SENT
    assert statuses["gone"].status == SendStatus.PERMANENT
    assert "550 5.1.1 No such user here" in statuses["gone"].error
    assert statuses["busy"].status == SendStatus.TRANSIENT
    assert "451 4.2.0 Greylisted" in statuses["busy"].error
    # Delivered to one recipient: SENT (retrying would duplicate), the refusal is recorded.
    assert statuses["partial"].status == SendStatus.SENT
    assert "gone@example.org: 550" in statuses["partial"].error
    assert [m.rcpt_tos for m in server.messages] == [["ok@example.org"]] * 2 + [["ok@example.org"]]
    assert len(server.handler.sessions) == 1


@pytest.fixture(scope="module")
def shared_server():
    with running_smtp_server() as running:
        yield running


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(codes=st.lists(st.integers(min_value=400, max_value=599), min_size=1, max_size=4))
def test_reply_codes_map_to_statuses(shared_server, codes):
    """Any mix of 4xx/5xx recipient replies: 4xx -> TRANSIENT, 5xx -> PERMANENT, reason kept."""
    replies = {f"r{i}@example.org": f"{code} {code // 100}.0.0 reason-{i}" for i, code in
               enumerate(codes)}  # fmt: skip
    shared_server.handler.rcpt_replies.clear()
    shared_server.handler.rcpt_replies.update(replies)
    messages = [raw(f"k{i}", address) for i, address in enumerate(replies)]
    with plain_transport(shared_server) as transport:
        results = transport.send_batch(messages)
    for code, result, (address, reply) in zip(codes, results, replies.items(), strict=True):
        expected = SendStatus.TRANSIENT if code < 500 else SendStatus.PERMANENT
        assert result.status == expected
        assert f"{address}: {reply}" in result.error


@pytest.mark.parametrize(
    ("reply", "status"),
    [("554 5.6.0 Message rejected", SendStatus.PERMANENT),
     ("452 4.3.1 Insufficient storage", SendStatus.TRANSIENT)],
)  # fmt: skip
def test_data_replies_are_classified(server, reply, status):
    server.handler.data_reply = reply
    with plain_transport(server) as transport:
        (result,) = transport.send_batch([raw("k")])
    assert result.status == status and reply in result.error


def test_reconnects_once_when_the_server_drops_the_connection(server):
    with plain_transport(server) as transport:
        assert transport.send_batch([raw("a")])[0].status == SendStatus.SENT
        server.handler.drop_at_mail = 1  # the server closes the next session at MAIL FROM
        results = transport.send_batch([raw("b"), raw("c")])
    assert [r.status for r in results] == [SendStatus.SENT, SendStatus.SENT]
    assert [m.parsed()["Subject"] for m in server.messages] == ["a", "b", "c"]
    assert len(server.handler.sessions) == 2


def test_dropped_twice_is_transient(server):
    server.handler.drop_at_mail = 2
    with plain_transport(server) as transport:
        first, second = transport.send_batch([raw("a"), raw("b")])
    assert first.status == SendStatus.TRANSIENT and "lost twice" in first.error
    assert second.status == SendStatus.SENT  # the next message gets a fresh connection


def test_connection_refused_is_unavailable_for_the_whole_batch():
    port = free_port()  # nothing listens here
    with SmtpTransport("127.0.0.1", port, security="none", timeout=2) as transport:
        results = transport.send_batch([raw("a"), raw("b"), raw("c")])
    assert [r.status for r in results] == [SendStatus.UNAVAILABLE] * 3
    assert all(f"127.0.0.1:{port}" in r.error for r in results)


def test_silent_server_times_out_without_retrying_every_message():
    with socket.socket() as listener:  # accepts TCP (backlog) but never greets
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        port = listener.getsockname()[1]
        started = time.monotonic()
        with SmtpTransport("127.0.0.1", port, security="none", timeout=0.3) as transport:
            results = transport.send_batch([raw(str(i)) for i in range(5)])
        elapsed = time.monotonic() - started
    assert [r.status for r in results] == [SendStatus.UNAVAILABLE] * 5
    assert elapsed < 1.5  # one timeout for the batch, not one per message


def test_server_hanging_after_data_ends_the_batch_as_unavailable(server):
    server.handler.data_delay = 1.5
    started = time.monotonic()
    with SmtpTransport(server.host, server.port, security="none", timeout=0.3) as transport:
        results = transport.send_batch([raw(str(i)) for i in range(4)])
    elapsed = time.monotonic() - started
    assert [r.status for r in results] == [SendStatus.UNAVAILABLE] * 4
    assert "did not answer within 0.3 s" in results[0].error
    assert server.handler.mail_commands == 1  # no reconnect, no retry of the others
    assert elapsed < 1.2


@pytest.mark.parametrize(("mode", "security"), [("starttls", "starttls"), ("implicit", "tls")])
def test_tls_with_authentication(mode, security, caplog):
    caplog.set_level(logging.DEBUG)
    with running_smtp_server(tls=mode, username="mailer", password=PASSWORD) as tls_server:
        good = SmtpTransport(tls_server.host, tls_server.port, security=security,
                             username="mailer", password=PASSWORD,
                             ssl_context=tls_server.client_context, timeout=5)  # fmt: skip
        with good:
            results = good.send_batch([invitation("ana@example.org"), raw("second")])
        assert [r.status for r in results] == [SendStatus.SENT] * 2
        assert [(m.auth_user, m.tls) for m in tls_server.messages] == [("mailer", True)] * 2
        assert len(tls_server.handler.sessions) == 1

        bad = SmtpTransport(tls_server.host, tls_server.port, security=security,
                            username="mailer", password=PASSWORD + "-wrong",
                            ssl_context=tls_server.client_context, timeout=5)  # fmt: skip
        with bad:
            denied = bad.send_batch([raw("x"), raw("y")])
        assert [r.status for r in denied] == [SendStatus.UNAVAILABLE] * 2  # not the messages
        assert "535" in denied[0].error and "username and password" in denied[0].error
        for text in [r.error for r in denied] + [repr(bad), repr(good), caplog.text]:
            assert PASSWORD not in text

        untrusting = SmtpTransport(tls_server.host, tls_server.port, security=security,
                                   username="mailer", password=PASSWORD, timeout=5)  # fmt: skip
        with untrusting:
            (refused,) = untrusting.send_batch([raw("z")])
        assert (
            refused.status == SendStatus.UNAVAILABLE
            and "CERTIFICATE_VERIFY_FAILED" in refused.error
        )
        assert len(tls_server.messages) == 2


def test_starttls_required_but_not_offered(server):
    with SmtpTransport(server.host, server.port, security="starttls", timeout=5) as transport:
        (result,) = transport.send_batch([raw("k")])
    assert result.status == SendStatus.UNAVAILABLE and "STARTTLS" in result.error
    assert server.messages == []


def test_refused_sender_is_unavailable_for_the_batch(server):
    """530/553 at MAIL FROM: the account or the configured sender is wrong, not the message."""

    async def refuse(server_, session, envelope, address, mail_options):  # noqa: ARG001
        return "553 5.7.1 Sender address rejected: not owned by user"

    server.handler.handle_MAIL = refuse  # type: ignore[method-assign]
    with plain_transport(server) as transport:
        results = transport.send_batch([raw("a"), raw("b")])
    assert [r.status for r in results] == [SendStatus.UNAVAILABLE] * 2
    assert "refused the sender" in results[0].error and "553" in results[0].error


def test_address_smtp_cannot_encode_is_permanent(server):
    with plain_transport(server) as transport:
        (result,) = transport.send_batch([raw("k", "josé@example.org")])
        assert result.status == SendStatus.PERMANENT and "addresses" in result.error
        assert transport.send_batch([raw("next")])[0].status == SendStatus.SENT


def test_plain_smtp_only_to_loopback_and_credentials_in_pairs():
    with pytest.raises(ValueError, match="loopback"):
        SmtpTransport("smtp.example.org", 25, security="none")
    with pytest.raises(ValueError, match="username and a password"):
        SmtpTransport("127.0.0.1", 25, security="none", username="u")
    with pytest.raises(ValueError, match="'starttls', 'tls', 'none'"):
        SmtpTransport("smtp.example.org", security="ssl")
    assert SmtpTransport("smtp.example.org").port == 587
    assert SmtpTransport("smtp.example.org", security="tls").port == 465
