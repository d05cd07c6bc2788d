"""Initial service schema: acceptors, tills, users, rules, codes, redemptions, idempotency keys

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 09:15:54.792356
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
        "admin_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_admin_tokens")),
    )
    op.create_table(
        "change_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_counter")),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("till_id", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("till_id", "key", name=op.f("pk_idempotency_keys")),
    )
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_idempotency_keys_expires_at"), ["expires_at"], unique=False
        )

    op.create_table(
        "merchants",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("cutoff_hour", sa.Integer(), nullable=False),
        sa.Column("offline_policy", sa.JSON(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merchants")),
    )
    with op.batch_alter_table("merchants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_merchants_seq"), ["seq"], unique=False)

    op.create_table(
        "orders",
        sa.Column("order_no", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("order_no", name=op.f("pk_orders")),
    )
    op.create_table(
        "rules",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("total_issue", sa.Integer(), nullable=True),
        sa.Column("issued_count", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rules")),
    )
    with op.batch_alter_table("rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rules_seq"), ["seq"], unique=False)

    op.create_table(
        "signing_keys",
        sa.Column("kid", sa.String(length=16), nullable=False),
        sa.Column("private_key", sa.LargeBinary(), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("kid", name=op.f("pk_signing_keys")),
    )
    with op.batch_alter_table("signing_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signing_keys_seq"), ["seq"], unique=False)

    op.create_table(
        "stores",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("cutoff_hour", sa.Integer(), nullable=False),
        sa.Column("offline_policy", sa.JSON(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stores")),
    )
    with op.batch_alter_table("stores", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stores_seq"), ["seq"], unique=False)

    op.create_table(
        "batches",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["rule_id"], ["rules.id"], name=op.f("fk_batches_rule_id_rules")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batches")),
    )
    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_batches_rule_id"), ["rule_id"], unique=False)

    op.create_table(
        "member_claims",
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rule_id"], ["rules.id"], name=op.f("fk_member_claims_rule_id_rules")
        ),
        sa.PrimaryKeyConstraint("rule_id", "member_id", name=op.f("pk_member_claims")),
    )
    op.create_table(
        "tills",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("store_id", sa.String(length=64), nullable=True),
        sa.Column("merchant_id", sa.String(length=64), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(store_id IS NULL) <> (merchant_id IS NULL)", name=op.f("ck_tills_one_acceptor")
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_tills_merchant_id_merchants")
        ),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_tills_store_id_stores")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tills")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_tills_token_hash")),
    )
    with op.batch_alter_table("tills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tills_merchant_id"), ["merchant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tills_store_id"), ["store_id"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=False),
        sa.Column("store_id", sa.String(length=64), nullable=True),
        sa.Column("merchant_id", sa.String(length=64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_users_merchant_id_merchants")
        ),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_users_store_id_stores")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_merchant_id"), ["merchant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_users_seq"), ["seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_users_store_id"), ["store_id"], unique=False)

    op.create_table(
        "codes",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("batch_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("face_value_cents", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("order_no", sa.String(length=64), nullable=True),
        sa.Column("redeemed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("redeemed_store_name", sa.String(length=200), nullable=True),
        sa.Column("redeemed_till_id", sa.String(length=64), nullable=True),
        sa.Column("redemption_id", sa.String(length=36), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["batches.id"], name=op.f("fk_codes_batch_id_batches")
        ),
        sa.ForeignKeyConstraint(["rule_id"], ["rules.id"], name=op.f("fk_codes_rule_id_rules")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_codes")),
    )
    with op.batch_alter_table("codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_codes_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_codes_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_codes_order_no"), ["order_no"], unique=False)
        batch_op.create_index(batch_op.f("ix_codes_rule_id"), ["rule_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_codes_seq"), ["seq"], unique=False)

    op.create_table(
        "redemptions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("till_id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("rule_version", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("cashier_id", sa.String(length=64), nullable=False),
        sa.Column("order_no", sa.String(length=64), nullable=True),
        sa.Column("redeemed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("discount_cents", sa.BigInteger(), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("store_id", sa.String(length=64), nullable=True),
        sa.Column("merchant_id", sa.String(length=64), nullable=True),
        sa.Column("acceptor_name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reversed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reversal", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["code"], ["codes.code"], name=op.f("fk_redemptions_code_codes")),
        sa.ForeignKeyConstraint(
            ["till_id"], ["tills.id"], name=op.f("fk_redemptions_till_id_tills")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redemptions")),
    )
    with op.batch_alter_table("redemptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_redemptions_redeemed_at"), ["redeemed_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_redemptions_rule_id"), ["rule_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_redemptions_till_id"), ["till_id"], unique=False)
        batch_op.create_index(
            "uq_redemptions_active_code",
            ["code"],
            unique=True,
            sqlite_where=sa.text("status = 'accepted'"),
            postgresql_where=sa.text("status = 'accepted'"),
        )

    # The one change counter row (see posapp/central/sync_feed.py).
    op.execute("INSERT INTO change_counter (id, value) VALUES (1, 0)")


def downgrade() -> None:
    with op.batch_alter_table("redemptions", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_redemptions_active_code",
            sqlite_where=sa.text("status = 'accepted'"),
            postgresql_where=sa.text("status = 'accepted'"),
        )
        batch_op.drop_index(batch_op.f("ix_redemptions_till_id"))
        batch_op.drop_index(batch_op.f("ix_redemptions_rule_id"))
        batch_op.drop_index(batch_op.f("ix_redemptions_redeemed_at"))

    op.drop_table("redemptions")
    with op.batch_alter_table("codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_codes_seq"))
        batch_op.drop_index(batch_op.f("ix_codes_rule_id"))
        batch_op.drop_index(batch_op.f("ix_codes_order_no"))
        batch_op.drop_index(batch_op.f("ix_codes_member_id"))
        batch_op.drop_index(batch_op.f("ix_codes_batch_id"))

    op.drop_table("codes")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_store_id"))
        batch_op.drop_index(batch_op.f("ix_users_seq"))
        batch_op.drop_index(batch_op.f("ix_users_merchant_id"))

    op.drop_table("users")
    with op.batch_alter_table("tills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tills_store_id"))
        batch_op.drop_index(batch_op.f("ix_tills_merchant_id"))

    op.drop_table("tills")
    op.drop_table("member_claims")
    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_batches_rule_id"))

    op.drop_table("batches")
    with op.batch_alter_table("stores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stores_seq"))

    op.drop_table("stores")
    with op.batch_alter_table("signing_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signing_keys_seq"))

    op.drop_table("signing_keys")
    with op.batch_alter_table("rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rules_seq"))

    op.drop_table("rules")
    op.drop_table("orders")
    with op.batch_alter_table("merchants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_merchants_seq"))

    op.drop_table("merchants")
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idempotency_keys_expires_at"))

    op.drop_table("idempotency_keys")
    op.drop_table("change_counter")
    op.drop_table("admin_tokens")
