"""Re-sync from empty without emptying the cache: pull generations on cached rows

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-10 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

CACHED = ("rules", "codes", "products", "users", "public_keys")


def upgrade() -> None:
    for table in CACHED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("generation", sa.Integer(), server_default="0", nullable=False)
            )
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("generation", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("resync_started_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("resync_reason", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("resynced_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.drop_column("resynced_at")
        batch_op.drop_column("resync_reason")
        batch_op.drop_column("resync_started_at")
        batch_op.drop_column("generation")
    for table in reversed(CACHED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("generation")
