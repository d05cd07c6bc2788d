"""The service re-decides write-offs: rule versions, order coupons, members on write-offs

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 23:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rule_versions",
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["rule_id"], ["rules.id"], name=op.f("fk_rule_versions_rule_id_rules")
        ),
        sa.PrimaryKeyConstraint("rule_id", "version", name=op.f("pk_rule_versions")),
    )
    # Every rule's current version is the one tills hold now.
    op.execute(
        "INSERT INTO rule_versions (rule_id, version, data, published_at, superseded_at) "
        "SELECT id, version, data, updated_at, NULL FROM rules"
    )
    op.create_table(
        "order_stacks",
        sa.Column("order_key", sa.String(length=200), nullable=False),
        sa.Column("exclusive_rule", sa.String(length=64), nullable=False),
        sa.Column("live", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("order_key", name=op.f("pk_order_stacks")),
    )
    op.create_table(
        "order_coupons",
        sa.Column("order_key", sa.String(length=200), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("stackable", sa.Boolean(), nullable=False),
        sa.Column("live", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("order_key", "rule_id", name=op.f("pk_order_coupons")),
    )
    with op.batch_alter_table("redemptions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("order_key", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("member_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("shares_adjusted_by", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_redemptions_order_key"), ["order_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_redemptions_member_id"), ["member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("redemptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_redemptions_member_id"))
        batch_op.drop_index(batch_op.f("ix_redemptions_order_key"))
        batch_op.drop_column("shares_adjusted_by")
        batch_op.drop_column("member_id")
        batch_op.drop_column("order_key")
    op.drop_table("order_coupons")
    op.drop_table("order_stacks")
    op.drop_table("rule_versions")
