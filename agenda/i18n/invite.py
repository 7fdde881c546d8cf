"""Texts of invitation emails (msgids of the catalogs: English, Spanish, French, Portuguese...)
and the time formatting they use (Babel, per locale).

Pure: time zones are passed in as IANA names; nothing reads the system clock or its zone.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from babel import Locale
from babel.dates import format_date, format_time, get_timezone_gmt
from babel.lists import format_list

from agenda.i18n.catalog import N_, available_languages, tr, trp
from agenda.i18n.labels import role_as
from agenda.i18n.names import honorific_for
from agenda.model.enums import Gender
from agenda.time.zones import zone

#: English (the msgids) and every language with a compiled catalog (es, fr, pt, ...).
SUPPORTED_LANGUAGES = ("en", *available_languages())


def supported_languages() -> tuple[str, ...]:
    """English and every language with a catalog now (a catalog added at run time counts)."""
    return ("en", *available_languages())


class InviteKind(enum.StrEnum):
    """The kinds of invitation email the secretariat sends."""

    INVITATION = "invitation"
    UPDATE = "update"
    CANCELLATION = "cancellation"
    REMINDER_24H = "reminder-24h"
    REMINDER_1H = "reminder-1h"
    NUDGE = "nudge"


# Subject templates: {title} is the session title, {meeting} the meeting title.
SUBJECTS: dict[InviteKind, str] = {
    InviteKind.INVITATION: N_("Invitation: {title} ({meeting})"),
    InviteKind.UPDATE: N_("Updated: {title} ({meeting})"),
    InviteKind.CANCELLATION: N_("Cancelled: {title} ({meeting})"),
    InviteKind.REMINDER_24H: N_("Reminder: {title} starts in 24 hours ({meeting})"),
    InviteKind.REMINDER_1H: N_("Reminder: {title} starts in 1 hour ({meeting})"),
    InviteKind.NUDGE: N_("Please reply: {title} ({meeting})"),
}
# Opening paragraph per kind; {title} and {meeting} as above.
INTROS: dict[InviteKind, str] = {
    InviteKind.INVITATION: N_('You are invited to the session "{title}" ({meeting}).'),
    InviteKind.UPDATE: N_(
        'The session "{title}" ({meeting}) has changed. '
        "The details below replace the previous ones."
    ),
    InviteKind.CANCELLATION: N_(
        'The session "{title}" ({meeting}) has been cancelled for you. '
        "Please remove it from your calendar."
    ),
    InviteKind.REMINDER_24H: N_('Reminder: the session "{title}" ({meeting}) starts in 24 hours.'),
    InviteKind.REMINDER_1H: N_('Reminder: the session "{title}" ({meeting}) starts in 1 hour.'),
    InviteKind.NUDGE: N_(
        'We have not yet received your reply to the invitation to "{title}" ({meeting}). '
        "Please accept or decline it."
    ),
}
LABELS: dict[str, str] = {
    "greeting": N_("Dear {name},"),
    "greeting_anonymous": N_("Dear participant,"),
    "your_time": N_("Your time ({zone})"),
    "home_time": N_("Meeting time ({zone})"),
    "time": N_("Time ({zone})"),
    "join": N_("Join online"),
    "location": N_("Location"),
    "rsvp": N_("Please accept or decline this invitation in your calendar."),
    "signature": N_("Meeting secretariat"),
    "details": N_("Details"),
}


def choose_language(person_languages: Iterable[str] | None, meeting_default: str = "en") -> str:
    """Return the language of a person's messages ('es', 'fr', 'pt', 'en', ...).

    The first of the person's languages (in their order of preference) that is supported wins;
    tags like ``es-CL`` or ``EN_us`` count as their base language. When none is supported the
    meeting's default is used (itself falling back to 'en' when unsupported).
    """
    for tag in person_languages or ():
        base = str(tag).strip().replace("_", "-").split("-", 1)[0].lower()
        if base in supported_languages():
            return base
    default = (meeting_default or "").strip().replace("_", "-").split("-", 1)[0].lower()
    return default if default in supported_languages() else "en"


def _check_language(language: str) -> str:
    if language not in supported_languages():
        raise ValueError(
            f"Unsupported language {language!r}: use one of {', '.join(supported_languages())}."
        )
    return language


#: Date patterns where United Nations usage differs from CLDR's "full" ("lunes 26 de abril de
#: 2021", without the comma CLDR puts after the weekday).
_DAY_FORMATS = {"es": "EEEE d 'de' MMMM 'de' y", "fr": "EEEE d MMMM y"}


def format_when(start: datetime, end: datetime, tz_name: str, language: str) -> str:
    """Format a session's span in a zone.

    E.g. 'lunes 26 de abril de 2021, 10:00–11:30 (GMT-04:00)'.

    If the session ends on another local day, the end date is written out too.
    """
    _check_language(language)
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("format_when needs aware datetimes (with a time zone).")
    tz = zone(tz_name)
    local_start = start.astimezone(tz)
    local_end = end.astimezone(tz)
    day = format_date(local_start, _DAY_FORMATS.get(language, "full"), locale=language)
    start_time = format_time(local_start, "HH:mm", tzinfo=tz, locale=language)
    end_time = format_time(local_end, "HH:mm", tzinfo=tz, locale=language)
    gmt = get_timezone_gmt(local_start, locale=language)
    if local_end.date() != local_start.date():
        end_day = format_date(local_end, _DAY_FORMATS.get(language, "full"), locale=language)
        end_gmt = get_timezone_gmt(local_end, locale=language)
        return f"{day}, {start_time} ({gmt}) – {end_day}, {end_time} ({end_gmt})"
    return f"{day}, {start_time}–{end_time} ({gmt})"


def subject_for(kind: InviteKind, language: str, title: str, meeting: str) -> str:
    """The email subject for a kind of message in a language."""
    return tr(_check_language(language), SUBJECTS[kind]).format(title=title, meeting=meeting)


def intro_for(kind: InviteKind, language: str, title: str, meeting: str) -> str:
    """The opening paragraph for a kind of message in a language."""
    return tr(_check_language(language), INTROS[kind]).format(title=title, meeting=meeting)


def label(language: str, key: str, **values: str) -> str:
    """A short label (greeting, time captions, ...) in a language."""
    return tr(_check_language(language), LABELS[key]).format(**values)


@dataclass(frozen=True, slots=True)
class Addressee:
    """What makes an invitation personal: how to greet the person, their role(s) in the
    session, and the interpretation languages offered (ISO codes)."""

    honorific: str = ""
    gender: str | None = None
    roles: tuple[str, ...] = ()
    interpretation: tuple[str, ...] = ()


def greeting(language: str, name: str, addressee: Addressee | None = None) -> str:
    """ "Dear Dr. Ana Pérez," / "Estimada Dra. Ana Pérez:" (agreeing with the gender; "Estimado/a"
    when it is unknown); "Dear participant," without a name."""
    lang = _check_language(language)
    if not name:
        return tr(lang, LABELS["greeting_anonymous"])
    person = addressee or Addressee()
    honorific = honorific_for(person.honorific, lang, person.gender) if person.honorific else ""
    full = f"{honorific} {name}" if honorific else name
    if person.gender == Gender.WOMAN:
        template = trp(lang, "greeting female", "Dear {name},")
    elif person.gender == Gender.MAN:
        template = trp(lang, "greeting male", "Dear {name},")
    else:
        template = tr(lang, LABELS["greeting"])
    return template.format(name=full)


def personal_lines(language: str, addressee: Addressee | None, kind: InviteKind) -> list[str]:
    """The person's role ("You take part as moderator.") and the interpretation languages
    ("Simultaneous interpretation: Spanish and English."); none for a cancellation."""
    if addressee is None or kind == InviteKind.CANCELLATION:
        return []
    lang = _check_language(language)
    lines = []
    roles = [role_as(lang, role, addressee.gender) for role in dict.fromkeys(addressee.roles)]
    if roles:
        joined = join_words(roles, lang)
        lines.append(tr(lang, "You take part as {role}.").format(role=joined))
    if addressee.interpretation:
        names = Locale.parse(lang).languages
        spoken = [names.get(code, code) for code in dict.fromkeys(addressee.interpretation)]
        text = tr(lang, "Simultaneous interpretation: {languages}.")
        lines.append(text.format(languages=join_words(spoken, lang)))
    return lines


def join_words(words: list[str], lang: str) -> str:
    """ "a, b and c" in ``lang`` (CLDR via Babel), with the Spanish "e" before an /i/ sound
    ("español e inglés") that CLDR does not apply."""
    text = format_list(words, locale=lang)
    if lang == "es" and len(words) > 1:
        last = words[-1]
        if last[:1].lower() in ("i", "í") or (last[:2].lower() == "hi" and last[2:3] != "e"):
            text = text[: -len(last) - 2] + "e " + last if text.endswith(" y " + last) else text
    return text
