"""The one translation front: gettext catalogs of the ``meetingctl`` domain, per language.

Every user-facing text goes through these functions with the language passed in (the domain has
no global locale). Catalogs live in ``agenda/locale/<lang>/LC_MESSAGES/meetingctl.po`` and are
compiled to ``.mo`` next to them; extraction is configured in ``babel.cfg`` with the keywords
``tr:2``, ``trn:2,3``, ``trp:2c,3`` and ``trnp:2c,3,4`` (the language is the first argument),
and the deferred markers ``N_``, ``NP_:1c,2`` and ``NNP_:1c,2,3`` (see :data:`KEYWORDS`).
A language without a catalog falls back to the msgid, which is English.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Final, TypeVar

K = TypeVar("K")

DOMAIN: Final = "meetingctl"
LOCALE_DIR: Final = Path(__file__).resolve().parent.parent / "locale"
#: Babel extraction keywords (``babel.messages.extract`` form); ``babel.cfg`` names the same.
KEYWORDS: Final[dict[str, tuple[int | tuple[int, str], ...]]] = {
    "tr": (2,),
    "trn": (2, 3),
    "trp": ((2, "c"), 3),
    "trnp": ((2, "c"), 3, 4),
    "N_": (1,),
    "NP_": ((1, "c"), 2),
    "NNP_": ((1, "c"), 2, 3),
    "NC_": ((1, "c"), 2),
}
#: Separator of a context and a msgid in a deferred contextual message (as in .mo files).
CONTEXT_SEPARATOR: Final = "\x04"


def base_language(lang: str | None) -> str:
    """Reduce ``es-419``, ``es_MX.UTF-8`` or ``ES`` to ``es``; empty or None gives ``en``."""
    if not lang:
        return "en"
    return lang.replace("-", "_").split(".")[0].split("_")[0].lower() or "en"


@lru_cache(maxsize=32)
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog for ``lang`` (cached); a null catalog when none exists."""
    code = base_language(lang)
    return _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[code], fallback=True)


def tr(lang: str, message: str) -> str:
    """``message`` (an English msgid) in ``lang``; a deferred ``NC_`` message keeps its context."""
    if CONTEXT_SEPARATOR in message:
        context, _, msgid = message.partition(CONTEXT_SEPARATOR)
        return trp(lang, context, msgid)
    return translations(lang).gettext(message)


def trn(lang: str, singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, by the catalog's plural rule."""
    return translations(lang).ngettext(singular, plural, count)


def trp(lang: str, context: str, message: str) -> str:
    """``message`` in ``lang`` under a context (e.g. ``"female"`` for gender agreement)."""
    return translations(lang).pgettext(context, message)


def trnp(lang: str, context: str, singular: str, plural: str, count: int) -> str:
    """Plural forms under a context."""
    return translations(lang).npgettext(context, singular, plural, count)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for a deferred msgid
    """Mark ``message`` for extraction without translating it now (translate later with tr)."""
    return message


def NC_(context: str, message: str) -> str:  # noqa: N802
    """A deferred message with a context, translated later by :func:`tr` (which splits it)."""
    return f"{context}{CONTEXT_SEPARATOR}{message}"


def NP_(context: str, message: str) -> str:  # noqa: N802
    """Mark ``message`` under ``context`` for extraction; returns ``message`` (use trp later)."""
    del context
    return message


def NNP_(context: str, singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    """Mark a plural pair under ``context`` for extraction; returns the pair (use trnp later)."""
    del context
    return singular, plural


def plain(message: str) -> str:
    """A deferred ``NC_`` message as English (the msgid without its context)."""
    return message.rpartition(CONTEXT_SEPARATOR)[2]


def has_translation(lang: str, message: str) -> bool:
    """Whether the catalog of ``lang`` translates ``message`` (a msgid, or an ``NC_`` message)."""
    catalog = getattr(translations(lang), "_catalog", None)
    return bool(catalog) and message in catalog  # type: ignore[operator]


def available_languages() -> tuple[str, ...]:
    """The languages that have a compiled catalog (besides English, the msgids)."""
    return tuple(
        sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    )


def tr_table(lang: str, table: Mapping[K, str]) -> dict[K, str]:
    """Every msgid of ``table`` (key -> msgid, marked with N_) translated into ``lang``."""
    return {key: tr(lang, msgid) for key, msgid in table.items()}
