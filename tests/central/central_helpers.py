"""Small helpers for talking to the real service over HTTP in tests."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import requests

NOW_ISO = "2026-06-01T10:00:00Z"
# The test world's stores let a till work offline for a month, so write-offs may be dated
# up to then (the business-day tests); the service refuses anything older.
OFFLINE_POLICY = {
    "max_cache_age_s": 30 * 86400,
    "max_key_age_s": 30 * 86400,
    "offline_kinds": ["gift", "discount", "reduction"],
    "offline_value_cap_cents": 1_000_000,
    "offline_count_cap": 1000,
}


def iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def days_ago(n: int) -> date:
    """A UTC date n days back: write-offs of the past, within what a till may queue."""
    return (datetime.now(UTC) - timedelta(days=n)).date()


def bill(*lines: tuple[str, int, int]) -> list[dict[str, Any]]:
    """Basket lines as a till sends them: (sku, unit price, share of the discount)."""
    return [
        {"sku": sku, "unit_price_cents": price, "share_cents": share} for sku, price, share in lines
    ]


# 满300减20 on a 320.00 bill of two lines: 20.00 off, shared 7.50 / 12.50 (apportioned).
DEFAULT_LINES = bill(("A", 12000, 750), ("B", 20000, 1250))
GIFT = {
    "lines": [],
    "amount_cents": 0,
    "discount_cents": 0,
    "gift_items": [{"sku": "COFFEE", "quantity": 1}],
}
# 8折, at most 50.00 off: 64.00 on 320.00 is capped to 50.00, shared 18.75 / 31.25.
S2_DISCOUNT = {"discount_cents": 5000, "lines": bill(("A", 12000, 1875), ("B", 20000, 3125))}


# One instant for every write-off a test makes (a replayed key must send the same body),
# recent enough to be inside any store's offline window.
REDEEMED = (datetime.now(UTC) - timedelta(minutes=2)).replace(microsecond=0)
REDEEMED_AT = iso(REDEEMED)


def redemption_body(code: str, **over: Any) -> dict[str, Any]:
    """A write-off of a REDUCTION_RULE code as an honest till quotes it; over changes it."""
    body: dict[str, Any] = {
        "code": code,
        "channel": "store",
        "cashier_id": "U-cashier",
        "redeemed_at": REDEEMED_AT,
        "rule_version": 1,
        "amount_cents": 32000,
        "discount_cents": 2000,
        "lines": DEFAULT_LINES,
    }
    body.update(over)
    return body


@dataclass
class Api:
    """requests against one server with one bearer token."""

    url: str
    token: str | None
    session: requests.Session = field(default_factory=requests.Session)

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        h = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return h | (extra or {})

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.session.get(
            self.url + path, headers=self.headers(kw.pop("headers", None)), timeout=60, **kw
        )

    def post(self, path: str, json: Any = None, **kw: Any) -> requests.Response:
        return self.session.post(
            self.url + path,
            json=json,
            headers=self.headers(kw.pop("headers", None)),
            timeout=kw.pop("timeout", 120),
            **kw,
        )

    def put(self, path: str, json: Any = None, **kw: Any) -> requests.Response:
        return self.session.put(
            self.url + path,
            json=json,
            headers=self.headers(kw.pop("headers", None)),
            timeout=60,
            **kw,
        )

    def ok(self, method: str, path: str, json: Any = None, status: int | None = None) -> Any:
        r = getattr(self, method)(path, json=json) if method != "get" else self.get(path)
        assert r.status_code < 300 if status is None else r.status_code == status, r.text
        return r.json()

    def redeem(self, code: str, key: str | None = None, **over: Any) -> requests.Response:
        return self.post(
            "/v1/redemptions",
            redemption_body(code, **over),
            headers={"Idempotency-Key": key or str(uuid.uuid4())},
        )

    def reverse(
        self, redemption_id: str, body: dict[str, Any], key: str | None = None
    ) -> requests.Response:
        return self.post(
            f"/v1/redemptions/{redemption_id}/reverse",
            body,
            headers={"Idempotency-Key": key or str(uuid.uuid4())},
        )

    def sync_all(
        self, cursor: str | None = None, limit: int = 5000
    ) -> tuple[list[dict[str, Any]], str]:
        items: list[dict[str, Any]] = []
        while True:
            params: dict[str, Any] = {"limit": limit}
            if cursor:
                params["cursor"] = cursor
            page = self.ok("get", "/v1/sync?" + "&".join(f"{k}={v}" for k, v in params.items()))
            items += page["items"]
            cursor = page["cursor"]
            if not page["more"]:
                return items, cursor


REDUCTION_RULE: dict[str, Any] = {
    "id": "R-300-20",
    "name": "满300减20",
    "kind": "reduction",
    "face_value": {"min_cents": 2000, "max_cents": 2000},
    "threshold": {"kind": "amount", "value": 30000},
    "body": {},
}

GIFT_RULE: dict[str, Any] = {
    "id": "G-COFFEE",
    "name": "Free coffee at Blue Bottle",
    "kind": "gift",
    "face_value": {"min_cents": 3000, "max_cents": 3000},
    "stores": {"all_stores": False, "store_ids": [], "merchant_ids": ["M1"]},
    "body": {"items": [{"sku": "COFFEE", "name": "Latte", "quantity": 1}]},
}

S2_RULE: dict[str, Any] = {
    "id": "D-S2",
    "name": "8折 at store 2 only",
    "kind": "discount",
    "stores": {"all_stores": False, "store_ids": ["S2"]},
    "body": {"off_bp": 2000, "cap_cents": 5000},
}


@dataclass
class World:
    """A small shop world on a running server: two stores, a merchant, tills, rules, codes."""

    url: str
    admin: Api
    till: Api  # S1
    till_id: str
    till2: Api  # S2
    merchant_till: Api  # M1
    codes: list[str]  # issued codes of REDUCTION_RULE
    gift_codes: list[str]  # issued codes of GIFT_RULE
    s2_codes: list[str]  # issued codes of S2_RULE

    def new_till(self, store: str = "S1") -> tuple[Api, str]:
        made = self.admin.ok("post", "/v1/tills", {"name": "extra", "store_id": store})
        return Api(self.url, made["token"]), made["till_id"]


def build_world(url: str, admin_token: str, n_codes: int = 20) -> World:
    admin = Api(url, admin_token)
    policy = {"offline_policy": OFFLINE_POLICY}
    admin.ok("post", "/v1/stores", {"id": "S1", "name": "Store 1"} | policy)
    admin.ok("post", "/v1/stores", {"id": "S2", "name": "Store 2"} | policy)
    admin.ok("post", "/v1/merchants", {"id": "M1", "name": "Blue Bottle Café"} | policy)
    tills = [
        admin.ok("post", "/v1/tills", {"name": "S1 till", "store_id": "S1"}),
        admin.ok("post", "/v1/tills", {"name": "S2 till", "store_id": "S2"}),
        admin.ok("post", "/v1/tills", {"name": "M1 laptop", "merchant_id": "M1"}),
    ]
    codes = []
    for rule, n in ((REDUCTION_RULE, n_codes), (GIFT_RULE, 3), (S2_RULE, 3)):
        admin.ok("post", "/v1/rules", rule)
        admin.ok("post", f"/v1/rules/{rule['id']}/batches", {"count": n})
        issued = admin.ok(
            "post", "/v1/issues", {"rule_id": rule["id"], "member_ids": [f"m{i}" for i in range(n)]}
        )
        codes.append([x["code"] for x in issued["issued"]])
    return World(
        url=url,
        admin=admin,
        till=Api(url, tills[0]["token"]),
        till_id=tills[0]["till_id"],
        till2=Api(url, tills[1]["token"]),
        merchant_till=Api(url, tills[2]["token"]),
        codes=codes[0],
        gift_codes=codes[1],
        s2_codes=codes[2],
    )
