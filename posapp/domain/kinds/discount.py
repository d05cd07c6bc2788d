"""Discount coupon (折扣券): a percentage off, optionally above a threshold, optionally capped."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from posapp.domain.kinds.base import CouponKind
from posapp.domain.money import BASIS_POINTS, Cents, apply_rate
from posapp.domain.threshold import Threshold


@dataclass(frozen=True)
class DiscountBody:
    kind: ClassVar[CouponKind] = CouponKind.DISCOUNT
    off_bp: int  # basis points taken off: 8折 (pay 80%) is 2000
    cap_cents: Cents | None = None  # the most it may take off

    def __post_init__(self) -> None:
        if not 0 < self.off_bp < BASIS_POINTS:
            raise ValueError("a discount takes off more than 0% and less than 100%")
        if self.cap_cents is not None and self.cap_cents <= 0:
            raise ValueError("a discount cap must be positive")

    @property
    def needs_order(self) -> bool:
        return True

    def discount_cents(
        self, eligible_cents: Cents, face_value_cents: Cents, threshold: Threshold
    ) -> Cents:
        off = apply_rate(eligible_cents, self.off_bp)
        if self.cap_cents is not None:
            off = min(off, self.cap_cents)
        return max(0, min(off, eligible_cents))

    def to_dict(self) -> dict[str, Any]:
        return {"off_bp": self.off_bp, "cap_cents": self.cap_cents}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DiscountBody:
        cap = d.get("cap_cents")
        return cls(off_bp=int(d["off_bp"]), cap_cents=None if cap is None else int(cap))
