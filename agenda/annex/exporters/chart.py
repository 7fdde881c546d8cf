"""Horizontal bar charts as PNG images (Pillow), for embedding in the report.

reportlab's bitmap renderer needs an optional Cairo backend that is often missing, so charts are
drawn with Pillow (already required by reportlab) and the Bitstream Vera font packaged with
reportlab, which covers Spanish and other Latin-1 letters. Values are printed at the end of each
bar so the chart stays readable when printed in black and white.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import reportlab
from PIL import Image, ImageDraw, ImageFont

BAR_COLOUR = 90  # grey levels: the chart prints the same in colour and in black and white
TEXT_COLOUR = 0
SCALE = 2  # draw at twice the size for a crisp print at 150 dpi


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    try:
        return ImageFont.truetype(str(vera), size * SCALE)
    except OSError:
        return ImageFont.load_default()


def bar_chart_png(
    title: str, labels: Sequence[str], values: Sequence[int], width: int = 640
) -> bytes:
    """A PNG horizontal bar chart of ``values`` with ``labels`` and a ``title`` (none when
    empty: the document's caption carries it). Labels are printed in full, wrapped over as
    many lines as they need (never cut with an ellipsis)."""
    if len(labels) != len(values):
        raise ValueError("bar chart needs one label per value")
    font, title_font = _font(11), _font(13)
    line, gap, pad = 15 * SCALE, 8 * SCALE, 10 * SCALE
    measure = ImageDraw.Draw(Image.new("L", (1, 1)))
    label_width = max((measure.textlength(text, font=font) for text in labels), default=0)
    label_width = min(int(label_width) + pad, width * SCALE * 2 // 5)
    wrapped = [_wrap(measure, text, font, label_width - pad) for text in labels]
    heights = [max(len(lines) * line, 22 * SCALE) for lines in wrapped]
    title_space = pad + 20 * SCALE if title else 0
    height = pad * 2 + title_space + sum(h + gap for h in heights)
    image = Image.new("L", (width * SCALE, height), 255)
    draw = ImageDraw.Draw(image)
    if title:
        draw.text((pad, pad), title, fill=TEXT_COLOUR, font=title_font)
    y = pad + title_space
    bar_space = width * SCALE - label_width - pad * 2 - 60 * SCALE
    largest = max(values, default=0) or 1
    for lines, value, row in zip(wrapped, values, heights, strict=True):
        for number, text in enumerate(lines):
            draw.text((pad, y + number * line), text, fill=TEXT_COLOUR, font=font)
        length = int(bar_space * value / largest)
        x0 = label_width + pad
        if length:
            draw.rectangle((x0, y, x0 + length, y + 18 * SCALE), fill=BAR_COLOUR)
        draw.text((x0 + length + 4 * SCALE, y + 2 * SCALE), str(value), fill=TEXT_COLOUR, font=font)
        y += row + gap
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: object, room: int) -> list[str]:
    """``text`` broken at spaces into lines of at most ``room`` pixels (a word longer than
    the room gets a line of its own)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and draw.textlength(candidate, font=font) > room:  # type: ignore[arg-type]
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines or [""]
