"""Golden checks of annex (g)'s list of participants against ECLAC practice: the group order,
consecutive letters over the groups present, one group per entity, the secretariat by rank and
the configured organizers, collation in the document's language, the delegation label, country
articles and no nested parentheses."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agenda.annex.participants import list_of_participants
from agenda.model.enums import Gender
from agenda.model.orm import Organization, Person
from agenda.reference.articles import natural_name, of_country, with_article

_ORGS: dict[str, Organization] = {}


def _org(name: str, category: str, name_es: str = "") -> Organization:
    if name not in _ORGS:
        _ORGS[name] = Organization(name=name, name_es=name_es, category=category)
    return _ORGS[name]


def _p(
    given_name: str,
    family: str,
    category: str,
    *,
    country: str | None = None,
    org: str | None = None,
    head: bool = False,
    rank: int | None = None,
    position: str = "",
    position_es: str = "",
) -> Person:
    return Person(
        given_name=given_name,
        family_name=family,
        honorific="Ms.",
        gender=Gender.WOMAN,
        category=category,
        country=country,
        delegation=country or "",
        organization=_org(org, category) if org else None,
        head_of_delegation=head,
        rank=rank,
        position=position,
        position_es=position_es,
    )


def roster() -> list[Person]:
    """One or more people for every group ECLAC prints, in scrambled order."""
    return [
        _p("Ana", "Ruiz", "civil_society", country="CL", org="Fundación Ejemplo"),
        _p("Rosa", "Díaz", "un_system", org="IOM", rank=1, position="Regional Director"),
        _p("Eva", "Sosa", "un_system", org="ECLAC", rank=2, position="Deputy Executive Secretary"),
        _p("Alma", "Arce", "un_system", org="CEPAL", position="Research Assistant"),
        _p("Julia", "Vera", "un_system", org="ECLAC", rank=1, position="Executive Secretary"),
        _p("Inés", "Paz", "igo", org="OAS"),
        _p("Lía", "Mora", "un_system", org="ILO"),
        _p("Luz", "Gil", "un_system", org="UNHCR"),
        _p("Sara", "Roca", "un_system", org="DESA"),
        _p("Mia", "Lee", "member_state", country="CH", head=True),
        _p("Noa", "Croes", "associate_member", country="AW", head=True),
        _p("Ada", "Smith", "member_state", country="BS", head=True),
        _p("Eli", "Pérez", "member_state", country="ES", head=True),
        _p("Isa", "Gómez", "member_state", country="DO", head=True),
        _p("Bea", "Alba", "member_state", country="DO"),
        _p("Ema", "Zapata", "member_state", country="EC"),
    ]


EXPECTED = {
    "en": [
        (
            "A",
            "States members of the Commission",
            ["Bahamas", "Dominican Republic", "Ecuador", "Spain"],
        ),
        ("B", "Associate members", ["Aruba"]),
        (
            "C",
            "States Members of the United Nations not members of the Commission participating "
            "in a consultative capacity",
            ["Switzerland"],
        ),
        ("D", "United Nations Secretariat", ["Department of Economic and Social Affairs (DESA)"]),
        (
            "E",
            "United Nations funds and programmes",
            ["Office of the United Nations High Commissioner for Refugees (UNHCR)"],
        ),
        ("F", "Specialized agencies", ["International Labour Organization (ILO)"]),
        ("G", "Intergovernmental organizations", ["Organization of American States (OAS)"]),
        ("H", "Non-governmental organizations", ["Fundación Ejemplo"]),
        (
            "I",
            "Secretariat",
            [
                "Economic Commission for Latin America and the Caribbean (ECLAC)",
                "International Organization for Migration (IOM)",
            ],
        ),
    ],
    "es": [
        (
            "A",
            "Estados miembros de la Comisión",
            ["Bahamas", "Ecuador", "España", "República Dominicana"],
        ),
        ("B", "Miembros asociados", ["Aruba"]),
        (
            "C",
            "Estados Miembros de las Naciones Unidas que no son miembros de la Comisión y "
            "participan con carácter consultivo",
            ["Suiza"],
        ),
        (
            "D",
            "Secretaría de las Naciones Unidas",
            ["Departamento de Asuntos Económicos y Sociales (DAES)"],
        ),
        (
            "E",
            "Fondos y programas de las Naciones Unidas",
            ["Oficina del Alto Comisionado de las Naciones Unidas para los Refugiados (ACNUR)"],
        ),
        ("F", "Organismos especializados", ["Organización Internacional del Trabajo (OIT)"]),
        (
            "G",
            "Organizaciones intergubernamentales",
            ["Organización de los Estados Americanos (OEA)"],
        ),
        ("H", "Organizaciones no gubernamentales", ["Fundación Ejemplo"]),
        (
            "I",
            "Secretaría",
            [
                "Comisión Económica para América Latina y el Caribe (CEPAL)",
                "Organización Internacional para las Migraciones (OIM)",
            ],
        ),
    ],
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_group_order_letters_and_headings_golden(lang: str) -> None:
    groups = list_of_participants(roster(), lang)
    assert [(g.letter, g.title, [d.name for d in g.delegations]) for g in groups] == EXPECTED[lang]


def test_secretariat_by_rank_then_name_and_one_group_per_entity() -> None:
    groups = list_of_participants(roster(), "en")
    eclac = groups[-1].delegations[0]
    assert [e.name for e in eclac.entries] == ["Julia Vera", "Eva Sosa", "Alma Arce"]
    # "CEPAL" and "ECLAC" are the same entity: one delegation, in one group only.
    names = [d.name for g in groups for d in g.delegations]
    assert names.count("Economic Commission for Latin America and the Caribbean (ECLAC)") == 1


def test_secretariat_is_configurable() -> None:
    groups = list_of_participants(roster(), "en", secretariat=("ECLAC",))
    agencies = next(g for g in groups if g.key == "specialized_agencies")
    assert [d.name for d in agencies.delegations] == [
        "International Labour Organization (ILO)",
        "International Organization for Migration (IOM)",
    ]
    assert [d.name for d in groups[-1].delegations] == [
        "Economic Commission for Latin America and the Caribbean (ECLAC)"
    ]


def test_members_of_the_delegation_label_follows_the_head() -> None:
    groups = list_of_participants(roster(), "en")
    dominican = next(d for d in groups[0].delegations if d.name == "Dominican Republic")
    assert [e.name for e in dominican.entries] == ["Isa Gómez", "Bea Alba"]
    assert dominican.members_label == "Members of the delegation"
    bahamas = next(d for d in groups[0].delegations if d.name == "Bahamas")
    assert bahamas.members_label == ""  # nobody follows the head


def test_spanish_annex_prints_spanish_positions_and_marks_missing_ones() -> None:
    people = [
        _p(
            "Ada",
            "Smith",
            "member_state",
            country="AG",
            head=True,
            position="Ambassador, Permanent Representative",
            position_es="Embajadora, Representante Permanente",
        ),
        _p("Bea", "Jones", "member_state", country="AG", position="Adviser"),
    ]
    (group,) = list_of_participants(people, "es")
    head, member = group.delegations[0].entries
    assert head.position == "Embajadora, Representante Permanente"
    assert member.position == "[EN] Adviser"
    (english,) = list_of_participants(people, "en")
    assert english.delegations[0].entries[0].position == "Ambassador, Permanent Representative"


@given(st.sets(st.sampled_from(range(len(roster()))), min_size=1))
@settings(max_examples=60, deadline=None)
def test_letters_are_consecutive_over_the_groups_present(chosen: set[int]) -> None:
    people = [p for i, p in enumerate(roster()) if i in chosen]
    for lang in ("en", "es"):
        groups = list_of_participants(people, lang)
        assert [g.letter for g in groups] == [chr(ord("A") + i) for i in range(len(groups))]
        order = [g.key for g in list_of_participants(roster(), lang)]
        keys = [g.key for g in groups]
        assert keys == [k for k in order if k in keys]  # ECLAC order kept
        assert sum(g.count for g in groups) == len(people)


@pytest.mark.parametrize(
    ("iso2", "es", "en"),
    [
        ("BS", "de las Bahamas", "of the Bahamas"),
        ("DO", "de la República Dominicana", "of the Dominican Republic"),
        ("PE", "del Perú", "of Peru"),
        ("AR", "de la Argentina", "of Argentina"),
        ("BO", "del Estado Plurinacional de Bolivia", "of the Plurinational State of Bolivia"),
        (
            "VE",
            "de la República Bolivariana de Venezuela",
            "of the Bolivarian Republic of Venezuela",
        ),
        ("NL", "de los Países Bajos", "of the Netherlands"),
        ("KY", "de las Islas Caimán", "of the Cayman Islands"),
        ("SV", "de El Salvador", "of El Salvador"),
        ("CL", "de Chile", "of Chile"),
        ("US", "de los Estados Unidos de América", "of the United States of America"),
    ],
)
def test_country_names_take_their_articles(iso2: str, es: str, en: str) -> None:
    assert of_country(iso2, "es") == es
    assert of_country(iso2, "en") == en
    assert "(" not in natural_name(iso2, "es") and "(" not in with_article(iso2, "en")


def test_no_nested_parentheses_in_the_organization_of_work() -> None:
    from agenda.annex.document import SessionPerson

    assert SessionPerson("x", "Sra. Ana", "OIM").shown == "Sra. Ana (OIM)"
    shown = SessionPerson("x", "Sra. Ana", "Universidad Austral (ficticia)").shown
    assert shown == "Sra. Ana, Universidad Austral (ficticia)"


def test_demo_start_is_in_the_future_unless_a_year_is_given() -> None:
    from meetingctl.demo import demo_start

    assert demo_start(2021) == date(2021, 4, 26)
    assert demo_start(today=date(2026, 12, 2)) == date(2027, 4, 26)
    assert demo_start(today=date(2027, 1, 10)) == date(2027, 4, 26)
    assert demo_start(today=date(2027, 4, 20)) > date(2027, 4, 20)
