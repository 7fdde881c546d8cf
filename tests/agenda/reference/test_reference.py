"""Tests for the packaged reference data (agenda.reference)."""

from __future__ import annotations

import dataclasses
import zoneinfo

import pytest

from agenda import reference as ref


def test_23_objectives_numbered_with_official_spanish_titles():
    items = ref.objectives()
    assert [item.number for item in items] == list(range(1, 24))
    assert ref.objective(1).title("es") == (
        "Recopilar y utilizar datos exactos y desglosados para formular políticas con base empírica"
    )
    assert ref.objective(23).title("es") == (
        "Fortalecer la cooperación internacional y las alianzas mundiales para la migración "
        "segura, ordenada y regular"
    )
    assert ref.objective(12).title_en.startswith("Strengthen certainty and predictability")
    assert all(item.title_es and item.title_es != item.title_en for item in items)
    assert ref.objective(1).short("es") == "Datos"
    assert ref.objective(1).short("en") == "Data"


def test_unknown_objective_raises_keyerror_naming_range():
    with pytest.raises(KeyError, match="1 to 23"):
        ref.objective(24)


def test_thematic_areas_cover_all_objectives_and_23_is_in_all_five():
    areas = ref.thematic_areas()
    assert [area.number for area in areas] == [1, 2, 3, 4, 5]
    assert all(23 in area.objectives for area in areas)
    covered = {number for area in areas for number in area.objectives}
    assert covered == set(range(1, 24))
    for item in ref.objectives():
        in_areas = tuple(area.number for area in areas if item.number in area.objectives)
        assert in_areas == item.thematic_areas
    assert all(area.title("es") != area.title("en") for area in areas)


def test_imrf_round_tables_partition_the_objectives():
    tables = ref.imrf_round_tables()
    assert len(tables) == 4
    numbers = [n for table in tables for n in table.objectives]
    assert sorted(numbers) == list(range(1, 24))
    assert tables[0].objectives == (2, 5, 6, 12, 18)
    assert tables[3].objectives == (1, 3, 7, 17, 23)
    assert tables[0].title("es").startswith("Mesa redonda 1")


def test_lac_member_states_and_regions():
    members = ref.lac_member_states()
    assert len(members) == 33
    counts = {region.key: region.member_count for region in ref.regions()}
    assert counts == {"Caribbean": 13, "Central America": 8, "South America": 12}
    assert ref.region("Caribbean").name("es") == "Caribe"
    assert ref.country("MX").region == ref.CENTRAL_AMERICA
    assert ref.country("BM").region == ref.NORTHERN_AMERICA
    assert ref.country("BM").eclac_status == ref.ECLAC_ASSOCIATE
    associates = [c for c in ref.lac_countries() if c.eclac_status == ref.ECLAC_ASSOCIATE]
    assert len(associates) == 14  # French Guiana since 2018
    assert ref.country("GF").eclac_status == ref.ECLAC_ASSOCIATE


def test_non_regional_eclac_members():
    non_regional = [c for c in ref.countries() if c.is_eclac_member and not c.in_lac]
    assert sorted(c.iso2 for c in non_regional) == sorted(
        ["CA", "FR", "DE", "IT", "JP", "NL", "NO", "PT", "KR", "ES", "TR", "GB", "US"]
    )
    assert all(c.region == ref.NON_REGIONAL for c in non_regional)
    assert len([c for c in ref.countries() if c.is_eclac_member]) == 46


@pytest.mark.parametrize(
    ("iso2", "name_en", "name_es"),
    [
        ("BO", "Bolivia (Plurinational State of)", "Bolivia (Estado Plurinacional de)"),
        ("VE", "Venezuela (Bolivarian Republic of)", "Venezuela (República Bolivariana de)"),
        ("KR", "Republic of Korea", "República de Corea"),
        ("TR", "Türkiye", "Türkiye"),
        (
            "GB",
            "United Kingdom of Great Britain and Northern Ireland",
            "Reino Unido de Gran Bretaña e Irlanda del Norte",
        ),
        ("US", "United States of America", "Estados Unidos de América"),
        ("KN", "Saint Kitts and Nevis", "Saint Kitts y Nevis"),
        ("TT", "Trinidad and Tobago", "Trinidad y Tabago"),
        ("IR", "Iran (Islamic Republic of)", "Irán (República Islámica del)"),
        ("MX", "Mexico", "México"),
    ],
)
def test_un_style_names(iso2, name_en, name_es):
    item = ref.country(iso2)
    assert (item.name("en"), item.name("es")) == (name_en, name_es)
    assert item.name_en == name_en and item.name_es == name_es


def test_other_languages_come_from_cldr():
    assert ref.country("BR").name("fr") == "Brésil"
    assert ref.country("BR").name("xx-not-a-locale") == "Brazil"


def test_flags_verified():
    assert ref.country("HT").ldc
    assert [c.iso2 for c in ref.lac_countries() if c.ldc] == ["HT"]
    assert sorted(c.iso2 for c in ref.lac_countries() if c.lldc) == ["BO", "PY"]
    assert ref.country("JM").sids and ref.country("BZ").sids and ref.country("GY").sids
    assert not ref.country("MX").sids


def test_world_countries_are_representable_with_codes_and_zones():
    all_countries = ref.countries()
    assert len(all_countries) == len({c.iso2 for c in all_countries}) >= 249
    assert len({c.iso3 for c in all_countries}) == len(all_countries)
    assert len({c.m49 for c in all_countries}) == len(all_countries)
    nigeria = ref.country("ng")
    assert (nigeria.iso3, nigeria.m49, nigeria.eclac_status) == ("NGA", "566", ref.ECLAC_OTHER)
    assert nigeria.zones == ("Africa/Lagos",)
    assert ref.country("DE").iso3 == "DEU" and ref.country("FR").m49 == "250"


def test_all_zones_are_valid_iana_names():
    available = zoneinfo.available_timezones()
    for item in ref.countries():
        assert set(item.zones) <= available, item.iso2
        if item.capital_zone:
            assert item.capital_zone in available, item.iso2
            assert item.capital_zone in item.zones, item.iso2
    assert ref.country("CL").capital_zone == "America/Santiago"
    assert "Pacific/Easter" in ref.country("CL").zones


def test_unknown_country_code_message():
    with pytest.raises(KeyError, match="ISO 3166-1 alpha-2"):
        ref.country("Mexico")


def test_stakeholder_categories():
    keys = [item.key for item in ref.stakeholder_categories()]
    assert "other" in keys and "civil_society" in keys and len(keys) == len(set(keys))
    assert ref.category("member_state").is_governmental
    assert ref.is_governmental("associate_member")
    assert not ref.is_governmental("civil_society")
    assert ref.is_non_governmental("academia")
    assert not ref.is_non_governmental("un_system")
    assert not ref.is_non_governmental("member_state")
    # Local and municipal governments are government (local level); parliaments and NHRIs are
    # their own kinds, neither government nor civil society (issue 16).
    assert ref.is_governmental("local_authorities")
    assert ref.category("parliamentarians").kind == "parliamentary"
    assert ref.category("nhri").kind == "human_rights_institution"
    assert not ref.is_non_governmental("parliamentarians") and not ref.is_non_governmental("nhri")
    assert ref.category("academia").label("es") == "Academia"
    assert ref.category("trade_unions").label("es").startswith("Sindicatos")
    with pytest.raises(KeyError, match="civil_society"):
        ref.category("ngo")


def test_values_are_frozen_and_cached():
    assert ref.countries() is ref.countries()
    mexico = ref.country("MX")
    for attribute in ("iso2", "region"):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(mexico, attribute, "XX")
