"""Labels of the codes stored in the database, defined ONCE for every surface (TUI, CLI, exports,
invitations): roles, invitation statuses, genders, session kinds and severities.

Every label is a msgid of the ``meetingctl`` catalog under a context (see
:mod:`agenda.i18n.catalog`), so a new language is only a new catalog:

* ``role``: the function in a session ("Moderator" / "Moderación");
* ``role female`` / ``role male`` / ``role person``: the title of one person holding it, agreeing
  with the person's gender where the language has two forms ("Relatora" / "Relator" /
  "Relator(a)"); ``role people`` has the plural forms ("Rapporteurs" / "Relatores");
* ``status`` / ``status female`` / ``status male``: an invitation status ("Aceptada" refers to
  *la persona*, the neutral form when the gender is unknown; "Aceptado" for a man);
* ``gender`` and ``gender group`` ("Woman" / "Women"), ``session kind``, ``severity``.

Unknown codes are returned as they are. ``lower=True`` gives the form used inside a sentence
(first letter in lower case: "moderación", "keynote speaker").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from agenda.i18n.catalog import N_, NNP_, NP_, tr, trnp, trp
from agenda.model.enums import Gender, InvitationStatus, Role, SessionKind

#: Role -> its msgids: the function, one person (neutral, female, male), several people.
ROLES: Final[dict[str, tuple[str, str, str, str, tuple[str, str]]]] = {
    Role.CHAIR: (
        NP_("role", "Chair"),
        NP_("role person", "Chair"),
        NP_("role female", "Chair"),
        NP_("role male", "Chair"),
        NNP_("role people", "Chair", "Chairs"),
    ),
    Role.CO_CHAIR: (
        NP_("role", "Co-chair"),
        NP_("role person", "Co-chair"),
        NP_("role female", "Co-chair"),
        NP_("role male", "Co-chair"),
        NNP_("role people", "Co-chair", "Co-chairs"),
    ),
    Role.MODERATOR: (
        NP_("role", "Moderator"),
        NP_("role person", "Moderator"),
        NP_("role female", "Moderator"),
        NP_("role male", "Moderator"),
        NNP_("role people", "Moderator", "Moderators"),
    ),
    Role.KEYNOTE_SPEAKER: (
        NP_("role", "Keynote speaker"),
        NP_("role person", "Keynote speaker"),
        NP_("role female", "Keynote speaker"),
        NP_("role male", "Keynote speaker"),
        NNP_("role people", "Keynote speaker", "Keynote speakers"),
    ),
    Role.PANELLIST: (
        NP_("role", "Panellist"),
        NP_("role person", "Panellist"),
        NP_("role female", "Panellist"),
        NP_("role male", "Panellist"),
        NNP_("role people", "Panellist", "Panellists"),
    ),
    Role.DISCUSSANT: (
        NP_("role", "Discussant"),
        NP_("role person", "Discussant"),
        NP_("role female", "Discussant"),
        NP_("role male", "Discussant"),
        NNP_("role people", "Discussant", "Discussants"),
    ),
    Role.RAPPORTEUR: (
        NP_("role", "Rapporteur"),
        NP_("role person", "Rapporteur"),
        NP_("role female", "Rapporteur"),
        NP_("role male", "Rapporteur"),
        NNP_("role people", "Rapporteur", "Rapporteurs"),
    ),
    Role.PARTICIPANT: (
        NP_("role", "Participant"),
        NP_("role person", "Participant"),
        NP_("role female", "Participant"),
        NP_("role male", "Participant"),
        NNP_("role people", "Participant", "Participants"),
    ),
}
#: Role -> the role inside "as {role}" for one person (gender unknown, female, male): "en
#: calidad de moderadora".
ROLES_AS: Final[dict[str, tuple[str, str, str]]] = {
    Role.CHAIR: (
        NP_("as role", "chair"),
        NP_("as role female", "chair"),
        NP_("as role male", "chair"),
    ),
    Role.CO_CHAIR: (
        NP_("as role", "co-chair"),
        NP_("as role female", "co-chair"),
        NP_("as role male", "co-chair"),
    ),
    Role.MODERATOR: (
        NP_("as role", "moderator"),
        NP_("as role female", "moderator"),
        NP_("as role male", "moderator"),
    ),
    Role.KEYNOTE_SPEAKER: (
        NP_("as role", "keynote speaker"),
        NP_("as role female", "keynote speaker"),
        NP_("as role male", "keynote speaker"),
    ),
    Role.PANELLIST: (
        NP_("as role", "panellist"),
        NP_("as role female", "panellist"),
        NP_("as role male", "panellist"),
    ),
    Role.DISCUSSANT: (
        NP_("as role", "discussant"),
        NP_("as role female", "discussant"),
        NP_("as role male", "discussant"),
    ),
    Role.RAPPORTEUR: (
        NP_("as role", "rapporteur"),
        NP_("as role female", "rapporteur"),
        NP_("as role male", "rapporteur"),
    ),
    Role.PARTICIPANT: (
        NP_("as role", "participant"),
        NP_("as role female", "participant"),
        NP_("as role male", "participant"),
    ),
}
#: Status -> its msgids: neutral (refers to "la persona"), female, male.
STATUSES: Final[dict[str, tuple[str, str, str]]] = {
    InvitationStatus.NOMINATED: (
        NP_("status", "Nominated"),
        NP_("status female", "Nominated"),
        NP_("status male", "Nominated"),
    ),
    InvitationStatus.INVITED: (
        NP_("status", "Invited"),
        NP_("status female", "Invited"),
        NP_("status male", "Invited"),
    ),
    InvitationStatus.ACCEPTED: (
        NP_("status", "Accepted"),
        NP_("status female", "Accepted"),
        NP_("status male", "Accepted"),
    ),
    InvitationStatus.DECLINED: (
        NP_("status", "Declined"),
        NP_("status female", "Declined"),
        NP_("status male", "Declined"),
    ),
    InvitationStatus.TENTATIVE: (
        NP_("status", "Tentative"),
        NP_("status female", "Tentative"),
        NP_("status male", "Tentative"),
    ),
    InvitationStatus.CONFIRMED: (
        NP_("status", "Confirmed"),
        NP_("status female", "Confirmed"),
        NP_("status male", "Confirmed"),
    ),
    InvitationStatus.WITHDRAWN: (
        NP_("status", "Withdrawn"),
        NP_("status female", "Withdrawn"),
        NP_("status male", "Withdrawn"),
    ),
}
#: Gender -> (one person, a group) msgids.
GENDERS: Final[dict[str, tuple[str, str]]] = {
    Gender.WOMAN: (NP_("gender", "Woman"), NP_("gender group", "Women")),
    Gender.MAN: (NP_("gender", "Man"), NP_("gender group", "Men")),
    Gender.NON_BINARY: (NP_("gender", "Non-binary"), NP_("gender group", "Non-binary people")),
    Gender.OTHER: (NP_("gender", "Other"), NP_("gender group", "People of another gender")),
    Gender.UNDISCLOSED: (
        NP_("gender", "Prefer not to say"),
        NP_("gender group", "Prefer not to say"),
    ),
    Gender.UNKNOWN: (NP_("gender", "Unknown"), NP_("gender group", "Not recorded")),
}
KINDS: Final[dict[str, str]] = {
    SessionKind.OPENING: NP_("session kind", "Opening"),
    SessionKind.KEYNOTE: NP_("session kind", "Keynote"),
    SessionKind.ROUND_TABLE: NP_("session kind", "Round table"),
    SessionKind.POLICY_DEBATE: NP_("session kind", "Policy debate"),
    SessionKind.PLENARY: NP_("session kind", "Plenary"),
    SessionKind.CLOSING: NP_("session kind", "Closing"),
    SessionKind.PREPARATORY: NP_("session kind", "Preparatory session"),
    SessionKind.STAKEHOLDER_CONSULTATION: NP_("session kind", "Stakeholder consultation"),
    SessionKind.BREAK: NP_("session kind", "Break"),
}
#: Keys of the balance composition that are not regions of the reference data.
OTHER_REGIONS: Final[dict[str, str]] = {
    "other": NP_("region", "other"),
    "outside LAC": NP_("region", "outside LAC"),
    "unknown": NP_("region", "unknown"),
}
SEVERITIES: Final[dict[str, str]] = {
    "error": N_("ERROR"),
    "warning": N_("WARNING"),
    "info": N_("INFO"),
}


def lower_first(text: str) -> str:
    """``text`` with its first letter in lower case (a label used inside a sentence)."""
    return text[:1].lower() + text[1:]


def _case(text: str, lower: bool) -> str:
    return lower_first(text) if lower else text


def _gender_suffix(gender: Gender | str | None) -> str:
    if gender == Gender.WOMAN:
        return " female"
    if gender == Gender.MAN:
        return " male"
    return ""


def role_label(lang: str, role: Role | str, *, lower: bool = False) -> str:
    """The function ``role`` in a session ("Moderator" / "Moderación")."""
    entry = ROLES.get(str(role))
    if entry is None:
        return str(role)
    return _case(trp(lang, "role", entry[0]), lower)


def role_title(
    lang: str, role: Role | str, genders: Sequence[Gender | str | None] = (), *, lower: bool = False
) -> str:
    """The title of the people holding ``role``: plural for several ``genders``, and for one
    person agreeing with the gender ("Oradora principal" / "Orador principal" /
    "Orador(a) principal" when the gender is unknown)."""
    entry = ROLES.get(str(role))
    if entry is None:
        return str(role)
    if len(genders) > 1:
        text = trnp(lang, "role people", entry[4][0], entry[4][1], len(genders))
    else:
        suffix = _gender_suffix(genders[0] if genders else None)
        text = trp(lang, "role " + (suffix.strip() or "person"), entry[0])
    return _case(text, lower)


def role_as(lang: str, role: Role | str, gender: Gender | str | None = None) -> str:
    """The role of one person inside a sentence, agreeing with the gender ("as moderator" /
    "en calidad de moderadora"; neutral "moderador(a)" when the gender is unknown)."""
    entry = ROLES_AS.get(str(role))
    if entry is None:
        return str(role)
    return trp(lang, "as role" + _gender_suffix(gender), entry[0])


def status_label(
    lang: str,
    status: InvitationStatus | str,
    gender: Gender | str | None = None,
    *,
    lower: bool = False,
) -> str:
    """An invitation status; in Spanish agreeing with the person's gender ("Aceptado" for a man,
    "Aceptada" for a woman or when unknown: it then refers to *la persona*)."""
    entry = STATUSES.get(str(status))
    if entry is None:
        return str(status)
    return _case(trp(lang, "status" + _gender_suffix(gender), entry[0]), lower)


def gender_label(
    lang: str, gender: Gender | str, *, group: bool = False, lower: bool = False
) -> str:
    """A gender code as a label ("Woman" / "Mujer"); ``group`` for a group ("Women")."""
    entry = GENDERS.get(str(gender))
    if entry is None:
        return str(gender)
    if group:
        return _case(trp(lang, "gender group", entry[1]), lower)
    return _case(trp(lang, "gender", entry[0]), lower)


def kind_label(lang: str, kind: SessionKind | str) -> str:
    """The label of a session kind ("Round table" / "Mesa redonda")."""
    msgid = KINDS.get(str(kind))
    return trp(lang, "session kind", msgid) if msgid else str(kind)


def severity_label(lang: str, severity: str) -> str:
    """``error`` / ``warning`` as ERROR / WARNING (ADVERTENCIA in Spanish)."""
    msgid = SEVERITIES.get(severity)
    return tr(lang, msgid) if msgid else severity.upper()


def region_label(lang: str, key: str) -> str:
    """A region of the reference data in ``lang`` ("América del Sur"), or a balance pseudo-region
    ("fuera de ALC"); other keys as they are."""
    from agenda import reference

    try:
        return reference.region(key).name(lang)
    except KeyError:
        msgid = OTHER_REGIONS.get(key)
        return trp(lang, "region", msgid) if msgid else key


def category_label(lang: str, key: str) -> str:
    """A stakeholder category code (``member_state``) as its label in ``lang``."""
    from agenda import reference

    try:
        return reference.category(key).label(lang)
    except (KeyError, ValueError):
        return key
