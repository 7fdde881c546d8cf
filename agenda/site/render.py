"""The static site rendered: every page and feed as bytes, keyed by its path in the folder.

Pure apart from reading the packaged templates and assets: :func:`build_site` returns a
``{path: bytes}`` mapping and the caller writes it. Pages come from Jinja2 templates with
autoescaping on; the calendar feeds come from the project's own iCalendar builder
(:func:`agenda.messaging.ical.build_feed`: VTIMEZONE of the home zone, the sessions' stable
UIDs, DTSTAMP = the version's publication time, so publishing the same version twice gives the
same bytes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2

from agenda.annex.participants import list_of_participants
from agenda.i18n.export import label
from agenda.messaging.ical import build_feed
from agenda.messaging.invitations import (
    MeetingView,
    Organizer,
    calendar_event,
    session_view_from_snapshot,
)
from agenda.programme.published import SnapshotSession
from agenda.site import paths
from agenda.site.model import SiteLanguage, SiteOptions, SiteSource, site_language, zone_choices
from agenda.site.texts import LANGUAGE_NAMES, page_texts

#: How often subscribed calendars are asked to fetch the feeds again.
FEED_REFRESH = timedelta(hours=12)
#: Assets copied as they are into ``static/``.
STATIC_FILES: tuple[str, ...] = ("site.css", "print.css", "localtime.js")
REPORT_SECTIONS: tuple[str, ...] = ("a", "b", "c", "d", "e", "f", "g")


@dataclass(frozen=True)
class FeedContext:
    """What the feeds need beyond the sessions: the organizer and the DTSTAMP."""

    organizer: Organizer
    stamp: datetime


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja2 environment over the packaged templates (autoescaping on, strict undefined);
    built once, so its compiled templates are reused."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("agenda.site", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def static_asset(name: str) -> bytes:
    """One packaged asset of ``static/``."""
    return resources.files("agenda.site").joinpath(f"static/{name}").read_bytes()


def _feeds(
    source: SiteSource, options: SiteOptions, feeds: FeedContext, lang: str
) -> dict[str, bytes]:
    meeting = source.meeting
    view = MeetingView(meeting.title_en, meeting.title_es, meeting.home_tz, lang)

    def event(session: SnapshotSession) -> Any:
        shown = session_view_from_snapshot(session)
        if not options.show_video_links:
            shown = replace(shown, video_url="")
        return calendar_event(view, shown, [], feeds.organizer, language=lang, stamp=feeds.stamp)

    sessions = sorted(source.programme.sessions, key=lambda s: (s.start, s.uid))
    out: dict[str, bytes] = {}
    if sessions:
        out[paths.programme_feed(lang)] = build_feed(
            [event(s) for s in sessions],
            view.title(lang),
            meeting.home_tz,
            stamp=feeds.stamp,
            refresh=FEED_REFRESH,
        )
    for session in sessions:
        out[paths.session_feed(lang, session.uid)] = build_feed(
            [event(session)],
            f"{view.title(lang)}: {session_view_from_snapshot(session).title(lang)}",
            meeting.home_tz,
            stamp=feeds.stamp,
            refresh=FEED_REFRESH,
        )
    return out


def _page_helpers(
    page: str, lang: str, options: SiteOptions, languages: tuple[str, ...]
) -> dict[str, Any]:
    def link(target: str) -> str:
        return paths.relative(page, target)

    def switch() -> list[tuple[str, str, str]]:
        current = page.split("/", 1)[1]
        return [
            (other, LANGUAGE_NAMES.get(other, other), link(f"{other}/{current}"))
            for other in languages
            if other != lang
        ]

    return {
        "page": page,
        "link": link,
        "switch": switch(),
        "webcal": lambda target: paths.webcal(options.base_url, target),
        "paths": paths,
    }


def _render_language(
    env: jinja2.Environment,
    source: SiteSource,
    options: SiteOptions,
    content: SiteLanguage,
    languages: tuple[str, ...],
) -> dict[str, bytes]:
    lang = content.lang
    common: dict[str, Any] = {
        "lang": lang,
        "t": page_texts(lang),
        "site": content,
        "options": options,
        "version": source.version,
        "home_zone": source.meeting.home_tz,
        "zones": zone_choices(source.zones, lang),
    }
    out: dict[str, bytes] = {}

    def render(template: str, page: str, **extra: Any) -> None:
        values = {**common, **_page_helpers(page, lang, options, languages), **extra}
        out[page] = env.get_template(template).render(values).encode("utf-8")

    render("home.html", paths.home_page(lang))
    render("programme.html", paths.programme_page(lang))
    for row in content.round_tables:
        render("round_table.html", paths.round_table_page(lang, row.uid), session=row)
    if options.show_participants:
        groups = list_of_participants(source.participants, lang)
        render("participants.html", paths.participants_page(lang), groups=groups)
    render(
        "report.html",
        paths.report_page(lang),
        sections=REPORT_SECTIONS,
        section_label=lambda letter: label(f"section_{letter}", lang),
    )
    return out


def build_site(
    source: SiteSource,
    options: SiteOptions,
    feeds: FeedContext,
    progress: Callable[[float], None] | None = None,
) -> dict[str, bytes]:
    """Every file of the site: pages per language, feeds, assets and the root index."""
    env = environment()
    languages = tuple(lang for lang in options.languages if lang in paths.SITE_LANGUAGES)
    if not languages:
        raise ValueError(f"no site language among {options.languages!r}: use en and/or es")
    files: dict[str, bytes] = {}
    for number, lang in enumerate(languages, start=1):
        content = site_language(source, lang, options)
        files.update(_render_language(env, source, options, content, languages))
        files.update(_feeds(source, options, feeds, lang))
        if progress:
            progress(number / (len(languages) + 1))
    for name in STATIC_FILES:
        files[f"static/{name}"] = static_asset(name)
    files["index.html"] = (
        env.get_template("root.html")
        .render(
            languages=[
                (lang, LANGUAGE_NAMES[lang], paths.home_page(lang), page_texts(lang))
                for lang in languages
            ],
            feeds=[
                (lang, paths.programme_feed(lang))
                for lang in languages
                if paths.programme_feed(lang) in files
            ],
            title=source.meeting.title(languages[0]),
            titles={lang: source.meeting.title(lang) for lang in languages},
            lang=languages[0],
        )
        .encode("utf-8")
    )
    return files
