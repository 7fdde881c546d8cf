"""The row of screen tabs at the top of every screen (clickable; keys 1-6 do the same)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Tab, Tabs


class NavBar(Tabs):
    """Tabs naming the six screens; activating one switches the app's mode."""

    DEFAULT_CSS = """
    NavBar { dock: top; height: 2; }
    """

    def __init__(self, current: str, labels: list[tuple[str, str]]) -> None:
        tabs = [
            Tab(f"{index} {label}", id=f"nav-{mode}")
            for index, (mode, label) in enumerate(labels, start=1)
        ]
        super().__init__(*tabs, active=f"nav-{current}")
        self.current = current
        self.can_focus = False

    def compose(self) -> ComposeResult:
        yield from super().compose()

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        event.stop()
        mode = (event.tab.id or "").removeprefix("nav-")
        if mode and mode != self.current:
            self.app.switch_mode(mode)
            self.active = f"nav-{self.current}"
