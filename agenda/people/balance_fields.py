"""Validation of the balance fields of a person (issue 16): government sector and level, year
of birth or age band, and consent-based self-identification with the date of the consent.

Self-identification and ages are sensitive: the audit log records that they changed, never
their values, and exports leave them out unless asked (:mod:`agenda.people.export`)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from agenda.model.errors import ValidationError
from agenda.reference.balance_vocab import AGE_BANDS, LEVELS, SECTORS, SELF_IDENTIFICATION

BALANCE_FIELDS = (
    "gov_sector",
    "gov_level",
    "birth_year",
    "age_band",
    "self_identification",
    "self_id_consent_at",
    "self_id_consent_note",
)
#: Never written to the audit log with their values.
SENSITIVE_FIELDS = frozenset(
    {"birth_year", "age_band", "self_identification", "self_id_consent_at", "self_id_consent_note"}
)


def _choice(name: str, value: object, allowed: tuple[str, ...]) -> str | None:
    text = str(value or "").strip().lower().replace("-", "_").replace(" ", "_")
    if not text:
        return None
    if text not in allowed:
        raise ValidationError(f"{name}: {value!r} is not one of {', '.join(allowed)}")
    return text


def balance_value(name: str, value: object) -> object:
    """The validated value of balance field ``name`` (ValidationError naming the field)."""
    if name == "gov_sector":
        return _choice(name, value, SECTORS)
    if name == "gov_level":
        return _choice(name, value, LEVELS)
    if name == "age_band":
        return _choice(name, value, AGE_BANDS)
    if name == "birth_year":
        if value in (None, ""):
            return None
        try:
            year = int(str(value))
        except ValueError:
            raise ValidationError(f"birth_year: {value!r} is not a year") from None
        if not 1900 <= year <= 2100:
            raise ValidationError(f"birth_year: {year} is not between 1900 and 2100")
        return year
    if name == "self_identification":
        items = [value] if isinstance(value, str) else list(value or ())  # type: ignore[call-overload]
        keys = [str(item).strip().lower().replace("-", "_") for item in items if str(item).strip()]
        unknown = [key for key in keys if key not in SELF_IDENTIFICATION]
        if unknown:
            raise ValidationError(
                f"self_identification: {', '.join(unknown)} not among "
                f"{', '.join(SELF_IDENTIFICATION)}"
            )
        return sorted(set(keys))
    if name == "self_id_consent_at":
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            return value
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError(
                f"self_id_consent_at: {value!r} is not a date (YYYY-MM-DD of the consent)"
            ) from None
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    if name == "self_id_consent_note":
        return str(value or "").strip()[:300]
    raise ValidationError(f"{name}: not a balance field")
