"""dispatch: lease epoch (fencing), claim epoch, sender kept at enqueue, claimable-rows index

Revision ID: 0004_dispatch
Revises: 0003_replies
Create Date: 2026-12-02 01:20:00

* ``scheduler_lease.epoch``: raised by one each time a scheduler becomes the holder (also when
  a standby takes over a lease whose heartbeat stopped);
* ``scheduler_lease.locked``: the holder also holds the operating-system / advisory lock;
* ``outbox.claim_epoch``: the lease epoch of the scheduler that claimed the row (NULL for
  dispatchers that hold no lease, e.g. ``outbox send-now``); results are recorded only while
  that epoch is still the lease's;
* ``outbox.sender``: the envelope sender, kept at enqueue (dispatch no longer parses the
  payload's headers per message); rows queued before get it from their From header here;
* ``ix_outbox_claimable``: a partial index on (urgent, next_attempt_at, id) of the rows waiting
  to be claimed, so a claim reads about a batch of index entries, whatever the backlog.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

#: as in meetingctl.delivery.tables (a migration does not import the application)
CLAIMABLE_SQL = "status IN ('pending', 'failed')"

revision = "0004_dispatch"
down_revision = "0003_replies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scheduler_lease", schema=None) as batch_op:
        batch_op.add_column(sa.Column("epoch", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("locked", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_epoch", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("sender", sa.String(length=254), nullable=False, server_default="")
        )
    op.create_index(
        "ix_outbox_claimable",
        "outbox",
        ["urgent", "next_attempt_at", "id"],
        unique=False,
        sqlite_where=sa.text(CLAIMABLE_SQL),
        postgresql_where=sa.text(CLAIMABLE_SQL),
    )
    _fill_senders()


def _fill_senders() -> None:
    """The From address of rows queued before this revision (read from the header block)."""
    bind = op.get_bind()
    outbox = sa.table(
        "outbox", sa.column("id", sa.Integer), sa.column("payload"), sa.column("sender")
    )
    rows = bind.execute(sa.select(outbox.c.id, outbox.c.payload).where(outbox.c.payload != ""))
    found = [
        {"b_id": row.id, "b_sender": sender}
        for row in rows
        if (sender := _from_address(row.payload or ""))
    ]
    if found:
        bind.execute(
            outbox.update()
            .where(outbox.c.id == sa.bindparam("b_id"))
            .values(sender=sa.bindparam("b_sender")),
            found,
        )


def _from_address(payload: str) -> str:
    from email.parser import HeaderParser
    from email.utils import parseaddr

    head = re.split(r"\r?\n\r?\n", payload, maxsplit=1)[0]
    return parseaddr(str(HeaderParser().parsestr(head).get("From", "")))[1][:254]


def downgrade() -> None:
    op.drop_index("ix_outbox_claimable", table_name="outbox")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("sender")
        batch_op.drop_column("claim_epoch")
    with op.batch_alter_table("scheduler_lease", schema=None) as batch_op:
        batch_op.drop_column("locked")
        batch_op.drop_column("epoch")
