"""A write-off and a reversal as the till sends them, and the service re-decides them.

A write-off carries its whole basket (each line as the till quoted it, with its share of
the discount) and the rule version the till quoted at: the service runs the same domain
`quote` on that basket and accepts only its own figures. A total-only bill is one line
with SKU "*"; a gift needs no bill and carries what was handed over.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictInt, model_validator

from posapp.domain.basket import TOTAL_SKU, Basket, Line
from posapp.wire.fields import (
    Cents,
    CodeText,
    Count,
    Flag,
    Id,
    Instant,
    OrderNo,
    ShortText,
    Sku,
    Strict,
)

MAX_LINES = 500
Channel = Literal["store", "partner", "phone"]


class BasketLine(Strict):
    """One bill line at its price after other promotions (the store's POS sends these)."""

    sku: Sku
    name: ShortText = ""
    unit_price_cents: Cents
    quantity: Count = 1
    category: ShortText = ""
    brand: ShortText = ""
    tags: list[ShortText] = Field(default_factory=list, max_length=50)
    weight_g: Count = 0
    promoted: Flag = False

    @property
    def amount_cents(self) -> int:
        return self.unit_price_cents * self.quantity

    def to_line(self) -> Line:
        """The line as the domain quotes it."""
        return Line(
            sku=self.sku,
            unit_price_cents=self.unit_price_cents,
            quantity=self.quantity,
            name=self.name,
            category=self.category,
            brand=self.brand,
            tags=frozenset(self.tags),
            weight_g=self.weight_g,
            promoted=self.promoted,
        )


class BasketLineIn(BasketLine):
    """A bill line of a write-off, with its share of the discount."""

    share_cents: Cents = 0

    @classmethod
    def of(cls, line: Line, share_cents: int) -> BasketLineIn:
        return cls(
            sku=line.sku,
            name=line.name,
            unit_price_cents=line.unit_price_cents,
            quantity=line.quantity,
            category=line.category,
            brand=line.brand,
            tags=sorted(line.tags),
            weight_g=line.weight_g,
            promoted=line.promoted,
            share_cents=share_cents,
        )


class GiftItemOut(Strict):
    """A gift handed over."""

    sku: Sku
    quantity: StrictInt = Field(ge=1, le=1000)


class RedemptionIn(Strict):
    code: CodeText
    channel: Channel
    cashier_id: Id
    order_no: OrderNo | None = None
    redeemed_at: Instant = Field(description="the till's clock at confirmation, kept as given")
    rule_version: StrictInt = Field(ge=1, le=10**9, description="the rule version quoted")
    lines: list[BasketLineIn] = Field(default_factory=list, max_length=MAX_LINES)
    has_other_promotions: Flag = False
    amount_cents: Cents = Field(default=0, description="the bill: the lines' amounts added up")
    discount_cents: Cents = Field(default=0, description="the lines' shares added up")
    gift_items: list[GiftItemOut] = Field(default_factory=list, max_length=50)
    shares_adjusted_by: Id | None = Field(
        default=None, description="the manager who set the shares by hand, if one did"
    )

    @model_validator(mode="after")
    def _adds_up(self) -> RedemptionIn:
        if sum(x.amount_cents for x in self.lines) != self.amount_cents:
            raise ValueError("amount_cents must be the lines' amounts added up")
        if sum(x.share_cents for x in self.lines) != self.discount_cents:
            raise ValueError("discount_cents must be the lines' shares added up")
        if any(x.share_cents > x.amount_cents for x in self.lines):
            raise ValueError("a line's share exceeds its amount")
        return self

    def basket(self) -> Basket | None:
        """The bill as the domain quotes it; None when the till sent no bill (a gift)."""
        if not self.lines:
            return None
        return Basket(
            lines=tuple(x.to_line() for x in self.lines),
            has_other_promotions=self.has_other_promotions,
            order_no=self.order_no,
        )

    @property
    def shares(self) -> tuple[int, ...]:
        return tuple(x.share_cents for x in self.lines)

    @property
    def total_only(self) -> bool:
        return len(self.lines) == 1 and self.lines[0].sku == TOTAL_SKU


class RedemptionItemIn(RedemptionIn):
    idempotency_key: str = Field(min_length=1, max_length=64)


class RedemptionBatchIn(Strict):
    items: list[RedemptionItemIn] = Field(min_length=1, max_length=1000)


class ReturnedLineIn(Strict):
    """Units of one bill line coming back (line: its position on the write-off, from 0)."""

    line: StrictInt = Field(ge=0, lt=MAX_LINES)
    quantity: StrictInt = Field(ge=1, le=1_000_000)


class ReverseIn(Strict):
    reason: Literal["cancelled", "returned"]
    order_completed: Flag
    returned_lines: list[ReturnedLineIn] | None = Field(
        default=None, max_length=MAX_LINES, description="units back by line; all when absent"
    )
    returned_skus: list[Sku] | None = Field(
        default=None,
        max_length=MAX_LINES,
        description="older form: each SKU returns the rest of one line of that SKU",
    )
