"""Seed a demo world through the admin HTTP API (what `posapp demo` shows)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from posapp.wire.http import HttpClient

STORE = {"id": "S12", "name": "Store 12 People's Square"}
STORE2 = {"id": "S7", "name": "Store 7 Jing'an Temple"}
MERCHANT = {"id": "M1", "name": "Blue Bottle Café"}


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def demo_rules(now: datetime) -> list[dict[str, Any]]:
    month = {
        "type": "fixed",
        "start": _iso(now - timedelta(days=1)),
        "end": _iso(now + timedelta(days=60)),
    }
    return [
        {
            "id": "GIFT-COFFEE",
            "name": "Free latte at Blue Bottle Café",
            "kind": "gift",
            "face_value": {"min_cents": 3200, "max_cents": 3200},
            "validity": month,
            "stores": {"all_stores": False, "store_ids": [], "merchant_ids": [MERCHANT["id"]]},
            "body": {"items": [{"sku": "LATTE", "name": "Latte", "quantity": 1}]},
            "notes": "One latte per coupon, at any Blue Bottle Café.",
        },
        {
            "id": "GIFT-BAG",
            "name": "Free tote bag",
            "kind": "gift",
            "face_value": {"min_cents": 1500, "max_cents": 1500},
            "validity": month,
            "stores": {"all_stores": True},
            "body": {"items": [{"sku": "TOTE-BAG", "name": "Tote bag", "quantity": 1}]},
            "notes": "One tote bag per coupon, at any of our stores.",
        },
        {
            "id": "DISC-8",
            "name": "8折 over ¥100, up to ¥50 off",
            "kind": "discount",
            "validity": {"type": "relative", "days": 30},
            "threshold": {"kind": "amount", "value": 10000},
            "per_member_limit": 2,
            "body": {"off_bp": 2000, "cap_cents": 5000},
        },
        {
            "id": "FULL-300-20",
            "name": "满300减20",
            "kind": "reduction",
            "face_value": {"min_cents": 2000, "max_cents": 2000},
            "validity": month,
            "threshold": {"kind": "amount", "value": 30000},
            "stackable": False,
            "body": {},
        },
        {
            "id": "CASH-RANDOM",
            "name": "现金券 ¥5-¥20 (random)",
            "kind": "reduction",
            "face_value": {"min_cents": 500, "max_cents": 2000},
            "validity": month,
            "stores": {"all_stores": False, "store_ids": [STORE["id"]]},
            "body": {},
        },
        {
            "id": "S7-OPENING",
            "name": "Store 7 opening: ¥15 off",
            "kind": "reduction",
            "face_value": {"min_cents": 1500, "max_cents": 1500},
            "validity": month,
            "stores": {"all_stores": False, "store_ids": [STORE2["id"]]},
            "body": {},
        },
        {
            "id": "TEA-10",
            "name": "¥10 off Oolong tea",
            "kind": "reduction",
            "face_value": {"min_cents": 1000, "max_cents": 1000},
            "validity": month,
            "products": {"mode": "skus", "values": ["TEA-OOLONG"]},
            "body": {},
        },
        {
            "id": "OLD-SUMMER",
            "name": "Summer 满200减15 (ended)",
            "kind": "reduction",
            "face_value": {"min_cents": 1500, "max_cents": 1500},
            "validity": {
                "type": "fixed",
                "start": _iso(now - timedelta(days=90)),
                "end": _iso(now - timedelta(days=1)),
            },
            "threshold": {"kind": "amount", "value": 20000},
            "body": {},
        },
    ]


class _Admin:
    def __init__(self, base_url: str, token: str) -> None:
        self.http = HttpClient(base_url, token, agent="posapp-demo-seed", timeout=(3.05, 120.0))

    def __call__(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> Any:
        return self.http.call(method, path, json_body=body, headers=headers)


def seed_demo(base_url: str, admin_token: str) -> dict[str, Any]:
    """Create the demo world on a fresh service; return the notable codes, payloads, tokens."""
    now = datetime.now(UTC)
    api = _Admin(base_url, admin_token)
    api("POST", "/v1/stores", STORE)
    api("POST", "/v1/stores", STORE2)
    api("POST", "/v1/merchants", MERCHANT)
    store_till = api("POST", "/v1/tills", {"name": "Till 1", "store_id": STORE["id"]})
    store2_till = api("POST", "/v1/tills", {"name": "Till 1", "store_id": STORE2["id"]})
    merchant_till = api("POST", "/v1/tills", {"name": "Counter", "merchant_id": MERCHANT["id"]})
    cashier = api(
        "POST",
        "/v1/users",
        {
            "id": "U-CASHIER",
            "name": "Wang Fang",
            "role": "cashier",
            "pin": "1234",
            "store_id": STORE["id"],
        },
    )
    manager = api(
        "POST",
        "/v1/users",
        {
            "id": "U-MANAGER",
            "name": "Li Wei",
            "role": "manager",
            "pin": "9999",
            "store_id": STORE["id"],
        },
    )
    partner = api(
        "POST",
        "/v1/users",
        {
            "id": "U-PARTNER",
            "name": "Chen Jing",
            "role": "partner",
            "pin": "5678",
            "merchant_id": MERCHANT["id"],
        },
    )

    codes: dict[str, list[str]] = {}
    batches: dict[str, str] = {}
    for rule in demo_rules(now):
        api("POST", "/v1/rules", rule)
        batch = api("POST", f"/v1/rules/{rule['id']}/batches", {"count": 50})
        batches[rule["id"]] = batch["batch_id"]
        members = [f"member-{i:03d}" for i in range(1, 7)]
        issued = api("POST", "/v1/issues", {"rule_id": rule["id"], "member_ids": members})
        codes[rule["id"]] = [x["code"] for x in issued["issued"]]

    # Some already redeemed, by the store's till (and the café's).
    till = _Admin(base_url, store_till["token"])
    redeemed = []
    for code in codes["FULL-300-20"][:2]:
        till(
            "POST",
            "/v1/redemptions",
            {
                "code": code,
                "channel": "store",
                "cashier_id": cashier["id"],
                "redeemed_at": _iso(now - timedelta(hours=3)),
                "rule_version": 1,
                "amount_cents": 32000,
                "discount_cents": 2000,
                "lines": [
                    {
                        "sku": "RICE-5KG",
                        "name": "Rice 5 kg",
                        "unit_price_cents": 12000,
                        "share_cents": 750,
                    },
                    {
                        "sku": "OIL-2L",
                        "name": "Oil 2 l",
                        "unit_price_cents": 20000,
                        "share_cents": 1250,
                    },
                ],
            },
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
        redeemed.append(code)
    cafe = _Admin(base_url, merchant_till["token"])
    gift_redeemed = codes["GIFT-COFFEE"][0]
    cafe(
        "POST",
        "/v1/redemptions",
        {
            "code": gift_redeemed,
            "channel": "partner",
            "cashier_id": partner["id"],
            "redeemed_at": _iso(now - timedelta(hours=1)),
            "rule_version": 1,
            "gift_items": [{"sku": "LATTE", "quantity": 1}],
        },
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    voided = codes["CASH-RANDOM"][-1]
    api("POST", f"/v1/codes/{voided}/void")
    order_codes = [codes["FULL-300-20"][3], codes["DISC-8"][3]]
    order = api(
        "POST",
        "/v1/orders",
        {"order_no": "ORD-20240521-0001", "member_id": "member-004", "codes": order_codes},
    )

    def payload(code: str) -> str:
        return str(api("GET", f"/v1/codes/{code}/qr")["payload"])

    valid = {
        "gift": codes["GIFT-BAG"][0],
        "partner_gift": codes["GIFT-COFFEE"][1],
        "discount": codes["DISC-8"][0],
        "full_reduction": codes["FULL-300-20"][2],
        "cash": codes["CASH-RANDOM"][0],
        "product": codes["TEA-10"][0],
    }
    return {
        "base_url": base_url,
        "stores": [STORE, STORE2],
        "merchant": MERCHANT,
        "tills": {
            "store": {"till_id": store_till["till_id"], "token": store_till["token"]},
            "store2": {"till_id": store2_till["till_id"], "token": store2_till["token"]},
            "merchant": {"till_id": merchant_till["till_id"], "token": merchant_till["token"]},
        },
        "users": {
            "cashier": {"id": cashier["id"], "name": cashier["name"], "pin": "1234"},
            "manager": {"id": manager["id"], "name": manager["name"], "pin": "9999"},
            "partner": {"id": partner["id"], "name": partner["name"], "pin": "5678"},
        },
        "rules": [r["id"] for r in demo_rules(now)],
        "batches": batches,
        "codes": {
            "valid": valid,
            "redeemed": [*redeemed, gift_redeemed],
            "expired": codes["OLD-SUMMER"][:3],
            "voided": voided,
            "wrong_store": codes["S7-OPENING"][0],  # S7 only: refused at S12's till
        },
        "payloads": {name: payload(code) for name, code in valid.items()}
        | {
            "expired": payload(codes["OLD-SUMMER"][0]),
            "voided": payload(voided),
            # Signed, as a customer's app shows it: the till can then say where it is valid.
            "wrong_store": payload(codes["S7-OPENING"][0]),
        },
        "order": {
            "order_no": order["order_no"],
            "vouchers": order["vouchers"],
            "qr": f"ORDER:{order['order_no']}",
        },
    }
