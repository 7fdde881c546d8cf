"""Values typed the way Latin American and Caribbean organizers type them resolve to the right
key: a table of 450 labels (countries, demonyms, categories, genders, honorifics, languages)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agenda.people.normalize import (
    normalize_category,
    normalize_country,
    normalize_honorific,
    read_gender,
    suggest_countries,
)
from agenda.people.values import parse_languages
from agenda.reference import country

TABLE = Path(__file__).parent / "fixtures" / "typed_labels.csv"
ROWS = list(csv.DictReader(TABLE.open(encoding="utf-8")))


def _resolve(field: str, label: str) -> str | None:
    if field in {"country", "demonym"}:
        return normalize_country(label)
    if field == "category":
        return normalize_category(label)
    if field == "gender":
        return read_gender(label).value
    if field == "honorific":
        return normalize_honorific(label)
    codes, unknown = parse_languages(label)
    return codes[0] if len(codes) == 1 and not unknown else None


def test_the_table_is_large_and_covers_every_field() -> None:
    assert len(ROWS) >= 300
    fields = {row["field"] for row in ROWS}
    assert fields == {"country", "demonym", "category", "gender", "honorific", "language"}


@pytest.mark.parametrize(
    ("field", "label", "expected"),
    [(row["field"], row["label"], row["expected"]) for row in ROWS],
    ids=[f"{row['field']}:{row['label']}" for row in ROWS],
)
def test_typed_label_resolves(field: str, label: str, expected: str) -> None:
    assert _resolve(field, label) == expected


@pytest.mark.parametrize("text", ["Otro", "Other", "otra", "Autre"])
def test_other_gender_is_its_own_value_not_non_binary(text: str) -> None:
    assert read_gender(text).value == "other"


@pytest.mark.parametrize(
    "text", ["Republica Dominicna", "Dominicanna", "Rep Dominicanaa", "Republica Domincana"]
)
def test_dominican_republic_misspellings_never_suggest_dominica_first(text: str) -> None:
    suggestions = suggest_countries(text)
    assert suggestions, text
    assert suggestions[0] == "Dominican Republic (DO)"
    assert suggest_countries(text, lang="es")[0] == "República Dominicana (DO)"


def test_suggestions_show_the_code_beside_the_name() -> None:
    for suggestion in suggest_countries("Jamiaca") + suggest_countries("Barbdos"):
        code = suggestion.rsplit("(", 1)[1].rstrip(")")
        assert suggestion == f"{country(code).name_en} ({code})"


def test_a_dominica_misspelling_still_suggests_dominica_first() -> None:
    assert suggest_countries("Dominca")[0] == "Dominica (DM)"


@pytest.mark.parametrize("text", ["Xyzzy", "Federación Galáctica", "Tierra Media"])
def test_nonsense_is_not_a_country(text: str) -> None:
    assert normalize_country(text) is None


def test_every_alias_in_the_data_file_points_at_a_real_key() -> None:
    from agenda.people.aliases import FIELDS, aliases
    from agenda.people.normalize import GENDERS, HONORIFICS
    from agenda.reference import countries, stakeholder_categories

    valid = {
        "country": {c.iso2 for c in countries()},
        "category": {item.key for item in stakeholder_categories()},
        "gender": set(GENDERS),
        "honorific": set(HONORIFICS),
    }
    valid["demonym"] = valid["country"]
    for field in FIELDS:
        table = aliases(field)
        assert table, field
        if field == "language":
            assert all(code.isalpha() and code.islower() for code in table.values())
            continue
        wrong = {label: key for label, key in table.items() if key not in valid[field]}
        assert not wrong, (field, wrong)


def test_every_alias_resolves_to_its_own_key() -> None:
    """No alias is shadowed by another spelling that folds the same way."""
    from agenda.people.aliases import CATEGORY_ALIASES, COUNTRY_ALIASES, DEMONYMS

    wrong = {
        label: normalize_country(label)
        for label, key in {**DEMONYMS, **COUNTRY_ALIASES}.items()
        if normalize_country(label) != key
    }
    wrong.update(
        {
            label: normalize_category(label)
            for label, key in CATEGORY_ALIASES.items()
            if normalize_category(label) != key
        }
    )
    assert not wrong


def _strip_accents(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_RESOLVABLE = [  # ISO and M49 codes ("DOM", "214") are read as codes only when typed as such
    row
    for row in ROWS
    if row["field"] in {"country", "demonym", "category"} and len(row["label"]) > 3
]


@given(
    row=st.sampled_from(_RESOLVABLE),
    upper=st.lists(st.booleans(), min_size=60, max_size=60),
    accents=st.booleans(),
    padding=st.sampled_from(["", " ", "  ", "\t"]),
    trailing=st.sampled_from(["", ".", " .", ";"]),
)
@settings(max_examples=300, deadline=None)
def test_case_accents_spacing_and_trailing_punctuation_do_not_change_the_key(
    row: dict[str, str], upper: list[bool], accents: bool, padding: str, trailing: str
) -> None:
    label = row["label"]
    typed = "".join(
        ch.upper() if flip else ch.lower() for ch, flip in zip(label, upper, strict=False)
    )
    typed += label[len(upper) :]
    if accents:
        typed = _strip_accents(typed)
    typed = padding + typed.replace(" ", " " + padding) + trailing
    assert _resolve(row["field"], typed) == row["expected"], typed
