"""Writing parsed people records into the database (the file parsing is agenda.people.files).

Duplicates are found by the case-insensitive e-mail key (``Person.email_key``): with
``on_duplicate="merge"`` the existing person is updated with the non-empty values of the row
(an empty cell never erases stored data, an unknown gender never overwrites a known one); with
``"flag"`` the row is reported as rejected. Organizations are matched by name ignoring case and
accents, and created when missing. One audit entry records the import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session as DbSession

from agenda.i18n.catalog import tr
from agenda.model import audit
from agenda.model.enums import Gender
from agenda.model.orm import Organization, Person
from agenda.people.normalize import text_key

DuplicatePolicy = Literal["merge", "flag"]
#: Record fields copied onto Person (same names); organization is handled separately.
_PLAIN_FIELDS = (
    "given_name",
    "family_name",
    "honorific",
    "email",
    "country",
    "position",
    "position_es",
    "category",
    "delegation",
    "timezone",
    "accessibility",
)
_FLAG_FIELDS = ("is_youth", "head_of_delegation")


@dataclass(frozen=True, slots=True)
class FlaggedRow:
    """A row refused because its e-mail already belongs to someone in the database."""

    row: int
    email: str
    person_id: int

    def reason(self, lang: str = "en") -> str:
        """Why the row was refused, in ``lang``."""
        text = tr(
            lang,
            "e-mail {email} already belongs to person {person} "
            "(use --on-duplicate merge to update them)",
        )
        return text.format(email=self.email, person=self.person_id)


@dataclass
class ImportSummary:
    """What an import did (or would do, in a dry run)."""

    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    flagged: list[FlaggedRow] = field(default_factory=list)
    organizations_created: list[str] = field(default_factory=list)

    @property
    def written(self) -> int:
        """People created or updated."""
        return len(self.created) + len(self.updated)

    def to_dict(self) -> dict[str, Any]:
        """Counts, JSON-ready (also the audit details)."""
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "flagged": len(self.flagged),
            "organizations_created": len(self.organizations_created),
        }


def _value(record: Any, name: str) -> Any:
    if isinstance(record, Mapping):
        return record.get(name)
    return getattr(record, name, None)


def _organizations(db: DbSession) -> dict[str, Organization]:
    return {text_key(org.name): org for org in db.scalars(select(Organization))}


def _existing(db: DbSession, keys: list[str]) -> dict[str, Person]:
    found: dict[str, Person] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        for person in db.scalars(select(Person).where(Person.email_key.in_(chunk))):
            found[person.email_key or ""] = person
    return found


def _apply(person: Person, record: Any, organization: Organization | None) -> bool:
    """Copy non-empty values onto ``person``; return True when anything changed."""
    changed = False

    def put(attribute: str, value: Any) -> None:
        nonlocal changed
        if getattr(person, attribute) != value:
            setattr(person, attribute, value)
            changed = True

    for name in _PLAIN_FIELDS:
        value = _value(record, name)
        if value not in (None, ""):
            put(name, value)
    for name in _FLAG_FIELDS:
        if _value(record, name):
            put(name, True)
    gender = _value(record, "gender") or Gender.UNKNOWN.value
    if gender != Gender.UNKNOWN.value or person.gender is None:
        put("gender", Gender(gender))
    languages = list(_value(record, "languages") or ())
    if languages:
        put("languages", languages)
    if organization is not None and person.organization is not organization:
        person.organization = organization
        changed = True
    return changed


def _new_row(record: Any, organization_id: int | None, key: str) -> dict[str, Any]:
    """All columns of a new person, so that the rows insert in large batches."""
    row: dict[str, Any] = {name: _value(record, name) or "" for name in _PLAIN_FIELDS}
    for nullable in ("country", "timezone", "email"):
        row[nullable] = row[nullable] or None
    row["category"] = row["category"] or "other"
    row.update(
        email_key=key,
        gender=Gender(_value(record, "gender") or Gender.UNKNOWN.value),
        is_youth=bool(_value(record, "is_youth")),
        head_of_delegation=bool(_value(record, "head_of_delegation")),
        languages=list(_value(record, "languages") or ()),
        organization_id=organization_id,
    )
    return row


def _organization_for(
    db: DbSession, record: Any, known: dict[str, Organization], summary: ImportSummary
) -> Organization | None:
    name_es = (_value(record, "organization_es") or "").strip()
    name = (_value(record, "organization") or "").strip() or name_es
    if not name:
        return None
    found = known.get(text_key(name))
    if found is None:
        found = Organization(
            name=name,
            name_es=name_es if name_es != name else "",
            category=_value(record, "category") or "other",
            country=_value(record, "country"),
        )
        db.add(found)
        known[text_key(name)] = found
        summary.organizations_created.append(name)
    elif name_es and name_es != name and found.name_es != name_es:
        found.name_es = name_es  # a Spanish name given now completes the organization
    return found


def import_people(
    db: DbSession,
    records: Iterable[Any],
    actor: str,
    *,
    on_duplicate: DuplicatePolicy = "merge",
    source: str = "",
) -> ImportSummary:
    """Create or update people from normalized records (PersonRecord or mappings).

    Runs in the caller's transaction; the caller commits or rolls back (dry run, or when rows
    were flagged and the import must be all or nothing). New people are inserted in batches.
    """
    rows = list(records)
    summary = ImportSummary()
    organizations = _organizations(db)
    existing = _existing(db, [str(_value(r, "email_key") or "").lower() for r in rows])
    pending: list[tuple[Any, str, Organization | None]] = []
    for record in rows:
        key = str(_value(record, "email_key") or "").lower()
        person = existing.get(key)
        if person is not None and on_duplicate == "flag":
            row = int(_value(record, "source_row") or 0)
            summary.flagged.append(FlaggedRow(row, str(_value(record, "email")), person.id))
            continue
        organization = _organization_for(db, record, organizations, summary)
        if person is None:
            pending.append((record, key, organization))
        elif _apply(person, record, organization):
            summary.updated.append(person.id)
        else:
            summary.unchanged.append(person.id)
    db.flush()
    new_rows: dict[str, dict[str, Any]] = {}
    for record, key, organization in pending:
        values = _new_row(record, organization.id if organization else None, key)
        if key in new_rows:  # the same address twice in the file: later non-empty values win
            new_rows[key].update({k: v for k, v in values.items() if v not in (None, "", [])})
        else:
            new_rows[key] = values
    batch = list(new_rows.values())
    for start in range(0, len(batch), 1000):
        db.execute(insert(Person), batch[start : start + 1000])
    if new_rows:
        created = _existing_ids(db, list(new_rows))
        summary.created = [created[key] for key in new_rows]
    audit.record(db, actor, "people.import", "person", None, source=source, **summary.to_dict())
    db.flush()
    return summary


def _existing_ids(db: DbSession, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        query = select(Person.email_key, Person.id).where(Person.email_key.in_(chunk))
        found.update({str(key): pid for key, pid in db.execute(query)})
    return found
