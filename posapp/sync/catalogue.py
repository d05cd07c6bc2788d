"""The product catalogue at the till: a scanned barcode or a typed SKU gives a bill line's facts.

The cashier (or the store's POS) then gives only the quantity or weight and the price after
promotions; category, brand and tags, which product-scoped coupons look at, come from head
office's catalogue. A SKU the catalogue does not know can still be entered by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from posapp.domain.basket import Line
from posapp.store import cache
from posapp.store.db import Database


@dataclass(frozen=True)
class Product:
    sku: str
    barcode: str | None
    name: str
    category: str
    brand: str
    tags: frozenset[str]
    weight_unit: str | None  # "g" | "kg" for goods sold by weight

    @property
    def weighed(self) -> bool:
        return self.weight_unit is not None

    def line(self, unit_price_cents: int, quantity: int = 1, weight_g: int = 0) -> Line:
        """A bill line of this product; weighed goods give their weight (and a quantity of 1)."""
        return Line(
            sku=self.sku,
            unit_price_cents=unit_price_cents,
            quantity=quantity,
            name=self.name,
            category=self.category,
            brand=self.brand,
            tags=self.tags,
            weight_g=weight_g,
        )


def find(db: Database, text: str) -> Product | None:
    """The active product a barcode or SKU names, or None."""
    with db.read() as s:
        row = cache.find_product(s, text)
        if row is None:
            return None
        return Product(
            sku=row.sku,
            barcode=row.barcode,
            name=row.name,
            category=row.category,
            brand=row.brand,
            tags=frozenset(row.tags or ()),
            weight_unit=row.weight_unit,
        )
