from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar, Protocol

from posapp.domain.money import Cents
from posapp.domain.threshold import Threshold


class CouponKind(StrEnum):
    GIFT = "gift"  # 礼品券: hand over named products, no order needed
    DISCOUNT = "discount"  # 折扣券: a percentage off, optional threshold and cap
    REDUCTION = "reduction"  # 满减券: spend X get Y off; X = 0 is a cash coupon (现金券)


class Body(Protocol):
    """A kind's own rule. `discount_cents` is what the coupon takes off the eligible amount."""

    kind: ClassVar[CouponKind]

    @property
    def needs_order(self) -> bool: ...

    def discount_cents(
        self, eligible_cents: Cents, face_value_cents: Cents, threshold: Threshold
    ) -> Cents: ...

    def to_dict(self) -> dict[str, Any]: ...

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Body: ...
