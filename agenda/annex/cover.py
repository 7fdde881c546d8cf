"""The optional cover block of annex (g) and the report: document symbol, place and date, and
the original language, as ECLAC prints them at the top right of the first page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel import Locale

from agenda.i18n.catalog import tr
from agenda.i18n.export import long_date


@dataclass(frozen=True)
class CoverInfo:
    """What the configuration says about the document (every part optional)."""

    symbol: str = ""
    day: date | None = None
    place: str = ""
    original_language: str = ""

    @property
    def empty(self) -> bool:
        """True when nothing is configured (no cover block is printed)."""
        return not (self.symbol or self.day or self.place or self.original_language)


def cover_lines(cover: CoverInfo | None, lang: str) -> tuple[str, ...]:
    """The block's lines in ``lang``: "LC/MIG.2021/3", "Santiago, 26 April 2021",
    "ORIGINAL: SPANISH"; empty when nothing is configured."""
    if cover is None or cover.empty:
        return ()
    lines = []
    if cover.symbol:
        lines.append(cover.symbol)
    when = long_date(cover.day, lang) if cover.day else ""
    place_date = ", ".join(part for part in (cover.place, when) if part)
    if place_date:
        lines.append(place_date)
    if cover.original_language:
        name = Locale(lang).languages.get(cover.original_language, cover.original_language)
        lines.append(tr(lang, "ORIGINAL: {language}").format(language=name.upper()))
    return tuple(lines)
