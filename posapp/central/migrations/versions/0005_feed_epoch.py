"""Cursors carry the database's identity: the feed's epoch, cursor key, each till's furthest cursor

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-10 09:00:00.000000
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("change_counter", schema=None) as batch_op:
        batch_op.add_column(sa.Column("epoch", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("cursor_key", sa.String(length=64), nullable=True))
    # A database made now, or one that had no epoch: tills holding a cursor without one
    # re-sync once from empty (their cursors name no epoch).
    op.execute(
        sa.text("UPDATE change_counter SET epoch = :epoch, cursor_key = :key").bindparams(
            epoch=secrets.token_hex(8), key=secrets.token_hex(32)
        )
    )
    with op.batch_alter_table("change_counter", schema=None) as batch_op:
        batch_op.alter_column("epoch", existing_type=sa.String(length=32), nullable=False)
        batch_op.alter_column("cursor_key", existing_type=sa.String(length=64), nullable=False)
    with op.batch_alter_table("tills", schema=None) as batch_op:
        batch_op.add_column(sa.Column("feed_seq", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tills", schema=None) as batch_op:
        batch_op.drop_column("feed_seq")
    with op.batch_alter_table("change_counter", schema=None) as batch_op:
        batch_op.drop_column("cursor_key")
        batch_op.drop_column("epoch")
