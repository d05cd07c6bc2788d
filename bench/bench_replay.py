"""Replaying a till's queue: batches sized by count (500, as before) or by time (issue 14 item 6).

Anchor (issue 14 item 6): a 500-item replay batch took 15 s on a quiet box and ~26 s under
load, past the till's 20 s read timeout; the till then showed offline and resent what the
service was still committing. Each batch should now take about TARGET_BATCH_S (2 s).

The real service runs in a process of its own (uvicorn on loopback), on SQLite and on
PostgreSQL when POSAPP_TEST_PG_URL is set; "under load" four other tills write coupons off
one at a time meanwhile; "slow link" puts a relay between till and service that lets
SLOW_LINK_BPS bytes a second through towards the service (a store on a poor uplink).
Prints figures; never asserts.
"""

from __future__ import annotations

import contextlib
import socket
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import requests

from bench.bench_central import _drop_pg, _pg_database
from bench.stats import percentile

QUEUED = 3000
LOADERS = 4
SLOW_LINK_BPS = 12_000  # a 500-write-off batch (about 240 kB) takes some 20 s on it


class SlowLink:
    """A loopback TCP relay that sends at most bytes_per_s towards the service."""

    def __init__(self, upstream: str, bytes_per_s: float) -> None:
        host, port = upstream.removeprefix("http://").split(":")
        self.upstream, self.rate = (host, int(port)), bytes_per_s
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, slow: bool) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(4096 if slow else 65536):
                if slow:
                    time.sleep(len(data) / self.rate)
                dst.sendall(data)
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.close()

    def close(self) -> None:
        self.sock.close()


def _drain(label: str, db_url: str, work: Path, sized: str, load: bool, slow: bool) -> None:
    from bench.bench_till import _queue_directly
    from posapp.central.auth import new_token
    from posapp.central.runner import free_port, start_process
    from posapp.settings import resolve_paths
    from posapp.sync.pusher import TARGET_BATCH_S, BatchSizer, Pusher
    from posapp.sync.service import TillService

    run = work / f"{label}-{sized}-{load}-{slow}"
    server = start_process(db_url, free_port(), new_token(), run / "server")
    admin = {"Authorization": f"Bearer {server.admin_token}"}

    def call(method: str, path: str, body: Any, headers: Any = None) -> Any:
        r = requests.request(
            method, server.url + path, json=body, headers=headers or admin, timeout=600
        )
        r.raise_for_status()
        return r.json()

    stop = threading.Event()
    try:
        policy = {"max_cache_age_s": 86400, "max_key_age_s": 604800,
                  "offline_kinds": ["gift", "discount", "reduction"],
                  "offline_count_cap": 10**6, "offline_value_cap_cents": 10**10}  # fmt: skip
        call("POST", "/v1/stores", {"id": "s1", "name": "Store 1", "offline_policy": policy})
        rule = {"id": "r1", "name": "20 off", "kind": "reduction", "bearer": True,
                "face_value": {"min_cents": 2000, "max_cents": 2000}, "body": {}}  # fmt: skip
        call("POST", "/v1/rules", rule)
        call("POST", "/v1/rules/r1/batches", {"count": QUEUED + 20_000})
        token = call("POST", "/v1/tills", {"name": "replay", "store_id": "s1"})["token"]
        till = TillService.open(resolve_paths(run / "till"))
        link = SlowLink(server.url, SLOW_LINK_BPS) if slow else None
        try:
            till.register(link.url if link else server.url, token)
            assert till.sync_now(push=False).ok
            from sqlalchemy import select

            from posapp.store.models import CodeRow

            with till.db.read() as s:
                codes = list(s.scalars(select(CodeRow.code).order_by(CodeRow.code)))
            _queue_directly(till, codes[:QUEUED])
            spare = codes[QUEUED:]
            loaders = [
                threading.Thread(target=_load, args=(call, server.url, spare[i::LOADERS], stop))
                for i in range(LOADERS if load else 0)
            ]
            for t in loaders:
                t.start()
            sizer = BatchSizer(target_s=1e9, first=500) if sized == "count" else BatchSizer()
            started = time.perf_counter()
            report = Pusher(till.db, till.link.client(), till.clock, sizer).push(force=True)
            wall = time.perf_counter() - started
            stop.set()
            for t in loaders:
                t.join()
            seconds = [t for _, t in report.batches] or [float("nan")]
            sizes = sorted({n for n, _ in report.batches}) or [0]
            where = label + (", under load" if load else "") + (", slow link" if slow else "")
            failed = f"; stopped: {report.error.message}" if report.error else ""
            print(
                f"[{where}] by {sized:<5}: {report.confirmed:,} "
                f"write-offs in {wall:5.1f} s ({report.confirmed / wall:6.0f}/s); "
                f"{len(report.batches)} batches, longest {max(seconds):5.2f} s, "
                f"p50 {percentile(seconds, 50):5.2f} s; sizes {sizes[0]}..{sizes[-1]}"
                + (f" (target {TARGET_BATCH_S:.0f} s)" if sized == "time" else "")
                + failed
            )
        finally:
            till.close()
            if link is not None:
                link.close()
    finally:
        stop.set()
        server.stop()


def _load(call: Any, url: str, codes: list[str], stop: threading.Event) -> None:
    """Another till writing coupons off one at a time while the queue is replayed."""
    token = call("POST", "/v1/tills", {"name": "load", "store_id": "s1"})["token"]
    s = requests.Session()
    h = {"Authorization": f"Bearer {token}"}
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    for code in codes:
        if stop.is_set():
            return
        body = {"code": code, "channel": "store", "cashier_id": "load", "redeemed_at": now,
                "rule_version": 1, "amount_cents": 15000, "discount_cents": 2000,
                "lines": [{"sku": "*", "unit_price_cents": 15000, "share_cents": 2000}],
                }  # fmt: skip
        s.post(url + "/v1/redemptions", json=body,
               headers=h | {"Idempotency-Key": str(uuid.uuid4())}, timeout=60)  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-replay-") as d:
        work = Path(d)
        runs = [
            (load, slow, sized)
            for load, slow in ((False, False), (True, False), (False, True))
            for sized in ("count", "time")
        ]
        for load, slow, sized in runs:
            db = f"sqlite:///{work / f'c-{sized}-{load}-{slow}.sqlite3'}"
            _drain("sqlite", db, work, sized, load, slow)
        if not _pg_wanted():
            print("[postgresql] skipped: set POSAPP_TEST_PG_URL to include it")
            return
        for load, slow, sized in runs:
            if slow:
                continue  # the link, not the database, sets the pace there
            pg = _pg_database()
            assert pg is not None
            try:
                _drain("postgresql", pg[0], work, sized, load, slow)
            finally:
                _drop_pg(pg[1])


def _pg_wanted() -> bool:
    import os

    return bool(os.environ.get("POSAPP_TEST_PG_URL"))


if __name__ == "__main__":
    main()
