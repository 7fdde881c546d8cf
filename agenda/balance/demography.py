"""Demography of speakers: age bands, youth and older persons, consented self-identification.

Ages are optional: a year of birth (the age is the meeting's year minus it, give or take a
year) or an age band. Youth follows a configurable definition: the United Nations' 15-24
(``un``, the default; UN General Assembly A/36/215, resolution 36/28) or 18-35 (``18-35``,
common in national youth laws and the African Youth Charter). Older persons are 60 and over
(UN Principles for Older Persons). Without a known age the ``is_youth`` flag (or a
youth-organization category) decides, so existing rosters keep working.

Self-identification (Indigenous peoples, people of African descent, persons with disabilities,
migrants speaking from lived experience) is sensitive: it counts only when the consent is
recorded, only aggregate counts appear in reports, and it is never exported publicly.
"""

from __future__ import annotations

from typing import Final

from agenda.reference.balance_vocab import AGE_BANDS, SELF_IDENTIFICATION

__all__ = ["AGE_BANDS", "OLDER_BANDS", "SELF_IDENTIFICATION", "YOUTH_DEFINITIONS"]

YOUTH_DEFINITIONS: Final[dict[str, frozenset[str]]] = {
    "un": frozenset({"15_17", "18_24"}),
    "18-35": frozenset({"18_24", "25_35"}),
}
OLDER_BANDS: Final = frozenset({"60_plus"})


def band_of_age(age: int) -> str:
    """The age band of ``age`` in whole years."""
    if age < 15:
        return "under_15"
    if age < 18:
        return "15_17"
    if age < 25:
        return "18_24"
    if age <= 35:
        return "25_35"
    if age < 60:
        return "36_59"
    return "60_plus"


def age_band(birth_year: int | None, band: str | None, reference_year: int | None) -> str | None:
    """The band from a year of birth (at ``reference_year``), else the given band, else None."""
    if birth_year and reference_year:
        return band_of_age(reference_year - int(birth_year))
    if band in AGE_BANDS:
        return band
    return None


def is_youth(band: str | None, flag: bool, definition: str = "un") -> bool:
    """Young by ``definition`` when the age is known, else by the declared flag."""
    if band is None:
        return flag
    return band in YOUTH_DEFINITIONS.get(definition, YOUTH_DEFINITIONS["un"])
