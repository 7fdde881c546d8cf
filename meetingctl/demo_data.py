"""The invented names, organizations and bilingual positions of the demo (meetingctl.demo).

Every name and organization here is fictional (any resemblance is accidental).
"""

from __future__ import annotations

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
    ("private_sector", "Cámara de Comercio de Puerto Austral"),
    ("employers_org", "Confederación de Empleadores de Valle Ejemplo"),
    ("trade_unions", "Confederación Sindical de Valle Ejemplo"),
    ("children_youth", "Example Isles Youth for Mobility"),
    ("local_authorities", "Red de Ciudades Interculturales de Ejemplo"),
    ("nhri", "Defensoría del Pueblo de Ejemplo"),
    ("red_cross", "Cruz Roja de Puerto Austral"),
    ("parliamentarians", "Comisión de Asuntos Migratorios del Congreso de Ejemplo"),
    ("faith_based", "Pastoral de Movilidad Humana de Puerto Austral"),
    ("media", "Agencia Periodística Fronteras de Ejemplo"),
]
#: UN bodies and IGOs by English acronym; their English/Spanish names come from the packaged
#: table (agenda.i18n.names), so Spanish documents print "ACNUR", "OEA", ... ECLAC and IOM
#: staff are the secretariat (the organizers, see SECRETARIAT).
UN_BODIES = ["UNHCR", "UNICEF", "ILO", "UNDP", "OHCHR", "UN Women", "DESA", "UNFPA"]
IGOS = ["RCM", "SACM", "CARICOM", "OAS", "SICA", "IDB"]
#: Honorific by gender code and name language; unknown gender gets none.
HONORIFICS = {"w": ("Ms.", "Sra."), "m": ("Mr.", "Sr."), "x": ("", "")}
#: A government position: English, Spanish (woman), Spanish (man), and its ministry in
#: English and Spanish (the organization name adds "of <country>").
GovPosition = tuple[str, str, str, str, str]
MINISTER_POSITIONS: list[GovPosition] = [
    (
        "Minister of Foreign Affairs",
        "Ministra de Relaciones Exteriores",
        "Ministro de Relaciones Exteriores",
        "Ministry of Foreign Affairs",
        "Ministerio de Relaciones Exteriores",
    ),
    (
        "Minister of the Interior",
        "Ministra del Interior",
        "Ministro del Interior",
        "Ministry of the Interior",
        "Ministerio del Interior",
    ),
    (
        "Minister of Labour",
        "Ministra de Trabajo",
        "Ministro de Trabajo",
        "Ministry of Labour",
        "Ministerio de Trabajo",
    ),
]
HEAD_POSITIONS: list[GovPosition] = [
    (
        "Vice-Minister for Migration",
        "Viceministra de Migración",
        "Viceministro de Migración",
        "Ministry of the Interior",
        "Ministerio del Interior",
    ),
    (
        "Ambassador, Permanent Representative",
        "Embajadora, Representante Permanente",
        "Embajador, Representante Permanente",
        "Ministry of Foreign Affairs",
        "Ministerio de Relaciones Exteriores",
    ),
    (
        "Deputy Minister of Social Development",
        "Viceministra de Desarrollo Social",
        "Viceministro de Desarrollo Social",
        "Ministry of Social Development",
        "Ministerio de Desarrollo Social",
    ),
]
MEMBER_POSITIONS: list[GovPosition] = [
    (
        "Director of Migration",
        "Directora de Migración",
        "Director de Migración",
        "Ministry of the Interior",
        "Ministerio del Interior",
    ),
    (
        "Head of Consular Affairs",
        "Jefa de Asuntos Consulares",
        "Jefe de Asuntos Consulares",
        "Ministry of Foreign Affairs",
        "Ministerio de Relaciones Exteriores",
    ),
    (
        "Labour Migration Coordinator",
        "Coordinadora de Migración Laboral",
        "Coordinador de Migración Laboral",
        "Ministry of Labour",
        "Ministerio de Trabajo",
    ),
    (
        "Adviser, Social Protection",
        "Asesora de Protección Social",
        "Asesor de Protección Social",
        "Ministry of Social Development",
        "Ministerio de Desarrollo Social",
    ),
    (
        "Adviser",
        "Asesora",
        "Asesor",
        "Ministry of Foreign Affairs",
        "Ministerio de Relaciones Exteriores",
    ),
]
#: Positions in both languages: (English, Spanish woman, Spanish man).
Bilingual = tuple[str, str, str]
POSITIONS_OTHER: list[Bilingual] = [
    ("Executive Director", "Directora Ejecutiva", "Director Ejecutivo"),
    ("Coordinator", "Coordinadora", "Coordinador"),
    ("Researcher", "Investigadora", "Investigador"),
    ("President", "Presidenta", "Presidente"),
    ("Programme Officer", "Oficial de Programas", "Oficial de Programas"),
    ("Youth delegate", "Delegada juvenil", "Delegado juvenil"),
]
POSITIONS_PARLIAMENT: list[Bilingual] = [
    ("Member of Congress", "Diputada", "Diputado"),
    ("Senator", "Senadora", "Senador"),
]
POSITIONS_INTERNATIONAL: list[Bilingual] = [
    ("Regional Director", "Directora Regional", "Director Regional"),
    ("Programme Officer", "Oficial de Programas", "Oficial de Programas"),
    ("Migration Specialist", "Especialista en Migración", "Especialista en Migración"),
    ("Senior Adviser", "Asesora Principal", "Asesor Principal"),
    ("Head of Office", "Jefa de Oficina", "Jefe de Oficina"),
    ("Liaison Officer", "Oficial de Enlace", "Oficial de Enlace"),
]
#: The secretariat in order of precedence (rank 1 first): ECLAC, then IOM (co-organizer).
POSITIONS_SECRETARIAT: list[tuple[str, Bilingual]] = [
    ("ECLAC", ("Executive Secretary", "Secretaria Ejecutiva", "Secretario Ejecutivo")),
    (
        "ECLAC",
        (
            "Chief, Population and Development Division",
            "Jefa de la División de Población y Desarrollo",
            "Jefe de la División de Población y Desarrollo",
        ),
    ),
    (
        "ECLAC",
        (
            "Population Affairs Officer",
            "Oficial de Asuntos de Población",
            "Oficial de Asuntos de Población",
        ),
    ),
    (
        "ECLAC",
        ("Social Affairs Officer", "Oficial de Asuntos Sociales", "Oficial de Asuntos Sociales"),
    ),
    ("ECLAC", ("Research Assistant", "Asistente de Investigación", "Asistente de Investigación")),
    ("IOM", ("Regional Director", "Directora Regional", "Director Regional")),
    ("IOM", ("Senior Regional Adviser", "Asesora Regional Principal", "Asesor Regional Principal")),
    ("IOM", ("Programme Assistant", "Asistente de Programas", "Asistente de Programas")),
]
#: Observer States (Members of the United Nations, not members of ECLAC).
OBSERVERS = ["CH", "SE", "PH", "MA"]
