"""Every balance rule on hand-built panels (no database), and rule configuration."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest

from agenda.balance.checks import evaluate_session, women_band
from agenda.balance.programme_checks import evaluate_tally, member_shares, tally
from agenda.balance.rules import RULE_IDS, resolve_rules
from agenda.balance.snapshot import PersonFacts, SessionFacts, person_facts
from agenda.model.enums import SessionKind
from agenda.model.errors import ValidationError

_ids = count(1)
START = datetime(2021, 4, 26, 14, tzinfo=UTC)


def p(
    gender: str = "woman",
    country: str | None = "MX",
    category: str = "member_state",
    youth: bool = False,
    migrant: bool = False,
) -> PersonFacts:
    """A hand-built person."""
    return person_facts(next(_ids), "X", gender, country, category, youth, migrant)


def session(kind: SessionKind = SessionKind.ROUND_TABLE) -> SessionFacts:
    return SessionFacts(1, kind, "T", "T", START, START + timedelta(hours=1))


def only(rule_id: str, **setting: object) -> dict:
    """Rules with every rule off except ``rule_id`` (with optional overrides)."""
    overrides = {rid: {"severity": "off"} for rid in RULE_IDS if rid != rule_id}
    overrides[rule_id] = {"severity": "error", **setting}
    return resolve_rules(overrides)


def session_hits(rule_id: str, panel, speakers=None, kind=SessionKind.ROUND_TABLE, **setting):
    speakers = panel if speakers is None else speakers
    found = evaluate_session(session(kind), panel, speakers, only(rule_id, **setting))
    assert all(v.rule_id == rule_id and v.severity == "error" for v in found)
    # every finding states its source in both languages, the Spanish from the catalog
    assert all("[source: " in v.message_en and "[fuente: " in v.message_es for v in found)
    assert all(v.message_es != v.message_en for v in found)
    assert all(v.details["shortfall"] >= 1 for v in found)
    return found


W, M, NB, U, UD = "woman", "man", "non_binary", "unknown", "undisclosed"


@pytest.mark.parametrize(
    ("chairs", "speakers", "fails", "setting"),
    [
        ([], [M, M, M], True, {}),
        # judged on the speakers: a woman moderating four men does not make the panel mixed
        ([W], [M, M, M], True, {}),
        ([W], [M, M, M], False, {"include_chairs": True}),  # the setting counts chairs
        ([M], [W, W], True, {}),
        ([M], [W, W], False, {"include_chairs": True}),
        ([], [M, "other"], False, {}),  # self-described counts like non-binary
        ([], [W, W], False, {"value": 3}),
        ([], [W, W, U, UD], True, {}),  # unknown/undisclosed do not make a panel mixed
        ([], [M, U, U], False, {}),  # one known gender is below the minimum of 2
        ([], [NB, M], False, {}),
        ([], [M, M, M], False, {"value": 4}),  # threshold: minimum panel size with known gender
    ],
)
def test_gender_single(chairs, speakers, fails, setting) -> None:
    chair_people = [p(g) for g in chairs]
    speaker_people = [p(g) for g in speakers]
    hits = session_hits("gender-single", chair_people + speaker_people, speaker_people, **setting)
    assert bool(hits) is fails


@pytest.mark.parametrize(
    ("speakers", "fails", "direction", "setting"),
    [
        ([W, M, M, M, M], True, "more_women", {}),
        ([W, W, W, W, M], True, "fewer_women", {}),
        ([W, W, M, M, M], False, None, {}),
        ([W, M, M], False, None, {}),  # 1 of 3 is the closest split to 40-60 %
        ([M, M, M], True, "more_women", {}),
        ([W, W, M, M, UD, UD, U], False, None, {}),  # undisclosed/unknown out of denominator
        ([W, M, M, M], False, None, {"min": 0.25}),
        ([W, W, M, M], True, "fewer_women", {"min": 0.0, "max": 0.25}),
        ([M], False, None, {}),  # fewer than 2 known speakers
    ],
)
def test_gender_share(speakers, fails, direction, setting) -> None:
    people = [p(g) for g in speakers]
    hits = session_hits("gender-share", people, **setting)
    assert bool(hits) is fails
    if fails:
        assert hits[0].details["direction"] == direction
        known = sum(1 for g in speakers if g in (W, M, NB))
        assert hits[0].details["known"] == known


def test_women_band_rounds_to_whole_people() -> None:
    assert women_band(3, 0.4, 0.6) == (1, 2)
    assert women_band(5, 0.4, 0.6) == (2, 3)
    assert women_band(10, 0.4, 0.6) == (4, 6)
    assert women_band(4, 0.4, 0.6) == (2, 2)
    assert women_band(2, 0.4, 0.6) == (1, 1)
    assert women_band(1, 0.4, 0.6) == (0, 1)
    assert women_band(4, 0.1, 0.2) == (1, 1)  # 0.4-0.8 women: 1 is nearer than 0


@pytest.mark.parametrize(
    ("countries", "kind", "fails", "setting"),
    [
        (["AR", "BR", "BO"], SessionKind.ROUND_TABLE, True, {}),
        (["AR", "MX"], SessionKind.ROUND_TABLE, False, {}),
        (["AR", "ES", "US"], SessionKind.ROUND_TABLE, True, {}),  # non-regional is not a region
        (["AR", "BR"], SessionKind.POLICY_DEBATE, False, {}),  # round tables only
        (["AR", "MX"], SessionKind.ROUND_TABLE, True, {"value": 3}),
        (["AR", "MX", "JM"], SessionKind.ROUND_TABLE, False, {"value": 3}),
    ],
)
def test_geo_regions_per_table(countries, kind, fails, setting) -> None:
    hits = session_hits(
        "geo-regions-per-table", [p(country=c) for c in countries], kind=kind, **setting
    )
    assert bool(hits) is fails


@pytest.mark.parametrize(
    ("categories", "kind", "fails"),
    [
        (["member_state", "member_state"], SessionKind.ROUND_TABLE, True),
        (["member_state", "un_system", "igo"], SessionKind.ROUND_TABLE, True),  # IGOs are not NGOs
        (["member_state", "civil_society"], SessionKind.ROUND_TABLE, False),
        (["member_state", "migrants"], SessionKind.ROUND_TABLE, False),
        (["member_state"], SessionKind.POLICY_DEBATE, False),
    ],
)
def test_stakeholder_nongov(categories, kind, fails) -> None:
    hits = session_hits("stakeholder-nongov", [p(category=c) for c in categories], kind=kind)
    assert bool(hits) is fails


@pytest.mark.parametrize(
    ("categories", "kind", "missing"),
    [
        (["member_state", "member_state"], SessionKind.POLICY_DEBATE, "non-government"),
        (["academia", "civil_society"], SessionKind.ROUND_TABLE, "government"),
        (["member_state", "academia"], SessionKind.PLENARY, None),
        (["member_state", "member_state"], SessionKind.KEYNOTE, None),  # debates only
        (["member_state"], SessionKind.POLICY_DEBATE, None),  # fewer than 2 speakers
    ],
)
def test_stakeholder_mix(categories, kind, missing) -> None:
    hits = session_hits("stakeholder-mix", [p(category=c) for c in categories], kind=kind)
    assert [h.details["missing"] for h in hits] == ([missing] if missing else [])


def test_break_sessions_are_never_judged() -> None:
    people = [p(M), p(M), p(M)]
    assert evaluate_session(session(SessionKind.BREAK), people, people, resolve_rules()) == []


def programme_hits(rule_id: str, speakers=(), keynotes=(), chairs=(), **setting):
    found = evaluate_tally(tally(speakers, keynotes, chairs), only(rule_id, **setting))
    assert all(v.rule_id == rule_id and v.session_id is None for v in found)
    return found


@pytest.mark.parametrize(
    ("rule_id", "group"), [("gender-keynotes", "keynotes"), ("gender-moderators", "chairs")]
)
@pytest.mark.parametrize(
    ("genders", "fails"),
    [([M, M, M], True), ([W, M], False), ([W, W, W, M], True), ([UD, U], False)],
)
def test_gender_keynotes_and_moderators(rule_id, group, genders, fails) -> None:
    people = [p(g) for g in genders]
    assert bool(programme_hits(rule_id, **{group: people})) is fails


@pytest.mark.parametrize(
    ("countries", "missing"),
    [
        (["AR", "MX"], ["Caribbean"]),
        (["AR", "ES"], ["Caribbean", "Central America"]),
        (["AR", "MX", "JM"], []),
    ],
)
def test_geo_region_missing(countries, missing) -> None:
    hits = programme_hits("geo-region-missing", [p(country=c) for c in countries])
    assert (hits[0].details["missing"] if hits else []) == missing


def test_member_shares_caribbean_is_13_of_33() -> None:
    assert member_shares()["Caribbean"] == pytest.approx(13 / 33)


@pytest.mark.parametrize(
    ("countries", "low", "setting"),
    [
        (["JM"] + ["MX"] * 3 + ["AR"] * 6, ["Caribbean"], {}),  # 10 % < 0.5 x 39 %
        (["JM"] * 2 + ["MX"] * 2 + ["AR"] * 6, [], {}),  # 20 % >= 19.7 %
        (["JM"] * 2 + ["MX"] * 2 + ["AR"] * 6, ["Caribbean", "Central America"], {"value": 0.9}),
        (["JM", "MX", "AR", "ES", "ES"], [], {}),  # non-regional not in the base
    ],
)
def test_geo_region_share(countries, low, setting) -> None:
    hits = programme_hits("geo-region-share", [p(country=c) for c in countries], **setting)
    assert sorted(item["region"] for h in hits for item in h.details["regions"]) == low


@pytest.mark.parametrize(
    ("countries", "missing"),
    [
        (["AR", "MX"], ["ldc", "lldc", "sids"]),
        (["HT", "AR"], ["lldc"]),  # Haiti is LDC and SIDS
        (["HT", "BO"], []),
        (["JM", "PY"], ["ldc"]),
    ],
)
def test_geo_ldc_lldc_sids(countries, missing) -> None:
    hits = programme_hits("geo-ldc-lldc-sids", [p(country=c) for c in countries])
    assert (hits[0].details["missing"] if hits else []) == missing


@pytest.mark.parametrize(
    ("rule_id", "people", "fails"),
    [
        ("stakeholder-youth", [p(), p(category="academia")], True),
        ("stakeholder-youth", [p(), p(youth=True)], False),
        ("stakeholder-youth", [p(), p(category="children_youth")], False),
        ("stakeholder-migrants", [p(), p(category="civil_society")], True),
        ("stakeholder-migrants", [p(), p(migrant=True)], False),
        ("stakeholder-migrants", [p(category="migrant_diaspora_org")], False),
    ],
)
def test_youth_and_migrant_voices(rule_id, people, fails) -> None:
    assert bool(programme_hits(rule_id, people)) is fails


def test_categories_absent_lists_exactly_the_missing_ones() -> None:
    from agenda import reference

    nongov = [
        c.key
        for c in reference.stakeholder_categories()
        if c.kind == "non_governmental" and c.key != "other"
    ]
    everyone = [p(category=key) for key in nongov]
    assert programme_hits("stakeholder-categories-absent", everyone) == []
    hits = programme_hits(
        "stakeholder-categories-absent",
        [x for x in everyone if x.category not in ("media", "academia")],
    )
    assert hits[0].details["categories"] == [k for k in nongov if k in ("media", "academia")]
    assert "Media" in hits[0].message_en and "Medios" in hits[0].message_es


def test_severity_off_silences_a_rule_and_warning_is_kept() -> None:
    men = [p(M), p(M), p(M)]
    assert not evaluate_session(
        session(), men, men, resolve_rules({rid: {"severity": "off"} for rid in RULE_IDS})
    )
    rules = resolve_rules({"gender-single": {"severity": "warning"}})
    hits = [v for v in evaluate_session(session(), men, men, rules) if v.rule_id == "gender-single"]
    assert hits[0].severity == "warning"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"gender-nope": {"severity": "error"}}, "unknown rule id"),
        ({"gender-share": {"severity": "fatal"}}, "severity must be one of"),
        ({"gender-share": {"min": 0.7, "max": 0.3}}, "min 0.7 > max 0.3"),
        ({"geo-region-missing": {"value": 3}}, "'value' is not used"),
    ],
)
def test_bad_rule_settings_are_rejected(overrides, message) -> None:
    with pytest.raises(ValidationError, match=message):
        resolve_rules(overrides)


def test_config_section_feeds_the_rules() -> None:
    from meetingctl.config import parse_config

    config = parse_config({"balance": {"rules": {"gender-share": {"min": 0.3}}}})
    rules = resolve_rules(config.balance)
    assert rules["gender-share"].min == 0.3 and rules["gender-share"].max == 0.6
    assert rules["gender-share"].severity == "warning"  # default kept when not given
    assert rules["gender-single"].severity == "error"
