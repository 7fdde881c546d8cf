"""English and Spanish labels for the annex and the report, dates, and a collation key.

A missing translation never silently mixes languages: the English (or Spanish) text is used with
a visible marker, e.g. ``"[EN] Opening session"`` in a Spanish document, so a reviewer sees at a
glance what still has to be translated.

Collation: PyICU is not available and Babel has no collation, so :func:`collation_key` implements
the part of the Unicode Collation Algorithm readers notice in names and country names:

* primary level: letters without accents and case (``"Álvarez"`` files under A, ``"Østergaard"``
  under O: letters that do not decompose, such as ``ø``, ``æ``, ``ß``, ``ł``, are mapped to their
  base letters as in the CLDR root collation);
* Spanish only: ``ñ`` is a letter of its own between ``n`` and ``o`` (``"Ñúñez"`` after
  ``"Núñez"`` and after ``"Nyberg"``), as in the CLDR ``es`` tailoring;
* secondary level: unaccented before accented (``"Peña"`` vs ``"Pena"``); tertiary: lower case
  before upper case; finally the text itself so the order is total and stable.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from babel.dates import format_date

from agenda.i18n.catalog import N_, NC_, has_translation, plain, tr

LANGUAGES: tuple[str, ...] = ("en", "es")

#: Label key -> English msgid (the translations are in the catalogs, agenda/locale).
LABELS: dict[str, str] = {
    "annex": N_("Annex"),
    "organization_of_work": N_("Organization of work"),
    "list_of_participants": N_("List of participants"),
    "group_A": N_("Member States of the Commission"),
    "group_B": N_("Associate members"),
    "group_C": N_("Other States (observers)"),
    "group_D": N_("United Nations Secretariat, funds, programmes and specialized agencies"),
    "group_E": N_("Intergovernmental organizations"),
    "group_F": N_("Civil society organizations and other stakeholders"),
    "group_G": N_("Secretariat"),
    "head_of_delegation": NC_("male", "Head of delegation"),
    "head_of_delegation_woman": NC_("female", "Head of delegation"),
    "head_of_delegation_neutral": NC_("neutral", "Head of delegation"),
    "delegation_members": N_("Delegation members"),
    "day": N_("Day {number}"),
    "preparatory": N_("Preparatory activities"),
    "times_in": N_("All times are in {zone}."),
    "annex_subject": N_("Annex: organization of work and list of participants"),
    "objective_one": N_("Objective"),
    "chair_or_moderator": N_("Chair or moderator"),
    "general_inputs": N_("General inputs"),
    "time": N_("Time"),
    "session": N_("Session"),
    "kind": N_("Type"),
    "objectives": N_("Objectives"),
    "objective": N_("Objective {number}"),
    "chair": N_("Chair"),
    "co_chair": N_("Co-chair"),
    "moderator": N_("Moderator"),
    "speakers": N_("Speakers"),
    "page_of": N_("Page {page} of {total}"),
    "counted_registered": N_("Participants listed: all registered participants."),
    "counted_confirmed": N_("Participants listed: participants who confirmed their participation."),
    "counted_attended": N_("Participants listed: participants who attended the meeting."),
    "no_sessions": N_("No sessions scheduled."),
    "no_participants": N_("No participants listed."),
    "total_participants": N_("Total participants: {count}"),
    "country_not_recorded": N_("Country not recorded"),
    "organization_not_recorded": N_("Organization not recorded"),
    "col_group": N_("Group"),
    "col_subgroup": N_("Delegation or organization"),
    "col_head": NC_("column", "Head of delegation"),
    "col_honorific": N_("Honorific"),
    "col_name": N_("Name"),
    "col_position": N_("Position"),
    "col_organization": N_("Organization"),
    "col_country": N_("Country"),
    "col_date": N_("Date"),
    "col_utc_offset": N_("UTC offset"),
    "yes": N_("yes"),
    "no": N_("no"),
    "report_title": N_("Report of the meeting"),
    "section_a": N_("(a) Introduction"),
    "section_b": N_("(b) Executive summary"),
    "section_c": N_("(c) Key findings"),
    "section_d": N_("(d) Selected good practices and lessons learned from the region"),
    "section_e": N_("(e) Challenges and opportunities"),
    "section_f": N_(
        "(f) Conclusions and recommendations for implementation and a future regional review"
    ),
    "section_g": N_("(g) Annex: organization of work and list of participants"),
    "placeholder": N_("[Text to be drafted by the secretariat.]"),
    "rapporteur_placeholder": N_("[Summary of the discussion, to be drafted by the rapporteur.]"),
    "round_tables": N_("Round tables"),
    "inputs_received": N_("Inputs received"),
    "no_inputs": N_("No written inputs were received for these objectives."),
    "participation": N_("Participation"),
    "by_country": N_("Participants by country"),
    "by_region": N_("Participants by region"),
    "by_gender": N_("Participants by gender"),
    "by_category": N_("Participants by stakeholder category"),
    "count": N_("Participants"),
    "total": N_("Total"),
    "outside_region": N_("Outside the region"),
    "no_country": N_("Not recorded"),
    "gender_woman": NC_("gender group", "Women"),
    "gender_man": NC_("gender group", "Men"),
    "gender_non_binary": NC_("gender group", "Non-binary people"),
    "gender_undisclosed": NC_("gender group", "Prefer not to say"),
    "gender_unknown": NC_("gender group", "Not recorded"),
}


def check_language(lang: str) -> str:
    """Return ``lang`` if exports support it; raise ValueError naming the choices otherwise."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported export language {lang!r}: use one of {', '.join(LANGUAGES)}")
    return lang


def fallback_marker(source_lang: str) -> str:
    """The visible marker put before text shown in ``source_lang`` instead of the document's."""
    return f"[{source_lang.upper()}] "


def label(key: str, lang: str, **values: object) -> str:
    """The label ``key`` in ``lang`` (from the catalog), formatted with ``values``.

    A msgid the catalog of a supported language lacks returns the English text with the
    ``[EN]`` marker; an unknown key raises KeyError (a programming error, caught by the tests).
    """
    msgid = LABELS[key]
    text = tr(lang, msgid)
    if lang != "en" and not has_translation(lang, msgid):
        text = fallback_marker("en") + plain(msgid)
    return text.format(**values) if values else text


def localized(en: str, es: str, lang: str) -> str:
    """Pick the ``lang`` text of a bilingual pair, marking a fallback to the other language."""
    wanted, other, other_lang = (es, en, "en") if lang == "es" else (en, es, "es")
    if wanted and wanted.strip():
        return wanted
    if other and other.strip():
        return fallback_marker(other_lang) + other
    return ""


def long_date(day: date, lang: str, *, weekday: bool = False) -> str:
    """'26 April 2021' / '26 de abril de 2021' / '26 avril 2021' (optionally with the weekday:
    'lunes 26 de abril de 2021', United Nations usage), via Babel."""
    with_day, without = _DATE_PATTERNS.get(lang, _DATE_PATTERNS["en"])
    return format_date(day, with_day if weekday else without, locale=lang)


#: (with the weekday, without) per language; English and French day-month-year, no comma in
#: Spanish and French after the weekday.
_DATE_PATTERNS = {
    "en": ("EEEE, d MMMM y", "d MMMM y"),
    "es": ("EEEE d 'de' MMMM 'de' y", "d 'de' MMMM 'de' y"),
    "fr": ("EEEE d MMMM y", "d MMMM y"),
    "pt": ("EEEE, d 'de' MMMM 'de' y", "d 'de' MMMM 'de' y"),
    "nl": ("EEEE d MMMM y", "d MMMM y"),
}


# Letters that do not decompose under NFKD, mapped to their primary (base) letters.
_BASE_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i"}
)
# Sorts after every letter and digit of a primary key: "n" + this = Spanish "ñ".
_AFTER_N = "\x7f"


def collation_key(text: str, lang: str = "en") -> tuple[str, str, str, str]:
    """A sort key that orders names and country names as readers of ``lang`` expect.

    See the module docstring for the levels. Use it as ``sorted(names, key=lambda n:
    collation_key(n, "es"))``.
    """
    folded = unicodedata.normalize("NFC", text).casefold()
    if lang == "es":
        folded = folded.replace("ñ", "n" + _AFTER_N)
    decomposed = unicodedata.normalize("NFKD", folded.translate(_BASE_LETTERS))
    primary = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    primary = "".join(ch for ch in primary if ch.isalnum() or ch in (" ", _AFTER_N))
    secondary = "".join(
        "1" if unicodedata.combining(ch) else "0"
        for ch in unicodedata.normalize("NFKD", folded)
        if ch.isalnum() or unicodedata.combining(ch)
    )
    tertiary = "".join("1" if ch.isupper() else "0" for ch in text if ch.isalpha())
    return primary, secondary, tertiary, text
