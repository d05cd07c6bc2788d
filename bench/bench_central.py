"""Central service: redemptions per second, p50/p99 latency (single and batch), on SQLite and
PostgreSQL (when POSAPP_TEST_PG_URL is set), and the time to generate and export 100,000 codes.

Prints figures; never asserts. The service runs for real (uvicorn on loopback, in a process of
its own so the client's threads do not share its interpreter lock).
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

from bench.stats import percentile, report

SINGLE = 300
BATCH_ITEMS = 1000
CLIENTS = 4
BIG = 100_000
ISSUED = 10_000  # members in one bulk issue (the API's most per call)
DURING = 400  # codes kept for redeeming while another big batch is generated


def _pg_database() -> tuple[str, str] | None:
    admin = os.environ.get("POSAPP_TEST_PG_URL")
    if not admin:
        return None
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"posapp_bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(admin).set(database=name).render_as_string(hide_password=False), name


def _drop_pg(name: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(os.environ["POSAPP_TEST_PG_URL"], isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


NOW_ISO = datetime.now(UTC).isoformat().replace("+00:00", "Z")


def _body(code: str, face: int) -> dict[str, Any]:
    """An honest till's write-off of a 320.00 bill: the code's face value off, one line."""
    return {
        "code": code,
        "channel": "store",
        "cashier_id": "U-1",
        "redeemed_at": NOW_ISO,
        "rule_version": 1,
        "amount_cents": 32000,
        "discount_cents": face,
        "lines": [{"sku": "A", "unit_price_cents": 32000, "share_cents": face}],
    }


def requote_cost() -> None:
    """The re-quote alone, in process: what deciding the money adds to each write-off."""
    from posapp.central.requote import requote
    from posapp.domain.code import BatchId, Code, CodeInfo, CodeState
    from posapp.domain.quote import QuoteContext
    from posapp.domain.rule import rule_from_dict
    from posapp.domain.scope import Acceptor, AcceptorKind
    from posapp.domain.timeutil import utcnow
    from posapp.wire.redemption import RedemptionIn

    rule = rule_from_dict(
        {"id": "R", "name": "bench", "kind": "reduction", "bearer": True, "body": {},
         "face_value": {"min_cents": 500, "max_cents": 2000}}
    )  # fmt: skip
    info = CodeInfo(Code("Q7KX3MPA9TWZ"), rule.id, BatchId("b"), CodeState.UNISSUED, 1500)
    ctx = QuoteContext(now=utcnow(), acceptor=Acceptor(AcceptorKind.STORE, "S1"))
    body = RedemptionIn.model_validate(_body("Q7KX3MPA9TWZ", 1500))
    times = []
    for _ in range(5000):
        t = time.perf_counter()
        requote(rule, info, body, ctx, ())
        times.append((time.perf_counter() - t) * 1e6)
    times.sort()
    print(
        f"re-quote of one write-off (domain quote + compare, in process): "
        f"p50 {times[len(times) // 2]:.0f} µs, p99 {times[int(len(times) * 0.99)]:.0f} µs"
    )


def _run(label: str, db_url: str, workdir: Path) -> None:
    from posapp.central.auth import new_token
    from posapp.central.runner import free_port, start_process

    server = start_process(db_url, free_port(), new_token(), workdir / label)
    try:
        http = requests.Session()
        admin = {"Authorization": f"Bearer {server.admin_token}"}

        def call(method: str, path: str, body: Any = None, headers: Any = None) -> Any:
            r = http.request(
                method, server.url + path, json=body, headers=headers or admin, timeout=600
            )
            r.raise_for_status()
            return r.json()

        call("POST", "/v1/stores", {"id": "S1", "name": "Store 1"})
        tills = [
            call("POST", "/v1/tills", {"name": f"t{i}", "store_id": "S1"})["token"]
            for i in range(CLIENTS)
        ]
        call(
            "POST",
            "/v1/rules",
            {
                "id": "R",
                "name": "bench",
                "kind": "reduction",
                "face_value": {"min_cents": 500, "max_cents": 2000},
                "bearer": True,
                "body": {},
            },
        )
        started = time.perf_counter()
        batch = call("POST", "/v1/rules/R/batches", {"count": BIG})
        gen_s = time.perf_counter() - started
        started = time.perf_counter()
        rows = 0
        codes: list[str] = []
        faces: dict[str, int] = {}
        wanted = SINGLE * CLIENTS + BATCH_ITEMS + DURING
        url = server.url + f"/v1/batches/{batch['batch_id']}/export"
        with http.get(url, headers=admin, stream=True, timeout=600) as r:
            for line in r.iter_lines():
                rows += 1
                if rows > 1 and len(codes) < wanted:
                    code, face = line.decode().split(",")[:2]
                    codes.append(code)
                    faces[code] = int(face)
        exp_s = time.perf_counter() - started
        print(
            f"[{label}] generate {BIG} codes: {gen_s:6.2f} s   "
            f"export {rows - 1} rows as CSV: {exp_s:6.2f} s"
        )

        call(
            "POST",
            "/v1/rules",
            {"id": "ISSUE", "name": "pushed", "kind": "reduction", "body": {},
             "face_value": {"min_cents": 1000, "max_cents": 1000}, "per_member_limit": 1},
        )  # fmt: skip
        call("POST", "/v1/rules/ISSUE/batches", {"count": ISSUED})
        members = [f"member-{i:06d}" for i in range(ISSUED)]
        started = time.perf_counter()
        got = call("POST", "/v1/issues", {"rule_id": "ISSUE", "member_ids": members})
        iss_s = time.perf_counter() - started
        assert len(got["issued"]) == ISSUED, got["refused"][:3]
        print(f"[{label}] issue to {ISSUED} members in one call: {iss_s:6.2f} s")

        def single(args: tuple[int, list[str]]) -> list[float]:
            i, mine = args
            s = requests.Session()
            h = {"Authorization": f"Bearer {tills[i]}"}
            out = []
            for code in mine:
                t = time.perf_counter()
                r = s.post(
                    server.url + "/v1/redemptions",
                    json=_body(code, faces[code]),
                    headers=h | {"Idempotency-Key": str(uuid.uuid4())},
                    timeout=60,
                )
                out.append((time.perf_counter() - t) * 1000)
                assert r.status_code == 201, r.text
            return out

        chunks = [(i, codes[i * SINGLE : (i + 1) * SINGLE]) for i in range(CLIENTS)]
        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            lat = [x for part in pool.map(single, chunks) for x in part]
        wall = time.perf_counter() - started
        report(f"[{label}] single redemption, {CLIENTS} tills", lat)
        print(f"[{label}] single: {len(lat) / wall:8.1f} redemptions/s")

        rest = codes[SINGLE * CLIENTS : SINGLE * CLIENTS + BATCH_ITEMS]
        lat = []
        started = time.perf_counter()
        h = {"Authorization": f"Bearer {tills[0]}"}
        for i in range(0, len(rest), 100):
            items = [
                _body(c, faces[c]) | {"idempotency_key": str(uuid.uuid4())}
                for c in rest[i : i + 100]
            ]
            t = time.perf_counter()
            res = call("POST", "/v1/redemptions/batch", {"items": items}, headers=h)
            lat.append((time.perf_counter() - t) * 1000)
            assert all(x["status"] == "accepted" for x in res["results"])
        wall = time.perf_counter() - started
        report(f"[{label}] batch of 100 (one till)", lat)
        print(
            f"[{label}] batch:  {len(rest) / wall:8.1f} redemptions/s "
            f"(p50 per item {percentile(lat, 50) / 100:.2f} ms)"
        )

        # A till's write-off while operations generates another 100,000 codes: how long
        # does the generation hold the till back?
        spare = codes[SINGLE * CLIENTS + BATCH_ITEMS :]
        with ThreadPoolExecutor(1) as pool:
            started = time.perf_counter()
            generating = pool.submit(call, "POST", "/v1/rules/R/batches", {"count": BIG})
            lat = []
            s = requests.Session()
            h = {"Authorization": f"Bearer {tills[1]}"}
            while not generating.done() and spare:
                t = time.perf_counter()
                r = s.post(
                    server.url + "/v1/redemptions",
                    json=_body(code := spare.pop(), faces[code]),
                    headers=h | {"Idempotency-Key": str(uuid.uuid4())},
                    timeout=60,
                )
                lat.append((time.perf_counter() - t) * 1000)
                assert r.status_code == 201, r.text
            generating.result()
            gen_s = time.perf_counter() - started
        report(f"[{label}] redemption during a {BIG}-code generation ({gen_s:.1f} s)", lat)
        print(f"[{label}] longest wait during generation: {max(lat):8.1f} ms")
    finally:
        server.stop()


def main() -> None:
    requote_cost()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        _run("sqlite", f"sqlite:///{work / 'central.sqlite3'}", work)
        pg = _pg_database()
        if pg is None:
            print("[postgresql] skipped: set POSAPP_TEST_PG_URL to include it")
            return
        try:
            _run("postgresql", pg[0], work)
        finally:
            _drop_pg(pg[1])


if __name__ == "__main__":
    main()
