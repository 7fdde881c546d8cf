"""Reading the secretariat's mailbox over IMAP (standard library ``imaplib``).

:class:`ImapMailbox` logs in (implicit TLS or STARTTLS, certificates verified against the
system store or ``ca_bundle``), lists the messages of one folder and moves the ones the caller
has processed to another folder (``MOVE`` when the server has it, else COPY, \\Deleted and
EXPUNGE). It keeps no state between runs: a message not moved is read again next time, which is
safe because recording a reply is idempotent.
"""

from __future__ import annotations

import imaplib
import re
import ssl
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Literal

_LITERAL_UID = re.compile(rb"UID (\d+)")
#: IMAP keyword set on messages that hold no reply: they stay in the folder for people to read
#: and are not downloaded again at the next poll.
NOT_A_REPLY = "meetingctl-not-a-reply"


class ImapError(Exception):
    """The IMAP server cannot be reached, refused the login, or refused a command."""


@dataclass(frozen=True)
class ImapSettings:
    """Where the mailbox is and how to log in (the password is a secret: never printed)."""

    host: str
    port: int
    username: str
    password: str = field(repr=False)
    security: Literal["tls", "starttls"] = "tls"
    folder: str = "INBOX"
    processed_folder: str = "Processed"
    timeout: float = 30.0
    ca_bundle: str | None = None


@dataclass(frozen=True)
class FetchedMessage:
    """One message of the folder: its IMAP UID and its bytes."""

    uid: str
    raw: bytes


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


class ImapMailbox:
    """A logged-in connection to one folder; use as a context manager."""

    def __init__(self, settings: ImapSettings) -> None:
        self.settings = settings
        self._imap: imaplib.IMAP4 | None = None

    def __enter__(self) -> ImapMailbox:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.settings.ca_bundle)

    def open(self) -> None:
        """Connect, secure the connection, log in and select the folder."""
        s = self.settings
        where = f"{s.host}:{s.port}"
        try:
            if s.security == "tls":
                imap: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                    s.host, s.port, ssl_context=self._context(), timeout=s.timeout
                )
            else:
                imap = imaplib.IMAP4(s.host, s.port, timeout=s.timeout)
                imap.starttls(ssl_context=self._context())
        except (OSError, ssl.SSLError, imaplib.IMAP4.error) as exc:
            raise ImapError(
                f"cannot connect to the IMAP server {where} ({s.security}): {exc}"
            ) from None
        self._imap = imap
        try:
            imap.login(s.username, s.password)
        except imaplib.IMAP4.error as exc:
            self.close()
            raise ImapError(
                f"the IMAP server {where} refused the login of {s.username}: {_text(exc)}"
            ) from None
        self._select(s.folder)

    def _select(self, folder: str) -> None:
        status, data = self._conn.select(_quote(folder))
        if status != "OK":
            raise ImapError(f"cannot open IMAP folder {folder!r}: {_text(data)}")

    @property
    def _conn(self) -> imaplib.IMAP4:
        if self._imap is None:
            raise ImapError("the IMAP mailbox is not open")
        return self._imap

    def uids(self) -> list[str]:
        """UIDs of the messages in the folder not yet marked :data:`NOT_A_REPLY`, oldest first."""
        status, data = self._conn.uid("SEARCH", "UNKEYWORD", NOT_A_REPLY)
        if status != "OK":
            raise ImapError(f"IMAP SEARCH failed: {_text(data)}")
        return [u.decode() for u in (data[0] or b"").split()]

    def messages(
        self, uids: Sequence[str] | None = None, chunk: int = 200
    ) -> Iterator[FetchedMessage]:
        """The messages (all of the folder by default), fetched ``chunk`` at a time."""
        wanted = list(self.uids() if uids is None else uids)
        for start in range(0, len(wanted), chunk):
            batch = wanted[start : start + chunk]
            status, data = self._conn.uid("FETCH", ",".join(batch), "(UID BODY.PEEK[])")
            if status != "OK":
                raise ImapError(f"IMAP FETCH failed: {_text(data)}")
            for entry in data:
                if isinstance(entry, tuple) and len(entry) == 2:
                    found = _LITERAL_UID.search(entry[0])
                    if found:
                        yield FetchedMessage(found.group(1).decode(), entry[1])

    def mark_not_a_reply(self, uids: Sequence[str]) -> None:
        """Set :data:`NOT_A_REPLY` on ``uids`` (other flags, such as \\Seen, are untouched).

        A server that refuses keywords is no error: those messages are only read again."""
        for start in range(0, len(uids), 500):
            batch = ",".join(uids[start : start + 500])
            try:
                status, _ = self._conn.uid("STORE", batch, "+FLAGS.SILENT", f"({NOT_A_REPLY})")
            except imaplib.IMAP4.error:
                return
            if status != "OK":
                return

    def ensure_folder(self, folder: str) -> None:
        """Create ``folder`` unless it exists."""
        status, data = self._conn.list('""', _quote(folder))
        if status == "OK" and any(item for item in data if item):
            return
        status, data = self._conn.create(_quote(folder))
        if status != "OK":
            raise ImapError(f"cannot create IMAP folder {folder!r}: {_text(data)}")

    def move(self, uids: Sequence[str], folder: str) -> int:
        """Move the messages ``uids`` to ``folder`` (created when missing); returns how many."""
        if not uids:
            return 0
        self.ensure_folder(folder)
        self._select(self.settings.folder)
        moved = 0
        capabilities = {c.upper() for c in self._conn.capabilities}
        for start in range(0, len(uids), 500):
            batch = ",".join(uids[start : start + 500])
            if "MOVE" in capabilities:
                status, data = self._conn.uid("MOVE", batch, _quote(folder))
            else:
                status, data = self._conn.uid("COPY", batch, _quote(folder))
                if status == "OK":
                    self._conn.uid("STORE", batch, "+FLAGS.SILENT", r"(\Deleted)")
                    self._conn.expunge()
            if status != "OK":
                raise ImapError(f"cannot move messages to IMAP folder {folder!r}: {_text(data)}")
            moved += len(uids[start : start + 500])
        return moved

    def append(self, raw: bytes, folder: str | None = None) -> None:
        """Add a message to ``folder`` (default: the settings' folder); used by tests and the
        benchmark to deliver replies."""
        status, data = self._conn.append(_quote(folder or self.settings.folder), "", None, raw)
        if status != "OK":
            raise ImapError(f"IMAP APPEND failed: {_text(data)}")

    def close(self) -> None:
        """Log out (errors while closing are ignored: the connection is going away)."""
        imap, self._imap = self._imap, None
        if imap is None:
            return
        try:
            imap.logout()
        except (OSError, imaplib.IMAP4.error):
            pass


def _text(value: object) -> str:
    if isinstance(value, list | tuple):
        return " ".join(_text(v) for v in value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)
