"""The service's tables (SQLAlchemy 2.0 typed models). Schema changes go through migrations/.

Every row a till syncs carries ``seq``, a change sequence number drawn from the single
``change_counter`` row (see sync_feed.py for why that cannot leave holes).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from posapp.dbkit.schema import annotation_types, naming_metadata

ID = 64  # length of ids (stores, rules, tills, members, orders)
ORDER_KEY = 200  # "store:S12:ORDER-1"
NAME = 200


class Base(DeclarativeBase):
    metadata = naming_metadata()
    type_annotation_map: ClassVar[dict[Any, Any]] = annotation_types()


class ChangeCounter(Base):
    """One row: the last change sequence number handed out, and the database's identity.

    epoch: made when the database is created and again when it is restored; every cursor
    carries it. cursor_key: signs cursors, so a till cannot make one up (changes.py).
    """

    __tablename__ = "change_counter"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
    epoch: Mapped[str] = mapped_column(String(32))
    cursor_key: Mapped[str] = mapped_column(String(64))


class AdminToken(Base):
    __tablename__ = "admin_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime]


class SigningKey(Base):
    __tablename__ = "signing_keys"
    kid: Mapped[str] = mapped_column(String(16), primary_key=True)
    private_key: Mapped[bytes] = mapped_column(LargeBinary)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    seq: Mapped[int] = mapped_column(BigInteger, index=True)


class Store(Base):
    __tablename__ = "stores"
    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME))
    timezone: Mapped[str] = mapped_column(String(64))
    cutoff_hour: Mapped[int] = mapped_column(Integer)
    offline_policy: Mapped[dict[str, Any]]
    seq: Mapped[int] = mapped_column(BigInteger, index=True)
    created_at: Mapped[datetime]


class Merchant(Base):
    __tablename__ = "merchants"
    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME))
    timezone: Mapped[str] = mapped_column(String(64))
    cutoff_hour: Mapped[int] = mapped_column(Integer)
    offline_policy: Mapped[dict[str, Any]]
    seq: Mapped[int] = mapped_column(BigInteger, index=True)
    created_at: Mapped[datetime]


class Till(Base):
    __tablename__ = "tills"
    __table_args__ = (
        CheckConstraint("(store_id IS NULL) <> (merchant_id IS NULL)", name="one_acceptor"),
    )
    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME))
    store_id: Mapped[str | None] = mapped_column(ForeignKey("stores.id"), index=True)
    merchant_id: Mapped[str | None] = mapped_column(ForeignKey("merchants.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    # The furthest feed cursor (change number) given to this till: a till showing one further
    # on holds a cursor from before a restore of this database (sync_feed.py).
    feed_seq: Mapped[int | None] = mapped_column(BigInteger)


class User(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME))
    role: Mapped[str] = mapped_column(String(16))
    pin_hash: Mapped[str] = mapped_column(String(200))
    store_id: Mapped[str | None] = mapped_column(ForeignKey("stores.id"), index=True)
    merchant_id: Mapped[str | None] = mapped_column(ForeignKey("merchants.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    seq: Mapped[int] = mapped_column(BigInteger, index=True)
    created_at: Mapped[datetime]


class RuleRow(Base):
    __tablename__ = "rules"
    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME))
    kind: Mapped[str] = mapped_column(String(16))
    data: Mapped[dict[str, Any]]  # posapp.domain.rule.rule_to_dict form
    version: Mapped[int] = mapped_column(Integer)
    total_issue: Mapped[int | None] = mapped_column(Integer)
    # Codes handed out so far; bumped by a conditional UPDATE so the total cannot be overrun.
    issued_count: Mapped[int] = mapped_column(Integer, default=0)
    seq: Mapped[int] = mapped_column(BigInteger, index=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class RuleVersion(Base):
    """Every version of a rule ever published: a till quotes at the version it cached.

    superseded_at is when the next version replaced it; a till may still write off at this
    version for as long as the store's policy lets it work from an old cache.
    """

    __tablename__ = "rule_versions"
    rule_id: Mapped[str] = mapped_column(ForeignKey("rules.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[dict[str, Any]]
    published_at: Mapped[datetime]
    superseded_at: Mapped[datetime | None]


class Batch(Base):
    __tablename__ = "batches"
    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    rule_id: Mapped[str] = mapped_column(ForeignKey("rules.id"), index=True)
    count: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]


class CodeRow(Base):
    __tablename__ = "codes"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    rule_id: Mapped[str] = mapped_column(ForeignKey("rules.id"), index=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.id"), index=True)
    state: Mapped[str] = mapped_column(String(16))
    face_value_cents: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[str | None] = mapped_column(String(ID), index=True)
    received_at: Mapped[datetime | None]
    order_no: Mapped[str | None] = mapped_column(String(ID), index=True)
    redeemed_at: Mapped[datetime | None]
    # attribute names as the till's cache has them (domain StoredCode); the columns keep theirs
    redeemed_store: Mapped[str | None] = mapped_column("redeemed_store_name", String(NAME))
    redeemed_till: Mapped[str | None] = mapped_column("redeemed_till_id", String(ID))
    redemption_id: Mapped[str | None] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(BigInteger, index=True)


class MemberClaim(Base):
    """How many codes of a rule a member holds: the per-member limit's counter."""

    __tablename__ = "member_claims"
    rule_id: Mapped[str] = mapped_column(ForeignKey("rules.id"), primary_key=True)
    member_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class Product(Base):
    """The chain's catalogue: what a till fills a bill line from when a barcode is scanned."""

    __tablename__ = "products"
    sku: Mapped[str] = mapped_column(String(ID), primary_key=True)
    barcode: Mapped[str | None] = mapped_column(String(ID), unique=True)
    name: Mapped[str] = mapped_column(String(NAME))
    category: Mapped[str] = mapped_column(String(NAME))
    brand: Mapped[str] = mapped_column(String(NAME))
    tags: Mapped[list[str]] = mapped_column(JSON)
    weight_unit: Mapped[str | None] = mapped_column(String(8))  # "g" | "kg" for weighed goods
    active: Mapped[bool] = mapped_column(Boolean)
    seq: Mapped[int] = mapped_column(BigInteger, index=True)
    updated_at: Mapped[datetime]


class Member(Base):
    """A member as head office knows them: the id codes are bound to, and a phone hash."""

    __tablename__ = "members"
    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime]


class Order(Base):
    __tablename__ = "orders"
    order_no: Mapped[str] = mapped_column(String(ID), primary_key=True)
    member_id: Mapped[str | None] = mapped_column(String(ID))
    created_at: Mapped[datetime]


class OrderStack(Base):
    """What an order's coupons allow: shared (stackable ones) or one non-stackable rule.

    Counted up and down by conditional UPDATEs, so two tills writing off coupons of one
    order at once cannot both get past a rule's limits (see order_slots.py).
    """

    __tablename__ = "order_stacks"
    order_key: Mapped[str] = mapped_column(String(ORDER_KEY), primary_key=True)
    exclusive_rule: Mapped[str] = mapped_column(String(ID))  # "" while only stackable coupons
    live: Mapped[int] = mapped_column(Integer)  # coupons on the order now


class OrderCoupons(Base):
    """How many coupons of a rule an order holds now (max_per_order)."""

    __tablename__ = "order_coupons"
    order_key: Mapped[str] = mapped_column(String(ORDER_KEY), primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    stackable: Mapped[bool] = mapped_column(Boolean)
    live: Mapped[int] = mapped_column(Integer)


class Redemption(Base):
    __tablename__ = "redemptions"
    __table_args__ = (
        # The last word on exactly-once: at most one accepted write-off per code.
        Index(
            "uq_redemptions_active_code",
            "code",
            unique=True,
            sqlite_where=text("status = 'accepted'"),
            postgresql_where=text("status = 'accepted'"),
        ),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the till's redemption ID
    till_id: Mapped[str] = mapped_column(ForeignKey("tills.id"), index=True)
    code: Mapped[str] = mapped_column(ForeignKey("codes.code"))
    rule_id: Mapped[str] = mapped_column(String(ID), index=True)
    rule_version: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(16))
    cashier_id: Mapped[str] = mapped_column(String(ID))
    order_no: Mapped[str | None] = mapped_column(String(ID))
    redeemed_at: Mapped[datetime] = mapped_column(index=True)
    recorded_at: Mapped[datetime]
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    discount_cents: Mapped[int] = mapped_column(BigInteger)
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    store_id: Mapped[str | None] = mapped_column(String(ID))
    merchant_id: Mapped[str | None] = mapped_column(String(ID))
    acceptor_name: Mapped[str] = mapped_column(String(NAME))
    status: Mapped[str] = mapped_column(String(16))  # accepted | reversed
    reversed_at: Mapped[datetime | None]
    reversal: Mapped[dict[str, Any] | None]
    # The order this write-off counts against (acceptor + order number), None without one.
    order_key: Mapped[str | None] = mapped_column(String(ORDER_KEY), index=True)
    member_id: Mapped[str | None] = mapped_column(String(ID), index=True)  # the code's member
    shares_adjusted_by: Mapped[str | None] = mapped_column(String(ID))


class IdempotencyKey(Base):
    """A till's Idempotency-Key, its request fingerprint and, once done, the stored answer."""

    __tablename__ = "idempotency_keys"
    till_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))  # in_flight | done
    status_code: Mapped[int | None] = mapped_column(Integer)
    response: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime]
    locked_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
