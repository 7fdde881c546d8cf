"""Annex (g) assembly: groups, collation, head of delegation, organization of work, fallbacks."""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from agenda.annex.document import annex_group, build_annex, counts_as_participant, load_annex
from agenda.i18n import export as i18n_export
from agenda.i18n.catalog import has_translation
from agenda.i18n.export import collation_key, label, localized, long_date
from agenda.model.enums import Attendance, Gender
from agenda.model.orm import Meeting, Person
from tests.agenda.annex.test_annex_data import (
    CHILE_EN,
    CHILE_ES,
    DECLINED_NAME,
    EXCLUDED_NAME,
    GROUP_A_EN,
    GROUP_A_ES,
    build_dataset,
)

NAMES = [
    "Nyberg",
    "Ñúñez",
    "Núñez",
    "Nunez",
    "Álvarez",
    "Alvarado",
    "Østergaard",
    "Ostrowski",
    "Oliveira",
    "Peña",
    "Pena",
    "Zúñiga",
    "orellana",
    "Æbelø",
]


def _family_names(annex, letter: str, delegation: str) -> list[str]:  # type: ignore[no-untyped-def]
    group = next(g for g in annex.groups if g.letter == letter)
    found = next(d for d in group.delegations if d.name == delegation)
    return [entry.name.split()[-1] for entry in found.entries]


def test_collation_puts_accented_names_where_readers_expect() -> None:
    es = sorted(NAMES, key=lambda n: collation_key(n, "es"))
    en = sorted(NAMES, key=lambda n: collation_key(n, "en"))
    assert es == [
        "Æbelø",
        "Alvarado",
        "Álvarez",
        "Nunez",
        "Núñez",
        "Nyberg",
        "Ñúñez",
        "Oliveira",
        "orellana",
        "Østergaard",
        "Ostrowski",
        "Pena",
        "Peña",
        "Zúñiga",
    ]
    # In English "Ñ" is an accented N: Ñúñez sorts with Núñez, before Nyberg.
    assert en.index("Ñúñez") == en.index("Núñez") + 1 < en.index("Nyberg")


@given(
    st.lists(st.sampled_from(NAMES + ["Ana", "ána", "ANA", "Ñandú", "nandu"]), max_size=12),
    st.sampled_from(["en", "es"]),
    st.randoms(),
)
def test_collation_order_is_total_and_independent_of_input_order(
    names: list[str], lang: str, rng: random.Random
) -> None:
    expected = sorted(names, key=lambda n: collation_key(n, lang))
    shuffled = names[:]
    rng.shuffle(shuffled)
    assert sorted(shuffled, key=lambda n: collation_key(n, lang)) == expected
    for first, second in zip(expected, expected[1:], strict=False):
        if first != second:
            assert collation_key(first, lang) < collation_key(second, lang)


@given(st.text(alphabet="aeinouAEINOU", min_size=1, max_size=8))
def test_accents_only_break_ties(base: str) -> None:
    accented = base.translate(str.maketrans("aeiouAEIOU", "áéíóúÁÉÍÓÚ"))
    assert collation_key(accented, "en")[0] == collation_key(base, "en")[0]
    if accented != base:
        assert collation_key(base, "en") < collation_key(accented, "en")


@pytest.mark.parametrize(
    ("category", "country", "override", "expected"),
    [
        ("member_state", "CL", None, "member_states"),
        ("member_state", "ES", None, "member_states"),  # non-regional ECLAC member
        ("member_state", "AW", None, "associate_members"),  # associate member by status
        ("associate_member", None, None, "associate_members"),
        ("member_state", "CN", None, "other_states"),
        ("member_state", None, None, "other_states"),
        ("un_system", "CL", None, "un_secretariat"),
        ("igo", None, None, "igos"),
        ("civil_society", "BO", None, "ngos"),
        ("other", None, None, "ngos"),
        ("un_system", "CL", "G", "secretariat"),  # a legacy letter still works
        ("civil_society", "CL", "ig", "igos"),  # a group code, any case
    ],
)
def test_group_from_category_status_and_override(
    category: str, country: str | None, override: str | None, expected: str
) -> None:
    person = Person(given_name="X", category=category, country=country, annex_group=override)
    assert annex_group(person) == expected


@pytest.mark.parametrize(
    ("attendance", "setting", "counted"),
    [
        ("registered", "registered", True),
        ("registered", "confirmed", False),
        ("confirmed", "confirmed", True),
        ("attended", "confirmed", True),
        ("confirmed", "attended", False),
        ("attended", "attended", True),
    ],
)
def test_who_counts_follows_the_setting(attendance: str, setting: str, counted: bool) -> None:
    person = Person(given_name="X", attendance=Attendance(attendance))
    assert counts_as_participant(person, setting) is counted


@pytest.mark.parametrize(
    ("lang", "countries", "chile"), [("es", GROUP_A_ES, CHILE_ES), ("en", GROUP_A_EN, CHILE_EN)]
)
def test_list_of_participants_groups_sorting_and_heads(
    lang: str, countries: list[str], chile: list[str]
) -> None:
    meeting, sessions, people = build_dataset()
    annex = build_annex(meeting, sessions, people, lang, "confirmed")
    assert [g.letter for g in annex.groups] == list("ABCDEF")
    assert [g.key for g in annex.groups] == [
        "member_states",
        "associate_members",
        "other_states",
        "igos",
        "ngos",
        "secretariat",
    ]
    group_a = annex.groups[0]
    assert [d.name for d in group_a.delegations] == countries
    assert _family_names(annex, "A", "Chile") == chile
    head = group_a.delegations[1].entries[0]
    assert head.head_of_delegation and head.role == label("head_of_delegation_woman", lang)
    assert not any(e.head_of_delegation for e in group_a.delegations[1].entries[1:])
    assert annex.participant_count == 19
    names = [e.name for g in annex.groups for d in g.delegations for e in d.entries]
    assert EXCLUDED_NAME not in names


def test_non_governmental_organizations_are_listed_by_organization() -> None:
    meeting, sessions, people = build_dataset()
    annex = build_annex(meeting, sessions, people, "es", "confirmed")
    ngos = next(g for g in annex.groups if g.key == "ngos")
    assert [d.name for d in ngos.delegations] == [
        "Central Sindical (ficticia)",
        "Fundación <Uno> & Co",
        "Universidad Austral (ficticia)",
    ]
    assert ngos.delegations[1].entries[0].organization == ""  # not repeated under its heading
    secretariat = annex.groups[-1]
    assert [d.name for d in secretariat.delegations] == [
        "Comisión Económica para América Latina y el Caribe (CEPAL)",
        "Organización Internacional para las Migraciones (OIM)",
    ]


def test_counting_setting_changes_the_list() -> None:
    meeting, sessions, people = build_dataset()
    assert build_annex(meeting, sessions, people, "en", "registered").participant_count == 21
    attended = build_annex(meeting, sessions, people, "en", "attended")
    assert [e.name for g in attended.groups for d in g.delegations for e in d.entries] == [
        "Inés Oliveira"
    ]


def test_organization_of_work_days_times_and_people() -> None:
    meeting, sessions, people = build_dataset()
    annex = build_annex(meeting, sessions, people, "es", "confirmed")
    assert [(d.heading, d.date) for d in annex.days] == [
        ("Día 1", "lunes 26 de abril de 2021"),
        ("Día 2", "martes 27 de abril de 2021"),
    ]
    opening, round_table = annex.days[0].items  # the break is left out
    assert (opening.start, opening.end, opening.utc_offset) == ("09:00", "09:45", "UTC-04:00")
    assert opening.title == "[EN] Opening session"
    assert round_table.kind == "Mesa redonda"
    assert round_table.objectives == (
        "1. Datos",
        "3. Proporcionar información",
        "17. Eliminar la discriminación",
    )
    assert [(c.role, c.name) for c in round_table.chairs] == [("Moderación", "Sra. Ana Torres")]
    speakers = [(s.name, s.affiliation) for s in round_table.speakers]
    assert speakers == [
        ("Sra. Rosa Quiroga", "Fundación <Uno> & Co"),
        ("Sra. Carmen Hernández", "México"),
    ]
    assert all(DECLINED_NAME not in s.name for s in round_table.speakers)


def test_english_annex_has_no_fallback_markers_and_english_dates() -> None:
    meeting, sessions, people = build_dataset()
    annex = build_annex(meeting, sessions, people, "en", "confirmed")
    assert annex.days[0].date == "Monday, 26 April 2021"
    assert annex.days[0].items[0].title == "Opening session"
    assert "[EN]" not in repr(annex) and "[ES]" not in repr(annex)


def test_missing_translation_is_marked_never_mixed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(i18n_export.LABELS, "group_B", "Associate members (untranslated)")
    assert label("group_B", "es") == "[EN] Associate members (untranslated)"
    monkeypatch.undo()
    assert localized("Opening", "", "es") == "[EN] Opening"
    assert localized("", "Apertura", "en") == "[ES] Apertura"
    assert localized("", "", "es") == ""
    meeting, sessions, people = build_dataset()
    zuniga = next(p for p in people if p.family_name == "Zúñiga")
    zuniga.position, zuniga.position_es = "Deputy Minister for Foreign Affairs", ""
    spanish = build_annex(meeting, sessions, people, "es", "confirmed")
    head = spanish.groups[0].delegations[1].entries[0]
    assert head.position == "[EN] Deputy Minister for Foreign Affairs"
    zuniga.position, zuniga.position_es = "", "Subsecretaria de Relaciones Exteriores"
    english = build_annex(meeting, sessions, people, "en", "confirmed")
    assert english.groups[0].delegations[1].entries[0].position == (
        "[ES] Subsecretaria de Relaciones Exteriores"
    )


def test_dates_through_babel() -> None:
    assert long_date(date(2021, 4, 26), "es") == "26 de abril de 2021"
    assert long_date(date(2021, 4, 26), "en") == "26 April 2021"


def test_unsupported_language_is_refused() -> None:
    meeting, sessions, people = build_dataset()
    with pytest.raises(ValueError, match="unsupported export language 'fr'"):
        build_annex(meeting, sessions, people, "fr")


def test_load_annex_from_the_database(db_factory) -> None:  # type: ignore[no-untyped-def]
    with db_factory() as db:
        build_dataset(db)
        db.commit()
    with db_factory() as db:
        meeting = db.scalar(select(Meeting))
        annex = load_annex(db, meeting, "es", "confirmed")
    assert [d.name for d in annex.groups[0].delegations] == GROUP_A_ES
    assert _family_names(annex, "A", "Chile") == CHILE_ES
    assert [len(d.items) for d in annex.days] == [2, 1]
    assert annex.days[0].items[1].speakers[1].affiliation == "México"


def test_every_label_exists_in_both_languages() -> None:
    missing = [
        key
        for key, msgid in i18n_export.LABELS.items()
        if not has_translation("es", msgid) or "[EN]" in i18n_export.label(key, "es")
    ]
    assert missing == []


def test_delegation_named_in_words_and_parallel_track() -> None:
    meeting, sessions, people = build_dataset()
    wei = next(p for p in people if p.family_name == "Wei")
    wei.category, wei.delegation = "member_state", "República Dominicana"
    sessions[1].track = "B"
    annex = build_annex(meeting, sessions, people, "es", "confirmed")
    group_a = [d.name for d in annex.groups[0].delegations]
    assert "República Dominicana" in group_a
    assert "other_states" not in [g.key for g in annex.groups]
    assert [g.letter for g in annex.groups] == list("ABCDE")  # no gap where C was
    assert annex.days[0].items[1].kind_line == "Mesa redonda – B"


@pytest.mark.parametrize(
    ("gender", "expected"),
    [
        ("woman", "Jefa de la delegación"),
        ("man", "Jefe de la delegación"),
        ("non_binary", "Jefatura de la delegación"),
        ("unknown", "Jefatura de la delegación"),
    ],
)
def test_head_of_delegation_label_agrees_in_spanish(gender: str, expected: str) -> None:
    meeting, sessions, people = build_dataset()
    head = next(p for p in people if p.family_name == "Zúñiga")
    head.gender = Gender(gender)
    annex = build_annex(meeting, sessions, people, "es", "confirmed")
    chile = next(d for d in annex.groups[0].delegations if d.name == "Chile")
    assert chile.entries[0].role == expected
    english = build_annex(meeting, sessions, people, "en", "confirmed")
    assert next(d for d in english.groups[0].delegations if d.name == "Chile").entries[0].role == (
        "Head of delegation"
    )
