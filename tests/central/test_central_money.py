"""The service decides the money: every write-off is re-quoted, order limits hold across
tills, a return refunds once, and nothing a till claims changes a figure by itself.

One real service per module (on SQLite and on PostgreSQL); each test makes its own rule
and codes, so the tests keep out of each other's way.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from central_helpers import OFFLINE_POLICY, REDEEMED_AT, Api, iso

from posapp.domain.apportion import apportion


@dataclass
class Shop:
    url: str
    admin: Api
    tills: list[Api] = field(default_factory=list)

    @property
    def till(self) -> Api:
        return self.tills[0]

    def rule(self, kind: str = "reduction", **fields: Any) -> str:
        rule_id = f"R-{uuid.uuid4().hex[:8]}"
        body: dict[str, Any] = {"id": rule_id, "name": f"{kind} {rule_id}", "kind": kind}
        if kind == "reduction":
            body |= {"face_value": {"min_cents": 2000, "max_cents": 2000}, "body": {}}
        elif kind == "discount":
            body |= {"body": {"off_bp": 2000}}
        else:
            body |= {"body": {"items": [{"sku": "TOTE", "name": "Tote bag", "quantity": 1}]}}
        self.admin.ok("post", "/v1/rules", body | fields)
        return rule_id

    def codes(self, rule_id: str, members: list[str]) -> list[str]:
        """One code for each member named, in order (a member named twice gets two)."""
        self.admin.ok("post", f"/v1/rules/{rule_id}/batches", {"count": len(members)})
        out = []
        for m in members:
            got = self.admin.ok("post", "/v1/issues", {"rule_id": rule_id, "member_ids": [m]})
            out.append(got["issued"][0]["code"])
        return out

    def code(self, rule_id: str) -> str:
        return self.codes(rule_id, [f"m-{uuid.uuid4().hex[:6]}"])[0]

    def state(self, code: str) -> str:
        return str(self.admin.ok("get", f"/v1/codes/{code}")["state"])

    def ledger(self, **params: Any) -> list[dict[str, Any]]:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return list(self.admin.ok("get", f"/v1/redemptions?{query}")["items"])


@pytest.fixture(scope="module")
def shop(module_central_server: Any) -> Shop:
    server = module_central_server
    admin = Api(server.url, server.admin_token)
    admin.ok(
        "post", "/v1/stores", {"id": "S1", "name": "Store 1", "offline_policy": OFFLINE_POLICY}
    )
    tills = [
        admin.ok("post", "/v1/tills", {"name": f"Till {i}", "store_id": "S1"}) for i in range(8)
    ]
    return Shop(server.url, admin, [Api(server.url, t["token"]) for t in tills])


def lines(*items: tuple[str, int, int], shares: list[int] | None = None) -> list[dict[str, Any]]:
    """(sku, unit price, quantity) lines with their shares of the discount."""
    shares = shares or [0] * len(items)
    return [
        {"sku": sku, "unit_price_cents": price, "quantity": qty, "share_cents": share}
        for (sku, price, qty), share in zip(items, shares, strict=True)
    ]


def body(code: str, bill: list[dict[str, Any]], discount: int, **over: Any) -> dict[str, Any]:
    amount = sum(x["unit_price_cents"] * x["quantity"] for x in bill)
    return {
        "code": code,
        "channel": "store",
        "cashier_id": "u1",
        "redeemed_at": REDEEMED_AT,
        "rule_version": 1,
        "lines": bill,
        "amount_cents": amount,
        "discount_cents": discount,
    } | over


def post(till: Api, payload: dict[str, Any], key: str | None = None) -> requests.Response:
    return till.post(
        "/v1/redemptions", payload, headers={"Idempotency-Key": key or str(uuid.uuid4())}
    )


def honest(
    code: str, items: list[tuple[str, int, int]], discount: int, **over: Any
) -> dict[str, Any]:
    amounts = [price * qty for _, price, qty in items]
    return body(code, lines(*items, shares=apportion(discount, amounts)), discount, **over)


def problem(r: requests.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    doc = r.json()
    assert doc["code"] == code, doc
    return dict(doc)


def nothing_changed(shop: Shop, rule_id: str, code: str) -> None:
    assert shop.state(code) == "issued"
    assert shop.ledger(rule_id=rule_id) == []
    stats = shop.admin.ok("get", f"/v1/stats/rules/{rule_id}")
    assert (stats["redeemed"], stats["discount_cents"], stats["order_total_cents"]) == (0, 0, 0)


# --- re-quoting ---------------------------------------------------------------------------


def test_a_bigger_discount_than_the_rule_gives_is_refused_with_both_figures(shop: Shop) -> None:
    rule = shop.rule("discount")  # 20% off
    code = shop.code(rule)
    doc = problem(post(shop.till, honest(code, [("A", 15000, 1)], 9000)), 422, "quote_mismatch")
    assert (doc["params"]["expected_cents"], doc["params"]["claimed_cents"]) == (3000, 9000)
    assert "¥30.00" in doc["detail"] and "¥90.00" in doc["detail"]
    nothing_changed(shop, rule, code)
    assert post(shop.till, honest(code, [("A", 15000, 1)], 3000)).status_code == 201


def test_a_hundred_million_off_no_bill_is_refused(shop: Shop) -> None:
    rule = shop.rule("discount")
    code = shop.code(rule)
    forged = body(code, [], 0) | {"amount_cents": 0, "discount_cents": 10_000_000_000}
    problem(post(shop.till, forged), 422, "validation_error")
    problem(post(shop.till, body(code, [], 0)), 422, "needs_bill")
    nothing_changed(shop, rule, code)


def test_shares_other_than_the_domain_s_are_refused(shop: Shop) -> None:
    # The seed: lines 50, 60, 70 and "100 off 20" share the discount 5.56 / 6.67 / 7.77.
    rule = shop.rule(threshold={"kind": "amount", "value": 10000})
    code = shop.code(rule)
    bill = [("A", 5000, 1), ("B", 6000, 1), ("C", 7000, 1)]
    wrong = body(code, lines(*bill, shares=[700, 600, 700]), 2000)
    doc = problem(post(shop.till, wrong), 422, "quote_mismatch")
    assert doc["params"]["expected_shares"] == [556, 667, 777]
    nothing_changed(shop, rule, code)
    r = post(shop.till, body(code, lines(*bill, shares=[556, 667, 777]), 2000))
    assert r.status_code == 201, r.text
    assert [x["share_cents"] for x in r.json()["redemption"]["lines"]] == [556, 667, 777]


def test_the_seed_threshold_is_checked_on_the_price_after_promotions(shop: Shop) -> None:
    # Item A costs 50, promoted to 40; "300 off 20": 7 x A = 280 is short, 8 x A = 320 pays 300.
    rule = shop.rule(threshold={"kind": "amount", "value": 30000})
    code = shop.code(rule)
    seven = body(code, lines(("A", 4000, 7), shares=[0]), 0)
    doc = problem(post(shop.till, seven), 422, "threshold_not_met")
    assert doc["params"]["missing_value"] == 2000
    eight = honest(code, [("A", 4000, 8)], 2000)
    r = post(shop.till, eight)
    assert r.status_code == 201, r.text
    assert (
        r.json()["redemption"]["amount_cents"] - r.json()["redemption"]["discount_cents"] == 30000
    )


def test_a_gift_carries_its_items_and_no_discount(shop: Shop) -> None:
    rule = shop.rule("gift")
    code = shop.code(rule)
    money = body(code, [], 0) | {"gift_items": [{"sku": "TOTE", "quantity": 2}]}
    problem(post(shop.till, money), 422, "quote_mismatch")
    nothing_changed(shop, rule, code)
    right = body(code, [], 0) | {"gift_items": [{"sku": "TOTE", "quantity": 1}]}
    assert post(shop.till, right).status_code == 201


def test_integers_are_integers(shop: Shop) -> None:
    rule = shop.rule()
    code = shop.code(rule)
    good = honest(code, [("A", 32000, 1)], 2000)
    for bad in (
        good | {"amount_cents": "32000"},
        good | {"discount_cents": True},
        good | {"rule_version": "1"},
        good | {"lines": [good["lines"][0] | {"unit_price_cents": "32000"}]},
        good | {"lines": [good["lines"][0] | {"quantity": 1.0}]},
    ):
        problem(post(shop.till, bad), 422, "validation_error")
    nothing_changed(shop, rule, code)


def test_a_write_off_dated_beyond_any_offline_window_is_refused(shop: Shop) -> None:
    now = datetime.now(UTC)
    ended = {
        "type": "fixed",
        "start": iso(now - timedelta(days=400)),
        "end": iso(now - timedelta(days=200)),
    }
    rule = shop.rule(validity=ended)
    code = shop.code(rule)
    old = honest(code, [("A", 32000, 1)], 2000, redeemed_at=iso(now - timedelta(days=300)))
    doc = problem(post(shop.till, old), 422, "redeemed_too_long_ago")
    assert doc["params"]["when_iso"] == old["redeemed_at"]
    nothing_changed(shop, rule, code)


def test_a_rule_changed_since_the_till_synced_is_quoted_as_the_till_saw_it(shop: Shop) -> None:
    rule = shop.rule()
    code = shop.code(rule)
    changed = shop.admin.ok("get", f"/v1/rules/{rule}")
    changed = {k: v for k, v in changed.items() if k not in ("issued_count", "version")}
    changed["face_value"] = {"min_cents": 5000, "max_cents": 5000}
    shop.admin.ok("put", f"/v1/rules/{rule}", changed)
    # The till still holds version 1 (20.00 off): the service quotes that version.
    r = post(shop.till, honest(code, [("A", 32000, 1)], 2000, rule_version=1))
    assert r.status_code == 201, r.text
    assert r.json()["redemption"]["rule_version"] == 1
    problem(
        post(shop.till, honest(shop.code(rule), [("A", 32000, 1)], 2000, rule_version=7)),
        422,
        "rule_changed",
    )


# --- orders -------------------------------------------------------------------------------


def test_one_coupon_per_order_holds_across_tills(shop: Shop) -> None:
    rule = shop.rule()  # max_per_order 1
    first, second, third = (shop.code(rule) for _ in range(3))
    order = f"O-{uuid.uuid4().hex[:6]}"
    assert (
        post(shop.tills[0], honest(first, [("A", 32000, 1)], 2000, order_no=order)).status_code
        == 201
    )
    doc = problem(
        post(shop.tills[1], honest(second, [("A", 32000, 1)], 2000, order_no=order)),
        422,
        "too_many_coupons",
    )
    assert doc["params"]["limit"] == 1
    assert shop.state(second) == "issued"
    other = f"O-{uuid.uuid4().hex[:6]}"
    assert (
        post(shop.tills[1], honest(third, [("A", 32000, 1)], 2000, order_no=other)).status_code
        == 201
    )


def test_a_non_stackable_coupon_never_shares_an_order(shop: Shop) -> None:
    stacks = shop.rule(max_per_order=3)
    alone = shop.rule(stackable=False)
    for first, then in ((stacks, alone), (alone, stacks)):
        order = f"O-{uuid.uuid4().hex[:6]}"
        a, b = shop.code(first), shop.code(then)
        assert (
            post(shop.till, honest(a, [("A", 32000, 1)], 2000, order_no=order)).status_code == 201
        )
        r = post(shop.tills[1], honest(b, [("A", 32000, 1)], 2000, order_no=order))
        problem(r, 422, "not_combinable")
        assert shop.state(b) == "issued"


def test_tills_racing_on_one_order_get_exactly_one_coupon_through(shop: Shop) -> None:
    rule = shop.rule()
    codes = [shop.code(rule) for _ in shop.tills]
    order = f"O-{uuid.uuid4().hex[:6]}"
    start = threading.Barrier(len(shop.tills))

    def go(i: int) -> int:
        till = Api(shop.url, shop.tills[i].token)
        payload = honest(codes[i], [("A", 32000, 1)], 2000, order_no=order)
        start.wait()
        return post(till, payload).status_code

    with ThreadPoolExecutor(len(shop.tills)) as pool:
        statuses = list(pool.map(go, range(len(shop.tills))))
    assert sorted(statuses) == [201] + [422] * (len(shop.tills) - 1), statuses
    assert len(shop.ledger(rule_id=rule, order_no=order)) == 1
    assert sum(shop.state(c) == "redeemed" for c in codes) == 1


# --- returns and reversals ----------------------------------------------------------------


def reverse(
    till: Api, red_id: str, payload: dict[str, Any], key: str | None = None
) -> requests.Response:
    return till.post(
        f"/v1/redemptions/{red_id}/reverse",
        payload,
        headers={"Idempotency-Key": key or str(uuid.uuid4())},
    )


def test_a_line_returned_twice_refunds_once(shop: Shop) -> None:
    rule = shop.rule()
    code = shop.code(rule)
    key = str(uuid.uuid4())
    assert (
        post(shop.till, honest(code, [("A", 12000, 1), ("B", 20000, 1)], 2000), key).status_code
        == 201
    )
    ret = {
        "reason": "returned",
        "order_completed": True,
        "returned_lines": [{"line": 1, "quantity": 1}],
    }
    reversal_key = str(uuid.uuid4())
    once = reverse(shop.till, key, ret, reversal_key)
    assert once.status_code == 200, once.text
    assert once.json()["refund_cents"] == 20000 - 1250
    again = reverse(shop.till, key, ret)  # the same line, a new reversal
    assert problem(again, 409, "already_returned")["params"]["returned"] == 1
    retried = reverse(shop.till, key, ret, reversal_key)  # the first one, sent again
    assert retried.json() == once.json() and retried.headers["Idempotent-Replayed"] == "true"
    stats = shop.admin.ok("get", f"/v1/stats/rules/{rule}")
    assert (stats["returned_cents"], stats["order_total_cents"], stats["discount_cents"]) == (
        20000,
        12000,
        750,
    )


def test_a_retried_cancellation_gives_the_coupon_back_once(shop: Shop) -> None:
    rule = shop.rule()
    code = shop.code(rule)
    key = str(uuid.uuid4())
    assert post(shop.till, honest(code, [("A", 32000, 1)], 2000), key).status_code == 201
    cancel = {"reason": "cancelled", "order_completed": False}
    reversal_key = str(uuid.uuid4())
    first = reverse(shop.till, key, cancel, reversal_key)
    assert first.json()["status"] == "reversed"
    assert shop.state(code) == "issued"
    # Used again, then the first cancellation's retry arrives: the stored answer, nothing undone.
    assert post(shop.till, honest(code, [("A", 32000, 1)], 2000)).status_code == 201
    retry = reverse(shop.till, key, cancel, reversal_key)
    assert retry.json() == first.json()
    assert shop.state(code) == "redeemed"
    problem(reverse(shop.till, key, cancel), 409, "not_reversible")


def test_cancelling_an_order_gives_all_its_coupons_back_at_once(shop: Shop) -> None:
    rule = shop.rule(max_per_order=2)
    a, b = shop.code(rule), shop.code(rule)
    order = f"O-{uuid.uuid4().hex[:6]}"
    for c in (a, b):
        assert (
            post(shop.till, honest(c, [("A", 32000, 1)], 2000, order_no=order)).status_code == 201
        )
    key = {"Idempotency-Key": str(uuid.uuid4())}
    r = shop.tills[1].post(f"/v1/orders/{order}/cancel", None, headers=key)
    assert r.status_code == 200, r.text
    assert sorted(x["status"] for x in r.json()["reversals"]) == ["reversed", "reversed"]
    assert r.json()["refund_cents"] == 2 * 30000
    assert (shop.state(a), shop.state(b)) == ("issued", "issued")
    assert shop.tills[1].post(f"/v1/orders/{order}/cancel", None, headers=key).json() == r.json()
    # The order's places came back with the coupons.
    assert post(shop.till, honest(a, [("A", 32000, 1)], 2000, order_no=order)).status_code == 201


# --- statistics on a known set of orders --------------------------------------------------


def test_statistics_of_known_orders_returns_and_cancellations(shop: Shop) -> None:
    rule = shop.rule(max_per_order=2)
    c1, c2, c3, c4, c5 = shop.codes(rule, ["m1", "m2", "m4", "m3", "m1"])
    # m2 wrote a coupon off in another campaign before: a returning member.
    earlier = shop.codes(shop.rule(), ["m2"])[0]
    before = iso(datetime.now(UTC) - timedelta(hours=2))
    assert (
        post(shop.till, honest(earlier, [("Z", 32000, 1)], 2000, redeemed_at=before)).status_code
        == 201
    )
    o1, o2, o3 = (f"O-{uuid.uuid4().hex[:6]}" for _ in range(3))
    bill1 = [("A", 12000, 1), ("B", 10000, 2)]  # 320.00, 3 items, two coupons
    for c in (c1, c2):
        assert post(shop.till, honest(c, bill1, 2000, order_no=o1)).status_code == 201
    k3 = str(uuid.uuid4())
    assert post(shop.till, honest(c3, [("C", 40000, 1)], 2000, order_no=o2), k3).status_code == 201
    ret = {
        "reason": "returned",
        "order_completed": True,
        "returned_lines": [{"line": 0, "quantity": 1}],
    }
    assert reverse(shop.till, k3, ret).status_code == 200  # 400.00 back, its 20.00 share kept
    k4 = str(uuid.uuid4())
    assert post(shop.till, honest(c4, [("D", 15000, 2)], 2000, order_no=o3), k4).status_code == 201
    cancel = {"reason": "cancelled", "order_completed": False}
    assert reverse(shop.till, k4, cancel).json()["status"] == "reversed"
    assert post(shop.till, honest(c5, [("E", 50000, 1)], 2000)).status_code == 201  # no order no.

    s = shop.admin.ok("get", f"/v1/stats/rules/{rule}")
    # By hand: orders O1 (320.00), O2 (400.00, all returned), and c5's (500.00); O3 cancelled.
    expected = {
        "generated": 5,
        "issued": 5,
        "received": 5,
        "redeemed": 4,  # c4 came back
        "use_rate": 0.8,
        "write_offs": 4,
        "cancelled": 1,
        "orders": 3,
        "order_total_cents": 32000 + (40000 - 40000) + 50000,
        "discount_cents": (2000 + 2000) + (2000 - 2000) + 2000,
        "returned_cents": 40000,
        "cost_ratio": round(6000 / 82000, 4),
        "avg_order_cents": 82000 // 3,
        "items_sold": 3 + (1 - 1) + 1,
        "members": 3,  # m1, m2, m4 (m3's write-off was cancelled)
        "new_members": 2,  # m1, m4: their first write-off anywhere
        "returning_members": 1,  # m2
        "first_uses": 3,
        "repeat_uses": 1,  # m1's second
    }
    assert {k: s[k] for k in expected} == expected
    assert [
        (d["redeemed"], d["orders"], d["order_total_cents"], d["discount_cents"])
        for d in s["per_day"]
    ] == [(4, 3, 82000, 6000)]


def test_the_ledger_filters_and_pages_every_write_off(shop: Shop) -> None:
    rule = shop.rule(max_per_order=5)
    codes = [shop.code(rule) for _ in range(5)]
    order = f"O-{uuid.uuid4().hex[:6]}"
    for i, c in enumerate(codes):
        till = shop.tills[i % 2]
        extra = {"order_no": order} if i < 3 else {}
        assert post(till, honest(c, [("A", 32000, 1)], 2000, **extra)).status_code == 201
    seen, after = [], None
    while True:
        page = shop.admin.ok(
            "get", f"/v1/redemptions?rule_id={rule}&limit=2" + (f"&after={after}" if after else "")
        )
        seen += page["items"]
        after = page["next"]
        if not after:
            break
    assert sorted(x["code"] for x in seen) == sorted(codes)
    assert {x["discount_cents"] for x in seen} == {2000}
    assert len(shop.ledger(rule_id=rule, order_no=order)) == 3
    # order numbers are the till's, upper-cased (as the order QR gives them)
    assert {x["order_no"] for x in shop.ledger(rule_id=rule, order_no=order)} == {order.upper()}
    assert shop.ledger(rule_id=rule, status="reversed") == []
    day = seen[0]["business_day"]
    assert len(shop.ledger(rule_id=rule, day=day)) == 5
    codes_page = shop.admin.ok("get", f"/v1/codes?rule_id={rule}")
    used = [x["write_off"] for x in codes_page["items"]]
    assert all(
        u is not None and u["discount_cents"] == 2000 and u["channel"] == "store" for u in used
    )
