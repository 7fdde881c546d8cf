"""The one time-zone policy for people.

A person's zone is their own (when it is a valid IANA name), else their country's capital zone
(when the country has a single one), else the meeting's home zone. The out-of-hours check,
best-time, balance suggestions, invitation texts and quiet hours all ask :func:`person_zone`.
"""

from __future__ import annotations

from functools import cache

from agenda import reference
from agenda.model.errors import ValidationError
from agenda.time.zones import validate_zone


@cache
def _valid(name: str) -> str | None:
    try:
        return validate_zone(name)
    except ValidationError:
        return None


@cache
def capital_zone(country_iso2: str) -> str | None:
    """The capital's IANA zone of a country (ISO 3166 alpha-2), None if unknown or ambiguous."""
    try:
        return reference.country(country_iso2.upper()).capital_zone
    except KeyError:
        return None


def known_zone(own_zone: str | None, country_iso2: str | None) -> str | None:
    """The person's own valid zone, else their country's capital zone, else None."""
    if own_zone and (valid := _valid(own_zone.strip())):
        return valid
    if country_iso2 and country_iso2.strip():
        return capital_zone(country_iso2.strip())
    return None


def person_zone(own_zone: str | None, country_iso2: str | None, home_zone: str) -> str:
    """The zone a person's times are shown and judged in: own, else capital, else home."""
    return known_zone(own_zone, country_iso2) or home_zone
