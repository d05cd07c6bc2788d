"""Codes are found by their member: a member's coupons are listed at the till

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 00:45:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_codes_member_id"), ["member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_codes_member_id"))
