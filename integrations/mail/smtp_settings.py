"""What an SMTP transport is configured with: the server, how the connection is protected
(:class:`SmtpSecurity`, with its default ports), the optional login, and the rule that a
connection in clear text is for loopback test servers only (:func:`is_loopback`).
"""

from __future__ import annotations

import enum
import ipaddress
from dataclasses import dataclass, field


class SmtpSecurity(enum.StrEnum):
    """How the connection is protected."""

    STARTTLS = "starttls"
    TLS = "tls"  # implicit TLS (SMTPS)
    NONE = "none"  # loopback test servers only


DEFAULT_PORTS = {SmtpSecurity.STARTTLS: 587, SmtpSecurity.TLS: 465, SmtpSecurity.NONE: 25}


def is_loopback(host: str) -> bool:
    """True for localhost and loopback IP literals."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """Where and how to deliver: server, security, optional login, timeout and CA bundle."""

    host: str
    port: int | None = None
    security: str = "starttls"
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0
    ca_bundle: str | None = None
