"""Helpers for tests against the real central service: its admin API, and a network cable.

The cable is a loopback TCP relay between a till and the real service. Pulling it out
(refusing connections) is a network outage; dropping answers is a push cut off half-way
(the service did the work, the till never heard). It relays bytes and knows nothing of
our API.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from till_factories import rule_dict

from posapp.central.runner import RunningServer, start_in_thread
from posapp.domain.kinds import CouponKind
from posapp.settings import resolve_paths
from posapp.sync.service import TillService


@dataclass
class Admin:
    url: str
    token: str
    db_url: str

    def call(self, method: str, path: str, **kw: Any) -> Any:
        r = requests.request(
            method,
            self.url + path,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=30,
            **kw,
        )
        assert r.status_code < 300, f"{method} {path}: {r.status_code} {r.text}"
        return r.json()

    def store(self, store_id: str, name: str, **policy: Any) -> None:
        offline_policy = {
            "max_cache_age_s": 86400,
            "max_key_age_s": 7 * 86400,
            "offline_kinds": ["gift", "discount", "reduction"],
            "offline_value_cap_cents": 100_000_000,
            "offline_count_cap": 100_000,
        } | policy
        self.call(
            "POST",
            "/v1/stores",
            json={"id": store_id, "name": name, "offline_policy": offline_policy},
        )

    def till(self, store_id: str, name: str = "Till") -> tuple[str, str]:
        t = self.call("POST", "/v1/tills", json={"name": name, "store_id": store_id})
        return t["till_id"], t["token"]

    def user(self, store_id: str, name: str, pin: str, role: str = "cashier") -> str:
        u = self.call(
            "POST", "/v1/users", json={"name": name, "role": role, "pin": pin, "store_id": store_id}
        )
        return str(u["id"])

    def codes(
        self, count: int, kind: CouponKind = CouponKind.REDUCTION, rule_id: str | None = None
    ) -> tuple[str, list[str]]:
        """Make a bearer rule (usable without issuing) with count codes; return (rule id, codes)."""
        rule_id = rule_id or f"r-{uuid.uuid4().hex[:8]}"
        self.call("POST", "/v1/rules", json=rule_dict(rule_id, kind, bearer=True))
        batch = self.call("POST", f"/v1/rules/{rule_id}/batches", json={"count": count})
        return rule_id, batch_codes(self.db_url, batch["batch_id"])


def batch_codes(db_url: str, batch_id: str) -> list[str]:
    """The codes of a batch, read from the service's database (as an export would list them)."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT code FROM codes WHERE batch_id = :b ORDER BY code"), {"b": batch_id}
            ).all()
            return [str(r[0]) for r in rows]
    finally:
        engine.dispose()


def signed_cursor(db_url: str, seq: int) -> str:
    """The cursor the service would give out for change number seq (its epoch, its key)."""
    from posapp.central.changes import FeedPosition

    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            hi, epoch, key = conn.execute(
                text("SELECT value, epoch, cursor_key FROM change_counter")
            ).one()
    finally:
        engine.dispose()
    return FeedPosition(int(hi), str(epoch), str(key)).cursor(seq)


def server_redemptions(db_url: str) -> list[tuple[str, str, str]]:
    """Every write-off the service holds: (id, code, status), read from its database."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id, code, status FROM redemptions")).all()
            return [(str(a), str(b), str(c)) for a, b, c in rows]
    finally:
        engine.dispose()


class Cable:
    """A loopback relay to upstream that can be unplugged, or made to lose answers."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.mode = "up"  # up | down | lose_answers
        self.rate: float | None = None  # bytes per second towards the service (a slow link)
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def unplug(self) -> None:
        self.mode = "down"
        self._drop_all()

    def plug(self) -> None:
        self.mode = "up"

    def throttle(self, bytes_per_s: float | None) -> None:
        """Make the link towards the service this slow (None: as fast as loopback)."""
        self.rate = bytes_per_s

    def lose_answers(self) -> None:
        self.mode = "lose_answers"
        self._drop_all()

    def close(self) -> None:
        self._closed = True
        self._drop_all()
        self._listener.close()

    def _drop_all(self) -> None:
        with self._lock:
            conns, self._conns = self._conns, []
        for c in conns:
            with contextlib.suppress(OSError):
                c.shutdown(socket.SHUT_RDWR)
            c.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.mode == "down":
                client.close()
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)  # a slow answer is the service's business, not the cable's
            with self._lock:
                self._conns += [client, server]
            lose = self.mode == "lose_answers"
            up = threading.Thread(target=self._pump, args=(client, server, False, True))
            down = threading.Thread(target=self._pump, args=(server, client, lose, False))
            for t in (up, down):
                t.daemon = True
                t.start()

    def _pump(self, src: socket.socket, dst: socket.socket, lose: bool, upwards: bool) -> None:
        try:
            while True:
                data = src.recv(4096 if upwards and self.rate else 65536)
                if not data:
                    break
                if lose:
                    # The service has done the work and answered; the till never hears it.
                    break
                if upwards and self.rate:
                    time.sleep(len(data) / self.rate)
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()


ADMIN_TOKEN = "admin-token-live"


@dataclass
class Service:
    """The real service on a fixed port, which can be stopped, restored and started."""

    db_url: str
    port: int
    backup: Path
    server: RunningServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.server = start_in_thread(self.db_url, port=self.port, admin_token=ADMIN_TOKEN)

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def take_backup(self) -> None:
        url = make_url(self.db_url)
        if url.get_backend_name() == "sqlite":
            src, dst = sqlite3.connect(str(url.database)), sqlite3.connect(self.backup)
            with dst:
                src.backup(dst)  # the online backup API: consistent, WAL included
            src.close()
            dst.close()
        else:
            self._pg(f'CREATE DATABASE "{self._copy}" TEMPLATE "{url.database}"', stopped=True)

    def restore(self) -> None:
        """Stop the service and put the backup back in place of its database."""
        self.stop()
        url = make_url(self.db_url)
        if url.get_backend_name() == "sqlite":
            db = Path(str(url.database))
            for leftover in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
                leftover.unlink(missing_ok=True)
            shutil.copyfile(self.backup, db)
        else:
            self._pg(f'DROP DATABASE "{url.database}" WITH (FORCE)')
            self._pg(f'CREATE DATABASE "{url.database}" TEMPLATE "{self._copy}"')

    def drop_backup(self) -> None:
        if make_url(self.db_url).get_backend_name() != "sqlite":
            self._pg(f'DROP DATABASE IF EXISTS "{self._copy}" WITH (FORCE)')

    @property
    def _copy(self) -> str:
        return f"{make_url(self.db_url).database}_backup"

    def _pg(self, sql: str, stopped: bool = False) -> None:
        if stopped:  # a template database may have no other sessions
            self.stop()
        engine = create_engine(os.environ["POSAPP_TEST_PG_URL"], isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text(sql))
        finally:
            engine.dispose()
        if stopped:
            self.start()


def two_store_till(admin: Admin, tmp_path: Path, url: str | None = None) -> TillService:
    """A synced till of store s1, in a chain that also has s7 "Store 7 Riverside"."""
    admin.store("s1", "Store 1")
    admin.store("s7", "Store 7 Riverside")
    _, token = admin.till("s1")
    till = TillService.open(resolve_paths(tmp_path / "till"))
    till.register(url or admin.url, token)
    assert till.sync_now().ok
    return till
