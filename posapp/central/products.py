"""The product catalogue (商品): head office imports it, every till receives what changed.

A till fills a bill line from it when a barcode is scanned or a SKU typed: category, brand
and tags (which product-scoped coupons look at) come from here, so the cashier types only
the quantity or weight and the price after promotions.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import Field, StringConstraints
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from posapp.central.auth import DB, AdminOnly
from posapp.central.changes import next_seqs
from posapp.central.models import Product
from posapp.central.problems import Problem
from posapp.domain.timeutil import utcnow
from posapp.wire.fields import Flag, Name, ShortText, Sku, Strict

router = APIRouter(tags=["admin: products"])

MAX_IMPORT = 5000
Barcode = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z-]{4,64}$")]


class ProductIn(Strict):
    sku: Sku
    barcode: Barcode | None = None
    name: Name
    category: ShortText = ""
    brand: ShortText = ""
    tags: list[ShortText] = Field(default_factory=list, max_length=50)
    weight_unit: Literal["g", "kg"] | None = Field(
        default=None, description="set for goods sold by weight"
    )
    active: Flag = True


class ProductsIn(Strict):
    products: list[ProductIn] = Field(min_length=1, max_length=MAX_IMPORT)


_FIELDS = ("barcode", "name", "category", "brand", "tags", "weight_unit", "active")


def product_to_dict(p: Product) -> dict[str, Any]:
    return {"sku": p.sku} | {f: getattr(p, f) for f in _FIELDS}


@router.post("/v1/products", summary="Import products: add new ones, update changed ones")
def import_products(body: ProductsIn, db: DB, _: AdminOnly) -> dict[str, int]:
    given = {p.sku: p for p in body.products}  # the last line of a SKU wins
    try:
        with db.write() as s:
            existing = {
                p.sku: p for p in s.scalars(select(Product).where(Product.sku.in_(list(given))))
            }
            changed: list[Product] = []
            created = 0
            for sku, p in given.items():
                values = {f: getattr(p, f) for f in _FIELDS}
                row = existing.get(sku)
                if row is None:
                    row = Product(sku=sku, seq=0, updated_at=utcnow(), **values)
                    s.add(row)
                    created += 1
                elif all(getattr(row, f) == v for f, v in values.items()):
                    continue  # unchanged: tills need not hear of it again
                else:
                    for f, v in values.items():
                        setattr(row, f, v)
                    row.updated_at = utcnow()
                changed.append(row)
            s.flush()
            if changed:
                first = next_seqs(s, len(changed))
                for i, row in enumerate(changed):
                    row.seq = first + i
    except IntegrityError:
        raise Problem(
            409, "already_exists", "Two products cannot share a barcode; check the file."
        ) from None
    return {
        "created": created,
        "updated": len(changed) - created,
        "unchanged": len(given) - len(changed),
    }


@router.get("/v1/products", summary="List products, paged by SKU")
def list_products(
    db: DB,
    _: AdminOnly,
    after: Annotated[Sku | None, Query(description="the last SKU of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    stmt = select(Product).order_by(Product.sku).limit(limit + 1)
    if after is not None:
        stmt = stmt.where(Product.sku > after)
    with db.read() as s:
        rows = s.scalars(stmt).all()
        page = rows[:limit]
        return {
            "items": [product_to_dict(p) for p in page],
            "next": page[-1].sku if len(rows) > limit else None,
        }
