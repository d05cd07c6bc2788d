"""Back-office calls: rules, batches, listing, export, issuing limits, statistics."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from central_helpers import REDUCTION_RULE, World, days_ago


@pytest.mark.slow
def test_a_batch_of_100000_codes_in_one_call(world: World) -> None:
    world.admin.ok(
        "post",
        "/v1/rules",
        REDUCTION_RULE | {"id": "BIG", "face_value": {"min_cents": 100, "max_cents": 999}},
    )
    made = world.admin.ok("post", "/v1/rules/BIG/batches", {"count": 100_000}, status=201)
    assert made["count"] == 100_000
    assert world.admin.ok("get", f"/v1/stats/batches/{made['batch_id']}")["generated"] == 100_000
    page = world.admin.ok("get", f"/v1/codes?batch_id={made['batch_id']}&limit=1000")
    values = {c["face_value_cents"] for c in page["items"]}
    assert len(values) > 100 and min(values) >= 100 and max(values) <= 999  # drawn per code
    assert len({c["code"] for c in page["items"]}) == 1000


def test_listing_pages_by_code(world: World) -> None:
    seen: list[str] = []
    after = ""
    while True:
        page = world.admin.ok("get", f"/v1/codes?rule_id=R-300-20&limit=7{after}")
        seen += [c["code"] for c in page["items"]]
        if page["next"] is None:
            break
        after = f"&after={page['next']}"
    assert len(seen) == len(set(seen)) == 20 and seen == sorted(seen)
    mine = world.admin.ok("get", "/v1/codes?member_id=m2")["items"]
    assert {c["rule_id"] for c in mine} == {"R-300-20", "G-COFFEE", "D-S2"}
    assert all(c["member_id"] == "m2" for c in mine)


def test_export_any_number_of_times_until_the_validity_ends(world: World) -> None:
    for _ in range(3):
        r = world.admin.get("/v1/rules/R-300-20/export")
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(r.text)))
        assert len(rows) == 20
        assert set(rows[0]) == {
            "code",
            "face_value_cents",
            "batch_id",
            "state",
            "member_id",
            "qr_payload",
        }
    now = datetime.now(UTC)
    world.admin.ok(
        "post",
        "/v1/rules",
        REDUCTION_RULE
        | {
            "id": "GONE",
            "validity": {
                "type": "fixed",
                "start": (now - timedelta(days=9)).isoformat(),
                "end": (now - timedelta(days=1)).isoformat(),
            },
        },
    )
    made = world.admin.ok("post", "/v1/rules/GONE/batches", {"count": 3})
    for path in ("/v1/rules/GONE/export", f"/v1/batches/{made['batch_id']}/export"):
        r = world.admin.get(path)
        assert (r.status_code, r.json()["code"]) == (422, "expired")


def test_a_rule_change_bumps_the_version_and_leaves_redeemed_codes_alone(world: World) -> None:
    r = world.till.redeem(world.codes[0])
    assert r.json()["redemption"]["rule_version"] == 1
    face = world.admin.ok("get", f"/v1/codes/{world.codes[0]}")["face_value_cents"]
    changed = world.admin.ok(
        "put",
        "/v1/rules/R-300-20",
        REDUCTION_RULE | {"face_value": {"min_cents": 5000, "max_cents": 5000}},
    )
    assert changed["version"] == 2
    assert world.admin.ok("get", f"/v1/codes/{world.codes[0]}")["face_value_cents"] == face
    assert world.admin.ok("get", "/v1/stats/rules/R-300-20")["discount_cents"] == 2000
    r = world.admin.put(
        "/v1/rules/R-300-20", REDUCTION_RULE | {"kind": "discount", "body": {"off_bp": 10}}
    )
    assert r.status_code == 422


def test_issue_limits_and_audience(world: World) -> None:
    world.admin.ok(
        "post",
        "/v1/rules",
        REDUCTION_RULE
        | {
            "id": "VIP",
            "total_issue": 3,
            "per_member_limit": 1,
            "audience": {"kind": "named", "values": ["a", "b", "c", "d"]},
        },
    )
    got = world.admin.ok(
        "post", "/v1/issues", {"rule_id": "VIP", "member_ids": ["a", "a", "b", "x", "c", "d"]}
    )
    assert [x["member_id"] for x in got["issued"]] == ["a", "b", "c"]
    assert {(x["member_id"], x["code"]) for x in got["refused"]} == {
        ("x", "not_in_audience"),
        ("d", "limit_reached"),
    }
    again = world.admin.ok("post", "/v1/issues", {"rule_id": "VIP", "member_ids": ["a"]})
    assert again["refused"] == [{"member_id": "a", "code": "limit_reached"}]
    r = world.admin.post("/v1/claims", {"rule_id": "VIP", "member_id": "x"})
    assert (r.status_code, r.json()["code"]) == (403, "not_in_audience")


def test_statistics(world: World) -> None:
    day = days_ago(2)
    for code in world.codes[:4]:
        at = f"{day}T10:00:00Z"
        assert world.till.redeem(code, order_no=f"o-{code[:4]}", redeemed_at=at).status_code == 201
    s = world.admin.ok("get", "/v1/stats/rules/R-300-20")
    assert (s["generated"], s["issued"], s["received"], s["redeemed"]) == (20, 20, 20, 4)
    assert s["use_rate"] == 0.2 and s["receive_rate"] == 1.0
    assert s["discount_cents"] == 8000 and s["order_total_cents"] == 128000
    assert s["orders"] == 4 and s["avg_order_cents"] == 32000
    assert s["cost_ratio"] == 0.0625
    got = [{k: d[k] for k in ("date", "redeemed", "discount_cents")} for d in s["per_day"]]
    assert got == [{"date": day.isoformat(), "redeemed": 4, "discount_cents": 8000}]


def test_statistics_count_each_write_off_on_its_stores_business_day(world: World) -> None:
    # The store trades in Asia/Shanghai with a 04:00 cut-off (the defaults): 19:30 UTC is
    # 03:30 the next morning there, still the evening's business; 20:30 UTC is a new day.
    day = days_ago(3)
    for code, at in zip(
        world.codes[:3],
        (f"{day}T10:00:00Z", f"{day}T19:30:00Z", f"{day}T20:30:00Z"),
        strict=True,
    ):
        assert world.till.redeem(code, redeemed_at=at).status_code == 201
    s = world.admin.ok("get", "/v1/stats/rules/R-300-20")
    got = [{k: d[k] for k in ("date", "redeemed", "discount_cents")} for d in s["per_day"]]
    assert got == [
        {"date": day.isoformat(), "redeemed": 2, "discount_cents": 4000},
        {"date": (day + timedelta(days=1)).isoformat(), "redeemed": 1, "discount_cents": 2000},
    ]
