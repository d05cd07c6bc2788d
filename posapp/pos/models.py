"""What the store's POS sends: a basket and a scanned payload (strict, like the service's API)."""

from __future__ import annotations

from pydantic import Field

from posapp.domain.basket import Basket
from posapp.wire.fields import Flag, Id, OrderNo, Strict
from posapp.wire.redemption import MAX_LINES, BasketLine


class PosBasketIn(Strict):
    lines: list[BasketLine] = Field(default_factory=list, max_length=MAX_LINES)
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
