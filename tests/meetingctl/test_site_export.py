"""`meetingctl export site`: the published version only, what [site] allows of people, stable
feed URLs, bad input refused before anything is written."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import html5lib
import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream
from sqlalchemy import Engine, select

from agenda.i18n.labels import role_title
from agenda.model.enums import Gender, Role, SessionKind
from agenda.model.errors import NotFoundError, ValidationError
from agenda.model.orm import Session
from agenda.site import paths
from meetingctl.config import ConfigError, load_config
from meetingctl.context import AppContext
from tests.conftest import run_cli, url_of
from tests.site_helpers import (
    INPUT_TEXT,
    SECRETS,
    UNPUBLISHED_TITLE,
    VIDEO_URL,
    build_published_meeting,
    site_text,
)


def _context(engine: Engine, tmp_path: Path, site: str = "") -> AppContext:
    config = tmp_path / "config.toml"
    config.write_text(f"[site]\n{site}\n", encoding="utf-8")
    return AppContext(database_url=url_of(engine), config_path=str(config))


@pytest.fixture
def ctx(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppContext]:
    monkeypatch.setenv("MEETINGCTL_ACTOR", "site-test")
    context = _context(engine, tmp_path)
    build_published_meeting(context)
    yield context
    context.close()


class _Structure(HTMLParser):
    """Collects what the structure checks need: lang, h1 count, links, table details."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.h1 = 0
        self.links: list[str] = []
        self.tables = 0
        self.captions = 0
        self.th_without_scope = 0
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        if tag == "html":
            self.lang = values.get("lang") or ""
        self.h1 += tag == "h1"
        self.tables += tag == "table"
        self.captions += tag == "caption"
        if tag == "th" and not values.get("scope"):
            self.th_without_scope += 1
        for key in ("href", "src"):
            if values.get(key):
                self.links.append(str(values[key]))


def _parse(page: Path) -> _Structure:
    """The page's structure; it must parse as HTML5 without a single parse error."""
    html5lib.HTMLParser(strict=True).parse(page.read_bytes())  # raises on any parse error
    parser = _Structure()
    parser.feed(page.read_text("utf-8"))
    return parser


def test_site_is_the_published_version_with_structure_and_links_inside_the_folder(
    ctx: AppContext, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = ctx.services.site.export(out, base_url="https://example.org/review/")
    assert result.version == 1 and result.languages == ("en", "es")
    text = site_text(out)
    assert UNPUBLISHED_TITLE not in text
    assert "Round table 1: Promoting fact-based" in text
    pages = sorted(out.rglob("*.html"))
    assert (
        len(pages) == result.pages == 2 * (3 + 5) + 1
    )  # home, programme, report, 5 round tables; root
    for page in pages:
        found = _parse(page)
        expected = page.relative_to(out).parts[0] if page.parent != out else "en"
        assert found.lang == expected, page
        assert found.h1 == 1, page
        assert len(found.ids) == len(set(found.ids)), page
        assert found.tables == found.captions and found.th_without_scope == 0, page
        for link in found.links:
            if link.startswith(("webcal:", "mailto:", "#")):
                continue
            assert "://" not in link, f"{page}: external request {link}"
            target = (page.parent / link.split("#")[0]).resolve()
            assert target.is_file() and target.is_relative_to(out.resolve()), (page, link)
    programme = (out / "en" / "programme.html").read_text("utf-8")
    assert "webcal://example.org/review/calendar/programme-en.ics" in programme
    assert "Ana Moderadora-Test (Fundación Puentes, Mexico)" in programme
    assert "(UTC-04:00)" in programme and "10:15" in programme  # 14:15Z in Santiago
    switch = re.search(r'href="([^"]+)"[^>]*class="switch-language"', programme)
    assert switch and switch.group(1) == "../es/programme.html"


def test_round_table_page_has_full_objective_titles_and_linked_inputs_escaped(
    ctx: AppContext, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    ctx.services.site.export(out)
    pages = sorted((out / "es" / "round-tables").glob("*.html"))
    assert len(pages) == 5  # one page per round table
    page = next(p.read_text("utf-8") for p in pages if "Mesa redonda 1" in p.read_text("utf-8"))
    assert "Recopilar y utilizar datos exactos y desglosados" in page  # objective 1 in Spanish
    assert "Cities need data on returnees &lt;b&gt;now&lt;/b&gt;" in page
    assert INPUT_TEXT not in page  # autoescaped, never raw markup
    assert '<h2 id="inputs">' in page


def test_private_data_never_written_and_people_shown_only_as_allowed(
    ctx: AppContext, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    ctx.services.site.export(out)
    text = site_text(out)
    for secret in SECRETS:
        assert secret not in text
    assert VIDEO_URL not in text  # show_video_links defaults to false (pages and feeds)
    assert "ana@example.org" not in text  # show_emails defaults to false
    assert not (out / "en" / "participants.html").exists()
    spanish = (out / "es" / "programme.html").read_text("utf-8")
    woman_form = role_title("es", Role.KEYNOTE_SPEAKER, [Gender.WOMAN])  # Ana is the keynote
    neutral = role_title("es", Role.KEYNOTE_SPEAKER)
    assert woman_form != neutral and woman_form + ":" not in spanish and neutral + ":" in spanish
    assert "Ms. Ana" not in text and "Sra. Ana" not in text  # no gendered honorifics
    for word in ("non_binary", "woman", "is_youth", "is_migrant", "undisclosed"):
        assert word not in text


def test_allowed_participants_video_links_and_emails_appear(engine: Engine, tmp_path: Path) -> None:
    ctx = _context(
        engine,
        tmp_path,
        "show_participants = true\nshow_video_links = true\nshow_emails = true",
    )
    build_published_meeting(ctx)
    out = tmp_path / "site"
    ctx.services.site.export(out)
    participants = (out / "en" / "participants.html").read_text("utf-8")
    assert "Jean Baptiste" in participants and "Head of delegation" in participants
    assert "Haiti" in participants
    assert VIDEO_URL in (out / "en" / "programme.html").read_text("utf-8")
    assert VIDEO_URL in (out / "calendar" / "programme-en.ics").read_text("utf-8")
    assert "mailto:ana@example.org" in (out / "en" / "programme.html").read_text("utf-8")
    for secret in SECRETS:
        assert secret not in site_text(out)
    ctx.close()


def test_feeds_keep_vtimezone_uids_and_urls_across_exports(ctx: AppContext, tmp_path: Path) -> None:
    out = tmp_path / "site"
    ctx.services.site.export(out)
    whole = (out / "calendar" / "programme-es.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(whole)
    assert b"BEGIN:VTIMEZONE\r\nTZID:America/Santiago" in whole
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT12H" in whole  # subscribers poll for updates
    events = calendar.walk("VEVENT")
    uids = {str(e["UID"]) for e in events}
    assert len(events) == 15 and all(u.endswith("@site.invalid") for u in uids)
    singles = sorted((out / "calendar" / "es").glob("*.ics"))
    assert len(singles) == 15
    single_uids = {
        str(icalendar.Calendar.from_ical(p.read_bytes()).walk("VEVENT")[0]["UID"]) for p in singles
    }
    assert single_uids == uids
    # A second, strict client reads the feed the same way: 15 events, local times in Santiago.
    parsed = IcsCalendarStream.calendar_from_ics(whole.decode("utf-8"))
    assert len(parsed.events) == 15
    first_table = next(e for e in parsed.events if e.summary.startswith("Mesa redonda 1"))
    assert first_table.dtstart.astimezone(ZoneInfo("America/Santiago")).strftime("%H:%M") == "10:15"
    before = {p.relative_to(out): p.read_bytes() for p in (out / "calendar").rglob("*.ics")}
    second = ctx.services.site.export(out)  # the same folder again: updated in place
    after = {p.relative_to(out): p.read_bytes() for p in (out / "calendar").rglob("*.ics")}
    assert after == before and second.removed == 0


def test_nothing_published_or_bad_options_are_refused_without_writing(
    engine: Engine, tmp_path: Path
) -> None:
    ctx = _context(engine, tmp_path)
    build_published_meeting(ctx, publish=False)
    with pytest.raises(NotFoundError, match="agenda publish"):
        ctx.services.site.export(tmp_path / "site")
    assert not (tmp_path / "site").exists()
    with pytest.raises(ValidationError, match="--lang"):
        ctx.services.site.export(tmp_path / "site", languages="en,fr")
    with pytest.raises(ValidationError, match="--base-url"):
        ctx.services.site.export(tmp_path / "site", base_url="ftp://x.org")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "thesis.docx").write_text("keep me")
    ctx.services.programme.publish(force=True)
    with pytest.raises(ValidationError, match="not empty"):
        ctx.services.site.export(busy)
    assert [p.name for p in busy.iterdir()] == ["thesis.docx"]
    ctx.close()


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("show_participants = 'yes'", "site.show_participants"),
        ("show_video_links = 1", "site.show_video_links"),
        ("show_emails = 'true'", "site.show_emails"),
        ("base_url = 'example.org'", "site.base_url"),
        ("show_everything = true", "site.show_everything"),
    ],
)
def test_site_config_errors_name_the_key(tmp_path: Path, line: str, key: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"[site]\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(f"key '{key}'")):
        load_config(config)


def test_defaults_show_nobody(tmp_path: Path) -> None:
    site = load_config(None).site
    assert (site.show_participants, site.show_video_links, site.show_emails) == (
        False,
        False,
        False,
    )


@pytest.mark.slow
def test_demo_site_from_the_cli_is_under_one_megabyte(tmp_path: Path) -> None:
    env = {"MEETINGCTL_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}"}
    assert run_cli("demo", env=env).returncode == 0
    assert run_cli("agenda", "publish", "--force", env=env).returncode == 0
    done = run_cli("export", "site", "-o", str(tmp_path / "site"), env=env)
    assert done.returncode == 0, done.stderr
    assert "pages" in done.stdout and "no --base-url" in done.stderr
    total = sum(p.stat().st_size for p in (tmp_path / "site").rglob("*") if p.is_file())
    assert total < 1_000_000
    again = run_cli("export", "site", "-o", str(tmp_path / "site"), "--lang", "xx", env=env)
    assert again.returncode != 0 and "--lang" in again.stderr and "Traceback" not in again.stderr


def test_spanish_pages_read_in_spanish_once_the_catalog_has_the_site_texts(
    ctx: AppContext, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    ctx.services.site.export(out)
    page = (out / "es" / "programme.html").read_text("utf-8")
    assert ">Programa</a>" in page and 'data-your-time="Su hora"' in page
    assert "Mostrar las horas también en" in page and "Añadir al calendario (.ics)" in page


def test_a_new_publication_keeps_feed_urls_and_drops_removed_sessions(
    ctx: AppContext, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    ctx.services.site.export(out)
    feeds_before = {p.relative_to(out) for p in (out / "calendar").rglob("*.ics")}
    with ctx.transaction() as db:
        closing = db.scalars(select(Session).where(Session.kind == SessionKind.CLOSING)).one()
        closing_id, closing_uid = closing.id, closing.uid
    ctx.services.programme.delete_session(closing_id)
    ctx.services.programme.publish("v2", force=True)
    result = ctx.services.site.export(out)
    assert result.version == 2 and result.removed == 2  # the closing's feed in en and es
    feeds_after = {p.relative_to(out) for p in (out / "calendar").rglob("*.ics")}
    gone = {Path(paths.session_feed(lang, closing_uid)) for lang in ("en", "es")}
    assert feeds_after == feeds_before - gone
    assert UNPUBLISHED_TITLE in (out / "en" / "programme.html").read_text("utf-8")  # now published


def test_one_language_site_links_only_to_itself(ctx: AppContext, tmp_path: Path) -> None:
    out = tmp_path / "site"
    ctx.services.site.export(out, languages="es")
    assert not (out / "en").exists() and (out / "es" / "programme.html").is_file()
    page = (out / "es" / "programme.html").read_text("utf-8")
    assert "switch-language" not in page and "../en/" not in page
    assert 'href="es/index.html"' in (out / "index.html").read_text("utf-8")
