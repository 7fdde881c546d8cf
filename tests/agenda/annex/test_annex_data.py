"""A small hand-built meeting for exact assertions on the annex, its exports and the report.

Imported by the annex/export/report/CLI tests (``from tests.agenda.annex.test_annex_data import``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session as DbSession

from agenda.model.enums import Attendance, Gender, InvitationStatus, Modality, Role, SessionKind
from agenda.model.orm import Meeting, Organization, Person, RoleAssignment, Session

#: Chile's delegation in the order readers expect (head of delegation first).
CHILE_ES = ["Zúñiga", "Álvarez", "Núñez", "Nyberg", "Ñúñez", "Oliveira", "Østergaard"]
CHILE_EN = ["Zúñiga", "Álvarez", "Núñez", "Ñúñez", "Nyberg", "Oliveira", "Østergaard"]
GROUP_A_ES = ["Argentina", "Chile", "España", "México", "Perú"]
GROUP_A_EN = ["Argentina", "Chile", "Mexico", "Peru", "Spain"]
FORMULA = '=HYPERLINK("http://127.0.0.1/x","click")'
EXCLUDED_NAME = "Registrada Solamente"
DECLINED_NAME = "Declinó Invitación"


def _utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2021, 4, day, hour, minute, tzinfo=UTC)


def _org(name: str, category: str, country: str | None = None, name_es: str = "") -> Organization:
    return Organization(name=name, name_es=name_es, category=category, country=country, acronym="")


def _person(
    given: str,
    family: str,
    *,
    country: str | None,
    category: str,
    org: Organization | None = None,
    gender: Gender = Gender.WOMAN,
    head: bool = False,
    attendance: Attendance = Attendance.CONFIRMED,
    position: str = "Adviser",
    position_es: str | None = None,
    group: str | None = None,
) -> Person:
    return Person(
        given_name=given,
        family_name=family,
        honorific="Sra." if gender == Gender.WOMAN else "Sr.",
        gender=gender,
        country=country,
        category=category,
        organization=org,
        position=position,
        position_es=position if position_es is None else position_es,
        head_of_delegation=head,
        delegation=country or "",
        annex_group=group,
        attendance=attendance,
        languages=["es"],
        is_youth=False,
        is_migrant=False,
        accessibility="",
        notes="",
    )


def build_people() -> list[Person]:
    """21 people covering every group A-G, two excluded by attendance (registered only)."""
    minrel = _org("Ministerio de Relaciones Exteriores de Chile", "member_state", "CL")
    people = [
        _person(
            "Lucía",
            "Zúñiga",
            country="CL",
            category="member_state",
            org=minrel,
            head=True,
            position="Subsecretaria de Relaciones Exteriores",
        ),
        _person("Ana", "Østergaard", country="CL", category="member_state", org=minrel),
        _person(
            "José", "Ñúñez", country="CL", category="member_state", org=minrel, gender=Gender.MAN
        ),
        _person(
            "Pedro", "Núñez", country="CL", category="member_state", org=minrel, gender=Gender.MAN
        ),
        _person("María", "Álvarez", country="CL", category="member_state", org=minrel),
        _person(
            "Erik", "Nyberg", country="CL", category="member_state", org=minrel, gender=Gender.MAN
        ),
        _person(
            "Inés",
            "Oliveira",
            country="CL",
            category="member_state",
            org=minrel,
            attendance=Attendance.ATTENDED,
        ),
        _person(
            "Registrada",
            "Solamente",
            country="CL",
            category="member_state",
            org=minrel,
            attendance=Attendance.REGISTERED,
        ),
    ]
    for iso2, family in (("PE", "Quispe"), ("MX", "Hernández"), ("AR", "Gómez"), ("ES", "Ruiz")):
        people.append(_person("Carmen", family, country=iso2, category="member_state", head=True))
    people += [
        _person(
            "Ravi", "Croes", country="AW", category="member_state", gender=Gender.MAN, head=True
        ),
        _person("Li", "Wei", country="CN", category="member_state", gender=Gender.NON_BINARY),
        _person(
            "Ana",
            "Torres",
            country="CL",
            category="un_system",
            org=_org(
                "International Organization for Migration (IOM)",
                "un_system",
                name_es="Organización Internacional para las Migraciones (OIM)",
            ),
        ),
        _person(
            "Juan",
            "Pérez",
            country="US",
            category="igo",
            gender=Gender.MAN,
            org=_org(
                "Organization of American States (OAS)",
                "igo",
                name_es="Organización de los Estados Americanos (OEA)",
            ),
        ),
        _person(
            "Rosa",
            "Quiroga",
            country="BO",
            category="civil_society",
            org=_org("Fundación <Uno> & Co", "civil_society", "BO"),
        ),
        _person(
            "Marta",
            "Fuentes",
            country="CO",
            category="academia",
            position=FORMULA,
            org=_org("Universidad Austral (ficticia)", "academia", "CO"),
        ),
        _person(
            "Tomás",
            "Ibáñez",
            country="UY",
            category="trade_unions",
            gender=Gender.MAN,
            org=_org("Central Sindical (ficticia)", "trade_unions", "UY"),
        ),
        _person(
            "Elena",
            "Bustos",
            country="CL",
            category="un_system",
            group="G",
            org=_org(
                "Economic Commission for Latin America and the Caribbean (ECLAC)",
                "un_system",
                name_es="Comisión Económica para América Latina y el Caribe (CEPAL)",
            ),
        ),
        _person(
            "Declinó",
            "Invitación",
            country="GT",
            category="civil_society",
            attendance=Attendance.REGISTERED,
            gender=Gender.UNKNOWN,
        ),
    ]
    return people


def build_meeting(people: list[Person]) -> Meeting:
    """A two-day meeting in America/Santiago (UTC-04:00 in April 2021) with four sessions."""
    by_family = {p.family_name: p for p in people}
    meeting = Meeting(
        slug="hand-built",
        title_en="Regional review (test)",
        title_es="Examen regional (prueba)",
        organizers=[],
        home_tz="America/Santiago",
        start_date=date(2021, 4, 26),
        days=2,
        languages=["es", "en"],
        interpretation_languages=["es", "en"],
        optional_interpretation_languages=[],
        default_language="es",
        modality=Modality.VIRTUAL,
        venue="",
        template="blank",
    )

    def session(
        uid: str,
        kind: SessionKind,
        start: datetime,
        end: datetime,
        en: str,
        es: str,
        objectives: list[int],
        roles: list[tuple[str, Role, InvitationStatus]],
    ) -> Session:
        item = Session(
            uid=f"{uid}@test.invalid",
            kind=kind,
            start=start,
            end=end,
            title_en=en,
            title_es=es,
            description_en="",
            description_es="",
            track="",
            room="",
            video_url="",
            video_platform="",
            sequence=0,
        )
        item.set_objectives(objectives)
        for position, (family, role, status) in enumerate(roles):
            item.assignments.append(
                RoleAssignment(
                    person=by_family[family], role=role, status=status, position=position, notes=""
                )
            )
        return item

    confirmed = InvitationStatus.CONFIRMED
    meeting.sessions = [
        # No Spanish title on purpose: the Spanish annex must show "[EN] Opening session".
        session(
            "opening",
            SessionKind.OPENING,
            _utc(26, 13),
            _utc(26, 13, 45),
            "Opening session",
            "",
            [],
            [("Zúñiga", Role.CHAIR, confirmed)],
        ),
        session(
            "rt1",
            SessionKind.ROUND_TABLE,
            _utc(26, 14),
            _utc(26, 15, 30),
            "Round table 1: data",
            "Mesa redonda 1: datos",
            [1, 3, 17],
            [
                ("Torres", Role.MODERATOR, confirmed),
                ("Quiroga", Role.PANELLIST, confirmed),
                ("Hernández", Role.PANELLIST, InvitationStatus.ACCEPTED),
                ("Invitación", Role.PANELLIST, InvitationStatus.DECLINED),
            ],
        ),
        session(
            "break", SessionKind.BREAK, _utc(26, 15, 30), _utc(26, 16), "Break", "Pausa", [], []
        ),
        session(
            "rt2",
            SessionKind.ROUND_TABLE,
            _utc(27, 13),
            _utc(27, 14, 30),
            "Round table 2: vulnerabilities",
            "Mesa redonda 2: vulnerabilidades",
            [2, 7],
            [("Pérez", Role.MODERATOR, confirmed), ("Ibáñez", Role.PANELLIST, confirmed)],
        ),
    ]
    return meeting


def build_dataset(db: DbSession | None = None) -> tuple[Meeting, list[Session], list[Person]]:
    """The meeting, its sessions and its people; added and flushed when ``db`` is given."""
    people = build_people()
    meeting = build_meeting(people)
    if db is not None:
        db.add(meeting)
        db.add_all(people)
        db.flush()
    return meeting, list(meeting.sessions), people


def test_dataset_is_consistent() -> None:
    meeting, sessions, people = build_dataset()
    assert len(people) == 21 and len(sessions) == 4
    assert sum(p.attendance == Attendance.REGISTERED for p in people) == 2
    assert meeting.sessions[1].objectives == [1, 3, 17]
