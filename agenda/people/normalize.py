"""Normalization of free-text values from registration exports: countries, gender, stakeholder
categories, e-mail addresses and IANA time zones.

Rules (documented here because they decide what an import does):

* Countries resolve from English or Spanish names (UN-style and CLDR), ISO 3166-1 alpha-2 and
  alpha-3 codes, M49 numeric codes and common variants, ignoring case, accents, punctuation,
  "&"/"and"/"y" and "St."/"Saint". A name that could mean two countries resolves to neither.
* Gender is self-described and never guessed from a name. Blank means ``unknown``. "F" is
  woman in both languages. "M" is ambiguous (English *male*; Spanish *masculino* or *mujer*):
  it means ``man`` only when the column header was English, otherwise it stays ``unknown`` with
  a warning. Unrecognized values stay ``unknown`` with a warning. "Other"/"Otro" (a
  self-description outside man/woman) maps to ``non_binary``.
* E-mail addresses are validated with email-validator (no DNS look-ups); the dedupe key is the
  normalized address in lower case.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from babel import Locale
from email_validator import EmailNotValidError, validate_email

from agenda.people.aliases import CATEGORY_ALIASES, COUNTRY_ALIASES, GENDER_ALIASES
from agenda.reference import countries, country, stakeholder_categories
from agenda.time import zones as timezones

GENDERS: tuple[str, ...] = ("woman", "man", "non_binary", "undisclosed", "unknown")

_NON_WORD = re.compile(r"[^\w&]+")


@lru_cache(maxsize=16384)
def text_key(text: str) -> str:
    """Comparison key: accents removed, case-folded, punctuation and extra spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    spaced = _NON_WORD.sub(" ", stripped.casefold().replace("&", " and ").replace("_", " "))
    return " ".join(spaced.split())


def _country_key(text: str) -> str:
    words = text_key(text).split()
    words = ["saint" if word in {"st", "ste"} else word for word in words]
    words = ["and" if word == "y" else word for word in words]
    if words and words[0] in {"the", "la", "el", "las", "los"}:
        words = words[1:]
    return " ".join(words)


def _derived_keys(name: str) -> list[str]:
    """Looser keys for a name: without the parenthesis, before a comma, without spaces."""
    keys = []
    without_paren = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
    if without_paren != name:
        keys.append(_country_key(without_paren))
    if "," in name:
        keys.append(_country_key(name.split(",", 1)[0]))
    return keys


@cache
def _country_index() -> dict[str, str]:
    """Map of comparison key -> ISO2 (ambiguous keys are left out)."""
    exact: dict[str, set[str]] = {}
    loose: dict[str, set[str]] = {}
    cldr = [Locale(lang).territories for lang in ("en", "es", "pt", "fr")]
    for item in countries():
        names = [item.name_en, item.name_es] + [t[item.iso2] for t in cldr if item.iso2 in t]
        for name in names:
            exact.setdefault(_country_key(name), set()).add(item.iso2)
            for key in _derived_keys(name):
                loose.setdefault(key, set()).add(item.iso2)
    for alias, iso2 in COUNTRY_ALIASES.items():
        exact.setdefault(_country_key(alias), set()).add(iso2)
    index: dict[str, str] = {}
    for table in (loose, exact):  # exact names win over derived ones
        for key, codes in table.items():
            if len(codes) == 1:
                index[key] = next(iter(codes))
            elif table is exact:
                index.pop(key, None)
    for key, value in list(index.items()):
        index.setdefault(key.replace(" ", ""), value)
    return index


@cache
def _country_codes() -> dict[str, str]:
    codes: dict[str, str] = {}
    for item in countries():
        codes[item.iso2] = item.iso2
        codes[item.iso3] = item.iso2
        codes[item.m49] = item.iso2
    return codes


@lru_cache(maxsize=4096)
def normalize_country(text: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code for a country name, code or common variant; None if unknown.

    >>> normalize_country("Bolivia (Estado Plurinacional de)")
    'BO'
    """
    if text is None or not text.strip():
        return None
    raw = text.strip()
    compact = raw.upper()
    if compact.isdigit():
        compact = compact.zfill(3)
    if compact in _country_codes() and (compact.isdigit() or 2 <= len(compact) <= 3):
        return _country_codes()[compact]
    key = _country_key(raw)
    index = _country_index()
    return index.get(key) or index.get(key.replace(" ", ""))


def suggest_countries(text: str, limit: int = 3, lang: str = "en") -> list[str]:
    """Close matches for an unrecognized country, as "Name (ISO2)" strings in ``lang``."""
    return list(_suggest_countries(text, limit, lang))


@lru_cache(maxsize=1024)
def _suggest_countries(text: str, limit: int, lang: str = "en") -> tuple[str, ...]:
    index = _country_index()
    matches = difflib.get_close_matches(_country_key(text), list(index), n=limit * 4, cutoff=0.6)
    result: list[str] = []
    for match in matches:
        found = country(index[match])
        label = f"{found.name_es if lang == 'es' else found.name_en} ({index[match]})"
        if label not in result:
            result.append(label)
    return tuple(result[:limit])


@dataclass(frozen=True, slots=True)
class GenderReading:
    """A gender value and, when the input was ambiguous or unknown, a warning for the user."""

    value: str
    warning: str | None = None


@cache
def _gender_index() -> dict[str, str]:
    return {text_key(alias): value for alias, value in GENDER_ALIASES.items()}


def read_gender(text: str | None, header_language: str | None = None) -> GenderReading:
    """Interpret a self-described gender cell (see the module docstring for the rules)."""
    if text is None or not text.strip():
        return GenderReading("unknown")
    key = text_key(text)
    if not key:
        return GenderReading("unknown")
    if key == "m":
        if header_language == "en":
            return GenderReading("man")
        return GenderReading(
            "unknown",
            "'M' is ambiguous (masculino / mujer); recorded as unknown - use 'Mujer', "
            "'Hombre', 'Female' or 'Male'",
        )
    value = _gender_index().get(key) or _same_meaning(text, _gender_index())
    if value is None:
        return GenderReading(
            "unknown",
            f"unrecognized gender {text.strip()[:40]!r}; recorded as unknown (accepted: "
            "woman/mujer, man/hombre, non-binary/no binario, "
            "prefer not to say/prefiero no decirlo)",
        )
    return GenderReading(value)


@cache
def _category_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for item in stakeholder_categories():
        for name in (item.key, item.label_en, item.label_es):
            index[text_key(name)] = item.key
    for alias, key in CATEGORY_ALIASES.items():
        index[text_key(alias)] = key
    return index


@lru_cache(maxsize=4096)
def normalize_category(text: str | None) -> str | None:
    """Stakeholder category key for an English or Spanish label or variant; None if unknown."""
    if text is None or not text.strip():
        return None
    index = _category_index()
    key = text_key(text)
    if key in index:
        return index[key]
    singular = " ".join(word[:-1] if word.endswith("s") else word for word in key.split())
    return index.get(singular) or _same_meaning(text, index)


def _same_meaning(text: str, index: dict[str, str]) -> str | None:
    """Value of a bilingual cell such as "Mujer / Woman" when every part means the same."""
    parts = [text_key(part) for part in re.split(r"[/|]", text) if part.strip()]
    if len(parts) < 2:
        return None
    values = {index.get(part) for part in parts}
    return values.pop() if len(values) == 1 else None


# Plain ASCII dot-atom addresses (the vast majority): the local part is checked here and the
# domain by email-validator once per distinct domain. Everything else goes through
# email-validator whole. tests/agenda/test_normalize.py proves both paths agree.
_PLAIN_ADDRESS = re.compile(
    r"^([A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)@([A-Za-z0-9.-]+)$"
)


@lru_cache(maxsize=4096)
def _plain_domain(domain: str) -> str:
    """Normalized domain, validated by email-validator (raises EmailNotValidError)."""
    return validate_email(f"a@{domain}", check_deliverability=False).domain


def _validate(address: str) -> str:
    match = _PLAIN_ADDRESS.match(address)
    if match and len(match.group(1)) <= 64 and len(address) <= 254:
        return f"{match.group(1)}@{_plain_domain(match.group(2))}"
    return validate_email(address, check_deliverability=False).normalized


def normalize_email(text: str | None) -> tuple[str, str]:
    """Validate an e-mail address with email-validator (no DNS look-ups); return
    (normalized address, lower-case dedupe key).

    Raises ValueError with the reason when the address is missing or invalid.
    """
    if text is None or not text.strip():
        raise ValueError("e-mail address is missing")
    try:
        normalized = _validate(text.strip())
    except EmailNotValidError as exc:
        raise ValueError(f"invalid e-mail address: {exc}") from None
    return normalized, normalized.lower()


def validate_zone(name: str | None) -> str:
    """Canonical IANA zone name for ``name`` (case-insensitive, spaces for underscores).

    Spreadsheets often write "America/Port of Spain", so spaces are read as underscores; the
    check and its error (UnknownZoneError, a ValueError) are those of
    :func:`agenda.time.zones.validate_zone`.
    """
    return timezones.validate_zone((name or "").strip().replace(" ", "_"))
