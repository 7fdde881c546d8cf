"""The language of the command line, and the help texts translated from it.

The language is, first to last: ``--lang`` anywhere on the command line, ``[ui] language`` of
the configuration file, the ``LC_ALL`` / ``LC_MESSAGES`` / ``LANG`` environment (when a catalog
exists for it), English. Help texts (docstrings and option help) are msgids of the catalogs under
the context ``cli help``; :func:`translate_commands` rewrites them in place when the command tree
is built for an invocation, keeping the English text to translate again for the next one.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import click

from agenda.i18n.catalog import N_, available_languages, base_language, tr, trp

HELP_CONTEXT = "cli help"
_ORIGINAL = "_meetingctl_msgid"
#: Click's own words, translated by TranslatedFormatter.
CLICK_WORDS = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
)
#: Groups whose ``--lang`` means something else (the meeting's or the document's language).
_OWN_LANGUAGE = frozenset({"invite", "export"})


#: The language main() chose for the invocation being run (None outside main()).
_current: list[str | None] = [None]


def current_language() -> str | None:
    """The language main() chose for this invocation, if any."""
    return _current[0]


def forget_language() -> None:
    """Back to no chosen language (main() is over)."""
    _current[0] = None


def languages() -> list[str]:
    """The languages a ``--lang`` option accepts: English and every catalog."""
    return ["en", *available_languages()]


def _from_args(args: Sequence[str]) -> str | None:
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


def _config_path(args: Sequence[str]) -> str | None:
    for index, arg in enumerate(args):
        if arg == "--config" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--config="):
            return arg.partition("=")[2]
    return os.environ.get("MEETINGCTL_CONFIG")


def _from_config(args: Sequence[str]) -> str | None:
    from meetingctl.config import default_config_path

    path = _config_path(args) or str(default_config_path())
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # a broken file is reported by the command, not here
    value = data.get("ui", {}).get("language") if isinstance(data.get("ui"), dict) else None
    return value if isinstance(value, str) else None


def _from_environment() -> str | None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return base_language(value)
    return None


def choose_language(args: Sequence[str]) -> str:
    """The language of this invocation (see the module docstring)."""
    for found in (_from_args(args), _from_config(args), _from_environment()):
        if found and base_language(found) in languages():
            return base_language(found)
    return "en"


def _commands(root: click.Command) -> Iterator[click.Command]:
    yield root
    if isinstance(root, click.Group):
        for command in root.commands.values():
            yield from _commands(command)


def help_texts(root: click.Command) -> Iterator[str]:
    """Every help text of the tree (the English msgids), for extraction."""
    for command in _commands(root):
        for text in (_english(command, "help"), _english(command, "short_help")):
            if text:
                yield text
        for param in command.params:
            text = _english(param, "help")
            if text:
                yield text


def _english(owner: object, attribute: str) -> str | None:
    originals: dict[str, str | None] = owner.__dict__.setdefault(_ORIGINAL, {})
    if attribute not in originals:
        originals[attribute] = getattr(owner, attribute, None)
    return originals[attribute]


def _translate(owner: object, attribute: str, lang: str) -> None:
    english = _english(owner, attribute)
    if english:
        setattr(owner, attribute, trp(lang, HELP_CONTEXT, english))


def translate_commands(root: click.Command, lang: str) -> None:
    """Every help text of the tree in ``lang`` (English again for ``en``)."""
    for command in _commands(root):
        _translate(command, "help", lang)
        _translate(command, "short_help", lang)
        for param in command.params:
            _translate(param, "help", lang)


def default_languages(root: click.Group, lang: str) -> dict[str, object]:
    """A click ``default_map`` giving every ``--lang`` option of the tree the chosen language."""

    def follows(param: click.Parameter) -> bool:
        choices = getattr(param.type, "choices", ())
        return param.name == "lang" and param.default is None and lang in choices

    def build(group: click.Group) -> dict[str, object]:
        mapping: dict[str, object] = {}
        for name, command in group.commands.items():
            if name in _OWN_LANGUAGE:
                continue
            if isinstance(command, click.Group):
                mapping[name] = build(command)
            elif any(follows(param) for param in command.params):
                mapping[name] = {"lang": lang}
        return mapping

    return build(root)


class TranslatedFormatter(click.HelpFormatter):
    """Click's help layout with its own words ("Usage:", "Options") from the catalogs."""

    language = "en"

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """The usage line with a translated prefix."""
        super().write_usage(prog, args, prefix=tr(self.language, "Usage:") + " ")

    def write_heading(self, heading: str) -> None:
        """A section heading ("Options", "Commands") translated."""
        super().write_heading(tr(self.language, heading))

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        """Definition rows, click's own option texts translated."""
        shown = [
            (term, tr(self.language, text) if text in CLICK_WORDS else text) for term, text in rows
        ]
        super().write_dl(shown, col_max, col_spacing)


class TranslatedContext(click.Context):
    """A click context that formats help with :class:`TranslatedFormatter`."""

    formatter_class = TranslatedFormatter


def apply_language(root: click.Command, lang: str) -> None:
    """Help texts, click's words and the help layout of the whole tree in ``lang``."""
    TranslatedFormatter.language = lang
    _current[0] = lang
    translate_commands(root, lang)
    for command in _commands(root):
        command.context_class = TranslatedContext
    for param in root.params:
        if param.name == "language":  # the root's --lang: every catalog present now
            param.type = click.Choice(languages())
