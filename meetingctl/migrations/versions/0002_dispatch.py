"""dispatch: the scheduler lease's epoch (fencing token) and the outbox claim's epoch

Revision ID: 0002_dispatch
Revises: 0001
Create Date: 2026-12-02 01:20:00

* ``scheduler_lease.epoch``: raised by one each time a scheduler becomes the holder (also when
  a standby takes over a lease whose heartbeat stopped);
* ``scheduler_lease.locked``: the holder also holds the operating-system / advisory lock;
* ``outbox.claim_epoch``: the lease epoch of the scheduler that claimed the row (NULL for
  dispatchers that hold no lease, e.g. ``outbox send-now``); results are recorded only while
  that epoch is still the lease's.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_dispatch"
down_revision = "0001"
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


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("claim_epoch")
    with op.batch_alter_table("scheduler_lease", schema=None) as batch_op:
        batch_op.drop_column("locked")
        batch_op.drop_column("epoch")
