"""The product catalogue: head office imports a CSV, tills receive what changed, a scanned
barcode fills a bill line, and product-scoped coupons are quoted on those lines."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from live import Admin
from till_factories import rule_dict

from posapp.cli import main
from posapp.domain.basket import Basket
from posapp.domain.rule import FaceValue
from posapp.domain.scope import ProductMode, ProductScope
from posapp.domain.threshold import Threshold, ThresholdKind
from posapp.settings import resolve_paths
from posapp.sync.service import TillService

CSV = """sku,barcode,name,category,brand,tags,weight_unit
RICE-5KG,6901234567892,Rice 5 kg,grocery,Golden,staple|bulk,
OIL-2L,6901234567908,Oil 2 l,grocery,Sunny,staple,
WINE-RED,6901234567915,Red wine,drinks,Chateau,gift,
APPLES,2000000000015,Apples,fruit,Farm,fresh,kg
"""


def _coupon(admin: Admin, **head: Any) -> str:
    rule_id = f"r-{uuid.uuid4().hex[:6]}"
    admin.call("POST", "/v1/rules", json=rule_dict(rule_id, bearer=True, **head))
    batch = admin.call("POST", f"/v1/rules/{rule_id}/batches", json={"count": 1})
    from live import batch_codes

    return batch_codes(admin.db_url, batch["batch_id"])[0]


@pytest.fixture
def shop(central: Any, tmp_path: Path) -> Any:
    admin = Admin(central.url, central.admin_token, central.db_url)
    admin.store("s1", "Store 1")
    _, token = admin.till("s1")
    (tmp_path / "products.csv").write_text(CSV, encoding="utf-8")
    args = ["admin", "--server", central.url, "--token", central.admin_token]
    assert main([*args, "products", "import", str(tmp_path / "products.csv")]) == 0
    till = TillService.open(resolve_paths(tmp_path / "till"))
    till.register(central.url, token)
    yield admin, till, args, tmp_path
    till.close()


def test_tills_receive_the_catalogue_and_only_what_changes(
    capsys: pytest.CaptureFixture[str], shop: Any
) -> None:
    _, till, args, tmp_path = shop
    assert "4 products added" in capsys.readouterr().out
    assert till.sync_now().ok
    rice = till.product("6901234567892")  # a scanned barcode
    assert rice is not None and (rice.sku, rice.category, rice.brand) == (
        "RICE-5KG",
        "grocery",
        "Golden",
    )
    assert rice.tags == frozenset({"staple", "bulk"}) and not rice.weighed
    apples = till.product("APPLES")  # a typed SKU
    assert apples is not None and apples.weight_unit == "kg"
    assert till.product("0000000000000") is None  # unknown: the cashier types the line
    # The same file again changes nothing; a changed line reaches tills alone.
    assert main([*args, "products", "import", str(tmp_path / "products.csv")]) == 0
    assert "4 unchanged" in capsys.readouterr().out
    assert till.sync_now().pulled == 0
    (tmp_path / "products.csv").write_text(
        CSV.replace("Red wine", "Red wine 75 cl"), encoding="utf-8"
    )
    assert main([*args, "products", "import", str(tmp_path / "products.csv")]) == 0
    assert till.sync_now().pulled == 1
    wine = till.product("WINE-RED")
    assert wine is not None and wine.name == "Red wine 75 cl"


def test_product_scoped_coupons_are_quoted_on_lines_filled_from_the_catalogue(shop: Any) -> None:
    admin, till, _, _ = shop
    scopes = {
        "category": ProductScope(ProductMode.CATEGORIES, frozenset({"grocery"})),
        "brand": ProductScope(ProductMode.BRANDS, frozenset({"Golden"})),
        "tag": ProductScope(
            ProductMode.TAGS, frozenset({"staple"}), exclude_skus=frozenset({"OIL-2L"})
        ),
    }
    codes = {
        name: _coupon(
            admin, products=scope, face_value=FaceValue.fixed(2000), threshold=Threshold()
        )
        for name, scope in scopes.items()
    }
    weighed = _coupon(
        admin, face_value=FaceValue.fixed(500), threshold=Threshold(ThresholdKind.WEIGHT, 2000)
    )
    assert till.sync_now().ok
    product = {sku: till.product(sku) for sku in ("RICE-5KG", "OIL-2L", "WINE-RED", "APPLES")}
    assert all(product.values())
    bill = Basket(
        lines=(
            product["RICE-5KG"].line(6000),  # type: ignore[union-attr]
            product["OIL-2L"].line(4000),  # type: ignore[union-attr]
            product["WINE-RED"].line(10000),  # type: ignore[union-attr]
        )
    )
    grocery = till.check(codes["category"], bill)
    assert grocery.ok and grocery.quote is not None and grocery.quote.shares == (1200, 800, 0)
    golden = till.check(codes["brand"], bill)
    assert golden.ok and golden.quote is not None and golden.quote.shares == (2000, 0, 0)
    staple = till.check(codes["tag"], bill)  # oil is a staple too, but excluded by SKU
    assert staple.ok and staple.quote is not None and staple.quote.shares == (2000, 0, 0)
    assert till.redeem(codes["category"], bill, "u1").redeemed
    # A weighed line: 1.5 kg of apples is short of the 2 kg threshold; 2.2 kg meets it.
    light = Basket(lines=(product["APPLES"].line(1800, weight_g=1500),))  # type: ignore[union-attr]
    heavy = Basket(lines=(product["APPLES"].line(2640, weight_g=2200),))  # type: ignore[union-attr]
    short = till.check(weighed, light)
    assert short.verdict is not None and short.verdict.params["missing_value"] == 500
    assert till.redeem(weighed, heavy, "u1").redeemed
