"""Variant spellings accepted by agenda.people.normalize, read from the packaged data file
``agenda/data/value_aliases.csv`` (columns ``field,label,key``; sources in SOURCES.md).

Official and CLDR names in English, Spanish, Portuguese and French, the stakeholder labels and
the UN/IGO names of ``un_entities.csv`` are indexed automatically; the file lists what neither
source has: variants, abbreviations, acronyms, demonyms and the labels organizers type. Labels
are compared after :func:`agenda.people.normalize.fold_key` (case, accents, punctuation,
"&"/"y"/"and", articles, plurals and abbreviations folded), so one spelling per label is
enough.
"""

from __future__ import annotations

from functools import cache

from agenda.reference._files import read_csv

FIELDS: tuple[str, ...] = ("country", "demonym", "category", "gender", "honorific", "language")


@cache
def aliases(field: str) -> dict[str, str]:
    """Label -> key for ``field`` (one of :data:`FIELDS`), in file order."""
    if field not in FIELDS:
        raise KeyError(f"unknown alias field {field!r}; valid: {', '.join(FIELDS)}")
    return {
        row["label"]: row["key"] for row in read_csv("value_aliases.csv") if row["field"] == field
    }


COUNTRY_ALIASES: dict[str, str] = aliases("country")
DEMONYMS: dict[str, str] = aliases("demonym")
GENDER_ALIASES: dict[str, str] = aliases("gender")
CATEGORY_ALIASES: dict[str, str] = aliases("category")
HONORIFIC_ALIASES: dict[str, str] = aliases("honorific")
LANGUAGE_ALIASES: dict[str, str] = aliases("language")
