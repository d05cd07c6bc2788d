"""`posapp admin products import FILE.csv`: the catalogue, from the spreadsheet head office keeps.

Columns (a header line): sku, barcode, name, category, brand, tags (separated by '|' or ';'),
weight_unit ('g' or 'kg' for goods sold by weight), active ('no' to withdraw a product).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
from pathlib import Path
from typing import Any, Protocol

BATCH = 5000


class Caller(Protocol):
    def call(self, method: str, path: str, body: Any = None, **params: Any) -> Any: ...


class ProductsError(Exception):
    pass


def read_products(path: str) -> list[dict[str, Any]]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as e:
        raise ProductsError(f"cannot read {path}: {e.strerror}") from None
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or not {"sku", "name"} <= set(rows[0]):
        raise ProductsError(f"{path} needs a header line with at least 'sku' and 'name'")
    out = []
    for n, row in enumerate(rows, start=2):
        sku, name = (row.get("sku") or "").strip(), (row.get("name") or "").strip()
        if not sku or not name:
            raise ProductsError(f"{path} line {n}: every product needs a sku and a name")
        unit = (row.get("weight_unit") or "").strip().lower() or None
        if unit not in (None, "g", "kg"):
            raise ProductsError(f"{path} line {n}: weight_unit is 'g', 'kg' or empty, not {unit!r}")
        out.append(
            {
                "sku": sku,
                "barcode": (row.get("barcode") or "").strip() or None,
                "name": name,
                "category": (row.get("category") or "").strip(),
                "brand": (row.get("brand") or "").strip(),
                "tags": [t.strip() for t in re.split(r"[|;]", row.get("tags") or "") if t.strip()],
                "weight_unit": unit,
                "active": (row.get("active") or "yes").strip().lower() not in ("no", "0", "false"),
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
    products = groups.add_parser("products", help="the product catalogue")
    acts = products.add_subparsers(metavar="ACTION")
    p = cmd(acts, "import", products_import, "add or update products from a CSV")
    p.add_argument("file")
