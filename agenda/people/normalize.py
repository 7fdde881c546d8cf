"""Normalization of free-text values from registration exports: countries, gender, stakeholder
categories, e-mail addresses and IANA time zones.

Rules (documented here because they decide what an import does):

* One forgiving key (:func:`fold_key`) for every value field: case, accents, punctuation,
  "&"/"and"/"y", articles, Spanish and English plurals and abbreviations ("Rep.", "Edo.",
  "St", "Sta.") are folded. Variants, acronyms and demonyms come from the packaged data file
  ``agenda/data/value_aliases.csv`` (see agenda.people.aliases).
* Countries resolve from English, Spanish, Portuguese or French names (UN-style and CLDR),
  ISO 3166-1 alpha-2 and alpha-3 codes, M49 numeric codes, common variants ("Rep Dom", "RD",
  "BVI", "Guyane"; "San Martín" is Sint Maarten, SX, as ECLAC writes it) and demonyms
  ("Dominicana", "mexicano", "Haitian"). A name that could mean two countries resolves to
  neither unless the alias file decides.
* Stakeholder categories resolve from labels, variants, organization types and the acronyms of
  the UN/IGO table and the region's processes (OEA, CARICOM, SICA, OPS, CICR, INDH...).
* Gender is self-described and never guessed from a name. Blank means ``unknown``. "F" is
  woman in both languages. "M" is ambiguous (English *male*; Spanish *masculino* or *mujer*):
  it means ``man`` only when the column header was English, otherwise it stays ``unknown`` with
  a warning. Unrecognized values stay ``unknown`` with a warning. "Other"/"Otro"/"Autre" (a
  self-description) is its own value, ``other``, not ``non_binary``. French labels (Femme,
  Homme) are read for Haiti.
* E-mail addresses are validated with email-validator (no DNS look-ups); the dedupe key is the
  normalized address in lower case.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from babel import Locale
from email_validator import EmailNotValidError, validate_email

from agenda.people.aliases import (
    CATEGORY_ALIASES,
    COUNTRY_ALIASES,
    DEMONYMS,
    GENDER_ALIASES,
    HONORIFIC_ALIASES,
)
from agenda.people.folding import fold_key as fold_key  # re-exported
from agenda.people.folding import text_key as text_key  # re-exported
from agenda.reference import countries, country, stakeholder_categories
from agenda.time import zones as timezones

GENDERS: tuple[str, ...] = ("woman", "man", "non_binary", "other", "undisclosed", "unknown")


def _derived_keys(name: str) -> list[str]:
    """Looser keys for a name: without the parenthesis, before a comma."""
    keys = []
    without_paren = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
    if without_paren != name:
        keys.append(fold_key(without_paren))
    if "," in name:
        keys.append(fold_key(name.split(",", 1)[0]))
    return keys


@cache
def _country_index() -> dict[str, str]:
    """Map of comparison key -> ISO2 (ambiguous names are left out; aliases decide)."""
    exact: dict[str, set[str]] = {}
    loose: dict[str, set[str]] = {}
    cldr = [Locale(lang).territories for lang in ("en", "es", "pt", "fr")]
    for item in countries():
        names = [item.name_en, item.name_es] + [t[item.iso2] for t in cldr if item.iso2 in t]
        for name in names:
            exact.setdefault(fold_key(name), set()).add(item.iso2)
            for key in _derived_keys(name):
                loose.setdefault(key, set()).add(item.iso2)
    index: dict[str, str] = {}
    for table in (loose, exact):  # exact names win over derived ones
        for key, codes in table.items():
            if len(codes) == 1:
                index[key] = next(iter(codes))
            elif table is exact:
                index.pop(key, None)
    for table_aliases in (DEMONYMS, COUNTRY_ALIASES):  # explicit decisions win over names
        for alias, iso2 in table_aliases.items():
            index[fold_key(alias)] = iso2
    for key, value in list(index.items()):
        index.setdefault(key.replace(" ", ""), value)
    return index


@cache
def _country_aliases_exact() -> dict[str, str]:
    """Aliases compared before folding, where folding would merge two places ("San Martín" is
    Sint Maarten as ECLAC writes it; "Saint-Martin" is the French part)."""
    exact = {text_key(alias): iso2 for alias, iso2 in DEMONYMS.items()}
    exact.update({text_key(alias): iso2 for alias, iso2 in COUNTRY_ALIASES.items()})
    return exact


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
    """ISO 3166-1 alpha-2 code for a country name, code, abbreviation, common variant or
    demonym ("Dominicana", "mexicana", "Haitian"); None if unknown.

    >>> normalize_country("Bolivia (Estado Plurinacional de)")
    'BO'
    >>> normalize_country("Rep Dom")
    'DO'
    """
    if text is None or not text.strip():
        return None
    raw = text.strip()
    compact = raw.upper()
    if compact.isdigit():
        compact = compact.zfill(3)
    if compact in _country_codes() and (compact.isdigit() or 2 <= len(compact) <= 3):
        return _country_codes()[compact]
    exact = _country_aliases_exact().get(text_key(raw))
    if exact is not None:
        return exact
    key = fold_key(raw)
    index = _country_index()
    return index.get(key) or index.get(key.replace(" ", "")) or _same_meaning(raw, index)


def suggest_countries(text: str, limit: int = 3, lang: str = "en") -> list[str]:
    """Close matches for an unrecognized country, as "Name (ISO2)" strings in ``lang``.

    A spelling of the Dominican Republic ("Republica Dominicna", "Dominicanna") never gets
    Dominica as its first suggestion."""
    return list(_suggest_countries(text, limit, lang))


def _looks_dominican_republic(key: str) -> bool:
    words = key.split()
    return "republica" in words or any(w.startswith("domin") and len(w) >= 9 for w in words)


@lru_cache(maxsize=1024)
def _suggest_countries(text: str, limit: int, lang: str = "en") -> tuple[str, ...]:
    index = _country_index()
    key = fold_key(text)
    matches = difflib.get_close_matches(key, list(index), n=limit * 4, cutoff=0.6)
    codes: list[str] = []
    for match in matches:
        if index[match] not in codes:
            codes.append(index[match])
    if _looks_dominican_republic(key) and "DM" in codes:
        codes = ["DO"] + [code for code in codes if code != "DO"]
    result = []
    for code in codes[:limit]:
        found = country(code)
        result.append(f"{found.name_es if lang == 'es' else found.name_en} ({code})")
    return tuple(result)


@dataclass(frozen=True, slots=True)
class GenderReading:
    """A gender value and, when the input was ambiguous or unknown, a warning for the user."""

    value: str
    warning: str | None = None


@cache
def _gender_index() -> dict[str, str]:
    index = {fold_key(value): value for value in GENDERS}
    index.update({fold_key(alias): value for alias, value in GENDER_ALIASES.items()})
    return index


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
    value = _gender_index().get(fold_key(text)) or _same_meaning(text, _gender_index())
    if value is None:
        return GenderReading(
            "unknown",
            f"unrecognized gender {text.strip()[:40]!r}; recorded as unknown (accepted: "
            "woman/mujer, man/hombre, non-binary/no binario, other/otro, "
            "prefer not to say/prefiero no decirlo)",
        )
    return GenderReading(value)


@cache
def _category_index() -> dict[str, str]:
    from agenda.reference._files import read_csv

    index: dict[str, str] = {}
    for item in stakeholder_categories():
        for name in (item.key, item.label_en, item.label_es):
            index[fold_key(name)] = item.key
            for part in re.split(r"[/|]", name):
                index.setdefault(fold_key(part), item.key)
    for alias, key in CATEGORY_ALIASES.items():
        index[fold_key(alias)] = key
    # UN entities and IGOs of the packaged table: their category is the one the alias table
    # gives their acronym (IGOs such as OAS, RCM), else the UN system.
    for row in read_csv("un_entities.csv"):
        acronym = fold_key(row["acronym_en"])
        key = index.get(acronym, "un_system")
        for name in (row["acronym_en"], row["acronym_es"], row["name_en"], row["name_es"]):
            index.setdefault(fold_key(name), key)
    return index


@lru_cache(maxsize=4096)
def normalize_category(text: str | None) -> str | None:
    """Stakeholder category key for an English or Spanish label, variant, acronym (OEA,
    CARICOM, OPS, CICR, INDH...) or organization type; None if unknown.

    The whole label is tried first, then its leading words ("Municipalidad de Lima" ->
    "municipalidad", "Cruz Roja Colombiana" -> "cruz roja"), then its trailing words
    ("Jamaica Red Cross" -> "red cross")."""
    if text is None or not text.strip():
        return None
    index = _category_index()
    key = fold_key(text)
    if key in index:
        return index[key]
    found = _same_meaning(text, index)
    if found is not None:
        return found
    inner = re.sub(r"\s*\(.*?\)\s*", " ", text).strip()
    if inner and inner != text.strip() and fold_key(inner) in index:
        return index[fold_key(inner)]
    words = key.split()
    for size in range(len(words) - 1, 0, -1):
        head = " ".join(words[:size])
        if head in index:
            return index[head]
    for start in range(1, len(words) - 1):
        tail = " ".join(words[start:])
        if tail in index:
            return index[tail]
    return None


@cache
def _honorific_index() -> dict[str, str]:
    return {_honorific_key(alias): key for alias, key in HONORIFIC_ALIASES.items()}


def _honorific_key(text: str) -> str:
    """Honorifics are short: case, accents, dots and spaces folded ("H.E." = "he")."""
    return text_key(text).replace(" ", "")


HONORIFICS: tuple[str, ...] = ("mr", "ms", "mx", "dr", "prof", "he", "amb", "hon", "lic", "ing")


@lru_cache(maxsize=4096)
def normalize_honorific(text: str | None) -> str | None:
    """Honorific key (one of :data:`HONORIFICS`) for "Sr.", "Sra.", "Excma. Sra.", "Dra.",
    "H.E.", "Mme", "Embajadora"...; None when blank or not recognized."""
    if text is None or not text.strip():
        return None
    return _honorific_index().get(_honorific_key(text))


def _same_meaning(text: str, index: dict[str, str]) -> str | None:
    """Value of a bilingual cell such as "Mujer / Woman" when every part means the same."""
    parts = [fold_key(part) for part in re.split(r"[/|]", text) if part.strip()]
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
