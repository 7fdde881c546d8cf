"""The site's paths (stable, file-name safe, relative links that resolve) and its words (every
fixed text goes through the translation front)."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agenda.site import paths, texts
from agenda.site.model import zone_choices

PAGES = st.sampled_from(
    [
        "index.html",
        paths.home_page("en"),
        paths.programme_page("es"),
        paths.round_table_page("es", "abc@x.invalid"),
    ]
)


@given(st.text(min_size=1, max_size=80))
def test_slug_is_file_name_safe_and_stable(uid: str) -> None:
    name = paths.slug(uid)
    assert name and all(c.isascii() and (c.isalnum() or c == "-") for c in name)
    assert paths.slug(name) == name
    assert paths.session_feed("en", uid) == paths.session_feed("en", uid)


@given(PAGES, PAGES)
def test_relative_link_resolves_to_the_target(page: str, target: str) -> None:
    link = paths.relative(page, target)
    assert posixpath.normpath(posixpath.join(posixpath.dirname(page), link)) == target


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.org/review/", "https://example.org/review"),
        ("http://example.org", "http://example.org"),
    ],
)
def test_base_url_is_normalised(value: str, expected: str) -> None:
    assert paths.check_base_url(value) == expected
    assert paths.webcal(expected, "calendar/programme-en.ics") == (
        expected.replace("https://", "webcal://").replace("http://", "webcal://")
        + "/calendar/programme-en.ics"
    )


@pytest.mark.parametrize("value", ["example.org", "ftp://example.org", "https://x.org/?a=1", ""])
def test_bad_base_url_says_what_to_give(value: str) -> None:
    with pytest.raises(ValueError, match="e.g. https://|query or fragment"):
        paths.check_base_url(value)


def test_every_page_text_goes_through_tr(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, str]] = []

    def fake_tr(lang: str, message: str) -> str:
        seen.append((lang, message))
        return f"<{lang}>{message}"

    monkeypatch.setattr(texts, "tr", fake_tr)
    words = texts.page_texts("es")
    assert words["programme"] == "<es>Programme" and words["your_time"] == "<es>Your time"
    assert all(lang == "es" for lang, _ in seen) and len(seen) >= 25
    assert len(seen) == sum(value.startswith("<es>") for value in words.values())


def test_zone_choices_name_the_country_in_the_page_language() -> None:
    spanish = dict(zone_choices(("America/Mexico_City", "America/Port-au-Prince"), "es"))
    assert spanish["America/Mexico_City"] == "México (Mexico City)"
    assert spanish["America/Port-au-Prince"] == "Haití (Port-au-Prince)"
    assert dict(zone_choices(("Europe/Madrid",), "en")) == {"Europe/Madrid": "Europe/Madrid"}
