"""Session rules added for issue 16: single-gender groups (speakers, or moderators and chairs),
whole of government (not only foreign ministries) and languages (the region's languages, an
English-speaking Caribbean voice, interpretation offered). Messages go through the catalog."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from agenda.balance.composition import GENDER_VALUES
from agenda.balance.rules import DEBATES, ROUND_TABLES, RuleConfig, Violation
from agenda.balance.snapshot import PersonFacts, SessionFacts
from agenda.i18n.catalog import N_, tr
from agenda.i18n.labels import gender_label


def gender_plural(value: str, lang: str) -> str:
    """``woman`` -> ``women`` / ``mujeres``; unknown codes as they are."""
    return gender_label(lang, value, group=True, lower=True)


def _both(text: str, **values: object) -> tuple[str, str]:
    """``text`` (an English msgid) formatted in English and in Spanish."""
    return tr("en", text).format(**values), tr("es", text).format(**values)


@lru_cache(maxsize=256)
def language_name(code: str, lang: str) -> str:
    """``es`` -> ``Spanish`` / ``español`` (CLDR via Babel); unknown codes as they are."""
    from babel import Locale

    try:
        return str(Locale.parse(lang).languages.get(code, code))
    except (ValueError, LookupError):
        return code


def _languages(codes: Sequence[str], lang: str) -> str:
    return ", ".join(language_name(code, lang) for code in codes)


def single_gender(
    rule_id: str,
    config: RuleConfig,
    sid: int,
    people: Sequence[PersonFacts],
    chairs_counted: bool,
    speakers: bool,
) -> Violation | None:
    """A single-gender group (None when mixed or fewer than ``value`` known genders)."""
    genders = {p.gender for p in people if p.gender in GENDER_VALUES}
    known = sum(1 for p in people if p.gender in GENDER_VALUES)
    need = int(config.value or 2)
    if len(genders) != 1 or known < need:
        return None
    (only,) = genders
    if not speakers:
        what = N_("moderators and chairs")
    elif chairs_counted:
        what = N_("speakers, moderators and chairs")
    else:
        what = N_("speakers")
    text = N_(
        "single-gender group: all {known} {what} with known gender are {gender} "
        "(two or more genders expected once {need} are known)"
    )
    en, es = (
        tr(lang, text).format(
            known=known, what=tr(lang, what), gender=gender_plural(only, lang), need=need
        )
        for lang in ("en", "es")
    )
    return Violation(
        rule_id,
        config.severity,
        sid,
        en,
        es,
        {"gender": only, "known": known, "required": need, "chairs_counted": chairs_counted},
    )


def _spoken(people: Sequence[PersonFacts]) -> set[str]:
    return {code for person in people for code in person.languages}


def evaluate_more(
    session: SessionFacts,
    panel: Sequence[PersonFacts],
    speakers: Sequence[PersonFacts],
    rules: dict[str, RuleConfig],
    interpretation: Sequence[str],
) -> list[Violation]:
    """Violations of the issue-16 session rules for one (non-break) session."""
    found: list[Violation] = []
    sid = session.id
    speaker_ids = {p.id for p in speakers}
    config = rules["gender-chairs-single"]
    if config.severity != "off":
        chairs = [p for p in panel if p.id not in speaker_ids]
        hit = single_gender("gender-chairs-single", config, sid, chairs, True, speakers=False)
        if hit:
            found.append(hit)
    config = rules["gov-not-only-foreign"]
    if config.severity != "off" and session.kind in DEBATES:
        sectors = [p.sector for p in speakers if p.governmental and p.sector]
        need = int(config.value or 2)
        if len(sectors) >= need and set(sectors) == {"foreign_affairs"}:
            en, es = _both(
                N_(
                    "all {count} government speakers with a known sector are from foreign "
                    "ministries; at least one other sector (interior or migration, labour, social "
                    "development, health, justice...) expected once {need} are known"
                ),
                count=len(sectors),
                need=need,
            )
            found.append(
                Violation(
                    "gov-not-only-foreign",
                    config.severity,
                    sid,
                    en,
                    es,
                    {"foreign_affairs": len(sectors), "required": need},
                )
            )
    if not speakers:
        return found
    config = rules["lang-region"]
    if config.severity != "off" and session.kind in DEBATES:
        expected = list(config.languages or ())
        spoken = _spoken(speakers)
        missing = [code for code in expected if code not in spoken]
        if missing:
            text = N_("no speaker of: {missing}; the region's languages expected: {expected}")
            found.append(
                Violation(
                    "lang-region",
                    config.severity,
                    sid,
                    tr("en", text).format(
                        missing=_languages(missing, "en"), expected=_languages(expected, "en")
                    ),
                    tr("es", text).format(
                        missing=_languages(missing, "es"), expected=_languages(expected, "es")
                    ),
                    {"missing": missing, "expected": expected, "count": len(missing)},
                )
            )
    config = rules["lang-caribbean-english"]
    if config.severity != "off" and session.kind in ROUND_TABLES:
        count = sum(1 for p in speakers if p.subregion == "caribbean" and "en" in p.languages)
        if not count:
            en, es = _both(
                N_("0 English-speaking Caribbean speakers; at least 1 expected in each round table")
            )
            found.append(
                Violation(
                    "lang-caribbean-english",
                    config.severity,
                    sid,
                    en,
                    es,
                    {"count": 0, "required": 1},
                )
            )
    config = rules["lang-interpretation"]
    if config.severity != "off":
        offered = set(config.languages if config.languages is not None else interpretation)
        stranded = sorted(
            (p for p in panel if p.languages and not offered.intersection(p.languages)),
            key=lambda p: p.id,
        )
        if stranded and offered:
            text = N_(
                "{count} panel member(s) speak none of the interpreted languages ({offered}): "
                "{names}"
            )
            names = ", ".join(f"{p.name} ({_languages(p.languages, 'en')})" for p in stranded)
            names_es = ", ".join(f"{p.name} ({_languages(p.languages, 'es')})" for p in stranded)
            order = sorted(offered)
            found.append(
                Violation(
                    "lang-interpretation",
                    config.severity,
                    sid,
                    tr("en", text).format(
                        count=len(stranded), offered=_languages(order, "en"), names=names
                    ),
                    tr("es", text).format(
                        count=len(stranded), offered=_languages(order, "es"), names=names_es
                    ),
                    {
                        "people": [p.id for p in stranded],
                        "offered": order,
                        "count": len(stranded),
                    },
                )
            )
    return found
