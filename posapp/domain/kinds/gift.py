"""Gift coupon (礼品券/赠品券): redeem for named products, no order needed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from posapp.domain.kinds.base import CouponKind
from posapp.domain.money import Cents
from posapp.domain.threshold import Threshold


@dataclass(frozen=True)
class GiftItem:
    sku: str
    name: str
    quantity: int = 1

    def __post_init__(self) -> None:
        if self.quantity <= 0:
            raise ValueError("a gift needs a positive quantity")


@dataclass(frozen=True)
class GiftBody:
    kind: ClassVar[CouponKind] = CouponKind.GIFT
    items: tuple[GiftItem, ...]

    def __post_init__(self) -> None:
        if not self.items:
            raise ValueError("a gift coupon must name at least one product")

    @property
    def needs_order(self) -> bool:
        return False

    def discount_cents(
        self, eligible_cents: Cents, face_value_cents: Cents, threshold: Threshold
    ) -> Cents:
        # The gift is handed over; nothing comes off a bill.
        return 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": [{"sku": i.sku, "name": i.name, "quantity": i.quantity} for i in self.items]
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> GiftBody:
        return cls(
            items=tuple(
                GiftItem(str(i["sku"]), str(i.get("name", i["sku"])), int(i.get("quantity", 1)))
                for i in d.get("items", ())
            )
        )
