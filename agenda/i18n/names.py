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

from agenda.model.enums import Gender, Role
from agenda.reference._files import read_csv
from agenda.time.zones import local_to_utc, utc_offset_label

#: Honorific (folded, without dots) -> {"en": ..., "es_w": ..., "es_m": ..., "es": ...}.
#: Spanish forms agree with gender; "Mx." has no Spanish equivalent and is left empty.
_HONORIFICS: tuple[dict[str, str], ...] = (
    {"en": "Ms.", "es": "Sra.", "keys": "ms|mrs|miss|sra|senora|srta|senorita"},
    {"en": "Mr.", "es": "Sr.", "keys": "mr|sr|senor"},
    {"en": "Mx.", "es": "", "keys": "mx"},
    {"en": "Dr.", "es_w": "Dra.", "es_m": "Dr.", "es": "Dr.", "keys": "dr|dra|doctor|doctora"},
    {
        "en": "H.E.",
        "es_w": "Excma.",
        "es_m": "Excmo.",
        "es": "Excmo./Excma.",
        "keys": "he|his excellency|her excellency|excmo|excma|excelentisimo|excelentisima",
    },
    {"en": "Amb.", "es": "Emb.", "keys": "amb|ambassador|emb|embajador|embajadora"},
    {"en": "Prof.", "es": "Prof.", "keys": "prof|professor|profesor|profesora"},
)


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.replace(".", "").casefold().split())


@lru_cache(maxsize=1)
def _honorific_index() -> dict[str, dict[str, str]]:
    index = {}
    for entry in _HONORIFICS:
        for key in entry["keys"].split("|"):
            index[key] = entry
    return index


def honorific_for(stored: str, lang: str, gender: Gender | str | None = None) -> str:
    """The honorific in ``lang`` ("Ms." -> "Sra.", "Sr." -> "Mr."; "Mx." -> "" in Spanish).

    Spanish forms agree with ``gender`` where Spanish has two ("Dra."/"Dr.", "Excma."/"Excmo.").
    An honorific not in the table is printed as recorded.
    """
    text = (stored or "").strip()
    entry = _honorific_index().get(_fold(text))
    if entry is None:
        return text
    if lang != "es":
        return entry["en"]
    if gender == Gender.WOMAN and "es_w" in entry:
        return entry["es_w"]
    if gender == Gender.MAN and "es_m" in entry:
        return entry["es_m"]
    if "es_w" in entry and _fold(text) in ("dra", "doctora", "excma", "excelentisima"):
        return entry["es_w"]
    if "es_m" in entry and _fold(text) in ("dr", "excmo", "excelentisimo"):
        return entry["es_m"]
    return entry["es"]


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


#: Role -> (English singular, English plural, Spanish woman, Spanish man, Spanish neutral,
#: Spanish plural).
_ROLE_LABELS: dict[Role, tuple[str, str, str, str, str, str]] = {
    Role.CHAIR: ("Chair", "Chairs", "Presidencia", "Presidencia", "Presidencia", "Presidencia"),
    Role.CO_CHAIR: (
        "Co-chair",
        "Co-chairs",
        "Copresidencia",
        "Copresidencia",
        "Copresidencia",
        "Copresidencia",
    ),
    Role.MODERATOR: (
        "Moderator",
        "Moderators",
        "Moderación",
        "Moderación",
        "Moderación",
        "Moderación",
    ),
    Role.KEYNOTE_SPEAKER: (
        "Keynote speaker",
        "Keynote speakers",
        "Oradora principal",
        "Orador principal",
        "Orador(a) principal",
        "Oradores principales",
    ),
    Role.PANELLIST: (
        "Panellist",
        "Panellists",
        "Panelista",
        "Panelista",
        "Panelista",
        "Panelistas",
    ),
    Role.DISCUSSANT: (
        "Discussant",
        "Discussants",
        "Comentarista",
        "Comentarista",
        "Comentarista",
        "Comentaristas",
    ),
    Role.RAPPORTEUR: (
        "Rapporteur",
        "Rapporteurs",
        "Relatora",
        "Relator",
        "Relator(a)",
        "Relatores",
    ),
    Role.PARTICIPANT: (
        "Participant",
        "Participants",
        "Participante",
        "Participante",
        "Participante",
        "Participantes",
    ),
}


def role_label(role: Role | str, lang: str, genders: Sequence[Gender | str | None] = ()) -> str:
    """The label for people holding ``role``: singular or plural by how many ``genders`` are
    given, and in Spanish agreeing with the gender of a single person."""
    en_one, en_many, es_w, es_m, es_neutral, es_many = _ROLE_LABELS[Role(role)]
    if len(genders) > 1:
        return es_many if lang == "es" else en_many
    if lang != "es":
        return en_one
    gender = genders[0] if genders else None
    if gender == Gender.WOMAN:
        return es_w
    if gender == Gender.MAN:
        return es_m
    return es_neutral


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
