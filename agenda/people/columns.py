"""Columns of a people (speaker roster) file: field names, recognized headers in English and
Spanish, export headers, and the optional mapping file that overrides header recognition."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from agenda.i18n.catalog import NC_, available_languages, tr
from agenda.people.messages import MappingConflictError, MissingColumnsError, PeopleFileError
from agenda.people.normalize import text_key

__all__ = ["MissingColumnsError", "PeopleFileError"]  # re-exported for callers

FIELDS: tuple[str, ...] = (
    "honorific",
    "given_name",
    "family_name",
    "email",
    "country",
    "gender",
    "organization",
    "organization_es",
    "position",
    "position_es",
    "category",
    "delegation",
    "head_of_delegation",
    "is_youth",
    "is_migrant",
    "languages",
    "timezone",
    "accessibility",
    "phone",
    "notes",
)
REQUIRED_FIELDS: tuple[str, ...] = ("given_name", "family_name", "email")
IGNORE = "ignore"

# Recognized headers (compared after removing case, accents and punctuation).
_HEADERS: dict[str, tuple[str, ...]] = {
    "honorific": (
        "honorific",
        "title",
        "salutation",
        "prefix",
        "tratamiento",
        "titulo",
        "titulo honorifico",
        "trato",
    ),
    "given_name": (
        "given name",
        "given names",
        "first name",
        "first names",
        "forename",
        "name",
        "nombre",
        "nombres",
        "primer nombre",
        "nombre de pila",
    ),
    "family_name": (
        "family name",
        "last name",
        "surname",
        "surnames",
        "apellido",
        "apellidos",
        "primer apellido",
        "apellido s",
    ),
    "email": (
        "email",
        "e mail",
        "email address",
        "e mail address",
        "mail",
        "correo",
        "correo electronico",
        "correo e",
        "direccion de correo",
        "direccion de correo electronico",
    ),
    "country": (
        "country",
        "country territory",
        "nationality",
        "pais",
        "pais territorio",
        "nacionalidad",
        "pais de origen",
        "country of origin",
        "pais que representa",
        "country represented",
    ),
    "gender": ("gender", "sex", "genero", "sexo", "identidad de genero", "gender identity"),
    "organization": (
        "organization",
        "organisation",
        "institution",
        "affiliation",
        "entity",
        "agency",
        "organizacion",
        "institucion",
        "afiliacion",
        "entidad",
        "organismo",
    ),
    "organization_es": (
        "organization es",
        "organization spanish",
        "organization in spanish",
        "organisation spanish",
        "organizacion es",
        "organizacion espanol",
        "organizacion en espanol",
        "institucion espanol",
        "nombre de la organizacion en espanol",
    ),
    # A position is free text in one language: "Position" columns hold English, "Cargo"
    # columns Spanish (the annex prints each in its own language, agenda.annex).
    "position": (
        "position",
        "job title",
        "function",
        "post",
        "title position",
        "position en",
        "position english",
        "position in english",
        "cargo en ingles",
        "cargo ingles",
        "cargo en",
    ),
    "position_es": (
        "cargo",
        "puesto",
        "funcion",
        "cargo es",
        "cargo espanol",
        "cargo en espanol",
        "position es",
        "position spanish",
        "position in spanish",
    ),
    "category": (
        "category",
        "stakeholder category",
        "stakeholder type",
        "type of actor",
        "actor type",
        "constituency",
        "sector",
        "categoria",
        "tipo de actor",
        "categoria de actor",
        "tipo de organizacion",
        "organization type",
        "tipo de parte interesada",
    ),
    "delegation": ("delegation", "delegacion"),
    "head_of_delegation": (
        "head of delegation",
        "hod",
        "jefe de delegacion",
        "jefa de delegacion",
        "jefe a de delegacion",
        "jefe o jefa de delegacion",
        "jefatura de delegacion",
    ),
    "is_youth": ("youth", "young person", "is youth", "joven", "jovenes", "persona joven"),
    "is_migrant": (
        "migrant",
        "is migrant",
        "migrant or diaspora",
        "persona migrante",
        "migrante",
        "es migrante",
    ),
    "notes": (
        "notes",
        "comments",
        "remarks",
        "notas",
        "comentarios",
        "observaciones",
    ),
    "languages": (
        "languages",
        "language",
        "working languages",
        "idiomas",
        "idioma",
        "lenguas",
        "idiomas de trabajo",
    ),
    "timezone": ("time zone", "timezone", "tz", "zona horaria", "huso horario"),
    "accessibility": (
        "accessibility needs",
        "accessibility",
        "special requirements",
        "necesidades de accesibilidad",
        "accesibilidad",
        "requerimientos especiales",
    ),
    "phone": (
        "phone",
        "telephone",
        "mobile",
        "phone number",
        "telefono",
        "celular",
        "movil",
        "numero de telefono",
    ),
}
SPANISH_HEADERS: frozenset[str] = frozenset(
    text_key(h)
    for h in (
        "tratamiento",
        "título",
        "nombre",
        "nombres",
        "apellido",
        "apellidos",
        "correo",
        "correo electrónico",
        "país",
        "nacionalidad",
        "género",
        "sexo",
        "organización",
        "institución",
        "cargo",
        "puesto",
        "categoría",
        "tipo de actor",
        "delegación",
        "jefe de delegación",
        "joven",
        "idiomas",
        "zona horaria",
        "accesibilidad",
        "teléfono",
    )
)

HEADER_INDEX: dict[str, str] = {
    text_key(alias): field for field, aliases in _HEADERS.items() for alias in aliases
}

#: Roster column headers: field -> msgid (context ``roster column``); an import recognises the
#: header in every language that has a catalog.
EXPORT_HEADERS: dict[str, str] = {
    "honorific": NC_("roster column", "Honorific"),
    "given_name": NC_("roster column", "Given name"),
    "family_name": NC_("roster column", "Family name"),
    "email": NC_("roster column", "Email"),
    "country": NC_("roster column", "Country"),
    "gender": NC_("roster column", "Gender"),
    "organization": NC_("roster column", "Organization"),
    "organization_es": NC_("roster column", "Organization (Spanish)"),
    "position": NC_("roster column", "Position"),
    "position_es": NC_("roster column", "Position (Spanish)"),
    "category": NC_("roster column", "Stakeholder category"),
    "delegation": NC_("roster column", "Delegation"),
    "head_of_delegation": NC_("roster column", "Head of delegation"),
    "is_youth": NC_("roster column", "Youth"),
    "is_migrant": NC_("roster column", "Migrant"),
    "languages": NC_("roster column", "Languages"),
    "timezone": NC_("roster column", "Time zone"),
    "accessibility": NC_("roster column", "Accessibility needs"),
    "phone": NC_("roster column", "Phone"),
    "notes": NC_("roster column", "Notes"),
}
for _lang in ("en", *available_languages()):
    for _field, _msgid in EXPORT_HEADERS.items():
        HEADER_INDEX.setdefault(text_key(tr(_lang, _msgid)), _field)


def load_mapping(path: str | Path) -> dict[str, str]:
    """Read a column mapping file (TOML or JSON): ``{"column in file": "field"}``.

    A TOML file may hold the pairs at top level or under a ``[columns]`` table. Use the field
    name ``ignore`` to skip a column. ``[values.<field>]`` tables (a value mapping, see
    agenda.people.unknowns) are not columns and are left out here. Raises PeopleFileError
    naming the file and key.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PeopleFileError("mapping_unreadable", path, reason=exc.strerror) from None
    try:
        text = raw.decode("utf-8-sig")
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PeopleFileError("mapping_invalid", path, reason=str(exc)) from None
    if isinstance(data, dict) and isinstance(data.get("values"), dict):
        data = {key: value for key, value in data.items() if key != "values"}  # value mapping
    if isinstance(data, dict) and isinstance(data.get("columns"), dict):
        data = data["columns"]
    if not isinstance(data, dict):
        raise PeopleFileError("mapping_shape", path)
    return validate_mapping(data, str(path))


def validate_mapping(mapping: dict[str, object], source: str = "mapping") -> dict[str, str]:
    """Check that every value is a known field (or ``ignore``) and that no two columns are
    mapped to the same field; return a clean copy."""
    clean: dict[str, str] = {}
    valid = (*FIELDS, IGNORE)
    claimed: dict[str, str] = {}
    for column, field in mapping.items():
        if not isinstance(field, str) or field not in valid:
            raise PeopleFileError(
                "mapping_field", source, column=column, field=field, valid=", ".join(valid)
            )
        if field != IGNORE and field in claimed:
            raise MappingConflictError(
                "mapping_duplicate_field", source, first=claimed[field], second=column, field=field
            )
        claimed[field] = str(column)
        clean[str(column)] = field
    return clean


def header_field(header: str) -> str | None:
    """Field for a header such as "Correo electrónico" or a bilingual "Nombre / First name"."""
    field = HEADER_INDEX.get(text_key(header))
    if field is None and ("/" in header or "|" in header):
        found = [HEADER_INDEX.get(text_key(part)) for part in re.split(r"[/|]", header)]
        parts = {f for f in found if f is not None}
        if len(parts) == 1:
            field = parts.pop()
        elif parts and {_SAME_LANGUAGE_VARIANT.get(f, f) for f in parts} == {"position"}:
            # "Cargo / Position": one free-text column; the language named first is taken.
            field = next(f for f in found if f is not None)
    return field


#: A language variant of a field -> the field ("position_es" -> "position").
_SAME_LANGUAGE_VARIANT = {"position_es": "position", "organization_es": "organization"}
#: Generic Spanish organization headers: with an English "Organization" column beside them
#: they hold the Spanish name (``organization_es``); alone, the name as recorded.
_SPANISH_ORGANIZATION_HEADERS = frozenset(
    text_key(h) for h in ("organización", "institución", "afiliación", "entidad", "organismo")
)


def resolve_columns(
    headers: list[str],
    mapping: dict[str, str] | None,
    source: str,
    mapping_source: str | None = None,
) -> tuple[dict[int, str], list[str]]:
    """Map column positions to fields. Returns (position -> field, ignored header names).
    A mapping naming columns the file lacks is reported against ``mapping_source`` (the
    mapping file) when given, naming the people file too.

    Raises PeopleFileError when a required field has no column, when two columns claim the
    same field, or when the mapping names a column that is not in the file.
    """
    overrides = {text_key(column): field for column, field in (mapping or {}).items()}
    header_keys = [text_key(header) for header in headers]
    missing_mapped = [column for column in (mapping or {}) if text_key(column) not in header_keys]
    if missing_mapped:
        raise PeopleFileError(
            "mapping_columns",
            mapping_source or source,
            file=source if mapping_source else "the file",
            file_es=source if mapping_source else "el archivo",
            columns=", ".join(repr(c) for c in missing_mapped),
            headers=_listing(headers),
        )
    positions: dict[int, str] = {}
    claimed: dict[str, int] = {}
    ignored: list[str] = []
    for position, key in enumerate(header_keys):
        field = overrides.get(key) or header_field(headers[position])
        if field is None or field == IGNORE:
            if key:
                ignored.append(headers[position])
            continue
        if field == "organization" and field in claimed and "organization_es" not in claimed:
            first_key = header_keys[claimed[field]]
            if (
                key in _SPANISH_ORGANIZATION_HEADERS
                and first_key not in _SPANISH_ORGANIZATION_HEADERS
            ):
                field = "organization_es"
            elif (
                first_key in _SPANISH_ORGANIZATION_HEADERS
                and key not in _SPANISH_ORGANIZATION_HEADERS
            ):
                positions[claimed[field]] = "organization_es"
                claimed["organization_es"] = claimed[field]
                del claimed[field]
        if field in claimed:
            first = headers[claimed[field]]
            raise PeopleFileError(
                "duplicate_field", source, first=first, second=headers[position], field=field
            )
        claimed[field] = position
        positions[position] = field
    missing = [field for field in REQUIRED_FIELDS if field not in claimed]
    if missing:
        expected = "; ".join(
            f"{field}: {' / '.join(tr(lang, EXPORT_HEADERS[field]) for lang in ('en', 'es'))}"
            for field in missing
        )
        raise MissingColumnsError(
            "missing_columns", source, expected=expected, headers=_listing(headers)
        )
    return positions, ignored


def _listing(headers: list[str]) -> str:
    shown = [repr(h[:40]) for h in headers[:30]]
    return ", ".join(shown) + (" ..." if len(headers) > 30 else "") if shown else "(none)"
