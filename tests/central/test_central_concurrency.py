"""Concurrent write-offs and claims: the database decides, exactly once."""

from __future__ import annotations

import random
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from central_helpers import Api, build_world, redemption_body

from posapp.central.auth import new_token
from posapp.central.runner import RunningProcess, RunningServer, free_port, start_process

CLIENTS = 50
CODES = 200


@pytest.fixture
def pg_server(pg_url: str, tmp_path: Path) -> Iterator[RunningProcess]:
    # A process of its own: 50 client threads in this one would starve it of the GIL.
    server = start_process(pg_url, free_port(), new_token(), tmp_path, workers=2)
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.pg
@pytest.mark.slow
def test_fifty_clients_redeem_the_same_200_codes_exactly_once(pg_server: RunningProcess) -> None:
    world = build_world(pg_server.url, pg_server.admin_token, n_codes=CODES)
    tills = [world.new_till() for _ in range(CLIENTS)]
    start = threading.Barrier(CLIENTS)

    def client(i: int) -> list[tuple[str, int, dict[str, Any]]]:
        api, _ = tills[i]
        codes = list(world.codes)
        random.Random(i).shuffle(codes)
        items = [redemption_body(c) | {"idempotency_key": str(uuid.uuid4())} for c in codes]
        start.wait()
        out = []
        # Small batches keep many requests in flight on the same codes at the same time.
        for j in range(0, len(items), 20):
            r = api.post("/v1/redemptions/batch", {"items": items[j : j + 20]})
            assert r.status_code == 200, r.text
            for item, res in zip(items[j : j + 20], r.json()["results"], strict=True):
                out.append((item["code"], i, res))
        return out

    with ThreadPoolExecutor(CLIENTS) as pool:
        results = [x for chunk in pool.map(client, range(CLIENTS)) for x in chunk]

    winners: dict[str, int] = {}
    for code, i, res in results:
        assert res["status"] in ("accepted", "conflict"), res
        if res["status"] == "accepted":
            assert code not in winners, f"{code} redeemed twice"
            winners[code] = i
    assert set(winners) == set(world.codes)
    tally = Counter(res["status"] for _, _, res in results)
    assert tally == {"accepted": CODES, "conflict": CODES * (CLIENTS - 1)}
    for code, i, res in results:
        if res["status"] == "conflict":
            assert res["problem"]["params"]["till"] == tills[winners[code]][1], (code, i)
    assert world.admin.ok("get", "/v1/stats/rules/R-300-20")["redeemed"] == CODES


@pytest.mark.slow
def test_concurrent_claims_respect_member_and_total_limits(central_server: RunningServer) -> None:
    admin = Api(central_server.url, central_server.admin_token)
    admin.ok(
        "post",
        "/v1/rules",
        {
            "id": "CLAIM",
            "name": "claim me",
            "kind": "reduction",
            "face_value": {"min_cents": 500, "max_cents": 1500},
            "total_issue": 30,
            "per_member_limit": 2,
            "body": {},
        },
    )
    admin.ok("post", "/v1/rules/CLAIM/batches", {"count": 10})  # the rest made on demand
    start = threading.Barrier(20)

    def claimer(i: int) -> list[int]:
        api = Api(central_server.url, central_server.admin_token)
        start.wait()
        return [
            api.post("/v1/claims", {"rule_id": "CLAIM", "member_id": f"m{i % 10}"}).status_code
            for _ in range(4)
        ]

    with ThreadPoolExecutor(20) as pool:
        statuses = [s for chunk in pool.map(claimer, range(20)) for s in chunk]
    assert set(statuses) <= {201, 409}
    assert statuses.count(201) == 20  # 10 members x 2, below the total of 30
    held = Counter()
    page = admin.ok("get", "/v1/codes?rule_id=CLAIM&state=issued&limit=1000")
    for row in page["items"]:
        held[row["member_id"]] += 1
        assert 500 <= row["face_value_cents"] <= 1500
    assert set(held.values()) == {2}
    # the total: 10 more members claim, only 10 codes are left
    for i in range(10, 30):
        admin.post("/v1/claims", {"rule_id": "CLAIM", "member_id": f"m{i}"})
    assert admin.ok("get", "/v1/rules/CLAIM")["issued_count"] == 30
    r = admin.post("/v1/claims", {"rule_id": "CLAIM", "member_id": "late"})
    assert (r.status_code, r.json()["code"]) == (409, "limit_reached")


@pytest.mark.slow
def test_bulk_issues_and_claims_at_once_keep_every_limit(central_server: RunningServer) -> None:
    """Operations pushes a member list while members claim the same coupon in the app."""
    admin = Api(central_server.url, central_server.admin_token)
    admin.ok(
        "post",
        "/v1/rules",
        {
            "id": "PUSH",
            "name": "pushed and claimed",
            "kind": "reduction",
            "face_value": {"min_cents": 1000, "max_cents": 1000},
            "total_issue": 1500,
            "per_member_limit": 1,
            "body": {},
        },
    )
    admin.ok("post", "/v1/rules/PUSH/batches", {"count": 300})  # the rest made on demand
    members = [f"m{i:04d}" for i in range(1200)]
    start = threading.Barrier(3)

    def push(part: list[str]) -> dict[str, Any]:
        api = Api(central_server.url, central_server.admin_token)
        start.wait()
        return api.ok("post", "/v1/issues", {"rule_id": "PUSH", "member_ids": part})

    def claims() -> list[int]:
        api = Api(central_server.url, central_server.admin_token)
        start.wait()
        picks = random.Random(7).sample(members, 100)
        return [
            api.post("/v1/claims", {"rule_id": "PUSH", "member_id": m}).status_code for m in picks
        ]

    with ThreadPoolExecutor(3) as pool:
        first = pool.submit(push, members)
        second = pool.submit(push, members[::-1])  # the same people, the other way round
        claimed = pool.submit(claims)
        answers = [first.result(), second.result()]
        statuses = claimed.result()
    assert set(statuses) <= {201, 409}
    issued = [x for a in answers for x in a["issued"]]
    refused = [x for a in answers for x in a["refused"]]
    assert {x["code"] for x in refused} <= {"limit_reached"}
    # Every member holds exactly one code, however the three raced; no code went twice.
    assert len(issued) + statuses.count(201) == 1200
    held: Counter[str] = Counter()
    seen: set[str] = set()
    after = ""
    while True:
        page = admin.ok("get", f"/v1/codes?rule_id=PUSH&state=issued&limit=1000{after}")
        for row in page["items"]:
            held[row["member_id"]] += 1
            assert row["code"] not in seen
            seen.add(row["code"])
        if not page["next"]:
            break
        after = f"&after={page['next']}"
    assert set(held) == set(members) and set(held.values()) == {1}
    assert admin.ok("get", "/v1/rules/PUSH")["issued_count"] == 1200
    # The operator's order decides who gets the last codes of a total.
    late = [f"late{i:03d}" for i in range(301, 0, -1)]  # 301 people for the last 300 codes
    got = admin.ok("post", "/v1/issues", {"rule_id": "PUSH", "member_ids": late})
    assert [x["member_id"] for x in got["issued"]] == late[:300]
    assert got["refused"] == [{"member_id": "late001", "code": "limit_reached"}]
