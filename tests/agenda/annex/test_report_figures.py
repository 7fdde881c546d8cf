"""Report figures as ECLAC prints them: numbered "Figure N" captions with the title, the chart
with full labels, and a "Source" line under it."""

from __future__ import annotations

import io

from PIL import Image

from agenda.annex.document import build_annex
from agenda.annex.exporters.chart import bar_chart_png
from agenda.annex.report import build_report
from tests.agenda.annex.test_annex_data import build_dataset


def _paragraphs(lang: str) -> list[str]:
    meeting, sessions, people = build_dataset()
    annex = build_annex(meeting, sessions, people, lang, "confirmed", author="ECLAC")
    return [p.text for p in build_report(meeting, sessions, annex, []).paragraphs]


def test_figures_are_numbered_titled_and_sourced() -> None:
    texts = _paragraphs("en")
    captions = [t for t in texts if t.startswith("Figure ")]
    assert captions == ["Figure 1", "Figure 2", "Figure 3", "Figure 4"]
    first = texts.index("Figure 1")
    assert texts[first + 1] == "Participants by country"
    sources = [t for t in texts if t.startswith("Source: ")]
    assert sources == ["Source: ECLAC, on the basis of the registration records."] * 4
    assert texts.index(sources[0]) > first + 1


def test_chart_labels_are_wrapped_in_full_not_cut() -> None:
    long = "Estados Miembros de las Naciones Unidas que no son miembros de la Comisión"
    short = Image.open(io.BytesIO(bar_chart_png("", ["Chile"], [3])))
    tall = Image.open(io.BytesIO(bar_chart_png("", [long], [3])))
    assert tall.height > short.height  # the label takes several lines instead of an ellipsis
    assert tall.width == short.width
