"""Secrets come from environment variables or a secrets file named by the config.

The secrets file is TOML (``NAME = "value"``) or dotenv-style (``NAME=value``). Values never
appear in reprs, logs or error messages: every secret value loaded or handed out is known to
one process-wide :class:`Redactor`, and every error text that is stored, logged or printed
passes through :func:`redact` (a provider that echoes the request back cannot leak one).
"""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import stat
import threading
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from urllib.parse import quote, quote_plus

from agenda.model.errors import MeetingctlError


class SecretError(MeetingctlError):
    """A secret is missing or the secrets file is unreadable."""

    exit_code = 2


REDACTED = "[redacted]"
MIN_SECRET_LENGTH = 4  # shorter values would blank ordinary words
MIN_ENCODED_LENGTH = 8  # a base64 fragment shorter than this is not worth hiding


def encoded_forms(value: str) -> set[str]:
    """The texts under which ``value`` may travel: raw, JSON-escaped, URL-encoded, base64.

    Base64 also covers the secret inside a longer encoded string such as the HTTP Basic
    ``base64(id:secret)`` or SMTP ``AUTH PLAIN``: for each of the three byte alignments the
    characters that depend only on the secret's own bytes are included.
    """
    forms = {
        value,
        json.dumps(value)[1:-1],
        json.dumps(value, ensure_ascii=False)[1:-1],
        quote(value, safe=""),
        quote(value),
        quote_plus(value),
    }
    raw = value.encode("utf-8")
    for skip in range(3):
        core = raw[skip:]
        core = core[: len(core) // 3 * 3]
        for encoded in (base64.b64encode(core), base64.urlsafe_b64encode(core)):
            forms.add(encoded.decode("ascii"))
            forms.add(quote(encoded.decode("ascii"), safe=""))
    whole = base64.b64encode(raw).decode("ascii")
    forms.update({whole, whole.rstrip("=")})
    return {form for form in forms if len(form) >= MIN_ENCODED_LENGTH or form == value}


class Redactor:
    """Replaces every known secret, in every encoded form, by ``[redacted]``."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._values: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self.add(*values)

    def add(self, *values: str) -> None:
        """Make ``values`` known (empty and very short values are ignored)."""
        fresh = {v for v in values if len(v) >= MIN_SECRET_LENGTH and v not in self._values}
        if not fresh:
            return
        with self._lock:
            self._values |= fresh
            forms = {form for v in self._values for form in encoded_forms(v)}
            ordered = sorted(forms, key=len, reverse=True)  # longest first
            self._pattern = re.compile("|".join(re.escape(f) for f in ordered))

    def redact(self, text: str) -> str:
        """``text`` with every known secret form replaced."""
        pattern = self._pattern
        if pattern is None or not text:
            return text
        return pattern.sub(REDACTED, text)


KNOWN_SECRETS = Redactor()


def redact(text: object) -> str:
    """``str(text)`` with every secret this process has loaded replaced by ``[redacted]``."""
    return KNOWN_SECRETS.redact(str(text))


class RedactingFilter(logging.Filter):
    """A logging filter (for handlers) that redacts the message, arguments and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite ``record`` with its secrets hidden; never drops it."""
        message = record.getMessage()
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install_log_redaction(logger: logging.Logger | None = None) -> None:
    """Add a :class:`RedactingFilter` to every handler of ``logger`` (default: the root, and
    the last-resort handler used when none is configured). Call again after adding handlers."""
    target = logger or logging.getLogger()
    handlers = list(target.handlers)
    if logger is None and logging.lastResort is not None:
        handlers.append(logging.lastResort)
    for handler in handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())


class Secrets(Mapping[str, str]):
    """Read-only lookup: environment first, then the secrets file."""

    def __init__(
        self, file_values: Mapping[str, str] | None = None, env: Mapping[str, str] | None = None
    ):
        self._file = dict(file_values or {})
        self._env = os.environ if env is None else env
        KNOWN_SECRETS.add(*self._file.values())

    def __getitem__(self, name: str) -> str:
        if name in self._env and self._env[name]:
            value = self._env[name]
        elif name in self._file:
            value = self._file[name]
        else:
            raise KeyError(name)
        KNOWN_SECRETS.add(value)  # an environment value becomes known once handed out
        return value

    def redact(self, text: object) -> str:
        """``str(text)`` with every known secret (of any Secrets in this process) hidden."""
        return redact(text)

    def __iter__(self) -> Iterator[str]:
        return iter(set(self._file) | {k for k in self._env if k in self._file})

    def __len__(self) -> int:
        return len(self._file)

    def require(self, name: str, purpose: str) -> str:
        """The secret ``name`` or a SecretError telling where to put it."""
        try:
            return self[name]
        except KeyError:
            raise SecretError(
                f"secret {name} (needed for {purpose}) is not set: export {name}=... "
                "or add it to the secrets file named by [secrets] file in the config"
            ) from None

    def __repr__(self) -> str:
        return f"Secrets(<{len(self._file)} from file, values hidden>)"


def load_secrets(path: str | None) -> Secrets:
    """Load the secrets file (if any) and return the lookup."""
    if not path:
        return Secrets()
    file = Path(path).expanduser()
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise SecretError(f"{file}: cannot read secrets file: {exc.strerror}") from None
    mode = file.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        # Readable by others: refuse quietly rather than leak; tell how to fix.
        raise SecretError(
            f"{file}: secrets file is accessible by other users; run chmod 600 {file}"
        )
    return Secrets(_parse(text, file))


def _parse(text: str, file: Path) -> dict[str, str]:
    try:
        data = tomllib.loads(text)
        return {str(k): str(v) for k, v in data.items() if not isinstance(v, dict)}
    except tomllib.TOMLDecodeError:
        pass
    values: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if "=" not in line:
            raise SecretError(f"{file}: line {number}: expected NAME=value")
        name, value = line.split("=", 1)
        values[name.strip().removeprefix("export ").strip()] = value.strip().strip("'\"")
    return values
