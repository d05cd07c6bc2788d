"""Initial till schema: cache, redemptions with shares, outbox, conflicts, sync state

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 09:12:17.489092
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "codes",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("batch_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("face_value_cents", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=True),
        sa.Column("order_no", sa.String(length=64), nullable=True),
        sa.Column("redeemed_at", sa.DateTime(), nullable=True),
        sa.Column("redeemed_store", sa.String(length=200), nullable=True),
        sa.Column("redeemed_till", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_codes")),
    )
    with op.batch_alter_table("codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_codes_order_no"), ["order_no"], unique=False)
        batch_op.create_index(batch_op.f("ix_codes_rule_id"), ["rule_id"], unique=False)

    op.create_table(
        "login_failures",
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_login_failures")),
    )
    op.create_table(
        "public_keys",
        sa.Column("kid", sa.String(length=64), nullable=False),
        sa.Column("public_key", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("kid", name=op.f("pk_public_keys")),
    )
    op.create_table(
        "redemptions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("cashier_id", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("order_no", sa.String(length=64), nullable=True),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("discount_cents", sa.Integer(), nullable=False),
        sa.Column("value_cents", sa.Integer(), nullable=False),
        sa.Column("redeemed_at", sa.DateTime(), nullable=False),
        sa.Column("offline", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("server_answer", sa.JSON(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("server_id", sa.String(length=64), nullable=True),
        sa.Column("reversed_at", sa.DateTime(), nullable=True),
        sa.Column("reversal", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redemptions")),
    )
    with op.batch_alter_table("redemptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_redemptions_order_no"), ["order_no"], unique=False)
        batch_op.create_index("ix_redemptions_redeemed_at", ["redeemed_at"], unique=False)
        batch_op.create_index("ix_redemptions_status", ["status"], unique=False)
        batch_op.create_index(
            "ux_redemptions_live_code",
            ["code"],
            unique=True,
            sqlite_where=sa.text("status IN ('pending', 'confirmed')"),
        )

    op.create_table(
        "rules",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("synced_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rules")),
    )
    with op.batch_alter_table("rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rules_kind"), ["kind"], unique=False)

    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cursor", sa.String(length=200), nullable=True),
        sa.Column("last_sync_at", sa.DateTime(), nullable=True),
        sa.Column("keys_synced_at", sa.DateTime(), nullable=True),
        sa.Column("last_contact_at", sa.DateTime(), nullable=True),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("till_id", sa.String(length=64), nullable=True),
        sa.Column("till_name", sa.String(length=200), nullable=True),
        sa.Column("acceptor", sa.JSON(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("cutoff_hour", sa.Integer(), nullable=False),
        sa.Column("policy", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("pin_hash", sa.String(length=300), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_name"), ["name"], unique=False)

    op.create_table(
        "conflicts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("redemption_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("problem", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(length=64), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["redemption_id"],
            ["redemptions.id"],
            name=op.f("fk_conflicts_redemption_id_redemptions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflicts")),
        sa.UniqueConstraint("redemption_id", name=op.f("uq_conflicts_redemption_id")),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("redemption_id", sa.String(length=36), nullable=False),
        sa.Column("op", sa.String(length=16), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["redemption_id"], ["redemptions.id"], name=op.f("fk_outbox_redemption_id_redemptions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_redemption_id"), ["redemption_id"], unique=False
        )

    op.create_table(
        "redemption_lines",
        sa.Column("redemption_id", sa.String(length=36), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("share_cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["redemption_id"],
            ["redemptions.id"],
            name=op.f("fk_redemption_lines_redemption_id_redemptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("redemption_id", "idx", name=op.f("pk_redemption_lines")),
    )


def downgrade() -> None:
    op.drop_table("redemption_lines")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_redemption_id"))

    op.drop_table("outbox")
    op.drop_table("conflicts")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_name"))

    op.drop_table("users")
    op.drop_table("sync_state")
    with op.batch_alter_table("rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rules_kind"))

    op.drop_table("rules")
    with op.batch_alter_table("redemptions", schema=None) as batch_op:
        batch_op.drop_index(
            "ux_redemptions_live_code", sqlite_where=sa.text("status IN ('pending', 'confirmed')")
        )
        batch_op.drop_index("ix_redemptions_status")
        batch_op.drop_index("ix_redemptions_redeemed_at")
        batch_op.drop_index(batch_op.f("ix_redemptions_order_no"))

    op.drop_table("redemptions")
    op.drop_table("public_keys")
    op.drop_table("login_failures")
    with op.batch_alter_table("codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_codes_rule_id"))
        batch_op.drop_index(batch_op.f("ix_codes_order_no"))

    op.drop_table("codes")
