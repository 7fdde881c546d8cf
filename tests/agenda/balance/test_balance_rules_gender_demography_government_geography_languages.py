"""The rules of issue 16, table-driven on hand-built panels (no database): gender judged on
speakers, chairs, whole of government, civil society as configured, ECLAC sub-regions, the
Caribbean among keynote speakers and chairs, LDC/LLDC/SIDS distinct people, older persons,
youth by definition, languages; every finding states its number, threshold and source."""

from __future__ import annotations

from itertools import count

import pytest

from agenda.balance.checks import evaluate_session
from agenda.balance.programme_checks import evaluate_tally, tally
from agenda.balance.programme_rules import subregion_weights
from agenda.balance.rules import RULE_IDS, RULES, resolve_rules
from agenda.balance.snapshot import PersonFacts, person_facts
from agenda.model.enums import SessionKind
from agenda.model.errors import ValidationError
from tests.agenda.balance.test_balance_rules import session

_ids = count(1000)


def p(
    gender: str = "woman",
    country: str | None = "MX",
    category: str = "member_state",
    **kw: object,
) -> PersonFacts:
    """A hand-built person (keyword facts: languages, birth_year, sector, ...)."""
    youth = bool(kw.pop("youth", False))
    return person_facts(next(_ids), "X", gender, country, category, youth, **kw)  # type: ignore[arg-type]


def only(rule_id: str, **setting: object) -> dict:
    overrides = {rid: {"severity": "off"} for rid in RULE_IDS if rid != rule_id}
    overrides[rule_id] = {"severity": "error", **setting}
    return resolve_rules(overrides)


def session_hits(rule_id, speakers, chairs=(), kind=SessionKind.ROUND_TABLE, **setting):
    panel = list(speakers) + list(chairs)
    found = evaluate_session(session(kind), panel, list(speakers), only(rule_id, **setting))
    return [v for v in found if v.rule_id == rule_id]


def programme_hits(rule_id, speakers, keynotes=(), chairs=(), **setting):
    found = evaluate_tally(tally(speakers, keynotes, chairs), only(rule_id, **setting))
    return [v for v in found if v.rule_id == rule_id]


W, M = "woman", "man"


@pytest.mark.parametrize(
    ("chairs", "fails", "setting"),
    [([M, M], True, {}), ([W, M], False, {}), ([M], False, {}), ([M, M], False, {"value": 3})],
)
def test_gender_chairs_single(chairs, fails, setting) -> None:
    hits = session_hits("gender-chairs-single", [p(W)], [p(g) for g in chairs], **setting)
    assert bool(hits) is fails


@pytest.mark.parametrize(
    ("sectors", "kind", "fails"),
    [
        (["foreign_affairs", "foreign_affairs"], SessionKind.ROUND_TABLE, True),
        (["foreign_affairs", "labour"], SessionKind.ROUND_TABLE, False),
        (["foreign_affairs"], SessionKind.ROUND_TABLE, False),  # one known sector: not judged
        (["foreign_affairs", None], SessionKind.ROUND_TABLE, False),
        (["foreign_affairs", "foreign_affairs"], SessionKind.KEYNOTE, False),  # not a debate
        (["foreign_affairs", "foreign_affairs"], SessionKind.POLICY_DEBATE, True),
    ],
)
def test_gov_not_only_foreign(sectors, kind, fails) -> None:
    speakers = [p(sector=s) for s in sectors] + [p(category="civil_society")]
    assert bool(session_hits("gov-not-only-foreign", speakers, kind=kind)) is fails


def test_local_governments_are_government_at_local_level_and_parliaments_not_civil_society():
    mayor = p(category="local_authorities")
    assert mayor.governmental and mayor.level == "local" and not mayor.non_governmental
    assert p(category="member_state").level == "national"
    assert p(category="member_state", sector="justice", level="local").level == "local"
    assert p(category="member_state", sector="ministry of fun").sector == "other"
    assert p(category="civil_society", sector="justice").sector is None
    for category in ("parliamentarians", "nhri"):
        person = p(category=category)
        assert not person.governmental and not person.non_governmental


@pytest.mark.parametrize(
    ("categories", "setting", "fails"),
    [
        (["local_authorities", "member_state"], {}, True),  # a mayor is not civil society
        (["parliamentarians", "nhri"], {}, True),
        (["private_sector"], {}, True),  # not in the default set
        (["private_sector"], {"categories": ["private_sector"]}, False),  # as configured
        (["trade_unions"], {}, False),
        (["employers_org"], {}, False),
        (["children_youth"], {}, False),
    ],
)
def test_civil_society_counts_the_configured_set(categories, setting, fails) -> None:
    speakers = [p(category=c) for c in categories]
    assert bool(session_hits("stakeholder-nongov", speakers, **setting)) is fails


@pytest.mark.parametrize(
    ("countries", "languages", "setting", "fails", "missing"),
    [
        (["MX", "JM"], {}, {}, False, []),
        (["MX", "AR"], {}, {}, True, ["en"]),
        (["BR", "JM"], {}, {}, True, ["es"]),
        (["MX", "JM"], {}, {"languages": ["es", "en", "pt"]}, True, ["pt"]),
        (["MX", "AR"], {1: ["es", "en"]}, {}, False, []),  # own languages beat the country's
    ],
)
def test_lang_region(countries, languages, setting, fails, missing) -> None:
    speakers = [p(country=c, languages=languages.get(i)) for i, c in enumerate(countries)]
    hits = session_hits("lang-region", speakers, **setting)
    assert bool(hits) is fails
    if hits:
        assert hits[0].details["missing"] == missing


@pytest.mark.parametrize(
    ("countries", "kind", "fails"),
    [
        (["MX", "JM"], SessionKind.ROUND_TABLE, False),
        (["MX", "CU"], SessionKind.ROUND_TABLE, True),  # Caribbean but Spanish-speaking
        (["MX", "HT"], SessionKind.ROUND_TABLE, True),
        (["MX", "BM"], SessionKind.ROUND_TABLE, False),  # Bermuda is Caribbean for ECLAC
        (["MX", "AR"], SessionKind.PLENARY, False),  # round tables only
    ],
)
def test_lang_caribbean_english(countries, kind, fails) -> None:
    speakers = [p(country=c) for c in countries]
    assert bool(session_hits("lang-caribbean-english", speakers, kind=kind)) is fails


@pytest.mark.parametrize(
    ("languages", "setting", "fails"),
    [
        (["es"], {}, False),
        (["pt"], {}, True),
        (["pt", "es"], {}, False),
        (["pt"], {"languages": ["es", "en", "pt"]}, False),
        ([], {}, False),  # no language known: nothing to say
    ],
)
def test_lang_interpretation(languages, setting, fails) -> None:
    speakers = [p(country=None, languages=languages), p()]
    hits = session_hits("lang-interpretation", speakers, **setting)
    assert bool(hits) is fails
    if hits:
        assert hits[0].details["count"] == 1


@pytest.mark.parametrize(
    ("rule_id", "group", "countries", "fails"),
    [
        ("geo-caribbean-keynotes", "keynotes", ["MX", "AR"], True),
        ("geo-caribbean-keynotes", "keynotes", ["MX", "JM"], False),
        ("geo-caribbean-keynotes", "keynotes", [], False),  # no keynote speakers: not judged
        ("geo-caribbean-chairs", "chairs", ["BR", "CL"], True),
        ("geo-caribbean-chairs", "chairs", ["TT"], False),
    ],
)
def test_caribbean_among_keynotes_and_chairs(rule_id, group, countries, fails) -> None:
    people = [p(country=c) for c in countries]
    speakers = [p()]
    kw = {group: people}
    assert bool(programme_hits(rule_id, speakers, **kw)) is fails


def test_subregion_weights_are_member_states() -> None:
    weights = subregion_weights()
    assert weights["caribbean"] == pytest.approx(13 / 33)
    assert sum(weights.values()) == pytest.approx(1)


@pytest.mark.parametrize(
    ("countries", "setting", "low"),
    [
        # 13/33 = 39 %: 0.75 of it is 29.5 %; 1 of 5 Caribbean speakers (20 %) is too few
        (["JM", "MX", "AR", "BR", "CL"], {}, ["caribbean"]),
        (["JM", "TT", "MX", "AR", "BR"], {}, []),
        (["JM", "MX", "AR", "BR", "CL"], {"value": 0.5}, []),  # 0.5 x 39 % = 19.7 %
        (["AR", "BR", "JM", "TT"], {}, ["central_america_mexico"]),
    ],
)
def test_subregion_share(countries, setting, low) -> None:
    hits = programme_hits("geo-subregion-share", [p(country=c) for c in countries], **setting)
    assert [item["region"] for v in hits for item in v.details["regions"]] == low


@pytest.mark.parametrize(
    ("countries", "value", "fails", "distinct"),
    [
        (["HT"], 2, True, 1),  # one Haitian carries LDC and SIDS: one distinct person
        (["HT", "BO"], 2, False, 2),
        (["HT", "BO"], 3, True, 2),
        (["HT", "BO", "JM"], 3, False, 3),
    ],
)
def test_groups_distinct_people(countries, value, fails, distinct) -> None:
    speakers = [p(country=c) for c in countries]
    hits = programme_hits("geo-groups-distinct", speakers, value=value)
    assert bool(hits) is fails
    assert tally(speakers).group_people == distinct
    both = programme_hits("geo-ldc-lldc-sids", speakers)
    if both:
        assert both[0].details["distinct"] == distinct


@pytest.mark.parametrize(
    ("ages", "fails"),
    [([1950], False), ([1990, None], True), ([], True), ([1961], False), ([1962], True)],
)
def test_older_persons(ages, fails) -> None:
    speakers = [p(birth_year=y, reference_year=2021) for y in ages] or [p()]
    assert bool(programme_hits("demo-older-persons", speakers)) is fails


@pytest.mark.parametrize(
    ("birth_year", "band", "flag", "definition", "young"),
    [
        (2000, None, False, "un", True),  # 21 in 2021
        (1990, None, False, "un", False),  # 31
        (1990, None, False, "18-35", True),
        (2005, None, False, "18-35", False),  # 16
        (2005, None, False, "un", True),
        (None, "25_35", False, "18-35", True),
        (None, "25_35", True, "un", False),  # a known age beats the flag
        (None, None, True, "un", True),  # no age: the flag decides
        (None, "bogus", True, "18-35", True),
    ],
)
def test_youth_definition(birth_year, band, flag, definition, young) -> None:
    person = p(birth_year=birth_year, band=band, youth=flag, reference_year=2021)
    assert person.young(definition) is young
    hits = programme_hits("stakeholder-youth", [person], definition=definition)
    assert bool(hits) is not young


def test_self_identification_counts_only_with_consent() -> None:
    given = ["indigenous", "disability", "unknown-key"]
    assert p(self_identification=given).self_ids == frozenset()
    assert p(self_identification=given, consent=True).self_ids == {"indigenous", "disability"}
    counts = tally([p(self_identification=given, consent=True), p()]).self_ids
    assert counts == {"indigenous": 1, "disability": 1}


def test_other_gender_counts_like_non_binary_in_shares() -> None:
    speakers = [p("other"), p(W), p(M), p("undisclosed")]
    counts = tally(speakers).speaker_genders
    assert counts["other"] == 1
    from agenda.balance.summary import summary

    shares = summary(tally(speakers), "un", [])["gender"]["speakers"]
    assert shares["known"] == 3 and shares["undisclosed"] == 1
    assert shares["shares"]["other"] == pytest.approx(1 / 3, abs=1e-4)


def test_every_rule_has_a_source_and_findings_state_it_in_both_languages() -> None:
    assert all(spec.source for spec in RULES.values())
    found = programme_hits("geo-groups-distinct", [p(country="HT")])
    (hit,) = found
    assert "1 distinct" in hit.message_en and "at least 2" in hit.message_en
    assert "[source: concept note" in hit.message_en and "[" in hit.message_es
    assert hit.to_dict()["source"] == RULES["geo-groups-distinct"].source


@pytest.mark.parametrize(
    ("setting", "error"),
    [
        ({"definition": "teen"}, "definition must be"),
        ({"languages": ["es"]}, "not used by this rule"),
    ],
)
def test_new_settings_are_checked(setting, error) -> None:
    with pytest.raises(ValidationError, match=error):
        resolve_rules({"stakeholder-youth": setting})
