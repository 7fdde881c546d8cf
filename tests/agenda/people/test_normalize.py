"""agenda.people.normalize: countries, gender, stakeholder categories, e-mail and zones."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agenda.people.normalize import (
    GENDERS,
    normalize_category,
    normalize_country,
    normalize_email,
    read_gender,
    suggest_countries,
    validate_zone,
)
from agenda.reference import countries, stakeholder_categories


@pytest.mark.parametrize(
    ("text", "iso2"),
    [
        ("México", "MX"),
        ("Mexico", "MX"),
        ("MX", "MX"),
        ("mex", "MX"),
        ("484", "MX"),
        ("Méjico", "MX"),
        ("Brasil", "BR"),
        ("Perú", "PE"),
        ("EE.UU.", "US"),
        ("EE. UU.", "US"),
        ("USA", "US"),
        ("Estados Unidos", "US"),
        ("Bolivia", "BO"),
        ("Bolivia (Estado Plurinacional de)", "BO"),
        ("Plurinational State of Bolivia", "BO"),
        ("Venezuela", "VE"),
        ("Trinidad & Tobago", "TT"),
        ("Trinidad y Tobago", "TT"),
        ("St. Lucia", "LC"),
        ("Santa Lucía", "LC"),
        ("St Vincent & the Grenadines", "VC"),
        ("República Dominicana", "DO"),
        ("republica dominicana", "DO"),
        ("Haití", "HT"),
        ("The Bahamas", "BS"),
        ("Korea, Republic of", "KR"),
        ("Corea del Sur", "KR"),
        ("Turquía", "TR"),
        ("Países Bajos", "NL"),
        ("  Guatemala  ", "GT"),
        ("Reino Unido", "GB"),
        ("Curacao", "CW"),
        ("Colômbia", "CO"),
    ],
)
def test_country_variants(text, iso2):
    assert normalize_country(text) == iso2


@pytest.mark.parametrize("text", ["", "   ", None, "Atlantis", "Virgin Islands", "XX", "999"])
def test_unknown_or_ambiguous_country_is_none(text):
    assert normalize_country(text) is None


def test_suggestions_for_typos():
    assert suggest_countries("Colmbia")[0] == "Colombia (CO)"
    assert "Mexico (MX)" in suggest_countries("Mexic")
    assert "United States Virgin Islands (VI)" in suggest_countries("Virgin Islands")
    assert suggest_countries("zzzzzz") == []


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_TRANSFORMS = [str, str.upper, str.lower, _strip_accents, lambda s: f"  {s} "]


@settings(max_examples=400, deadline=None)
@given(
    item=st.sampled_from(countries()),
    attribute=st.sampled_from(["name_en", "name_es", "iso2", "iso3", "m49"]),
    transform=st.sampled_from(_TRANSFORMS),
)
def test_every_reference_name_and_code_round_trips(item, attribute, transform):
    assert normalize_country(transform(getattr(item, attribute))) == item.iso2


def test_all_reference_names_round_trip_exhaustively():
    for item in countries():
        for text in (item.name_en, item.name_es, item.iso2, item.iso3, item.name("en").upper()):
            assert normalize_country(text) == item.iso2, text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("F", "woman"),
        ("Female", "woman"),
        ("Mujer", "woman"),
        ("FEMENINO", "woman"),
        ("Male", "man"),
        ("Hombre", "man"),
        ("masculino", "man"),
        ("H", "man"),
        ("Varón", "man"),
        ("Non-binary", "non_binary"),
        ("No binario", "non_binary"),
        ("Prefiero no decirlo", "undisclosed"),
        ("Prefer not to say", "undisclosed"),
        ("", "unknown"),
        (None, "unknown"),
        ("Desconocido", "unknown"),
    ],
)
def test_gender_values(text, expected):
    reading = read_gender(text)
    assert reading.value == expected
    assert reading.warning is None


def test_m_is_ambiguous_unless_header_is_english():
    assert read_gender("M", "en").value == "man"
    for language in ("es", None):
        reading = read_gender("m", language)
        assert reading.value == "unknown"
        assert "ambiguous" in reading.warning


@pytest.mark.parametrize("text", ["María", "José", "Sr.", "helicopter"])
def test_gender_is_never_guessed(text):
    reading = read_gender(text)
    assert reading.value == "unknown"
    assert reading.warning and "unrecognized" in reading.warning


@given(st.text(max_size=30), st.sampled_from(["en", "es", None]))
def test_gender_always_in_vocabulary(text, language):
    assert read_gender(text, language).value in GENDERS


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("ONG", "civil_society"),
        ("NGO", "civil_society"),
        ("Sociedad civil", "civil_society"),
        ("academia", "academia"),
        ("Universidad", "academia"),
        ("Gobierno", "member_state"),
        ("Estado miembro", "member_state"),
        ("Sector privado", "private_sector"),
        ("Sindicatos", "trade_unions"),
        ("Jóvenes", "children_youth"),
        ("Cruz Roja", "red_cross"),
        ("Otro", "other"),
        ("ONGs", "civil_society"),
    ],
)
def test_category_variants(text, key):
    assert normalize_category(text) == key


def test_category_labels_round_trip():
    for item in stakeholder_categories():
        for text in (item.key, item.label_en, item.label_es, item.label_es.upper()):
            assert normalize_category(text) == item.key, text
    assert normalize_category("astronauts") is None
    assert normalize_category("  ") is None


def test_email_normalization_and_key():
    address, key = normalize_email("  Ana.Perez@Example.ORG ")
    assert address == "Ana.Perez@example.org"
    assert key == "ana.perez@example.org"
    assert normalize_email("ANA.PEREZ@example.org")[1] == key


@pytest.mark.parametrize(
    "text", ["", None, "ana", "ana@", "a@b", "ana perez@example.org", "a..b@x.org"]
)
def test_invalid_email_raises_with_reason(text):
    with pytest.raises(ValueError) as info:
        normalize_email(text)
    assert str(info.value)


def test_validate_zone():
    assert validate_zone("America/Santiago") == "America/Santiago"
    assert validate_zone("america/port of spain") == "America/Port_of_Spain"
    with pytest.raises(ValueError, match="America/Santiago"):
        validate_zone("America/Santiag")
    with pytest.raises(ValueError, match="unknown IANA time zone"):
        validate_zone("")


_ascii_atom = st.text(alphabet="abcXYZ09.-_+'!#=~", min_size=0, max_size=70)
_domain = st.sampled_from(
    [
        "example.org",
        "EXAMPLE.org",
        "cepal.org",
        "a.b",
        "x..org",
        "-bad.org",
        "b.co",
        "x.test",
        "localhost",
        "sub.example.org.",
        "xn--mxico-bsa.mx",
        "1.2.3.4",
    ]
)


@settings(max_examples=300, deadline=None)
@given(local=_ascii_atom, domain=_domain)
def test_fast_path_agrees_with_email_validator(local, domain):
    from email_validator import EmailNotValidError, validate_email

    address = f"{local}@{domain}"
    try:
        expected = validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError:
        expected = None
    try:
        got = normalize_email(address)[0]
    except ValueError:
        got = None
    assert got == expected


@pytest.mark.parametrize("text", ["OIM", "IOM", "ACNUR", "CEPAL", "ONU Mujeres", "Naciones Unidas"])
def test_un_entities_typed_as_category(text):
    assert normalize_category(text) == "un_system"


def test_category_aliases_point_to_real_categories():
    from agenda.people.aliases import CATEGORY_ALIASES, COUNTRY_ALIASES
    from agenda.reference import country

    keys = {item.key for item in stakeholder_categories()}
    assert set(CATEGORY_ALIASES.values()) <= keys
    for iso2 in set(COUNTRY_ALIASES.values()):
        assert country(iso2).iso2 == iso2
