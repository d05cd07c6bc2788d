"""Bill lines keep their quantity, name and returned units; a write-off keeps its body

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 22:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("redemptions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("body", sa.JSON(), nullable=True))
    with op.batch_alter_table("redemption_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name", sa.String(200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("quantity", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("returned", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("redemption_lines", schema=None) as batch_op:
        batch_op.drop_column("returned")
        batch_op.drop_column("quantity")
        batch_op.drop_column("name")
    with op.batch_alter_table("redemptions", schema=None) as batch_op:
        batch_op.drop_column("body")
