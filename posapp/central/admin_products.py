"""`posapp admin products import FILE.csv`: the catalogue, from the spreadsheet head office keeps.

Columns (a header line): sku, barcode, name, category, brand, tags (separated by '|' or ';'),
weight_unit ('g' or 'kg' for goods sold by weight), active ('no' to withdraw a product).
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from posapp.central.admin_args import group
from posapp.central.admin_io import Caller, FileError, read_csv

BATCH = 5000


def read_products(path: str) -> list[dict[str, Any]]:
    out = []
    for n, row in read_csv(path, ("sku", "name")):
        if not row.get("sku") or not row.get("name"):
            raise FileError(f"{path} line {n}: every product needs a sku and a name")
        unit = row.get("weight_unit", "").lower() or None
        if unit not in (None, "g", "kg"):
            raise FileError(f"{path} line {n}: weight_unit is 'g', 'kg' or empty, not {unit!r}")
        out.append(
            {
                "sku": row["sku"],
                "barcode": row.get("barcode") or None,
                "name": row["name"],
                "category": row.get("category", ""),
                "brand": row.get("brand", ""),
                "tags": [t.strip() for t in re.split(r"[|;]", row.get("tags", "")) if t.strip()],
                "weight_unit": unit,
                "active": row.get("active", "yes").lower() not in ("no", "0", "false"),
            }
        )
    return out


def products_import(c: Caller, a: argparse.Namespace) -> None:
    products = read_products(a.file)
    totals = {"created": 0, "updated": 0, "unchanged": 0}
    for i in range(0, len(products), BATCH):
        got = c.call("POST", "/v1/products", {"products": products[i : i + BATCH]})
        for k in totals:
            totals[k] += int(got[k])
    print(
        f"{totals['created']} products added, {totals['updated']} changed, "
        f"{totals['unchanged']} unchanged; tills receive the changes on their next sync"
    )


def register(groups: Any, cmd: Any) -> None:
    acts = group(groups, "products", "the product catalogue")
    p = cmd(acts, "import", products_import, "add or update products from a CSV")
    p.add_argument("file")
