"""What the store's POS sends: a basket and a scanned payload (strict, like the service's API)."""

from __future__ import annotations

from pydantic import Field

from posapp.domain.basket import Basket, Line
from posapp.wire.fields import Cents, Count, Flag, Id, OrderNo, ShortText, Sku, Strict


class PosLineIn(Strict):
    """A bill line at its price after the POS's own promotions."""

    sku: Sku
    name: ShortText = ""
    unit_price_cents: Cents
    quantity: Count = 1
    category: ShortText = ""
    brand: ShortText = ""
    tags: list[ShortText] = Field(default_factory=list, max_length=50)
    weight_g: Count = 0
    promoted: Flag = False

    def to_line(self) -> Line:
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


class PosBasketIn(Strict):
    lines: list[PosLineIn] = Field(default_factory=list, max_length=500)
    has_other_promotions: Flag = False
    order_no: OrderNo | None = None

    def to_basket(self) -> Basket | None:
        if not self.lines:
            return None
        return Basket(
            lines=tuple(x.to_line() for x in self.lines),
            has_other_promotions=self.has_other_promotions,
            order_no=self.order_no,
        )


class PosCheckIn(Strict):
    payload: str = Field(min_length=1, max_length=2048, description="what was scanned")
    basket: PosBasketIn = Field(default_factory=PosBasketIn)


class PosRedeemIn(PosCheckIn):
    cashier_id: Id = Field(description="who stands at the till, as the POS knows them")
