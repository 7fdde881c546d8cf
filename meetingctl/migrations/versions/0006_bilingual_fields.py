"""bilingual content fields: Spanish position, track and room; secretariat precedence

Revision ID: 0006_bilingual_fields
Revises: 0005_balance_fields
Create Date: 2026-12-02 01:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_bilingual_fields"
down_revision = "0005_balance_fields"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # server_default "" fills the rows that exist; the ORM supplies "" for new ones.
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("position_es", sa.String(length=300), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("rank", sa.Integer(), nullable=True))
    with op.batch_alter_table("session", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("track_es", sa.String(length=60), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("room_es", sa.String(length=120), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("session", schema=None) as batch_op:
        batch_op.drop_column("room_es")
        batch_op.drop_column("track_es")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("rank")
        batch_op.drop_column("position_es")
