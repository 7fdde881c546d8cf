"""Command palette: every screen switch and every binding of the current screen, translated."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from meetingctl.tui.app import MeetingApp


class MeetingCommands(Provider):
    """Offers the app's actions (screens, language, reload) and the current screen's actions."""

    def _commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        app: MeetingApp = self.app  # type: ignore[assignment]
        t = app.i18n.t
        for mode in app.MODE_ORDER:
            yield t(f"mode.{mode}"), mode, partial(app.switch_mode, mode)
        yield t("key.language"), "language", app.action_toggle_language
        screen = app.screen
        seen: set[str] = set()
        for _key, binding in screen._bindings:  # noqa: SLF001 - the screen's own bindings
            description = binding.description
            if not description or "." not in description or binding.action in seen:
                continue
            seen.add(binding.action)
            mode = getattr(screen, "MODE", "agenda")
            title = f"{t('mode.' + mode)}: {t(description)}"
            yield (
                title,
                binding.key_display or binding.key,
                partial(app.call_later, screen.run_action, binding.action),
            )

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
