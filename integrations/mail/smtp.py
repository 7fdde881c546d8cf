"""SmtpTransport: delivers OutgoingMessages over SMTP with smtplib.

Security: STARTTLS (default, port 587), implicit TLS (port 465) or none (loopback only, for
tests); see :mod:`integrations.mail.smtp_settings`. Authentication with a password passed in,
which never appears in logs, results or exceptions. One connection is reused for a batch (and
across batches until ``close``); if the server drops it, the transport reconnects once for the
message being sent.

Classification per message (from the server's reply code):
2xx -> SENT; 4xx -> TRANSIENT; 5xx -> PERMANENT (with the server's reason). A failure of the
transport itself is not a failure of a message: a connection that cannot be opened (refused,
DNS, TLS, no STARTTLS, rejected login, a greeting refused), a refused sender address and a
timeout are UNAVAILABLE, for that message and the rest of the batch, without new attempts (a
dead server is not hammered, and no message is charged for it).
A message accepted for some recipients and refused for others is SENT (re-sending would
duplicate it for the accepted ones) with the refused recipients and reasons in ``error``.
"""

from __future__ import annotations

import base64
import logging
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass

from agenda.messaging.types import OutgoingMessage, SendResult, SendStatus
from integrations.mail.base import Transport
from integrations.mail.smtp_settings import DEFAULT_PORTS, SmtpSecurity, SmtpSettings, is_loopback

log = logging.getLogger(__name__)


def status_for_code(code: int) -> SendStatus:
    """2xx SENT, 5xx PERMANENT, anything else (4xx, unknown) TRANSIENT."""
    if 200 <= code < 300:
        return SendStatus.SENT
    if 500 <= code < 600:
        return SendStatus.PERMANENT
    return SendStatus.TRANSIENT


@dataclass(frozen=True, slots=True)
class _Failure:
    status: SendStatus
    reason: str


class _ConnectFailed(Exception):
    def __init__(self, failure: _Failure) -> None:
        super().__init__(failure.reason)
        self.failure = failure


def _reply_text(value: bytes | str) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return " ".join(text.split())


class SmtpTransport(Transport):
    """SMTP delivery; see the module docstring for security, reuse and classification rules."""

    name = "smtp"

    def __init__(
        self,
        host: str,
        port: int | None = None,
        *,
        security: SmtpSecurity | str = SmtpSecurity.STARTTLS,
        username: str | None = None,
        password: str | None = None,
        timeout: float = 30.0,
        ssl_context: ssl.SSLContext | None = None,
        local_hostname: str | None = None,
    ) -> None:
        self.host = host
        try:
            self.security = SmtpSecurity(security)
        except ValueError:
            choices = ", ".join(repr(s.value) for s in SmtpSecurity)
            raise ValueError(f"Unknown SMTP security {security!r}: use one of {choices}.") from None
        self.port = port or DEFAULT_PORTS[self.security]
        if self.security == SmtpSecurity.NONE and not is_loopback(host):
            raise ValueError(
                f"SMTP security 'none' is only allowed for loopback test servers, not {host!r}: "
                "set security to 'starttls' or 'tls'."
            )
        if (username is None) != (password is None):
            raise ValueError("SMTP authentication needs both a username and a password.")
        self.username = username
        self._password = password
        self.timeout = timeout
        self.ssl_context = ssl_context or ssl.create_default_context()
        self.local_hostname = local_hostname
        self._conn: smtplib.SMTP | None = None
        self._batch_failure: _Failure | None = None
        self.connections_opened = 0

    @classmethod
    def from_settings(cls, settings: SmtpSettings) -> SmtpTransport:
        """The transport for ``settings``; ValueError on an unsafe or incomplete setting."""
        context = (
            ssl.create_default_context(cafile=settings.ca_bundle) if settings.ca_bundle else None
        )
        return cls(
            settings.host,
            settings.port,
            security=settings.security,
            username=settings.username,
            password=settings.password,
            timeout=settings.timeout,
            ssl_context=context,
        )

    def __repr__(self) -> str:
        user = f", username={self.username!r}" if self.username else ""
        return f"SmtpTransport({self.host!r}, {self.port}, security={self.security.value!r}{user})"

    # -- connection -------------------------------------------------------------------------

    def _where(self) -> str:
        return f"{self.host}:{self.port}"

    def _redact(self, text: str) -> str:
        if self._password:
            text = text.replace(self._password, "***")
        return text

    def _open(self) -> smtplib.SMTP:
        if self.security == SmtpSecurity.TLS:
            return smtplib.SMTP_SSL(
                self.host,
                self.port,
                local_hostname=self.local_hostname,
                timeout=self.timeout,
                context=self.ssl_context,
            )
        return smtplib.SMTP(
            self.host, self.port, local_hostname=self.local_hostname, timeout=self.timeout
        )

    def _connect(self) -> smtplib.SMTP:
        conn: smtplib.SMTP | None = None
        try:
            conn = self._open()
            conn.ehlo()
            if self.security == SmtpSecurity.STARTTLS:
                if not conn.has_extn("starttls"):
                    raise _ConnectFailed(
                        _Failure(
                            SendStatus.UNAVAILABLE,
                            f"SMTP server {self._where()} does not offer STARTTLS; refusing to "
                            "send in clear text (check the security setting).",
                        )
                    )
                conn.starttls(context=self.ssl_context)
                conn.ehlo()
            if self.username is not None:
                if not conn.has_extn("auth"):
                    raise _ConnectFailed(
                        _Failure(
                            SendStatus.UNAVAILABLE,
                            f"SMTP server {self._where()} does not offer authentication.",
                        )
                    )
                self._login(conn)
        except _ConnectFailed:
            self._discard(conn)
            raise
        except smtplib.SMTPAuthenticationError as exc:
            self._discard(conn)
            reason = self._redact(_reply_text(exc.smtp_error))
            raise _ConnectFailed(
                _Failure(
                    SendStatus.UNAVAILABLE,
                    f"SMTP authentication as {self.username!r} rejected by {self._where()} "
                    f"({exc.smtp_code} {reason}); check the SMTP username and password.",
                )
            ) from None
        except smtplib.SMTPResponseException as exc:
            self._discard(conn)
            reason = self._redact(_reply_text(exc.smtp_error))
            raise _ConnectFailed(
                _Failure(
                    SendStatus.UNAVAILABLE,
                    f"SMTP server {self._where()} refused the session: {exc.smtp_code} {reason}",
                )
            ) from None
        except ssl.SSLError as exc:
            self._discard(conn)
            raise _ConnectFailed(
                _Failure(
                    SendStatus.UNAVAILABLE,
                    f"TLS with {self._where()} failed ({exc.reason or type(exc).__name__}); "
                    "check the host, port, security setting and CA certificates.",
                )
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            self._discard(conn)
            if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
                raise _ConnectFailed(
                    _Failure(
                        SendStatus.UNAVAILABLE,
                        f"SMTP server {self._where()} did not answer within {self.timeout:g} s "
                        "(it accepts connections but says nothing); check the host and port",
                    )
                ) from None
            raise _ConnectFailed(
                _Failure(
                    SendStatus.UNAVAILABLE,
                    f"cannot connect to SMTP server {self._where()}: "
                    f"{self._redact(str(exc)) or type(exc).__name__}",
                )
            ) from None
        self.connections_opened += 1
        log.info("connected to SMTP server %s (%s)", self._where(), self.security.value)
        return conn

    def _login(self, conn: smtplib.SMTP) -> None:
        """AUTH; smtplib only encodes ASCII credentials, so UTF-8 ones use AUTH PLAIN (RFC 4616)."""
        username, password = self.username or "", self._password or ""
        if username.isascii() and password.isascii():
            conn.login(username, password)
            return
        mechanisms = conn.esmtp_features.get("auth", "").upper().split()
        if "PLAIN" not in mechanisms:
            raise _ConnectFailed(
                _Failure(
                    SendStatus.UNAVAILABLE,
                    f"SMTP server {self._where()} does not offer AUTH PLAIN, which non-ASCII "
                    "credentials need; use an ASCII username and password.",
                )
            )
        token = b"\0" + username.encode("utf-8") + b"\0" + password.encode("utf-8")
        code, reply = conn.docmd("AUTH", "PLAIN " + base64.b64encode(token).decode("ascii"))
        if code not in (235, 503):  # 503: already authenticated
            raise smtplib.SMTPAuthenticationError(code, reply)

    @staticmethod
    def _discard(conn: smtplib.SMTP | None) -> None:
        if conn is None:
            return
        try:
            conn.close()
        except OSError:
            pass

    def close(self) -> None:
        """QUIT and close the connection; safe to call twice."""
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.quit()
        except (OSError, smtplib.SMTPException):
            self._discard(conn)

    # -- sending ----------------------------------------------------------------------------

    def send_batch(self, messages: Sequence[OutgoingMessage]) -> list[SendResult]:
        """Send each message over one reused connection; one SendResult per message, in order."""
        self._batch_failure = None
        results = []
        for message in messages:
            if self._batch_failure is not None:
                failure = self._batch_failure
                results.append(SendResult(message.key, failure.status, error=failure.reason))
                continue
            results.append(self._send_one(message))
        return results

    def _send_one(self, message: OutgoingMessage) -> SendResult:
        for attempt in (1, 2):
            if self._conn is None:
                try:
                    self._conn = self._connect()
                except _ConnectFailed as failed:
                    self._batch_failure = failed.failure
                    return SendResult(
                        message.key, failed.failure.status, error=failed.failure.reason
                    )
            try:
                refused = self._conn.sendmail(
                    message.sender, list(message.recipients), message.mime
                )
            except smtplib.SMTPRecipientsRefused as exc:
                return self._all_refused(message, exc.recipients)
            except smtplib.SMTPResponseException as exc:  # sender refused, DATA refused, 421
                if exc.smtp_code != 421 and isinstance(exc, smtplib.SMTPSenderRefused):
                    return self._sender_refused(message, exc)
                if exc.smtp_code != 421:
                    reason = self._redact(_reply_text(exc.smtp_error))
                    return SendResult(
                        message.key,
                        status_for_code(exc.smtp_code),
                        error=f"SMTP server {self._where()} answered {exc.smtp_code} {reason}",
                    )
                lost = f"{exc.smtp_code} {_reply_text(exc.smtp_error)}"
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                # smtplib turns a read timeout into SMTPServerDisconnected; the cause stays in
                # the exception context.
                if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
                    self._drop()
                    return self._timed_out(message)
                lost = str(exc) or type(exc).__name__
            except (UnicodeError, ValueError) as exc:  # e.g. a non-ASCII address
                self._reset()
                return SendResult(
                    message.key,
                    SendStatus.PERMANENT,
                    error=f"message cannot be encoded for SMTP ({type(exc).__name__}): "
                    "check the sender and recipient addresses",
                )
            except smtplib.SMTPException as exc:  # e.g. SMTPNotSupportedError (SMTPUTF8)
                self._reset()
                return SendResult(
                    message.key,
                    SendStatus.PERMANENT,
                    error=f"SMTP server {self._where()} cannot take this message: {exc}",
                )
            else:
                if refused:
                    return SendResult(
                        message.key,
                        SendStatus.SENT,
                        error="accepted, but some recipients were refused: "
                        + self._describe(refused),
                    )
                return SendResult(message.key, SendStatus.SENT)
            self._drop()  # the server went away: reconnect once for this message
            if attempt == 1:
                log.warning("SMTP connection to %s lost (%s); reconnecting", self._where(), lost)
        return self._transient(message, lost)

    def _timed_out(self, message: OutgoingMessage) -> SendResult:
        """A timeout ends the batch: this message and the rest are UNAVAILABLE (a server that
        stopped answering says nothing about the message) without waiting for more timeouts."""
        self._batch_failure = _Failure(
            SendStatus.UNAVAILABLE,
            f"SMTP server {self._where()} did not answer within {self.timeout:g} s",
        )
        return SendResult(message.key, SendStatus.UNAVAILABLE, error=self._batch_failure.reason)

    def _sender_refused(
        self, message: OutgoingMessage, exc: smtplib.SMTPSenderRefused
    ) -> SendResult:
        """MAIL FROM refused (e.g. 530 authentication required, 553 sender not allowed): the
        account or the configured sender is wrong, not the message; the batch ends."""
        self._reset()
        sender = _reply_text(exc.sender)
        reason = self._redact(_reply_text(exc.smtp_error))
        self._batch_failure = _Failure(
            SendStatus.UNAVAILABLE,
            f"SMTP server {self._where()} refused the sender {sender} ({exc.smtp_code} "
            f"{reason}); check [meeting] secretariat_email and the SMTP account",
        )
        return SendResult(message.key, SendStatus.UNAVAILABLE, error=self._batch_failure.reason)

    def _reset(self) -> None:
        """RSET after an aborted transaction so the next message starts clean (or reconnect)."""
        if self._conn is None:
            return
        try:
            self._conn.rset()
        except (OSError, smtplib.SMTPException):
            self._drop()

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        self._discard(conn)

    def _transient(self, message: OutgoingMessage, detail: str) -> SendResult:
        return SendResult(
            message.key,
            SendStatus.TRANSIENT,
            error=f"SMTP connection to {self._where()} lost twice: {self._redact(detail)}",
        )

    def _describe(self, refused: dict[str, tuple[int, bytes]]) -> str:
        return "; ".join(
            f"{rcpt}: {code} {self._redact(_reply_text(text))}"
            for rcpt, (code, text) in refused.items()
        )

    def _all_refused(
        self, message: OutgoingMessage, refused: dict[str, tuple[int, bytes]]
    ) -> SendResult:
        codes = [code for code, _ in refused.values()]
        # Retrying helps if any recipient was only deferred (4xx); otherwise it is final.
        status = (
            SendStatus.TRANSIENT
            if any(status_for_code(c) == SendStatus.TRANSIENT for c in codes)
            else SendStatus.PERMANENT
        )
        return SendResult(
            message.key, status, error="recipient refused: " + self._describe(refused)
        )
