"""Where each page and feed of the static site lives, so links and feed URLs stay stable.

Every path is relative to the site folder and depends only on things that do not change
between publications (the language, the session's UID), so a calendar subscribed to a feed
keeps updating when the folder is published again.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

#: The languages the site is written in.
SITE_LANGUAGES: tuple[str, ...] = ("en", "es")

_UNSAFE = re.compile(r"[^a-z0-9]+")


def check_base_url(value: str) -> str:
    """``value`` as a site base URL (http or https, a host, no query): trailing slash removed.

    ValueError names what is wrong (the config and the CLI report it with the key or option).
    """
    text = value.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        raise ValueError(f"{value!r} is not a URL: use e.g. https://example.org/meeting") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{value!r} is not an http(s) URL: use e.g. https://example.org/meeting")
    if parts.query or parts.fragment:
        raise ValueError(f"{value!r} has a query or fragment: give only the folder's address")
    return text.rstrip("/")


def slug(uid: str) -> str:
    """A file-name-safe form of a session UID (stable, lower case, ASCII)."""
    return _UNSAFE.sub("-", uid.lower()).strip("-") or "session"


def home_page(lang: str) -> str:
    """The home page of ``lang``."""
    return f"{lang}/index.html"


def programme_page(lang: str) -> str:
    """The programme by day."""
    return f"{lang}/programme.html"


def round_table_page(lang: str, uid: str) -> str:
    """One round table's page."""
    return f"{lang}/round-tables/{slug(uid)}.html"


def participants_page(lang: str) -> str:
    """The list of participants."""
    return f"{lang}/participants.html"


def report_page(lang: str) -> str:
    """The report skeleton's published parts."""
    return f"{lang}/report.html"


def programme_feed(lang: str) -> str:
    """The whole programme as iCalendar (titles in ``lang``)."""
    return f"calendar/programme-{lang}.ics"


def session_feed(lang: str, uid: str) -> str:
    """One session as iCalendar."""
    return f"calendar/{lang}/{slug(uid)}.ics"


def relative(from_page: str, target: str) -> str:
    """The link from ``from_page`` to ``target`` (both site-relative, forward slashes)."""
    depth = from_page.count("/")
    return "../" * depth + target


def webcal(base_url: str | None, target: str) -> str:
    """The ``webcal:`` subscription address of a feed, or "" without a base URL."""
    if not base_url:
        return ""
    rest = base_url.split("://", 1)[1]
    return f"webcal://{rest}/{target}"
