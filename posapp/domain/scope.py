"""Where a coupon may be used (用券商家/门店) and which products count towards it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from posapp.domain.basket import TOTAL_SKU, Line


class AcceptorKind(StrEnum):
    STORE = "store"
    MERCHANT = "merchant"  # partner merchant (异业商家)


@dataclass(frozen=True)
class Acceptor:
    """Who is accepting the coupon: one of our stores, or a partner merchant."""

    kind: AcceptorKind
    id: str


@dataclass(frozen=True)
class StoreScope:
    """Stores and partner merchants that may accept a coupon.

    all_stores covers every store of ours but never a partner merchant: a partner may
    only accept what names it.
    """

    all_stores: bool = True
    store_ids: frozenset[str] = frozenset()
    merchant_ids: frozenset[str] = frozenset()

    def accepts(self, acceptor: Acceptor) -> bool:
        if acceptor.kind is AcceptorKind.MERCHANT:
            return acceptor.id in self.merchant_ids
        return self.all_stores or acceptor.id in self.store_ids

    def to_dict(self) -> dict[str, Any]:
        return {
            "all_stores": self.all_stores,
            "store_ids": sorted(self.store_ids),
            "merchant_ids": sorted(self.merchant_ids),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> StoreScope:
        return cls(
            all_stores=bool(d.get("all_stores", True)),
            store_ids=frozenset(str(x) for x in d.get("store_ids", ())),
            merchant_ids=frozenset(str(x) for x in d.get("merchant_ids", ())),
        )


class ProductMode(StrEnum):
    ALL = "all"
    CATEGORIES = "categories"
    BRANDS = "brands"
    TAGS = "tags"
    SKUS = "skus"


@dataclass(frozen=True)
class ProductScope:
    """Which basket lines count towards a coupon: all, or category/brand/tag/SKU, less excluded."""

    mode: ProductMode = ProductMode.ALL
    values: frozenset[str] = frozenset()
    exclude_skus: frozenset[str] = frozenset()
    exclude_categories: frozenset[str] = frozenset()
    exclude_brands: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.mode is not ProductMode.ALL and not self.values:
            raise ValueError(f"product scope '{self.mode.value}' needs at least one value")

    @property
    def is_all(self) -> bool:
        return (
            self.mode is ProductMode.ALL
            and not self.exclude_skus
            and not self.exclude_categories
            and not self.exclude_brands
        )

    def includes(self, line: Line) -> bool:
        if line.sku == TOTAL_SKU:
            # A bill entered as a total says nothing about its products.
            return self.is_all
        if (
            line.sku in self.exclude_skus
            or line.category in self.exclude_categories
            or line.brand in self.exclude_brands
        ):
            return False
        match self.mode:
            case ProductMode.ALL:
                return True
            case ProductMode.CATEGORIES:
                return line.category in self.values
            case ProductMode.BRANDS:
                return line.brand in self.values
            case ProductMode.TAGS:
                return bool(line.tags & self.values)
            case ProductMode.SKUS:
                return line.sku in self.values
        return False  # pragma: no cover - the match is exhaustive

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode.value,
            "values": sorted(self.values),
            "exclude_skus": sorted(self.exclude_skus),
            "exclude_categories": sorted(self.exclude_categories),
            "exclude_brands": sorted(self.exclude_brands),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ProductScope:
        def s(key: str) -> frozenset[str]:
            return frozenset(str(x) for x in d.get(key, ()))

        return cls(
            mode=ProductMode(d.get("mode", "all")),
            values=s("values"),
            exclude_skus=s("exclude_skus"),
            exclude_categories=s("exclude_categories"),
            exclude_brands=s("exclude_brands"),
        )
