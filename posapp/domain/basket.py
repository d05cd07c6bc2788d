"""The bill a coupon is applied to: lines at their price after other promotions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from posapp.domain.money import Cents

TOTAL_SKU = "*"
"""SKU of the single line made when the cashier enters only a total."""


@dataclass(frozen=True)
class Line:
    sku: str
    unit_price_cents: Cents  # after other promotions
    quantity: int = 1
    name: str = ""
    category: str = ""
    brand: str = ""
    tags: frozenset[str] = frozenset()
    weight_g: int = 0  # weight of the whole line
    promoted: bool = False  # already in another promotion (matters for non-stackable coupons)

    def __post_init__(self) -> None:
        if self.unit_price_cents < 0:
            raise ValueError("a price must not be negative")
        if self.quantity < 0 or self.weight_g < 0:
            raise ValueError("quantity and weight must not be negative")

    @property
    def amount_cents(self) -> Cents:
        return self.unit_price_cents * self.quantity

    def to_dict(self) -> dict[str, Any]:
        return {
            "sku": self.sku,
            "unit_price_cents": self.unit_price_cents,
            "quantity": self.quantity,
            "name": self.name,
            "category": self.category,
            "brand": self.brand,
            "tags": sorted(self.tags),
            "weight_g": self.weight_g,
            "promoted": self.promoted,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Line:
        return cls(
            sku=str(d["sku"]),
            unit_price_cents=int(d["unit_price_cents"]),
            quantity=int(d.get("quantity", 1)),
            name=str(d.get("name", "")),
            category=str(d.get("category", "")),
            brand=str(d.get("brand", "")),
            tags=frozenset(str(t) for t in d.get("tags", ())),
            weight_g=int(d.get("weight_g", 0)),
            promoted=bool(d.get("promoted", False)),
        )


@dataclass(frozen=True)
class OrderCoupon:
    """A coupon already written off on the same order: its rule, and whether it stacks."""

    rule_id: str
    stackable: bool


@dataclass(frozen=True)
class Basket:
    lines: tuple[Line, ...] = ()
    # Coupons already on this order (from the till's ledger, or the service's): they decide
    # the coupons-per-order limit and whether a non-stackable coupon may join.
    order_coupons: tuple[OrderCoupon, ...] = ()
    has_other_promotions: bool = False  # order-level promotions already applied
    order_no: str | None = None

    @classmethod
    def from_total(cls, total_cents: Cents, order_no: str | None = None) -> Basket:
        """Make a one-line basket for a cashier who enters only the bill's total."""
        return cls(lines=(Line(sku=TOTAL_SKU, unit_price_cents=total_cents),), order_no=order_no)

    @property
    def total_cents(self) -> Cents:
        return sum(line.amount_cents for line in self.lines)

    @property
    def is_total_only(self) -> bool:
        return len(self.lines) == 1 and self.lines[0].sku == TOTAL_SKU

    def with_order(
        self, order_no: str | None, order_coupons: tuple[OrderCoupon, ...] | None = None
    ) -> Basket:
        """This bill on order order_no, with the coupons already on it (kept when None)."""
        coupons = self.order_coupons if order_coupons is None else order_coupons
        return replace(self, order_no=order_no, order_coupons=coupons)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lines": [line.to_dict() for line in self.lines],
            "has_other_promotions": self.has_other_promotions,
            "order_no": self.order_no,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Basket:
        return cls(
            lines=tuple(Line.from_dict(x) for x in d.get("lines", ())),
            has_other_promotions=bool(d.get("has_other_promotions", False)),
            order_no=d.get("order_no"),
        )
