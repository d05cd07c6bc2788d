"""Till benchmarks: scan-to-verdict over a 1,000,000-code cache, local write-off commits,
initial sync from the real service, and draining 10,000 queued write-offs. Prints only.
"""

from __future__ import annotations

import random
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench.stats import report, time_calls

CACHE_CODES = 1_000_000
SYNC_CODES = 1_000_000  # a big chain's whole cache, synced for real from the service
DRAIN = 10_000


def _till(path: Path) -> Any:
    from posapp.sync.service import TillFiles, TillService

    return TillService(TillFiles(path / "till.sqlite3", path / "till.json", path))


def _offline_cache(path: Path) -> tuple[Any, list[str]]:
    """A till whose cache holds CACHE_CODES codes, filled through the sync feed's apply path."""
    from posapp.domain.codes import generate_code
    from posapp.domain.kinds import CouponKind, ReductionBody
    from posapp.domain.rule import FaceValue, Rule, RuleHead, RuleId, rule_to_dict
    from posapp.domain.threshold import Threshold, ThresholdKind
    from posapp.domain.timeutil import utcnow
    from posapp.store.state import sync_state
    from posapp.sync.engine import apply_page

    till = _till(path)
    with till.db.write() as s:
        st = sync_state(s)
        st.till_id, st.till_name = "bench", "Bench till"
        st.acceptor = {"kind": "store", "id": "s1", "name": "Store 1"}
        st.policy = {"offline_count_cap": 10**9, "offline_value_cap_cents": 10**15}
    rule = Rule(
        RuleHead(
            RuleId("r1"),
            "20 off 100",
            CouponKind.REDUCTION,
            FaceValue.fixed(2000),
            threshold=Threshold(ThresholdKind.AMOUNT, 10000),
            bearer=True,
        ),
        ReductionBody(),
    )
    apply_page(till.db, [{"type": "rule", "data": rule_to_dict(rule)}], None, True, utcnow())
    # Setup, not measured: 1M rows straight into the table (the feed path is timed below
    # by the initial sync from the real service).
    import sqlite3

    codes = [str(generate_code()) for _ in range(CACHE_CODES)]
    started = time.perf_counter()
    conn = sqlite3.connect(till.db.path)
    with conn:
        conn.executemany(
            "INSERT INTO codes (code, rule_id, batch_id, state, face_value_cents)"
            " VALUES (?, 'r1', 'b1', 'unissued', 2000)",
            ((c,) for c in codes),
        )
    conn.close()
    apply_page(till.db, [], "c", False, utcnow())
    took = time.perf_counter() - started
    print(f"(setup: {CACHE_CODES:,} codes loaded into the cache in {took:.1f} s)")
    return till, codes


def _local(tmp: Path) -> None:
    from posapp.domain.basket import Basket

    till, codes = _offline_cache(tmp / "local")
    try:
        bill = Basket.from_total(15000)
        rng = random.Random(1)
        sample = rng.sample(codes, 3000)
        it = iter(sample)
        report(
            "scan -> verdict (1M-code cache, with bill)",
            time_calls(lambda: till.check(next(it), bill), 2000),
        )
        garbage = iter([f"nonsense {i}" for i in range(500)])
        report(
            "scan -> verdict (garbage payload)", time_calls(lambda: till.check(next(garbage)), 500)
        )
        left = iter(sample[2000:])
        samples = time_calls(lambda: till.redeem(next(left), bill, "bench"), 1000)
        report("offline write-off, committed (redeem call)", samples)
        _commit_only(till)
    finally:
        till.close()


def _commit_only(till: Any) -> None:
    """The write transaction alone: redemption + lines + outbox row, BEGIN IMMEDIATE..COMMIT."""
    from posapp.domain.timeutil import utcnow
    from posapp.store.ledger import NewLine, NewRedemption, add_redemption

    def one() -> None:
        new = NewRedemption(
            str(uuid.uuid4()),
            uuid.uuid4().hex[:12],
            "r1",
            "reduction",
            "bench",
            "store",
            None,
            15000,
            2000,
            2000,
            utcnow(),
            True,
            (NewLine("*", "", 1, 15000, 2000),),
        )
        with till.db.write() as s:
            add_redemption(s, new, {"code": new.code})

    report("local write-off commit (write transaction only)", time_calls(one, 1000))


def _with_service(tmp: Path) -> None:
    import requests

    from posapp.central.runner import start_in_thread
    from posapp.settings import resolve_paths
    from posapp.sync.service import TillService

    server = start_in_thread(f"sqlite:///{tmp / 'central.sqlite3'}")
    try:
        admin = {"Authorization": f"Bearer {server.admin_token}"}

        def call(method: str, path: str, body: Any) -> Any:
            r = requests.request(method, server.url + path, json=body, headers=admin, timeout=600)
            r.raise_for_status()
            return r.json()

        call(
            "POST",
            "/v1/stores",
            {
                "id": "s1",
                "name": "Store 1",
                "offline_policy": {
                    "max_cache_age_s": 86400,
                    "max_key_age_s": 604800,
                    "offline_kinds": ["gift", "discount", "reduction"],
                    "offline_count_cap": 10**6,
                    "offline_value_cap_cents": 10**10,
                },
            },
        )
        token = call("POST", "/v1/tills", {"name": "bench", "store_id": "s1"})["token"]
        rule = {
            "id": "r1",
            "name": "20 off",
            "kind": "reduction",
            "bearer": True,
            "face_value": {"min_cents": 2000, "max_cents": 2000},
            "body": {},
        }
        call("POST", "/v1/rules", rule)
        started = time.perf_counter()
        for _ in range(SYNC_CODES // 100_000):
            call("POST", "/v1/rules/r1/batches", {"count": 100_000})
        print(f"service: generate {SYNC_CODES:,} codes: {time.perf_counter() - started:.1f} s")

        till = TillService.open(resolve_paths(tmp / "till"))
        try:
            till.register(server.url, token)
            started = time.perf_counter()
            result = till.sync_now(push=False)
            took = time.perf_counter() - started
            assert result.ok and till.status().codes_cached == SYNC_CODES, result
            rate = SYNC_CODES / took
            print(
                f"initial sync of {SYNC_CODES:,} codes from the real service: {took:.1f} s "
                f"({rate:,.0f} codes/s, {result.pages} pages)"
            )
            with till.db.read() as s:
                from sqlalchemy import select

                from posapp.store.models import CodeRow

                codes = list(s.scalars(select(CodeRow.code).limit(DRAIN)))
            _queue_directly(till, codes)
            started = time.perf_counter()
            result = till.sync_now(pull=False)
            took = time.perf_counter() - started
            assert result.ok and result.outbox_length == 0 and result.confirmed == DRAIN, result
            print(
                f"drain {DRAIN:,} queued write-offs to the real service: {took:.1f} s "
                f"({DRAIN / took:,.0f}/s, batches sized by time: last one "
                f"{till.link.batch_sizer.size})"
            )
        finally:
            till.close()
    finally:
        server.stop()


def _queue_directly(till: Any, codes: list[str]) -> None:
    """Setup, not measured: queue write-offs as redeem() would, 1,000 per transaction."""
    from posapp.domain.timeutil import to_iso, utcnow
    from posapp.store.ledger import NewLine, NewRedemption, add_redemption

    started = time.perf_counter()
    for i in range(0, len(codes), 1000):
        with till.db.write() as s:
            for code in codes[i : i + 1000]:
                now = utcnow()
                new = NewRedemption(
                    str(uuid.uuid4()), code, "r1", "reduction", "bench", "store", None,
                    15000, 2000, 2000, now, True, (NewLine("*", "", 1, 15000, 2000),),
                )  # fmt: skip
                body = {
                    "code": code, "channel": "store", "cashier_id": "bench",
                    "redeemed_at": to_iso(now), "rule_version": 1, "amount_cents": 15000,
                    "discount_cents": 2000,
                    "lines": [{"sku": "*", "unit_price_cents": 15000, "share_cents": 2000}],
                }  # fmt: skip
                add_redemption(s, new, body)
    took = time.perf_counter() - started
    print(f"(setup: {len(codes):,} write-offs queued in {took:.1f} s)")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-till-") as d:
        tmp = Path(d)
        _local(tmp)
        _with_service(tmp)
