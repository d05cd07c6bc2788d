"""Usage threshold (使用门槛): by amount, item count, weight, or none.

The threshold is measured on the eligible lines at their price after other promotions
(seed: item A 50 promoted to 40, "300 off 20": 7 x A = 280 is below 300).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class ThresholdKind(StrEnum):
    NONE = "none"
    AMOUNT = "amount"  # value in cents
    ITEMS = "items"  # value in pieces
    WEIGHT = "weight"  # value in grams


@dataclass(frozen=True)
class Threshold:
    kind: ThresholdKind = ThresholdKind.NONE
    value: int = 0

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError("threshold must not be negative")
        if self.kind is ThresholdKind.NONE and self.value:
            raise ValueError("a 'none' threshold takes no value")

    @property
    def is_none(self) -> bool:
        return self.kind is ThresholdKind.NONE or self.value == 0

    def measure_missing(self, amount: int, items: int, weight_g: int) -> int:
        """Return how much is still missing to meet the threshold (0 when met)."""
        have = {
            ThresholdKind.NONE: 0,
            ThresholdKind.AMOUNT: amount,
            ThresholdKind.ITEMS: items,
            ThresholdKind.WEIGHT: weight_g,
        }[self.kind]
        return 0 if self.is_none else max(0, self.value - have)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "value": self.value}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Threshold:
        return cls(kind=ThresholdKind(d.get("kind", "none")), value=int(d.get("value", 0)))
