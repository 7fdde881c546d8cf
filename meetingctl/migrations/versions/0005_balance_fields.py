"""balance fields on person: government sector and level, demography, consented self-identification

Revision ID: 0005_balance_fields
Revises: 0004_dispatch
Create Date: 2026-12-02 01:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_balance_fields"
down_revision = "0004_dispatch"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("gov_sector", sa.String(length=30), nullable=True))
        batch.add_column(sa.Column("gov_level", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("birth_year", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("age_band", sa.String(length=10), nullable=True))
        batch.add_column(
            sa.Column(
                "self_identification", sa.JSON(), nullable=False, server_default=sa.text("'[]'")
            )
        )
        batch.add_column(sa.Column("self_id_consent_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column(
                "self_id_consent_note",
                sa.String(length=300),
                nullable=False,
                server_default="",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        for name in (
            "self_id_consent_note",
            "self_id_consent_at",
            "self_identification",
            "age_band",
            "birth_year",
            "gov_level",
            "gov_sector",
        ):
            batch.drop_column(name)
