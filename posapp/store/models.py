"""Tables of the till cache. Money in int cents; instants aware UTC (dbkit.schema.UtcDateTime).

Schema changes go through Alembic (``posapp/store/migrations``); a test checks that the
migrations produce exactly these models.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from posapp.dbkit.schema import annotation_types, naming_metadata


class Base(DeclarativeBase):
    metadata = naming_metadata()
    type_annotation_map: ClassVar[dict[Any, Any]] = annotation_types()


class RedemptionStatus(StrEnum):
    PENDING = "pending"  # committed here, not yet answered by the service
    CONFIRMED = "confirmed"  # accepted (or a duplicate of an accepted key)
    CONFLICT = "conflict"  # someone else redeemed the code first
    REJECTED = "rejected"  # the service refused it for a reason
    REVERSED = "reversed"  # given back after a cancelled order


LIVE_STATUSES = (RedemptionStatus.PENDING.value, RedemptionStatus.CONFIRMED.value)


class RuleRow(Base):
    __tablename__ = "rules"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]]  # rule_to_dict form
    synced_at: Mapped[datetime]
    # Set when the service moved the rule's scope away from this till: kept (for names,
    # history and reversals of earlier write-offs) but no longer accepted here.
    # {"at": iso, "stores": names where it is valid now}.
    withdrawn: Mapped[dict[str, Any] | None]
    # Which pull wrote the row last: after a re-sync from empty, rows it did not send again
    # are dropped (cache.sweep).
    generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class CodeRow(Base):
    __tablename__ = "codes"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(64), index=True)
    batch_id: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    face_value_cents: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[str | None] = mapped_column(String(64), index=True)
    received_at: Mapped[datetime | None]
    order_no: Mapped[str | None] = mapped_column(String(64), index=True)
    redeemed_at: Mapped[datetime | None]
    redeemed_store: Mapped[str | None] = mapped_column(String(200))
    redeemed_till: Mapped[str | None] = mapped_column(String(64))
    # Which pull wrote the row last: after a re-sync from empty, rows it did not send again
    # are dropped (cache.sweep).
    generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ProductRow(Base):
    """The chain's catalogue as synced: a scanned barcode fills a bill line from here."""

    __tablename__ = "products"

    sku: Mapped[str] = mapped_column(String(64), primary_key=True)
    barcode: Mapped[str | None] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(200))
    brand: Mapped[str] = mapped_column(String(200))
    tags: Mapped[list[str]] = mapped_column(JSON)
    weight_unit: Mapped[str | None] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(Boolean)
    # Which pull wrote the row last: after a re-sync from empty, rows it did not send again
    # are dropped (cache.sweep).
    generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    role: Mapped[str] = mapped_column(String(16))
    pin_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Which pull wrote the row last: after a re-sync from empty, rows it did not send again
    # are dropped (cache.sweep).
    generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class LoginFailureRow(Base):
    """Wrong PINs per user, counted here so a lock-out holds while offline and across restarts."""

    __tablename__ = "login_failures"

    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]


class KeyRow(Base):
    __tablename__ = "public_keys"

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(200))  # base64 raw Ed25519
    created_at: Mapped[datetime]
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    # Which pull wrote the row last: after a re-sync from empty, rows it did not send again
    # are dropped (cache.sweep).
    generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class RedemptionRow(Base):
    """One write-off made at this till. Its id is the idempotency key sent to the service."""

    __tablename__ = "redemptions"
    __table_args__ = (
        # The guard against redeeming a code twice on this till: at most one live row per code,
        # enforced by SQLite itself, whatever thread or process tries.
        Index(
            "ux_redemptions_live_code",
            "code",
            unique=True,
            sqlite_where=text("status IN ('pending', 'confirmed')"),
        ),
        Index("ix_redemptions_redeemed_at", "redeemed_at"),
        Index("ix_redemptions_status", "status"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    rule_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    cashier_id: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(16))
    order_no: Mapped[str | None] = mapped_column(String(64), index=True)
    amount_cents: Mapped[int] = mapped_column(Integer)
    discount_cents: Mapped[int] = mapped_column(Integer)
    value_cents: Mapped[int] = mapped_column(Integer)  # what it is worth: discount or gift value
    redeemed_at: Mapped[datetime]
    offline: Mapped[bool] = mapped_column(Boolean)  # made while the till was offline
    status: Mapped[str] = mapped_column(String(16))
    server_answer: Mapped[dict[str, Any] | None]
    answered_at: Mapped[datetime | None]
    server_id: Mapped[str | None] = mapped_column(String(64))
    reversed_at: Mapped[datetime | None]
    reversal: Mapped[dict[str, Any] | None]
    # What the till sent (posapp.wire.redemption.RedemptionIn): the basket and its figures,
    # kept after the outbox row is gone, for the conflict inbox and for audits.
    body: Mapped[dict[str, Any] | None]

    lines: Mapped[list[RedemptionLineRow]] = relationship(
        back_populates="redemption",
        cascade="all, delete-orphan",
        order_by="RedemptionLineRow.idx",
        lazy="selectin",
    )


class RedemptionLineRow(Base):
    """A bill line's share of the discount (分摊), kept for returns and statistics."""

    __tablename__ = "redemption_lines"

    redemption_id: Mapped[str] = mapped_column(
        ForeignKey("redemptions.id", ondelete="CASCADE"), primary_key=True
    )
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    sku: Mapped[str] = mapped_column(String(64))
    amount_cents: Mapped[int] = mapped_column(Integer)
    share_cents: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200), server_default="")
    quantity: Mapped[int] = mapped_column(Integer, server_default="1")
    returned: Mapped[int] = mapped_column(Integer, server_default="0")  # units back so far

    redemption: Mapped[RedemptionRow] = relationship(back_populates="lines")


class OutboxRow(Base):
    """Work the service has not answered yet. Deleted only with the answer stored."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    redemption_id: Mapped[str] = mapped_column(ForeignKey("redemptions.id"), index=True)
    op: Mapped[str] = mapped_column(String(16))  # redeem | reverse
    body: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(Text)


class ConflictRow(Base):
    """A write-off the service did not accept after the cashier had been told 'redeemed'."""

    __tablename__ = "conflicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    redemption_id: Mapped[str] = mapped_column(ForeignKey("redemptions.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # conflict | rejected
    reason: Mapped[str] = mapped_column(String(64))
    problem: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    resolution: Mapped[str | None] = mapped_column(Text)


class SyncStateRow(Base):
    """The one row of sync bookkeeping (id = 1)."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cursor: Mapped[str | None] = mapped_column(String(200))
    last_sync_at: Mapped[datetime | None]  # last complete pull
    keys_synced_at: Mapped[datetime | None]
    last_contact_at: Mapped[datetime | None]  # last answer of any kind from our service
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    last_error: Mapped[str | None] = mapped_column(Text)
    till_id: Mapped[str | None] = mapped_column(String(64))
    till_name: Mapped[str | None] = mapped_column(String(200))
    acceptor: Mapped[dict[str, Any] | None]  # {kind, id, name}
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    cutoff_hour: Mapped[int] = mapped_column(Integer, default=4)
    policy: Mapped[dict[str, Any] | None]
    # Re-syncs from empty (the service's database was restored or replaced): the pull
    # generation being written, since when, why, and when the last one completed.
    generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    resync_started_at: Mapped[datetime | None]
    resync_reason: Mapped[str | None] = mapped_column(String(32))
    resynced_at: Mapped[datetime | None]
    # Failed contacts in a row, and the last one: when to try the service again offline.
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    failed_at: Mapped[datetime | None]
