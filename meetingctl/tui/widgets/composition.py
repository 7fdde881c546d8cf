"""Horizontal bars showing a panel's composition (shares per gender, region, category)."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

PALETTE = ("magenta", "cyan", "green", "yellow", "blue", "red", "bright_black")


def bar(counts: dict[str, int], width: int = 20) -> Text:
    """One stacked bar with a legend, e.g. '██████░░░░ woman 3 · man 2'."""
    total = sum(counts.values())
    text = Text()
    if total == 0:
        return Text("—", style="dim")
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    used = 0
    for index, (_value, count) in enumerate(items):
        cells = round(width * count / total) if index < len(items) - 1 else width - used
        used += cells
        text.append("█" * max(cells, 0), style=PALETTE[index % len(PALETTE)])
    text.append("  ")
    for index, (value, count) in enumerate(items):
        if index:
            text.append(" · ")
        text.append(f"{value} {count}", style=PALETTE[index % len(PALETTE)])
    return text


class CompositionBars(Static):
    """Shows one session's composition as one bar per dimension."""

    def show(self, title: str, counts: dict[str, dict[str, int]], labels: dict[str, str]) -> None:
        """Render ``counts`` ({dimension: {value: n}}) with translated dimension ``labels``."""
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold")
        grid.add_column()
        for dimension, values in counts.items():
            grid.add_row(labels.get(dimension, dimension), bar(values))
        self.update(Group(Text(title, style="bold"), grid))
