"""Names that change with the document's language: honorifics, UN/IGO names, role labels, zones.

Used by the annex and the report (agenda.annex.document). Free-text fields (positions) cannot be
translated and are printed as recorded, unmarked.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, time
from functools import lru_cache

from babel.dates import get_timezone_location

from agenda.i18n.catalog import NP_, trp
from agenda.i18n.labels import role_title
from agenda.model.enums import Gender, Role
from agenda.reference._files import read_csv
from agenda.time.zones import local_to_utc, utc_offset_label

#: Honorifics: the English msgid under the contexts ``honorific`` (gender unknown), ``honorific
#: female`` and ``honorific male`` (the catalog gives the form agreeing with the gender:
#: "Dra."/"Dr.") and the spellings recognised in stored data (folded, without dots). A
#: translation "-" means the language has no equivalent and the honorific is left out ("Mx." in
#: Spanish).
_HONORIFICS: tuple[tuple[str, str, str, str], ...] = (
    (
        NP_("honorific", "Ms."),
        NP_("honorific female", "Ms."),
        NP_("honorific male", "Ms."),
        "ms|mrs|miss|sra|senora|srta|senorita",
    ),
    (
        NP_("honorific", "Mr."),
        NP_("honorific female", "Mr."),
        NP_("honorific male", "Mr."),
        "mr|sr|senor",
    ),
    (NP_("honorific", "Mx."), NP_("honorific female", "Mx."), NP_("honorific male", "Mx."), "mx"),
    (
        NP_("honorific", "Dr."),
        NP_("honorific female", "Dr."),
        NP_("honorific male", "Dr."),
        "dr|dra|doctor|doctora",
    ),
    (
        NP_("honorific", "H.E."),
        NP_("honorific female", "H.E."),
        NP_("honorific male", "H.E."),
        "he|his excellency|her excellency|excmo|excma|excelentisimo|excelentisima",
    ),
    (
        NP_("honorific", "Amb."),
        NP_("honorific female", "Amb."),
        NP_("honorific male", "Amb."),
        "amb|ambassador|emb|embajador|embajadora",
    ),
    (
        NP_("honorific", "Prof."),
        NP_("honorific female", "Prof."),
        NP_("honorific male", "Prof."),
        "prof|professor|profesor|profesora",
    ),
)
#: Stored spellings that say the gender when the record does not.
_FEMALE_SPELLINGS = frozenset({"dra", "doctora", "excma", "excelentisima", "embajadora"})
_MALE_SPELLINGS = frozenset({"dr", "excmo", "excelentisimo", "embajador"})


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.replace(".", "").casefold().split())


@lru_cache(maxsize=1)
def _honorific_index() -> dict[str, tuple[str, str, str, str]]:
    index = {}
    for entry in _HONORIFICS:
        for key in entry[3].split("|"):
            index[key] = entry
    return index


def honorific_for(stored: str, lang: str, gender: Gender | str | None = None) -> str:
    """The honorific in ``lang`` ("Ms." -> "Sra.", "Sr." -> "Mr."; "Mx." -> "" in Spanish).

    The form agrees with ``gender`` where the language has two ("Dra."/"Dr.", "Excma."/
    "Excmo."), else with the stored spelling ("Dra."). An honorific not recognised is printed
    as recorded.
    """
    text = (stored or "").strip()
    folded = _fold(text)
    entry = _honorific_index().get(folded)
    if entry is None:
        return text
    if gender == Gender.WOMAN or (gender not in (Gender.MAN,) and folded in _FEMALE_SPELLINGS):
        context = "honorific female"
    elif gender == Gender.MAN or folded in _MALE_SPELLINGS:
        context = "honorific male"
    else:
        context = "honorific"
    result = trp(lang, context, entry[0])
    return "" if result == "-" else result


@lru_cache(maxsize=1)
def _entity_index() -> dict[str, dict[str, str]]:
    index: dict[str, dict[str, str]] = {}
    for row in read_csv("un_entities.csv"):
        names = {
            "en": f"{row['name_en']} ({row['acronym_en']})",
            "es": f"{row['name_es']} ({row['acronym_es']})",
        }
        for variant in (
            row["acronym_en"],
            row["acronym_es"],
            row["name_en"],
            row["name_es"],
            names["en"],
            names["es"],
        ):
            index.setdefault(_fold(variant), names)
    return index


def un_entity_name(name: str, lang: str) -> str | None:
    """The well-known UN entity or IGO ``name`` (an acronym or full name, English or Spanish)
    in ``lang`` as "Full name (ACRONYM)"; None when it is not in the packaged table."""
    names = _entity_index().get(_fold(name or ""))
    return names.get(lang) if names else None


def role_label(role: Role | str, lang: str, genders: Sequence[Gender | str | None] = ()) -> str:
    """The label for people holding ``role``: singular or plural by how many ``genders`` are
    given, and agreeing with the gender of a single person (see agenda.i18n.labels)."""
    return role_title(lang, role, genders)


def zone_description(zone_name: str, days: Iterable[date], lang: str) -> str:
    """'Chile (Santiago) Time (UTC-04:00)' / 'hora de Chile (Santiago de Chile) (UTC-04:00)'.

    The location name comes from Babel (CLDR); the offsets are those in force at noon on the
    given days (two offsets when daylight saving time changes during the meeting).
    """
    try:
        location = get_timezone_location(zone_name, locale=lang)
    except LookupError:
        location = zone_name
    offsets: list[str] = []
    for day in days:
        offset = utc_offset_label(local_to_utc(day, time(12), zone_name), zone_name)
        if offset not in offsets:
            offsets.append(offset)
    return f"{location} ({', '.join(offsets)})" if offsets else location
