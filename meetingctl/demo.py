"""A realistic, fictional demo: a two-day regional review in America/Santiago with ~150 people.

Every name and organization here is invented (any resemblance is accidental); the structure
follows the concept note: opening, keynote, five thematic round tables, policy debate, closing,
and preparatory consultations.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session as DbSession

from agenda import reference
from agenda.i18n.names import un_entity_name
from agenda.model import audit
from agenda.model.enums import Attendance, Gender, InvitationStatus, Role, SessionKind
from agenda.model.orm import Meeting, Organization, Person, RoleAssignment
from agenda.programme.templates import build_meeting
from meetingctl.config import default_data_dir

GIVEN = {
    "es": (
        [
            ("María", "w"),
            ("Lucía", "w"),
            ("Valentina", "w"),
            ("Camila", "w"),
            ("Ximena", "w"),
            ("Paola", "w"),
            ("Mariana", "w"),
            ("Rocío", "w"),
            ("Inés", "w"),
            ("Florencia", "w"),
        ],
        [
            ("José", "m"),
            ("Andrés", "m"),
            ("Santiago", "m"),
            ("Matías", "m"),
            ("Diego", "m"),
            ("Tomás", "m"),
            ("Joaquín", "m"),
            ("Ignacio", "m"),
            ("Rodrigo", "m"),
            ("Óscar", "m"),
        ],
    ),
    "pt": (
        [("Ana", "w"), ("Beatriz", "w"), ("Luana", "w"), ("Fernanda", "w")],
        [("João", "m"), ("Paulo", "m"), ("Thiago", "m"), ("Rafael", "m")],
    ),
    "en": (
        [("Alicia", "w"), ("Sharon", "w"), ("Natalie", "w"), ("Keisha", "w"), ("Grace", "w")],
        [("Marlon", "m"), ("Devon", "m"), ("Andre", "m"), ("Kevin", "m"), ("Trevor", "m")],
    ),
    "fr": ([("Mirlande", "w"), ("Nadège", "w")], [("Jean-Robert", "m"), ("Wilner", "m")]),
    "nl": ([("Sharita", "w"), ("Ingrid", "w")], [("Ravi", "m"), ("Marvin", "m")]),
}
FAMILY = {
    "es": [
        "Álvarez",
        "Núñez",
        "Ñúñez",
        "Castillo",
        "Fuentes",
        "Ibáñez",
        "Rojas",
        "Vargas",
        "Quiroga",
        "Espinoza",
        "Zúñiga",
        "Peña",
        "Cárdenas",
        "Bustos",
        "Orellana",
        "Sepúlveda",
        "Muñoz",
    ],
    "pt": ["Silva", "Conceição", "Araújo", "Gonçalves", "Ribeiro", "Lima"],
    "en": ["Campbell", "Williams", "Thompson", "Baptiste", "Charles", "Joseph", "Greene"],
    "fr": ["Pierre-Louis", "Dorsainvil", "Étienne", "Lafontant"],
    "nl": ["Pinas", "Ramdin", "Kromodimedjo", "Vlijter"],
}
#: Invented organizations (fictional places such as "Ejemplo" and "Puerto Austral" make that
#: plain without a "(fictional)" tag in the documents; the meeting title says "demo").
NON_GOVERNMENTAL = [
    ("civil_society", "Fundación Puentes Migrantes de Puerto Austral"),
    ("civil_society", "Red de Acogida Valle Ejemplo"),
    ("migrant_diaspora_org", "Colectivo Diáspora de Ejemplo"),
    ("migrant_diaspora_org", "Example Isles Migrant Voices Network"),
    ("academia", "Universidad de Puerto Austral"),
    ("academia", "Instituto de Estudios sobre Movilidad de Valle Ejemplo"),
    ("private_sector", "Cámara de Empleadores de Puerto Austral"),
    ("trade_unions", "Confederación Sindical de Valle Ejemplo"),
    ("children_youth", "Example Isles Youth for Mobility"),
    ("local_authorities", "Red de Ciudades Interculturales de Ejemplo"),
    ("nhri", "Defensoría del Pueblo de Ejemplo"),
    ("faith_based", "Pastoral de Movilidad Humana de Puerto Austral"),
    ("media", "Agencia Periodística Fronteras de Ejemplo"),
]
#: UN bodies and IGOs by English acronym; their English/Spanish names come from the packaged
#: table (agenda.i18n.names), so Spanish documents print "CEPAL", "OIM", "OEA", ...
UN_BODIES = ["IOM", "ECLAC", "UNHCR", "UNICEF", "ILO", "UNDP", "OHCHR", "UN Women"]
IGOS = ["RCM", "SACM", "CARICOM", "OAS", "SICA"]
#: Honorific by gender code and name language; unknown gender gets none.
HONORIFICS = {"w": ("Ms.", "Sra."), "m": ("Mr.", "Sr."), "x": ("", "")}
POSITIONS_GOV = [
    "Minister of Foreign Affairs",
    "Vice-Minister for Migration",
    "Director of Migration",
    "Ambassador, Permanent Representative",
    "Head of Consular Affairs",
    "Adviser",
]
_SECTORS = {
    "Vice-Minister for Migration": "interior_migration",
    "Director of Migration": "interior_migration",
}
POSITIONS_OTHER = [
    "Executive Director",
    "Coordinator",
    "Researcher",
    "President",
    "Programme Officer",
    "Youth delegate",
]
POSITIONS_INTERNATIONAL = [
    "Regional Director",
    "Programme Officer",
    "Migration Specialist",
    "Senior Adviser",
    "Head of Office",
    "Liaison Officer",
]
POSITIONS_SECRETARIAT = [
    "Executive Secretary",
    "Chief, Migration Unit",
    "Economic Affairs Officer",
    "Social Affairs Officer",
    "Population Affairs Officer",
    "Research Assistant",
    "Meeting Services Officer",
    "Programme Assistant",
]


def demo_database_url(reset: bool = True) -> str:
    """A fresh SQLite file for the demo in the user data directory."""
    path = default_data_dir() / "demo.db"
    if reset:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def create_demo(
    db: DbSession,
    *,
    people_count: int = 150,
    seed: int = 2021,
    uid_domain: str = "demo.meetingctl.invalid",
    actor: str = "demo",
) -> Meeting:
    """Add the demo meeting, its organizations, people and roles to ``db`` (not committed)."""
    rng = random.Random(seed)
    meeting = build_meeting(
        "gcm-regional-review",
        title_en="Regional review of the implementation of the Global Compact for Safe, Orderly "
        "and Regular Migration in Latin America and the Caribbean (demo)",
        title_es="Examen regional de la implementación del Pacto Mundial para la Migración "
        "Segura, Ordenada y Regular en América Latina y el Caribe (demostración)",
        start=date(2021, 4, 26),
        days=2,
        home_tz="America/Santiago",
        uid_domain=uid_domain,
        venue="Virtual meeting",
    )
    db.add(meeting)
    people = _people(rng, people_count)
    db.add_all(people)
    db.flush()
    _assign_roles(rng, meeting, people)
    db.flush()
    audit.record(db, actor, "demo.create", "meeting", meeting.id, people=len(people))
    return meeting


def _people(rng: random.Random, count: int) -> list[Person]:
    members = [
        c
        for c in reference.countries()
        if c.eclac_status == "member" and c.region != "Non-regional"
    ]
    orgs: dict[str, Organization] = {}

    def org(
        name: str, category: str, country: str | None = None, name_es: str = ""
    ) -> Organization:
        if name not in orgs:
            orgs[name] = Organization(
                name=name, name_es=name_es, category=category, country=country
            )
        return orgs[name]

    def international(acronym: str, category: str, country: str | None = None) -> Organization:
        return org(
            un_entity_name(acronym, "en") or acronym,
            category,
            country,
            un_entity_name(acronym, "es") or "",
        )

    people: list[Person] = []
    heads: set[str] = set()
    for index in range(count):
        roll = rng.random()
        if index < 8:
            category, country = "un_system", "CL"
            organization = international("ECLAC", "un_system", "CL")
            group = "G"
        elif roll < 0.45:
            c = rng.choice(members)
            category, country, group = "member_state", c.iso2, None
            organization = org(
                f"Ministry of Foreign Affairs of {c.name('en')}",
                "member_state",
                c.iso2,
                f"Ministerio de Relaciones Exteriores de {c.name('es')}",
            )
        elif roll < 0.55:
            category, country, group = "un_system", rng.choice(members).iso2, None
            organization = international(rng.choice(UN_BODIES), "un_system")
        elif roll < 0.62:
            category, country, group = "igo", rng.choice(members).iso2, None
            organization = international(rng.choice(IGOS), "igo")
        else:
            category, name = rng.choice(NON_GOVERNMENTAL)
            country, group = rng.choice(members).iso2, None
            organization = org(name, category, country)
        language = _language(reference.country(country))
        person = _person(rng, language, index)
        person.country = country
        person.category = category
        person.organization = organization
        person.annex_group = group
        person.timezone = reference.country(country).capital_zone
        person.languages = [language] if language in ("es", "en") else [language, "en"]
        if category == "member_state":
            person.delegation = country
            person.head_of_delegation = country not in heads
            heads.add(country)
            person.position = rng.choice(POSITIONS_GOV)
        elif group == "G":
            person.position = POSITIONS_SECRETARIAT[index]
            rng.random()  # keep the random sequence of the other people unchanged
        elif category in ("un_system", "igo"):
            person.position = rng.choice(POSITIONS_INTERNATIONAL)
        else:
            person.position = rng.choice(POSITIONS_OTHER)
        person.is_youth = category == "children_youth" or rng.random() < 0.05
        person.is_migrant = category == "migrant_diaspora_org"
        # issue 16 (no random draws, so the rest of the demo stays the same): the government
        # sector follows the position; a year of birth for a third of the people (15 to 59
        # years old) and for a few older persons
        if category == "member_state":
            person.gov_sector = _SECTORS.get(person.position, "foreign_affairs")
        if index % 3 == 0:
            person.birth_year = 1962 + (index * 7) % 45
        elif index % 50 == 13:
            person.birth_year = 1952
        person.attendance = rng.choice(list(Attendance))
        people.append(person)
    return people


def _language(country: object) -> str:
    languages = getattr(country, "languages", ()) or ("es",)
    first = languages[0] if languages else "es"
    return first if first in GIVEN else "es"


def _person(rng: random.Random, language: str, index: int) -> Person:
    women, men = GIVEN[language]
    roll = rng.random()
    if roll < 0.50:
        given, code, gender = *rng.choice(women), Gender.WOMAN
    elif roll < 0.95:
        given, code, gender = *rng.choice(men), Gender.MAN
    else:
        given, _ = rng.choice(women + men)
        code = "x"
        gender = rng.choice([Gender.NON_BINARY, Gender.UNDISCLOSED, Gender.UNKNOWN])
    family = rng.choice(FAMILY[language])
    honorific = HONORIFICS[code][0 if language == "en" else 1]
    email = f"{_ascii(given)}.{_ascii(family)}.{index}@example.org"
    return Person(
        given_name=given,
        family_name=family,
        honorific=honorific,
        gender=gender,
        email=email,
        email_key=email.lower(),
    )


def _ascii(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in plain if ch.isalnum())


STAFFING: dict[SessionKind, list[Role]] = {
    SessionKind.OPENING: [Role.CHAIR, Role.PANELLIST, Role.PANELLIST, Role.PANELLIST],
    SessionKind.KEYNOTE: [Role.CHAIR, Role.KEYNOTE_SPEAKER],
    SessionKind.ROUND_TABLE: [
        Role.MODERATOR,
        Role.PANELLIST,
        Role.PANELLIST,
        Role.PANELLIST,
        Role.PANELLIST,
        Role.DISCUSSANT,
        Role.RAPPORTEUR,
    ],
    SessionKind.POLICY_DEBATE: [
        Role.MODERATOR,
        Role.PANELLIST,
        Role.PANELLIST,
        Role.PANELLIST,
        Role.PANELLIST,
        Role.PANELLIST,
    ],
    SessionKind.CLOSING: [Role.CHAIR, Role.PANELLIST, Role.PANELLIST],
    SessionKind.PREPARATORY: [Role.CHAIR],
    SessionKind.STAKEHOLDER_CONSULTATION: [Role.MODERATOR],
}


def _assign_roles(rng: random.Random, meeting: Meeting, people: list[Person]) -> None:
    pool = [p for p in people if p.annex_group != "G"]
    rng.shuffle(pool)
    taken: set[int] = set()
    statuses = (
        [InvitationStatus.CONFIRMED] * 5
        + [InvitationStatus.ACCEPTED] * 3
        + [InvitationStatus.INVITED, InvitationStatus.NOMINATED]
    )
    for session in meeting.sessions:
        for position, role in enumerate(STAFFING.get(session.kind, [])):
            person = next((p for p in pool if p.id not in taken), None)
            if person is None:
                return
            taken.add(person.id)
            minutes = 8 if role in (Role.PANELLIST, Role.DISCUSSANT) else None
            session.assignments.append(
                RoleAssignment(
                    person=person,
                    role=role,
                    position=position,
                    status=rng.choice(statuses),
                    speaking_minutes=minutes,
                )
            )
