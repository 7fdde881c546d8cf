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

LANGUAGES: tuple[str, ...] = ("en", "es")

#: Label key -> {language: text}. Add a language by adding a column; a missing cell falls back
#: visibly to English (see :func:`label`).
LABELS: dict[str, dict[str, str]] = {
    "annex": {"en": "Annex", "es": "Anexo"},
    "organization_of_work": {"en": "Organization of work", "es": "Organización de los trabajos"},
    "list_of_participants": {"en": "List of participants", "es": "Lista de participantes"},
    "group_A": {"en": "Member States of the Commission", "es": "Estados miembros de la Comisión"},
    "group_B": {"en": "Associate members", "es": "Miembros asociados"},
    "group_C": {"en": "Other States (observers)", "es": "Otros Estados (observadores)"},
    "group_D": {
        "en": "United Nations Secretariat, funds, programmes and specialized agencies",
        "es": "Secretaría de las Naciones Unidas, fondos, programas y organismos especializados",
    },
    "group_E": {
        "en": "Intergovernmental organizations",
        "es": "Organizaciones intergubernamentales",
    },
    "group_F": {
        "en": "Civil society organizations and other stakeholders",
        "es": "Organizaciones de la sociedad civil y otras partes interesadas",
    },
    "group_G": {"en": "Secretariat", "es": "Secretaría"},
    "head_of_delegation": {"en": "Head of delegation", "es": "Jefe de la delegación"},
    "head_of_delegation_woman": {"en": "Head of delegation", "es": "Jefa de la delegación"},
    "head_of_delegation_neutral": {"en": "Head of delegation", "es": "Jefatura de la delegación"},
    "delegation_members": {"en": "Delegation members", "es": "Miembros de la delegación"},
    "day": {"en": "Day {number}", "es": "Día {number}"},
    "preparatory": {"en": "Preparatory activities", "es": "Actividades preparatorias"},
    "times_in": {
        "en": "All times are in {zone}.",
        "es": "Todos los horarios corresponden a la {zone}.",
    },
    "annex_subject": {
        "en": "Annex: organization of work and list of participants",
        "es": "Anexo: organización de los trabajos y lista de participantes",
    },
    "objective_one": {"en": "Objective", "es": "Objetivo"},
    "chair_or_moderator": {"en": "Chair or moderator", "es": "Presidencia o moderación"},
    "general_inputs": {"en": "General inputs", "es": "Aportes generales"},
    "time": {"en": "Time", "es": "Hora"},
    "session": {"en": "Session", "es": "Sesión"},
    "kind": {"en": "Type", "es": "Tipo"},
    "objectives": {"en": "Objectives", "es": "Objetivos"},
    "objective": {"en": "Objective {number}", "es": "Objetivo {number}"},
    "chair": {"en": "Chair", "es": "Presidencia"},
    "co_chair": {"en": "Co-chair", "es": "Copresidencia"},
    "moderator": {"en": "Moderator", "es": "Moderación"},
    "speakers": {"en": "Speakers", "es": "Oradores"},
    "page_of": {"en": "Page {page} of {total}", "es": "Página {page} de {total}"},
    "counted_registered": {
        "en": "Participants listed: all registered participants.",
        "es": "Participantes incluidos: todas las personas inscritas.",
    },
    "counted_confirmed": {
        "en": "Participants listed: participants who confirmed their participation.",
        "es": "Participantes incluidos: personas que confirmaron su participación.",
    },
    "counted_attended": {
        "en": "Participants listed: participants who attended the meeting.",
        "es": "Participantes incluidos: personas que asistieron a la reunión.",
    },
    "no_sessions": {"en": "No sessions scheduled.", "es": "No hay sesiones programadas."},
    "no_participants": {"en": "No participants listed.", "es": "No hay participantes."},
    "total_participants": {
        "en": "Total participants: {count}",
        "es": "Total de participantes: {count}",
    },
    "country_not_recorded": {"en": "Country not recorded", "es": "País no registrado"},
    "organization_not_recorded": {
        "en": "Organization not recorded",
        "es": "Organización no registrada",
    },
    # Column headers of the CSV/XLSX lists.
    "col_group": {"en": "Group", "es": "Grupo"},
    "col_subgroup": {"en": "Delegation or organization", "es": "Delegación u organización"},
    "col_head": {"en": "Head of delegation", "es": "Jefe(a) de delegación"},
    "col_honorific": {"en": "Honorific", "es": "Tratamiento"},
    "col_name": {"en": "Name", "es": "Nombre"},
    "col_position": {"en": "Position", "es": "Cargo"},
    "col_organization": {"en": "Organization", "es": "Organización"},
    "col_country": {"en": "Country", "es": "País"},
    "col_date": {"en": "Date", "es": "Fecha"},
    "col_utc_offset": {"en": "UTC offset", "es": "Diferencia con UTC"},
    "yes": {"en": "yes", "es": "sí"},
    "no": {"en": "no", "es": "no"},
    # Report skeleton.
    "report_title": {"en": "Report of the meeting", "es": "Informe de la reunión"},
    "section_a": {
        "en": "(a) Introduction",
        "es": "a) Introducción",
    },
    "section_b": {"en": "(b) Executive summary", "es": "b) Resumen ejecutivo"},
    "section_c": {"en": "(c) Key findings", "es": "c) Principales conclusiones"},
    "section_d": {
        "en": "(d) Selected good practices and lessons learned from the region",
        "es": "d) Buenas prácticas seleccionadas y lecciones aprendidas en la región",
    },
    "section_e": {"en": "(e) Challenges and opportunities", "es": "e) Desafíos y oportunidades"},
    "section_f": {
        "en": "(f) Conclusions and recommendations for implementation and a future regional review",
        "es": "f) Conclusiones y recomendaciones para la implementación y un futuro examen "
        "regional",
    },
    "section_g": {
        "en": "(g) Annex: organization of work and list of participants",
        "es": "g) Anexo: organización de los trabajos y lista de participantes",
    },
    "placeholder": {
        "en": "[Text to be drafted by the secretariat.]",
        "es": "[Texto que redactará la secretaría.]",
    },
    "rapporteur_placeholder": {
        "en": "[Summary of the discussion, to be drafted by the rapporteur.]",
        "es": "[Resumen del debate, que redactará la persona relatora.]",
    },
    "round_tables": {"en": "Round tables", "es": "Mesas redondas"},
    "inputs_received": {"en": "Inputs received", "es": "Contribuciones recibidas"},
    "no_inputs": {
        "en": "No written inputs were received for these objectives.",
        "es": "No se recibieron contribuciones escritas sobre estos objetivos.",
    },
    "participation": {"en": "Participation", "es": "Participación"},
    "by_country": {"en": "Participants by country", "es": "Participantes por país"},
    "by_region": {"en": "Participants by region", "es": "Participantes por región"},
    "by_gender": {"en": "Participants by gender", "es": "Participantes por género"},
    "by_category": {
        "en": "Participants by stakeholder category",
        "es": "Participantes por categoría de parte interesada",
    },
    "count": {"en": "Participants", "es": "Participantes"},
    "total": {"en": "Total", "es": "Total"},
    "outside_region": {"en": "Outside the region", "es": "Fuera de la región"},
    "no_country": {"en": "Not recorded", "es": "Sin registrar"},
    "gender_woman": {"en": "Women", "es": "Mujeres"},
    "gender_man": {"en": "Men", "es": "Hombres"},
    "gender_non_binary": {"en": "Non-binary", "es": "No binario"},
    "gender_undisclosed": {"en": "Prefer not to say", "es": "Prefiere no indicarlo"},
    "gender_unknown": {"en": "Not recorded", "es": "Sin registrar"},
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
    """The label ``key`` in ``lang``, formatted with ``values``.

    A missing translation returns the English text with the ``[EN]`` marker; an unknown key
    raises KeyError (a programming error, caught by the tests).
    """
    entry = LABELS[key]
    text = entry.get(lang, "")
    if not text.strip():
        text = fallback_marker("en") + entry["en"]
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
    """'26 April 2021' / '26 de abril de 2021' (optionally with the weekday), via Babel."""
    if lang == "es":
        pattern = "EEEE d 'de' MMMM 'de' y" if weekday else "d 'de' MMMM 'de' y"
    else:
        pattern = "EEEE, d MMMM y" if weekday else "d MMMM y"
    return format_date(day, pattern, locale=lang)


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
