"""Write-offs over HTTP: exactly once, idempotent per till, re-checked by the domain."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import requests
from central_helpers import GIFT, REDEEMED, Api, World, days_ago, redemption_body

from posapp.central.db import Database
from posapp.central.models import IdempotencyKey
from posapp.domain.timeutil import utcnow


def count_redemptions(world: World, code: str) -> int:
    rows = world.admin.ok("get", f"/v1/codes/{code}")
    return 1 if rows["state"] == "redeemed" else 0


def test_accepted_then_replay_returns_the_stored_result(world: World) -> None:
    key = str(uuid.uuid4())
    first = world.till.redeem(world.codes[0], key)
    assert first.status_code == 201, first.text
    assert first.json()["status"] == "accepted"
    again = world.till.redeem(world.codes[0], key)
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    # the quoted sf-string form of the draft names the same key
    quoted = world.till.redeem(world.codes[0], f'"{key}"')
    assert quoted.json() == first.json()


def test_redeemed_at_is_kept_as_given(world: World) -> None:
    at = f"{days_ago(4)}T05:06:07Z"
    r = world.till.redeem(world.codes[0], redeemed_at=at)
    assert r.json()["redemption"]["redeemed_at"] == at


def test_conflict_names_where_when_and_which_till(world: World) -> None:
    assert world.till.redeem(world.codes[0]).status_code == 201
    other, _ = world.new_till()
    r = other.redeem(world.codes[0])
    assert r.status_code == 409
    doc = r.json()
    assert r.headers["content-type"].startswith("application/problem+json")
    assert doc["code"] == "already_redeemed"
    assert doc["params"]["till"] == world.till_id
    assert doc["params"]["store"] == "Store 1"
    assert doc["params"]["when"].startswith(REDEEMED.strftime("%Y-%m-%d %H:%M"))
    # the words say where and when; the till's id stays in the params (for the inbox, audit)
    assert "Store 1" in doc["detail"] and world.till_id not in doc["detail"]


def test_missing_key_is_400_and_changes_nothing(world: World) -> None:
    r = world.till.post("/v1/redemptions", redemption_body(world.codes[0]))
    assert r.status_code == 400
    assert r.json()["code"] == "idempotency_key_missing"
    assert count_redemptions(world, world.codes[0]) == 0


def test_same_key_different_body_is_422(world: World) -> None:
    key = str(uuid.uuid4())
    assert world.till.redeem(world.codes[0], key).status_code == 201
    r = world.till.redeem(world.codes[1], key)
    assert r.status_code == 422
    assert r.json()["code"] == "idempotency_key_reused"
    assert count_redemptions(world, world.codes[1]) == 0


def test_key_in_flight_is_409(world: World, central_server: object) -> None:
    key = str(uuid.uuid4())
    body = redemption_body(world.codes[0])
    from posapp.central.idempotency import fingerprint
    from posapp.wire.redemption import RedemptionIn

    fp = fingerprint(RedemptionIn.model_validate(body).model_dump(mode="json"))
    db = Database(central_server.db_url)  # type: ignore[attr-defined]
    now = utcnow()
    with db.write() as s:  # another request with this key is running right now
        s.add(
            IdempotencyKey(
                till_id=world.till_id,
                key=key,
                fingerprint=fp,
                state="in_flight",
                created_at=now,
                locked_at=now,
                expires_at=now + timedelta(days=30),
            )
        )
    db.close()
    r = world.till.redeem(world.codes[0], key)
    assert r.status_code == 409
    assert r.json()["code"] == "idempotency_key_in_use"
    assert count_redemptions(world, world.codes[0]) == 0


def test_keys_are_scoped_to_the_till(world: World) -> None:
    key = str(uuid.uuid4())
    assert world.till.redeem(world.codes[0], key).status_code == 201
    other, _ = world.new_till()
    # Another till's key space: not the stored answer, and it cannot take the ID over.
    r = other.redeem(world.codes[1], key)
    assert r.status_code == 422
    assert count_redemptions(world, world.codes[1]) == 0


def test_fifty_parallel_requests_with_one_key_run_once(world: World) -> None:
    key = str(uuid.uuid4())
    start = threading.Barrier(50)

    def go(_: int) -> requests.Response:
        api = Api(world.url, world.till.token)
        start.wait()
        return api.redeem(world.codes[0], key)

    with ThreadPoolExecutor(50) as pool:
        answers = list(pool.map(go, range(50)))
    codes = [r.status_code for r in answers]
    assert set(codes) <= {201, 409}, codes
    assert all(
        r.json()["code"] == "idempotency_key_in_use" for r in answers if r.status_code == 409
    )
    ids = {r.json()["redemption"]["id"] for r in answers if r.status_code == 201}
    assert ids == {key}
    # and the code is redeemed once: a fresh key conflicts
    assert world.till.redeem(world.codes[0]).status_code == 409


def test_reply_lost_after_commit_is_recovered_by_the_retry(world: World) -> None:
    key = str(uuid.uuid4())
    body = redemption_body(world.codes[0])
    headers = world.till.headers({"Idempotency-Key": key})
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.post(
            world.url + "/v1/redemptions", json=body, headers=headers, timeout=(5, 0.0005)
        )
    # the till retries with the same ID until the service has an answer
    for _ in range(200):
        r = requests.post(world.url + "/v1/redemptions", json=body, headers=headers, timeout=30)
        if r.status_code != 409:
            break
    assert r.status_code == 201, r.text
    assert r.json()["redemption"]["id"] == key
    assert world.till.redeem(world.codes[0]).status_code == 409  # redeemed once, by that ID


def _batch(world: World, n: int) -> list[dict[str, object]]:
    items = []
    for code in world.codes[:n]:
        items.append(redemption_body(code) | {"idempotency_key": str(uuid.uuid4())})
    return items


def test_batch_replayed_three_times_changes_nothing_after_the_first(world: World) -> None:
    items = _batch(world, 5)
    items.append(redemption_body("NOTACODE2345") | {"idempotency_key": str(uuid.uuid4())})
    first = world.till.ok("post", "/v1/redemptions/batch", {"items": items})["results"]
    assert [r["status"] for r in first] == ["accepted"] * 5 + ["rejected"]
    assert first[-1]["problem"]["code"] == "unknown_code"
    stats = world.admin.ok("get", "/v1/stats/rules/R-300-20")
    for _ in range(3):
        again = world.till.ok("post", "/v1/redemptions/batch", {"items": items})["results"]
        assert [r["status"] for r in again] == ["duplicate"] * 5 + ["rejected"]
        assert [r.get("redemption") for r in again[:5]] == [r["redemption"] for r in first[:5]]
    assert world.admin.ok("get", "/v1/stats/rules/R-300-20") == stats


def test_batch_replayed_concurrently_runs_each_item_once(world: World) -> None:
    items = _batch(world, 10)

    def go(_: int) -> list[dict[str, object]]:
        api = Api(world.url, world.till.token)
        r = api.post("/v1/redemptions/batch", {"items": items})
        assert r.status_code == 200, r.text
        return r.json()["results"]  # type: ignore[no-any-return]

    with ThreadPoolExecutor(6) as pool:
        runs = list(pool.map(go, range(6)))
    for i in range(10):
        statuses = [run[i]["status"] for run in runs]
        problems = [run[i].get("problem", {}).get("code") for run in runs]  # type: ignore[union-attr]
        assert statuses.count("accepted") <= 1
        assert all(
            s in ("accepted", "duplicate") or p == "idempotency_key_in_use"
            for s, p in zip(statuses, problems, strict=True)
        ), (statuses, problems)
    final = world.till.ok("post", "/v1/redemptions/batch", {"items": items})["results"]
    assert {r["status"] for r in final} == {"duplicate"}
    assert world.admin.ok("get", "/v1/stats/rules/R-300-20")["redeemed"] == 10


def test_batch_reports_conflicts_with_the_winner(world: World) -> None:
    assert world.till.redeem(world.codes[0]).status_code == 201
    other, _ = world.new_till()
    results = other.ok("post", "/v1/redemptions/batch", {"items": _batch(world, 2)})["results"]
    assert results[0]["status"] == "conflict"
    assert results[0]["problem"]["params"]["till"] == world.till_id
    assert results[1]["status"] == "accepted"


def test_domain_refusals(world: World) -> None:
    r = world.till.redeem(world.s2_codes[0])
    assert (r.status_code, r.json()["code"]) == (422, "wrong_store")
    assert "Store 2" in r.json()["detail"]
    r = world.till.redeem("Q7KX3MPA9TWZ")
    assert (r.status_code, r.json()["code"]) == (422, "unknown_code")
    world.admin.ok("post", f"/v1/codes/{world.codes[1]}/void")
    r = world.till.redeem(world.codes[1])
    assert (r.status_code, r.json()["code"]) == (422, "voided")
    unissued = world.admin.ok("get", "/v1/codes?rule_id=R-300-20&state=unissued&limit=1")
    if unissued["items"]:
        r = world.till.redeem(unissued["items"][0]["code"])
        assert (r.status_code, r.json()["code"]) == (422, "not_issued")


def test_merchant_till_redeems_its_gift_but_not_a_store_coupon(world: World) -> None:
    r = world.merchant_till.redeem(world.gift_codes[0], channel="partner", **GIFT)
    assert r.status_code == 201, r.text
    r = world.merchant_till.redeem(world.codes[0], channel="partner")
    assert (r.status_code, r.json()["code"]) == (422, "merchant_not_allowed")
    assert count_redemptions(world, world.codes[0]) == 0
    # a store till cannot write off the merchant's gift either
    r = world.till.redeem(world.gift_codes[1], **GIFT)
    assert (r.status_code, r.json()["code"]) == (422, "wrong_store")


def test_reversal_before_completion_gives_the_coupon_back(world: World) -> None:
    key = str(uuid.uuid4())
    assert world.till.redeem(world.codes[0], key).status_code == 201
    r = world.till.reverse(key, {"reason": "cancelled", "order_completed": False})
    assert r.status_code == 200, r.text
    assert r.json() == {
        "status": "reversed",
        "refund_cents": 30000,
        "code_state": "issued",
        "reason": None,
        "redemption_id": key,
    }
    assert world.till.redeem(world.codes[0]).status_code == 201  # usable again
    again = world.till.reverse(key, {"reason": "cancelled", "order_completed": False})
    assert (again.status_code, again.json()["code"]) == (409, "not_reversible")


def test_return_after_completion_keeps_the_coupon_and_the_share(world: World) -> None:
    key = str(uuid.uuid4())
    assert world.till.redeem(world.codes[0], key).status_code == 201
    r = world.till.reverse(
        key, {"reason": "returned", "order_completed": True, "returned_skus": ["B"]}
    ).json()
    assert r["status"] == "kept"
    assert r["refund_cents"] == 20000 - 1250
    assert r["code_state"] == "redeemed"
    assert world.till.redeem(world.codes[0]).status_code == 409


def test_order_lookup(world: World) -> None:
    world.admin.ok(
        "post",
        "/v1/orders",
        {"order_no": "ord-77", "member_id": "m2", "codes": [world.codes[2], world.gift_codes[2]]},
        status=201,
    )
    got = world.till.ok("get", "/v1/orders/ORD-77")
    assert got["vouchers"] == [world.codes[2]]  # the gift is the merchant's, not this store's
    assert world.merchant_till.ok("get", "/v1/orders/ord-77")["vouchers"] == [world.gift_codes[2]]
    r = world.till.get("/v1/orders/NOPE-1")
    assert (r.status_code, r.json()["code"]) == (404, "order_not_found")
