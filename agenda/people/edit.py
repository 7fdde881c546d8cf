"""Editing a person: validated, normalized field changes with optimistic locking and one audit
entry (re-exported by :mod:`agenda.people.roster`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import reference
from agenda.model import audit
from agenda.model.errors import NotFoundError, ValidationError
from agenda.model.orm import Gender, Person
from agenda.model.uow import check_version
from agenda.people.normalize import normalize_country, normalize_email
from agenda.time.zones import validate_zone


def _get_person(db: DbSession, person_id: int) -> Person:
    found = db.get(Person, person_id)
    if found is None:
        raise NotFoundError(f"no person with id {person_id}; see `meetingctl people list`")
    return found


#: Person fields :func:`update_person` accepts (all optional keyword arguments).
PERSON_TEXT_FIELDS = ("given_name", "family_name", "honorific", "position", "delegation", "notes")
PERSON_FIELDS = (*PERSON_TEXT_FIELDS, "email", "country", "gender", "category", "timezone")


def _person_value(db: DbSession, person: Person, name: str, value: object) -> object:
    """The validated, normalized value of person field ``name`` (ValidationError otherwise)."""
    text = "" if value is None else str(value).strip()
    if name == "given_name" and not text:
        raise ValidationError("given_name: a person needs a given name")
    if name in PERSON_TEXT_FIELDS:
        return text
    if name == "gender":
        try:
            return Gender(text or Gender.UNKNOWN.value)
        except ValueError:
            allowed = ", ".join(g.value for g in Gender)
            raise ValidationError(f"gender: {text!r} is not one of {allowed}") from None
    if name == "country":
        if not text:
            return None
        try:
            return reference.country(text).iso2
        except KeyError:
            if found := normalize_country(text):
                return found
            raise ValidationError(
                f"country: unknown code {text!r}; use an ISO 3166-1 alpha-2 code such as 'MX'"
            ) from None
    if name == "category":
        try:
            return reference.category(text).key
        except KeyError:
            raise ValidationError(
                f"category: unknown stakeholder category {text!r}; see agenda.reference"
            ) from None
    if name == "timezone":
        return validate_zone(text) if text else None
    raise ValidationError(f"{name}: not an editable person field ({', '.join(PERSON_FIELDS)})")


def _email_fields(db: DbSession, person_id: int, value: object) -> dict[str, str | None]:
    """Normalized ``email`` and ``email_key`` (None to clear); taken addresses are refused."""
    text = "" if value is None else str(value).strip()
    if not text:
        return {"email": None, "email_key": None}
    try:
        address, key = normalize_email(text)
    except ValueError as exc:
        raise ValidationError(f"email: {exc}") from None
    other = db.scalar(select(Person.id).where(Person.email_key == key, Person.id != person_id))
    if other is not None:
        raise ValidationError(f"email: {address} already belongs to person {other}")
    return {"email": address, "email_key": key}


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
    :class:`~agenda.model.orm.Gender` value, ``category`` a stakeholder category key and
    ``timezone`` an IANA zone. A stale ``expected_version`` raises ConflictError.
    """
    person = _get_person(db, person_id)
    check_version("person", person.id, person.version, expected_version)
    wanted: dict[str, object] = {}
    for name, value in fields.items():  # validate everything before changing anything
        if name == "email":
            wanted.update(_email_fields(db, person.id, value))
        else:
            wanted[name] = _person_value(db, person, name, value)
    changes: dict[str, tuple[object, object]] = {}
    for name, new in wanted.items():
        old = getattr(person, name)
        if old != new:
            if name != "email_key":
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
