"""Cell-level checks and conversions for people files (pure functions, no I/O)."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from agenda.model.limits import max_length
from agenda.model.orm import Organization, Person
from agenda.people.normalize import fold_key, text_key

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
PLACEHOLDERS: frozenset[str] = frozenset({"-", "--", "—", "–", "n/a", "N/A"})
MAX_LENGTH: dict[str, int] = {
    "given_name": 100,
    "family_name": 100,
    "honorific": 40,
    "email": 254,
    "accessibility": 1000,
    "notes": 2000,
}
MULTILINE_FIELDS: frozenset[str] = frozenset({"accessibility", "notes"})
DEFAULT_MAX_LENGTH = 200
#: People fields stored in a column not named like the field.
_FIELD_COLUMNS = {"organization": Organization.__table__.c.name}
#: Fields whose cell is turned into a short code before it is stored (a name -> its ISO code).
_CODED_FIELDS = frozenset({"country", "category"})


@cache
def field_limit(name: str) -> int:
    """The most characters people field ``name`` may hold: the stricter of the file rule
    (:data:`MAX_LENGTH`, else :data:`DEFAULT_MAX_LENGTH`) and the length of its database
    column (read from the ORM, so a value PostgreSQL would refuse is refused here first)."""
    rule = MAX_LENGTH.get(name, DEFAULT_MAX_LENGTH)
    if name in _CODED_FIELDS:
        return rule
    column = _FIELD_COLUMNS.get(name, Person.__table__.c.get(name))
    stored = max_length(column) if column is not None else None
    return min(rule, stored) if stored is not None else rule


# Cc (C0, DEL, C1), line/paragraph separators and bidirectional overrides/isolates.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_EXCEPT_NEWLINE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_PHONE = re.compile(r"^\+?[0-9][0-9 ().\-/]*(?:\s*(?:ext\.?|x)\s*[0-9]+)?$", re.IGNORECASE)
_TRUE = frozenset({"yes", "y", "si", "s", "true", "1", "x", "verdadero", "v"})
_FALSE = frozenset({"no", "n", "false", "0", "falso", "f"})
_LANGUAGE_SPLIT = re.compile(r"\s*(?:[,;/|+]|\band\b|\by\b|\be\b)\s*", re.IGNORECASE)
COMMON_LANGUAGES: tuple[str, ...] = (
    "es",
    "en",
    "fr",
    "pt",
    "ht",
    "nl",
    "pap",
    "gn",
    "qu",
    "ay",
    "de",
    "it",
    "ja",
    "ko",
    "zh",
    "ar",
    "ru",
    "nb",
    "tr",
    "hi",
)


def formula_prefix(value: str) -> str | None:
    """The character that makes ``value`` look like a spreadsheet formula, or None."""
    stripped = value.lstrip(" ")
    if stripped and stripped[0] in FORMULA_PREFIXES:
        return stripped[0]
    return None


def has_control_characters(value: str, allow_newlines: bool = False) -> bool:
    """True when ``value`` holds control, line/paragraph separator or bidi-override characters."""
    pattern = _CONTROL_EXCEPT_NEWLINE if allow_newlines else _CONTROL
    return pattern.search(value) is not None


def is_phone(value: str) -> bool:
    """True for a plausible phone number such as '+56 2 2210 2000' or '(809) 555-0100 x12'."""
    return bool(_PHONE.match(value.strip()))


def parse_bool(value: str) -> bool | None:
    """True/False for yes/no in English or Spanish (sí, x, 1, true...); None if unrecognized."""
    key = text_key(value)
    if key in _TRUE:
        return True
    if key in _FALSE or not key:
        return False
    return None


@cache
def _language_index() -> dict[str, str]:
    from babel import Locale

    from agenda.people.aliases import LANGUAGE_ALIASES

    index: dict[str, str] = {}
    for lang in ("en", "es", "pt", "fr"):
        names = Locale(lang).languages
        for code in COMMON_LANGUAGES:
            if code in names:
                index.setdefault(fold_key(names[code]), code)
    english_names = Locale("en").languages
    for tag in map(str, english_names):
        if tag.isalpha() and len(tag) in (2, 3):
            index.setdefault(tag.lower(), tag.lower())
    index.update({fold_key(alias): code for alias, code in LANGUAGE_ALIASES.items()})
    return index


@lru_cache(maxsize=4096)
def parse_languages(value: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Language codes from 'es, en', 'Español y Inglés', 'Spanish/English'.

    Returns (codes in order without repeats, unrecognized parts as a tuple).
    """
    codes: list[str] = []
    unknown: list[str] = []
    index = _language_index()
    for part in _LANGUAGE_SPLIT.split(value):
        key = fold_key(part)
        if not key:
            continue
        if key in index:
            found = [index[key]]
        elif all(word in index for word in key.split()):
            found = [index[word] for word in key.split()]  # "es en"
        else:
            unknown.append(part.strip())
            continue
        codes.extend(code for code in found if code not in codes)
    return tuple(codes), tuple(unknown)


def safe_excerpt(value: str, limit: int = 60) -> str:
    """A short, printable excerpt of a cell for error reports (control characters escaped)."""
    shown = "".join(
        repr(char)[1:-1] if has_control_characters(char) else char for char in value[:limit]
    )
    return shown + ("…" if len(value) > limit else "")
