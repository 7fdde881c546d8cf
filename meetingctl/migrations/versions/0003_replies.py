"""received iTIP replies and the review queue (issue 14)

Revision ID: 0003_replies
Revises: 0002_value_mappings
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_replies"
down_revision = "0002_value_mappings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "received_reply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("message_id", sa.String(length=300), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("sender", sa.String(length=254), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("uid", sa.String(length=200), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("dtstamp", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attendee", sa.String(length=254), nullable=False),
        sa.Column("partstat", sa.String(length=40), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("delegated_to", sa.Text(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_received_reply_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session.id"],
            name=op.f("fk_received_reply_session_id_session"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_received_reply")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_received_reply_fingerprint")),
    )
    with op.batch_alter_table("received_reply", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_received_reply_outcome"), ["outcome"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_received_reply_received_at"), ["received_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_received_reply_uid"), ["uid"], unique=False)
        batch_op.create_index(
            "ix_received_reply_person_session", ["person_id", "session_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("received_reply", schema=None) as batch_op:
        batch_op.drop_index("ix_received_reply_person_session")
        batch_op.drop_index(batch_op.f("ix_received_reply_uid"))
        batch_op.drop_index(batch_op.f("ix_received_reply_received_at"))
        batch_op.drop_index(batch_op.f("ix_received_reply_outcome"))
    op.drop_table("received_reply")
