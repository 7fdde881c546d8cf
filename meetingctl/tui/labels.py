"""Human labels for the codes stored in the database (gender, stakeholder category, region,
role, invitation status) in the UI language; unknown codes are shown as they are."""

from __future__ import annotations

from agenda import reference
from agenda.i18n import labels
from meetingctl.tui.i18n import Translator


def code_label(i18n: Translator, dimension: str, code: str) -> str:
    """The label of ``code`` for ``dimension`` (gender, category, region, role, status)."""
    if not code:
        return ""
    lang = i18n.language
    if dimension == "category":
        try:
            return reference.category(code).label(lang)
        except KeyError:
            return code
    if dimension == "region":
        try:
            return reference.region(code).name(lang)
        except KeyError:
            return code
    if dimension == "gender":
        return labels.gender_label(lang, code)
    if dimension == "role":
        return labels.role_label(lang, code)
    if dimension == "status":
        return labels.status_label(lang, code)
    return code


def codes_label(i18n: Translator, dimension: str, codes: tuple[str, ...]) -> str:
    """Comma-separated labels of several codes."""
    return ", ".join(code_label(i18n, dimension, code) for code in codes)
