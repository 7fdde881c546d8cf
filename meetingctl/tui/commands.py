"""Command palette (Ctrl+P): every screen, the language switch, every action of every screen
and each kind of export, with translated titles and help."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from meetingctl.tui.app import MeetingApp

Command = tuple[str, str, Callable[[], Awaitable[None]]]


def _run_in_mode(app: MeetingApp, mode: str, action: str) -> Callable[[], Awaitable[None]]:
    """A callback that opens ``mode`` (if needed) and runs ``action`` on its screen."""

    async def run() -> None:
        if app.current_mode != mode:
            await app.switch_mode(mode)
        await app.screen.run_action(action)

    return run


def _open_mode(app: MeetingApp, mode: str) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        await app.switch_mode(mode)

    return run


def palette_commands(app: MeetingApp) -> Iterator[Command]:
    """(title, help, callback) of every palette entry, in the current UI language."""
    t = app.i18n.t
    for number, mode in enumerate(app.MODE_ORDER, start=1):
        yield t(f"mode.{mode}"), t("cmd.help.mode", keys=number), _open_mode(app, mode)

    async def toggle() -> None:
        await app.action_toggle_language()

    yield t("key.language"), t("cmd.help.language"), toggle
    for mode in app.MODE_ORDER:
        screen_class = app.MODES[mode]
        seen: set[str] = set()
        for binding in getattr(screen_class, "BINDINGS", ()):
            if not isinstance(binding, Binding) or binding.action in seen:
                continue
            description = binding.description
            if not description or "." not in description:
                continue
            seen.add(binding.action)
            specific = f"cmd.{mode}.{binding.action}"
            text = t(specific) if app.i18n.has(specific) else t(description)
            key = binding.key_display or binding.key.split(",")[0]
            yield (
                f"{t('mode.' + mode)}: {text}",
                t("cmd.help.key", keys=key),
                _run_in_mode(app, mode, binding.action),
            )
    for what in ("annex", "report", "calendar", "roster"):
        yield (
            f"{t('mode.exports')}: {t('cmd.export.' + what)}",
            t("cmd.help.export"),
            _run_in_mode(app, "exports", f"export_kind('{what}')"),
        )


class MeetingCommands(Provider):
    """Offers the app's screens, the language switch and every screen action."""

    def _commands(self) -> list[Command]:
        return list(palette_commands(self.app))  # type: ignore[arg-type]

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
