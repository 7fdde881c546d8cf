"""Value mappings stored per meeting (table ``value_mapping``): how the organizer resolved a
value an import could not read, reused by every later import of that meeting."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.model.errors import NotFoundError
from agenda.model.orm import Meeting, ValueMapping
from agenda.people.unknowns import ValueMap

if TYPE_CHECKING:
    from meetingctl.context import AppContext


def _meeting(ctx: AppContext, db: DbSession) -> Meeting | None:
    try:
        return ctx.meeting(db)
    except NotFoundError:
        return None  # people can be imported before a meeting exists; nothing is stored


def load_stored_values(ctx: AppContext, db: DbSession) -> ValueMap:
    """The current meeting's stored mappings, ``{field: {folded value: key}}``."""
    meeting = _meeting(ctx, db)
    if meeting is None:
        return {}
    stored: ValueMap = {}
    query = select(ValueMapping).where(ValueMapping.meeting_id == meeting.id)
    for row in db.scalars(query):
        stored.setdefault(row.field, {})[row.value_key] = row.target
    return stored


def store_values(
    ctx: AppContext,
    db: DbSession,
    values: ValueMap,
    texts: Mapping[tuple[str, str], str] | None = None,
) -> int:
    """Add or update ``values`` for the current meeting; returns how many were stored.
    ``texts`` gives each value as typed ((field, folded value) -> text)."""
    meeting = _meeting(ctx, db)
    if meeting is None or not values:
        return 0
    existing = {
        (row.field, row.value_key): row
        for row in db.scalars(select(ValueMapping).where(ValueMapping.meeting_id == meeting.id))
    }
    count = 0
    for field, table in values.items():
        for key, target in table.items():
            row = existing.get((field, key))
            if row is None:
                db.add(
                    ValueMapping(
                        meeting_id=meeting.id,
                        field=field,
                        value_key=key[:200],
                        value=(texts or {}).get((field, key), key)[:200],
                        target=target,
                    )
                )
            else:
                row.target = target
            count += 1
    db.flush()
    return count
