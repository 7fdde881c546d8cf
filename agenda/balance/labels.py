"""Readable names of the values the balance report shows (gender, region, category, severity),
inside a sentence; the labels themselves are defined once in :mod:`agenda.i18n.labels`."""

from __future__ import annotations

from agenda.i18n import labels


def gender_label(value: str, lang: str = "en") -> str:
    """``woman`` -> ``woman`` / ``mujer``; unknown codes are shown as they are."""
    return labels.gender_label(lang, value, lower=True)


def region_label(key: str, lang: str = "en") -> str:
    """``South America`` -> ``América del Sur`` in Spanish; other keys as they are."""
    return labels.region_label(lang, key)


def category_label(key: str, lang: str = "en") -> str:
    """A stakeholder category code (``member_state``) as its label in ``lang``."""
    return labels.category_label(lang, key)


def severity_label(severity: str, lang: str = "en") -> str:
    """``error`` / ``warning`` as ERROR / WARNING (ADVERTENCIA in Spanish)."""
    return labels.severity_label(lang, severity)


def value_label(dimension: str, key: str, lang: str = "en") -> str:
    """The label of ``key`` in one composition dimension (gender, region or category)."""
    if dimension == "gender":
        return gender_label(key, lang)
    if dimension == "region":
        return region_label(key, lang)
    return category_label(key, lang)
