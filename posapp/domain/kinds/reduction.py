"""Full-reduction coupon (满减券): spend X, get Y off. X = 0 makes a cash coupon (现金券).

X is the rule head's amount threshold; Y is the code's face value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from posapp.domain.kinds.base import CouponKind
from posapp.domain.money import Cents
from posapp.domain.threshold import Threshold, ThresholdKind


@dataclass(frozen=True)
class ReductionBody:
    kind: ClassVar[CouponKind] = CouponKind.REDUCTION
    per_multiple: bool = False  # 每满X减Y: Y off for every full X
    max_multiples: int | None = None

    def __post_init__(self) -> None:
        if self.max_multiples is not None and self.max_multiples <= 0:
            raise ValueError("max_multiples must be positive")

    @property
    def needs_order(self) -> bool:
        return True

    def discount_cents(
        self, eligible_cents: Cents, face_value_cents: Cents, threshold: Threshold
    ) -> Cents:
        times = 1
        if self.per_multiple and threshold.kind is ThresholdKind.AMOUNT and threshold.value > 0:
            times = eligible_cents // threshold.value
            if self.max_multiples is not None:
                times = min(times, self.max_multiples)
        # Never more than the eligible lines are worth: a cash coupon on a small bill pays it.
        return max(0, min(face_value_cents * times, eligible_cents))

    def to_dict(self) -> dict[str, Any]:
        return {"per_multiple": self.per_multiple, "max_multiples": self.max_multiples}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ReductionBody:
        mm = d.get("max_multiples")
        return cls(
            per_multiple=bool(d.get("per_multiple", False)),
            max_multiples=None if mm is None else int(mm),
        )
