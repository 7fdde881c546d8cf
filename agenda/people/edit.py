"""Adding and editing a person: validated, normalized field values (the same cell rules as a
people file import), optimistic locking and one audit entry (re-exported by
:mod:`agenda.people.roster`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import reference
from agenda.model import audit
from agenda.model.enums import Gender
from agenda.model.errors import NotFoundError, ValidationError
from agenda.model.orm import Organization, Person
from agenda.model.uow import check_version
from agenda.people.balance_fields import BALANCE_FIELDS, SENSITIVE_FIELDS, balance_value
from agenda.people.normalize import (
    normalize_category,
    normalize_country,
    normalize_email,
    text_key,
)
from agenda.people.values import (
    MULTILINE_FIELDS,
    field_limit,
    formula_prefix,
    has_control_characters,
    parse_bool,
    parse_languages,
)
from agenda.time.zones import validate_zone


def _get_person(db: DbSession, person_id: int) -> Person:
    found = db.get(Person, person_id)
    if found is None:
        raise NotFoundError(f"no person with id {person_id}; see `meetingctl people list`")
    return found


#: Person fields :func:`update_person` and :func:`create_person` accept (keyword arguments).
PERSON_TEXT_FIELDS = (
    "given_name",
    "family_name",
    "honorific",
    "position",
    "position_es",
    "delegation",
    "accessibility",
    "notes",
)
PERSON_FLAG_FIELDS = ("head_of_delegation", "is_youth", "is_migrant")
PERSON_FIELDS = (
    *PERSON_TEXT_FIELDS,
    *PERSON_FLAG_FIELDS,
    "email",
    "country",
    "gender",
    "category",
    "timezone",
    "organization",
    "organization_es",
    "languages",
    "rank",
    "annex_group",
    *BALANCE_FIELDS,
)


def _text(name: str, value: object) -> str:
    """A stripped text value, refused like a people file cell (formula, control, too long)."""
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    if (char := formula_prefix(text)) is not None:
        raise ValidationError(
            f"{name}: {text[:40]!r} starts with {char!r} and would run as a spreadsheet formula; "
            "remove the character"
        )
    if has_control_characters(text, allow_newlines=name in MULTILINE_FIELDS):
        raise ValidationError(f"{name}: holds line breaks or control characters; remove them")
    limit = field_limit(name)
    if len(text) > limit:
        raise ValidationError(f"{name}: longer than {limit} characters; shorten it")
    return text


def _country(name: str, text: str) -> str | None:
    if not text:
        return None
    try:
        return reference.country(text).iso2
    except KeyError:
        if found := normalize_country(text):
            return found
        if name == "delegation":  # a delegation may also be an organization's name
            return text
        raise ValidationError(
            f"country: unknown code {text!r}; use an ISO 3166-1 alpha-2 code such as 'MX'"
        ) from None


def _languages(value: object) -> list[str]:
    if isinstance(value, str):
        text = value
    elif isinstance(value, Iterable):
        text = ", ".join(str(part) for part in value)
    else:
        text = ""
    codes, unknown = parse_languages(text)
    if unknown:
        raise ValidationError(
            f"languages: unknown language {', '.join(repr(u) for u in unknown)}; "
            "use ISO 639-1 codes or names such as 'es, en' or 'Spanish, English'"
        )
    return list(codes)


def _flag(name: str, value: object) -> bool:
    if isinstance(value, bool) or value is None:
        return bool(value)
    flag = parse_bool(str(value))
    if flag is None:
        raise ValidationError(f"{name}: {value!r} is not yes or no")
    return flag


def _annex_group(value: object) -> str | None:
    """A group code of annex (g) ("SE", "NG", ...; a legacy letter A-G), or None (derived)."""
    from agenda.annex.groups import GROUP_CODES, group_info, override_key

    text = "" if value is None else str(value).strip()
    if not text or text.casefold() == "auto":
        return None
    key = override_key(text)
    if key is None:
        raise ValidationError(
            f"annex_group: {text!r} is not a group; use one of {', '.join(GROUP_CODES)} "
            "or 'auto' (from category and organization)"
        )
    return group_info(key).code


def _rank(value: object) -> int | None:
    """A precedence in the secretariat (1 first); empty clears it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        rank = int(str(value).strip())
    except ValueError:
        raise ValidationError(
            f"rank: {value!r} is not a whole number (1 is listed first)"
        ) from None
    if not 0 < rank < 10000:
        raise ValidationError(f"rank: {rank} is out of range; use 1 to 9999")
    return rank


def _set_organization_es(
    person: Person, name_es: str, changes: dict[str, tuple[object, object]]
) -> None:
    """Record the Spanish name of the person's organization (needs an organization)."""
    if person.organization is None:
        if name_es:
            raise ValidationError(
                "organization_es: the person has no organization; give --organization too"
            )
        return
    old = person.organization.name_es
    if old != name_es:
        person.organization.name_es = name_es
        changes["organization_es"] = (old, name_es)


def _person_value(name: str, value: object) -> object:
    """The validated, normalized value of person field ``name`` (ValidationError otherwise)."""
    if name in PERSON_FLAG_FIELDS:
        return _flag(name, value)
    if name in BALANCE_FIELDS:
        return balance_value(name, value)
    if name == "languages":
        return _languages(value)
    if name == "rank":
        return _rank(value)
    if name == "annex_group":
        return _annex_group(value)
    text = _text(name, value)
    if name == "given_name" and not text:
        raise ValidationError("given_name: a person needs a given name")
    if name == "delegation":
        return _country(name, text) or ""
    if name in PERSON_TEXT_FIELDS or name in ("organization", "organization_es"):
        return text
    if name == "gender":
        try:
            return Gender(text or Gender.UNKNOWN.value)
        except ValueError:
            allowed = ", ".join(g.value for g in Gender)
            raise ValidationError(f"gender: {text!r} is not one of {allowed}") from None
    if name == "country":
        return _country(name, text)
    if name == "category":
        try:
            return reference.category(text or "other").key
        except KeyError:
            if found := normalize_category(text):
                return found
            raise ValidationError(
                f"category: unknown stakeholder category {text!r}; see agenda.reference"
            ) from None
    if name == "timezone":
        try:
            return validate_zone(text) if text else None
        except ValidationError as exc:
            raise ValidationError(f"timezone: {exc}") from None
    raise ValidationError(f"{name}: not an editable person field ({', '.join(PERSON_FIELDS)})")


def _email_fields(db: DbSession, person_id: int | None, value: object) -> dict[str, str | None]:
    """Normalized ``email`` and ``email_key`` (None to clear); taken addresses are refused."""
    text = "" if value is None else str(value).strip()
    if not text:
        return {"email": None, "email_key": None}
    try:
        address, key = normalize_email(text)
    except ValueError as exc:
        raise ValidationError(f"email: {exc}") from None
    query = select(Person.id).where(Person.email_key == key)
    if person_id is not None:
        query = query.where(Person.id != person_id)
    other = db.scalar(query)
    if other is not None:
        raise ValidationError(f"email: {address} already belongs to person {other}")
    return {"email": address, "email_key": key}


def person_values(
    db: DbSession, person_id: int | None, fields: Mapping[str, object]
) -> dict[str, object]:
    """Every field of ``fields`` validated and normalized, before anything changes.

    ``email`` becomes ``email`` and ``email_key``; ``organization`` stays a name (see
    :func:`organization_named`). ``person_id`` is the person being edited (None for a new one).
    """
    wanted: dict[str, object] = {}
    for name, value in fields.items():
        if name == "email":
            wanted.update(_email_fields(db, person_id, value))
        else:
            wanted[name] = _person_value(name, value)
    return wanted


def organization_named(
    db: DbSession, name: str, *, category: str = "other", country: str | None = None
) -> Organization | None:
    """The organization called ``name`` (ignoring case and accents), created when missing."""
    if not name:
        return None
    key = text_key(name)
    for organization in db.scalars(select(Organization)):
        if text_key(organization.name) == key:
            return organization
    organization = Organization(name=name, category=category, country=country)
    db.add(organization)
    return organization


def update_person(
    db: DbSession,
    person_id: int,
    *,
    actor: str,
    expected_version: int | None = None,
    **fields: object,
) -> Person:
    """Change the given fields of a person after validating them; one audit entry.

    Accepted fields: :data:`PERSON_FIELDS`. ``email`` is normalized and must not belong to
    another person (an empty value clears it); ``country`` is an ISO2 code, ``gender`` a
    :class:`~agenda.model.orm.Gender` value, ``category`` a stakeholder category key,
    ``timezone`` an IANA zone and ``organization`` a name (created when new). A stale
    ``expected_version`` raises ConflictError.
    """
    person = _get_person(db, person_id)
    check_version("person", person.id, person.version, expected_version)
    wanted = person_values(db, person.id, fields)
    changes: dict[str, tuple[object, object]] = {}
    if "organization" in wanted:
        name = str(wanted.pop("organization"))
        old_name = person.organization.name if person.organization else ""
        if text_key(name) != text_key(old_name):
            category = str(wanted.get("category", person.category))
            country = wanted.get("country", person.country)
            person.organization = organization_named(
                db, name, category=category, country=country if isinstance(country, str) else None
            )
            changes["organization"] = (old_name, name)
    if "organization_es" in wanted:
        _set_organization_es(person, str(wanted.pop("organization_es")), changes)
    for name, new in wanted.items():
        old = getattr(person, name)
        if old != new:
            if name in SENSITIVE_FIELDS:
                changes[name] = ("(sensitive)", "(sensitive)")  # never the values
            elif name != "email_key":
                changes[name] = (getattr(old, "value", old), getattr(new, "value", new))
            setattr(person, name, new)
    if changes:
        audit.record(
            db,
            actor,
            "person.update",
            "person",
            person.id,
            changes={k: {"old": o, "new": n} for k, (o, n) in changes.items()},
        )
        db.flush()
    return person


def create_person(db: DbSession, *, actor: str, **fields: object) -> Person:
    """A new person from validated fields (:data:`PERSON_FIELDS`; ``given_name`` required).

    The same rules as :func:`update_person`: a taken e-mail address is refused, the
    organization is matched by name or created. One audit entry.
    """
    wanted = person_values(db, None, {"given_name": "", **fields})
    name_es = str(wanted.pop("organization_es", ""))
    name = str(wanted.pop("organization", "")) or name_es
    category = str(wanted.get("category") or "other")
    country = wanted.get("country")
    person = Person(**{"category": category, **wanted})
    person.organization = organization_named(
        db, name, category=category, country=country if isinstance(country, str) else None
    )
    if name_es and name_es != name:
        _set_organization_es(person, name_es, {})
    db.add(person)
    db.flush()
    audit.record(
        db,
        actor,
        "person.create",
        "person",
        person.id,
        name=person.full_name,
        email=person.email,
        organization=name or None,
    )
    return person
