"""Readable names of the values the balance report shows (gender, region, category, severity)."""

from __future__ import annotations

from agenda import reference

_GENDER = {
    "woman": ("woman", "mujer"),
    "man": ("man", "hombre"),
    "non_binary": ("non-binary", "no binario"),
    "undisclosed": ("undisclosed", "no declarado"),
}
_SEVERITY = {"error": ("ERROR", "ERROR"), "warning": ("WARNING", "ADVERTENCIA")}
_OTHER_REGIONS = {
    "other": ("other", "otra"),
    "outside LAC": ("outside LAC", "fuera de ALC"),
    "unknown": ("unknown", "desconocida"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "es" else pair[0]


def gender_label(value: str, lang: str = "en") -> str:
    """``woman`` -> ``woman`` / ``mujer``; unknown codes are shown as they are."""
    pair = _GENDER.get(value)
    return _pick(pair, lang) if pair else value


def region_label(key: str, lang: str = "en") -> str:
    """``South America`` -> ``América del Sur`` in Spanish; other keys as they are."""
    try:
        return reference.region(key).name(lang)
    except KeyError:
        pair = _OTHER_REGIONS.get(key)
        return _pick(pair, lang) if pair else key


def category_label(key: str, lang: str = "en") -> str:
    """A stakeholder category code (``member_state``) as its label in ``lang``."""
    try:
        return reference.category(key).label(lang)
    except (KeyError, ValueError):
        return key


def severity_label(severity: str, lang: str = "en") -> str:
    """``error`` / ``warning`` as ERROR / WARNING (ADVERTENCIA in Spanish)."""
    pair = _SEVERITY.get(severity)
    return _pick(pair, lang) if pair else severity.upper()


def value_label(dimension: str, key: str, lang: str = "en") -> str:
    """The label of ``key`` in one composition dimension (gender, region or category)."""
    if dimension == "gender":
        return gender_label(key, lang)
    if dimension == "region":
        return region_label(key, lang)
    return category_label(key, lang)
