"""The sync feed: by cursor, in pages, only what the till may accept, never skipping a change."""

from __future__ import annotations

import threading
import uuid
from typing import Any

from central_helpers import Api, World, redemption_body


def by_type(items: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [i["data"] for i in items if i["type"] == kind]


def test_a_fresh_till_pages_everything_it_may_accept(world: World) -> None:
    world.admin.ok(
        "post", "/v1/users", {"name": "Li", "role": "cashier", "pin": "1234", "store_id": "S1"}
    )
    world.admin.ok(
        "post", "/v1/users", {"name": "Wu", "role": "cashier", "pin": "1234", "store_id": "S2"}
    )
    items, cursor = world.till.sync_all(limit=7)
    assert {r["id"] for r in by_type(items, "rule")} == {"R-300-20"}
    codes = {c["code"] for c in by_type(items, "code")}
    assert set(world.codes) <= codes
    assert not codes & (set(world.gift_codes) | set(world.s2_codes))
    (store,) = by_type(items, "store")
    assert store["id"] == "S1" and store["offline_policy"]["offline_count_cap"] >= 0
    (user,) = by_type(items, "user")
    assert user["name"] == "Li" and user["pin_hash"].startswith("scrypt$") and "pin" not in user
    (key,) = by_type(items, "key")
    assert key["revoked"] is False and len(key["kid"]) == 8
    # nothing new: an empty page, same cursor
    page = world.till.ok("get", f"/v1/sync?cursor={cursor}")
    assert page == {"items": [], "cursor": cursor, "more": False, "reset": None}


def test_only_changes_after_the_cursor(world: World) -> None:
    _, cursor = world.till.sync_all()
    assert world.till.redeem(world.codes[0]).status_code == 201
    world.admin.ok("post", f"/v1/codes/{world.codes[1]}/void")
    items, _ = world.till.sync_all(cursor)
    changed = {c["code"]: c for c in by_type(items, "code")}
    assert set(changed) == {world.codes[0], world.codes[1]}
    assert changed[world.codes[0]]["state"] == "redeemed"
    assert changed[world.codes[0]]["redeemed"]["store_name"] == "Store 1"
    assert changed[world.codes[1]]["state"] == "voided"


def test_merchant_till_gets_only_gift_rules_naming_it(world: World) -> None:
    items, _ = world.merchant_till.sync_all()
    assert {r["id"] for r in by_type(items, "rule")} == {"G-COFFEE"}
    assert {c["rule_id"] for c in by_type(items, "code")} == {"G-COFFEE"}
    assert by_type(items, "store")[0]["kind"] == "merchant"


def test_store_change_reaches_tills_on_next_sync(world: World) -> None:
    _, cursor = world.till.sync_all()
    policy = {
        "max_cache_age_s": 600,
        "max_key_age_s": 86400,
        "offline_kinds": ["gift"],
        "offline_value_cap_cents": 10000,
        "offline_count_cap": 5,
    }
    world.admin.ok(
        "put", "/v1/stores/S1", {"id": "S1", "name": "Store 1", "offline_policy": policy}
    )
    items, _ = world.till.sync_all(cursor)
    assert by_type(items, "store")[0]["offline_policy"] == policy
    assert world.till.ok("get", "/v1/me")["offline_policy"] == policy


def test_paging_under_concurrent_writes_never_skips_a_change(world: World) -> None:
    """Tills page while others redeem: the last state seen of every code is the final one."""
    stop = threading.Event()
    writers_done: list[int] = []

    def writer(codes: list[str]) -> None:
        api, _ = world.new_till()
        for code in codes:
            api.post(
                "/v1/redemptions",
                redemption_body(code),
                headers={"Idempotency-Key": str(uuid.uuid4())},
            )
        writers_done.append(1)

    seen: dict[str, str] = {}
    cursor = None
    threads = [threading.Thread(target=writer, args=(world.codes[i::3],)) for i in range(3)]
    for t in threads:
        t.start()
    reader = Api(world.url, world.till.token)
    while not stop.is_set():
        finished = len(writers_done) == len(threads)
        params = f"?limit=3&cursor={cursor}" if cursor else "?limit=3"
        page = reader.ok("get", "/v1/sync" + params)
        for item in page["items"]:
            if item["type"] == "code":
                seen[item["data"]["code"]] = item["data"]["state"]
        cursor = page["cursor"]
        if finished and not page["more"]:
            stop.set()
    for t in threads:
        t.join()
    final = {c: world.admin.ok("get", f"/v1/codes/{c}")["state"] for c in world.codes}
    assert {c: seen[c] for c in world.codes} == final
    assert set(final.values()) == {"redeemed"}


def test_sync_refuses_a_bad_limit_and_starts_over_for_a_cursor_it_cannot_read(
    world: World,
) -> None:
    assert world.till.get("/v1/sync?limit=5001").status_code == 422
    assert world.till.get(f"/v1/sync?cursor={'1' * 65}").status_code == 422
    # A cursor this service did not give out (an older till's plain number, a lying
    # server's) is no reason for a till to fail every sync: it gets the feed from the start.
    for cursor in ("abc", "%C2%B2", "13"):
        page = world.till.ok("get", f"/v1/sync?cursor={cursor}&limit=3")
        assert page["reset"] == "unreadable" and len(page["items"]) == 3, cursor
