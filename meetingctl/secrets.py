"""Secrets come from environment variables or a secrets file named by the config.

The secrets file is TOML (``NAME = "value"``) or dotenv-style (``NAME=value``). Values never
appear in reprs, logs or error messages.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path

from agenda.model.errors import MeetingctlError


class SecretError(MeetingctlError):
    """A secret is missing or the secrets file is unreadable."""

    exit_code = 2


class Secrets(Mapping[str, str]):
    """Read-only lookup: environment first, then the secrets file."""

    def __init__(
        self, file_values: Mapping[str, str] | None = None, env: Mapping[str, str] | None = None
    ):
        self._file = dict(file_values or {})
        self._env = os.environ if env is None else env

    def __getitem__(self, name: str) -> str:
        if name in self._env and self._env[name]:
            return self._env[name]
        if name in self._file:
            return self._file[name]
        raise KeyError(name)

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
