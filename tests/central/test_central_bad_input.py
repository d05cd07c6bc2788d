"""Bad input gets a 4xx problem document, never a 500, and changes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from central_helpers import World, redemption_body


def snapshot(world: World) -> Any:
    return (
        world.admin.ok("get", "/v1/stats/rules/R-300-20"),
        world.admin.ok("get", "/v1/rules"),
        world.admin.ok("get", "/v1/stores"),
        world.admin.ok("get", "/v1/tills"),
    )


def assert_problem(r: requests.Response, status: int, code: str | None = None) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    doc = r.json()
    assert {"type", "title", "status", "detail", "code"} <= set(doc)
    assert doc["status"] == status
    if code is not None:
        assert doc["code"] == code


def post_raw(
    world: World, path: str, data: bytes, token: str | None, **headers: str
) -> requests.Response:
    h = {"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())} | headers
    if token:
        h["Authorization"] = f"Bearer {token}"
    return requests.post(world.url + path, data=data, headers=h, timeout=60)


def test_malformed_json(world: World) -> None:
    before = snapshot(world)
    for data in (b"{", b"[1,2", b"\xff\xfe", b"null", b"", b'{"code": "X"'):
        assert_problem(
            post_raw(world, "/v1/redemptions", data, world.till.token), 422, "validation_error"
        )
        assert_problem(
            post_raw(world, "/v1/rules", data, world.admin.token), 422, "validation_error"
        )
    assert snapshot(world) == before


@pytest.mark.parametrize(
    "change",
    [
        {"amount_cents": "lots"},
        {"amount_cents": -1},
        {"amount_cents": 10**30},
        {"redeemed_at": "yesterday"},
        {"redeemed_at": "2025-06-01T10:00:00"},  # no zone
        {"redeemed_at": "0001-01-01T00:00:00+05:00"},
        {"channel": "drone"},
        {"lines": "A"},
        {"code": 12345},
        {"code": "A\x00B"},
        {"cashier_id": "x" * 500},
        {"surprise": True},  # unknown field
    ],
)
def test_wrong_types_and_unknown_fields(world: World, change: dict[str, Any]) -> None:
    r = world.till.post(
        "/v1/redemptions",
        redemption_body(world.codes[0]) | change,
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert_problem(r, 422, "validation_error")
    assert world.admin.ok("get", f"/v1/codes/{world.codes[0]}")["state"] == "issued"


def test_self_contradicting_redemption(world: World) -> None:
    r = world.till.redeem(world.codes[0], discount_cents=999)  # shares add to 2000
    assert_problem(r, 422, "validation_error")
    r = world.till.redeem(world.codes[0], redeemed_at="2199-01-01T00:00:00Z")
    assert_problem(r, 422, "validation_error")


def test_rule_with_unknown_fields_or_a_body_of_another_kind(world: World) -> None:
    base = {"name": "x", "kind": "discount", "body": {"off_bp": 2000}}
    assert_problem(world.admin.post("/v1/rules", base | {"colour": "red"}), 422, "validation_error")
    assert_problem(world.admin.post("/v1/rules", base | {"kind": "gift"}), 422, "validation_error")
    assert_problem(
        world.admin.post("/v1/rules", base | {"body": {"off_bp": 2000, "extra": 1}}),
        422,
        "validation_error",
    )
    bad_validity = base | {
        "validity": {
            "type": "fixed",
            "start": "2026-02-01T00:00:00Z",
            "end": "2026-01-01T00:00:00Z",
        }
    }
    assert_problem(world.admin.post("/v1/rules", bad_validity), 422, "validation_error")


def _chunks(n: int) -> Iterator[bytes]:
    yield b'{"items": ['
    for _ in range(n):
        yield b'{"code": "' + b"A" * 1000 + b'"},'
    yield b"]}"


def test_huge_bodies_get_413(world: World) -> None:
    before = snapshot(world)
    huge = b'{"name": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    assert_problem(post_raw(world, "/v1/rules", huge, world.admin.token), 413, "payload_too_large")
    # no Content-Length: chunked transfer, counted as it streams in
    r = requests.post(
        world.url + "/v1/redemptions/batch",
        data=_chunks(4000),
        headers={"Authorization": f"Bearer {world.till.token}", "Content-Type": "application/json"},
        timeout=60,
    )
    assert_problem(r, 413, "payload_too_large")
    assert snapshot(world) == before


@pytest.mark.parametrize(
    "text",
    [
        "'; DROP TABLE codes; --",
        "1 OR 1=1",
        "<script>alert(1)</script>",
        "Robert'); DELETE FROM redemptions;--",
    ],
)
def test_sql_and_script_strings(world: World, text: str) -> None:
    before = snapshot(world)
    r = world.till.redeem(text)
    assert r.status_code in (422,)
    assert r.json()["code"] in ("unknown_code", "validation_error")
    for path in (f"/v1/rules/{text}", f"/v1/codes/{text}", f"/v1/stats/rules/{text}"):
        r = world.admin.get(path)
        assert 400 <= r.status_code < 500, (path, r.status_code)
    r = world.admin.post("/v1/stores", {"id": text, "name": text})
    assert_problem(r, 422, "validation_error")
    made = world.admin.ok("post", "/v1/merchants", {"id": "EVIL", "name": text}, status=201)
    assert made["name"] == text  # stored as text, nothing run
    assert snapshot(world)[0] == before[0]


def test_wrong_or_missing_tokens(world: World) -> None:
    anon = requests.get(world.url + "/v1/me", timeout=10)
    assert_problem(anon, 401, "unauthorized")
    bad = requests.get(
        world.url + "/v1/rules", headers={"Authorization": "Bearer nope"}, timeout=10
    )
    assert_problem(bad, 401, "unauthorized")
    basic = requests.get(
        world.url + "/v1/rules", headers={"Authorization": "Basic YTpi"}, timeout=10
    )
    assert_problem(basic, 401, "unauthorized")
    # a till cannot make back-office calls, the admin cannot pose as a till
    assert_problem(world.till.post("/v1/rules/R-300-20/batches", {"count": 5}), 403, "forbidden")
    assert_problem(world.admin.get("/v1/sync"), 403, "forbidden")
    assert world.admin.ok("get", "/v1/stats/rules/R-300-20")["generated"] == 20


def test_merchant_till_reaching_for_a_store_coupon(world: World) -> None:
    before = snapshot(world)
    r = world.merchant_till.redeem(world.codes[0], channel="partner")
    assert_problem(r, 422, "merchant_not_allowed")
    assert "already" not in r.json()["detail"]
    payload = world.admin.ok("get", f"/v1/codes/{world.codes[0]}/qr")["payload"]
    assert_problem(world.merchant_till.post("/v1/vouchers/verify", {"payload": payload}), 422)
    assert snapshot(world) == before


def test_unknown_paths_and_methods(world: World) -> None:
    assert_problem(world.admin.get("/v1/nothing"), 404, "not_found")
    r = requests.delete(world.url + "/v1/rules", headers=world.admin.headers(), timeout=10)
    assert_problem(r, 405, "method_not_allowed")
