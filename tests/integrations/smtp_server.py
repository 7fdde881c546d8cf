"""A real SMTP server (aiosmtpd) on 127.0.0.1 for tests and benchmarks.

``running_smtp_server(...)`` is a context manager yielding a ``LocalSmtpServer``; test modules
wrap it in their own fixtures. Variants: plain, STARTTLS (required) and implicit TLS, each
optionally requiring AUTH, with a trustme CA whose client context trusts the server certificate.
The handler records every accepted message and can answer chosen recipients with 4xx/5xx codes,
reject DATA, or drop the connection at MAIL FROM to simulate a server that goes away.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

# Implicit TLS servers require AUTH without STARTTLS; aiosmtpd warns about that on every session.
warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")


def free_port() -> int:
    """A currently free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    """One message the server accepted."""

    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    auth_user: str | None = None
    tls: bool = False

    def parsed(self) -> EmailMessage:
        """The message parsed with the email package (modern policy)."""
        return message_from_bytes(self.data, policy=policy.default)  # type: ignore[return-value]


@dataclass
class RecordingHandler:
    """aiosmtpd handler that records messages and can be told to fail."""

    messages: list[Received] = field(default_factory=list)
    rcpt_replies: dict[str, str] = field(default_factory=dict)  # address -> "550 ..." reply
    data_reply: str | None = None  # e.g. "452 4.3.1 Insufficient storage"
    data_delay: float = 0.0  # seconds to wait before answering DATA (a hung server)
    drop_at_mail: int = 0  # drop the connection at the next N MAIL FROM commands
    mail_commands: int = 0
    sessions: set[int] = field(default_factory=set)  # distinct SMTP sessions that sent MAIL
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802
        self.mail_commands += 1
        self.sessions.add(id(session))
        if self.drop_at_mail > 0:
            self.drop_at_mail -= 1
            server.transport.close()
            return "421 4.3.2 Closing connection (test)"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        reply = self.rcpt_replies.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.data_delay:
            await asyncio.sleep(self.data_delay)
        if self.data_reply:
            return self.data_reply
        auth = session.auth_data
        tls = session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None
        with self.lock:
            self.messages.append(
                Received(
                    mail_from=envelope.mail_from,
                    rcpt_tos=list(envelope.rcpt_tos),
                    data=bytes(envelope.original_content or envelope.content),
                    auth_user=auth.login.decode() if isinstance(auth, LoginPassword) else None,
                    tls=tls,
                )
            )
        return "250 Message accepted for delivery"


@dataclass
class LocalSmtpServer:
    """A running server: where it listens, what it received, and a client TLS context."""

    host: str
    port: int
    handler: RecordingHandler
    client_context: ssl.SSLContext | None
    controller: Controller

    @property
    def messages(self) -> list[Received]:
        return self.handler.messages


class _Authenticator:
    def __init__(self, username: str, password: str) -> None:
        self.username = username.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == self.username
            and auth_data.password == self.password
        )
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


@contextmanager
def running_smtp_server(
    *,
    tls: str = "none",
    username: str | None = None,
    password: str | None = None,
    handler: RecordingHandler | None = None,
) -> Iterator[LocalSmtpServer]:
    """Start an aiosmtpd server on 127.0.0.1; ``tls`` is 'none', 'starttls' or 'implicit'.

    With ``username``/``password`` the server requires AUTH (over TLS; with ``tls='none'``,
    in clear text on loopback, so a test can log in with ``security = "none"``).
    """
    handler = handler or RecordingHandler()
    port = free_port()
    kwargs: dict[str, object] = {}
    client_context: ssl.SSLContext | None = None
    if tls != "none":
        ca = trustme.CA()
        server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1", "localhost").configure_cert(server_context)
        client_context = ssl.create_default_context()
        ca.configure_trust(client_context)
        if tls == "starttls":
            kwargs.update(tls_context=server_context, require_starttls=True)
        elif tls == "implicit":
            kwargs.update(ssl_context=server_context, auth_require_tls=False)
        else:
            raise ValueError(f"unknown tls mode {tls!r}")
    if username is not None:
        kwargs.update(
            authenticator=_Authenticator(username, password or ""),
            auth_required=True,
        )
        if tls == "none":
            kwargs.update(auth_require_tls=False)
    controller = Controller(
        handler, hostname="127.0.0.1", port=port, server_hostname="localhost", **kwargs
    )
    controller.start()
    try:
        yield LocalSmtpServer("127.0.0.1", port, handler, client_context, controller)
    finally:
        controller.stop()
