"""Stacked bars showing a panel's composition: one bar per dimension (gender, region,
category) in which each value's share is a segment with its own colour and character, so the
proportions stay visible without colour (e.g. in a plain-text capture), with a legend."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

PALETTE = ("magenta", "cyan", "green", "yellow", "blue", "red", "bright_black")
#: One fill character per segment: shares differ in a capture without colours.
FILLS = ("█", "▓", "▒", "░", "▚", "▞", "·")
WIDTH = 30


def segments(counts: dict[str, int], width: int = WIDTH) -> list[tuple[str, int, int]]:
    """(value, count, cells) per value, largest first; cells sum to ``width`` (largest
    remainder), and every value with a count gets at least one cell when it fits."""
    total = sum(counts.values())
    items = sorted(((v, c) for v, c in counts.items() if c > 0), key=lambda kv: (-kv[1], kv[0]))
    if total == 0:
        return []
    exact = [width * count / total for _value, count in items]
    cells = [max(1, int(x)) if width >= len(items) else int(x) for x in exact]
    order = sorted(range(len(items)), key=lambda i: exact[i] - cells[i], reverse=True)
    index = 0
    while sum(cells) < width and order:
        cells[order[index % len(order)]] += 1
        index += 1
    while sum(cells) > width:
        largest = max(range(len(cells)), key=lambda i: (cells[i], i))  # later = smaller share
        cells[largest] -= 1
    return [(value, count, cells[i]) for i, (value, count) in enumerate(items)]


def bar(
    counts: dict[str, int], label: Callable[[str], str] = str, width: int = WIDTH
) -> tuple[Text, Text]:
    """The stacked bar and its legend (``▓ Woman 3 (60%)``) for one dimension."""
    parts = segments(counts, width)
    if not parts:
        return Text("—", style="dim"), Text("")
    total = sum(count for _value, count, _cells in parts)
    drawn, legend = Text(), Text()
    for index, (value, count, cells) in enumerate(parts):
        style = PALETTE[index % len(PALETTE)]
        fill = FILLS[index % len(FILLS)]
        drawn.append(fill * cells, style=style)
        if index:
            legend.append("  ")
        legend.append(f"{fill} {label(value)} {count} ({round(100 * count / total)}%)", style=style)
    return drawn, legend


class CompositionBars(Static):
    """Shows one session's composition as one bar per dimension."""

    def show(
        self,
        title: str,
        counts: dict[str, dict[str, int]],
        labels: dict[str, str],
        value_label: Callable[[str, str], str] = lambda _dimension, value: value,
    ) -> None:
        """Render ``counts`` ({dimension: {value: n}}) with translated dimension ``labels``;
        ``value_label(dimension, value)`` names each value in the legend."""
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column()
        for dimension, values in counts.items():
            drawn, legend = bar(values, partial(value_label, dimension))
            grid.add_row(labels.get(dimension, dimension), drawn, legend)
        self.update(Group(Text(title, style="bold"), grid))
