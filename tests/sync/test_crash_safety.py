"""SIGKILL the till at random moments while it writes off coupons, again and again.

After every kill: each write-off the till reported is in its outbox (or already answered),
none is duplicated, and SQLite's integrity check passes. At the end the outbox drains to
the real service, which then holds every reported write-off exactly once. The bursts run
offline (the cable out), online (each write-off pushed as the cashier waits), and against a
server that hangs (each push cut off at the write-off's deadline).
"""

from __future__ import annotations

import os
import queue
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from live import Admin, Cable, server_redemptions
from sqlalchemy import func, select

from posapp.settings import resolve_paths
from posapp.store.db import Database
from posapp.store.models import OutboxRow, RedemptionRow, RedemptionStatus
from posapp.store.state import sync_state
from posapp.sync.config import TillConfig, save_config
from posapp.sync.service import TillService

KILLS = {"offline": 50, "online": 25, "hanging": 8}
HELPER = Path(__file__).with_name("crash_helper.py")


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.parametrize("network", ["offline", "online", "hanging"])
def test_sigkill_during_a_burst_of_write_offs_loses_and_duplicates_nothing(
    central: Any, tmp_path: Path, network: str
) -> None:
    kills = KILLS[network]
    admin = Admin(central.url, central.admin_token, central.db_url)
    admin.store("s1", "Store 1")
    _, token = admin.till("s1")
    _, codes = admin.codes(3000)
    data_dir = tmp_path / "till"
    cable = Cable(int(central.url.rsplit(":", 1)[1]))
    till = TillService.open(resolve_paths(data_dir))
    till.register(cable.url, token)
    assert till.sync_now().ok
    hang = Hang()
    if network == "offline":
        # The cable is out: the tries an offline till makes now and then find nothing.
        cable.unplug()
        with till.db.write() as s:
            sync_state(s).online = False
    elif network == "hanging":
        save_config(till.files.config, TillConfig(hang.url, token))
    till.close()
    codes_file = tmp_path / "codes.txt"
    codes_file.write_text("\n".join(codes))

    lines: queue.Queue[str] = queue.Queue()
    helper = subprocess.Popen(
        [sys.executable, str(HELPER), str(data_dir), str(codes_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert helper.stdin is not None and helper.stdout is not None
    out = helper.stdout
    threading.Thread(target=lambda: [lines.put(x) for x in out], daemon=True).start()

    def next_line() -> str:
        return lines.get(timeout=30).strip()

    reported: dict[str, str] = {}  # id -> code
    rng = random.Random(4)
    start = 0
    killed_mid_burst = 0
    try:
        assert next_line() == "READY"
        for _ in range(kills):
            helper.stdin.write(f"run {start}\n")
            helper.stdin.flush()
            early: list[str] = []
            line = next_line()
            while not line.startswith("PID"):
                early.append(line)
                line = next_line()
            pid = int(line.split()[1])
            burst = early
            while not any(x.startswith(("R", "END")) for x in burst):
                burst.append(next_line())  # the burst has begun
            time.sleep(rng.uniform(0.0, 0.08))
            os.kill(pid, signal.SIGKILL)
            while not (line := next_line()).startswith("EXIT"):
                burst.append(line)
            for x in burst:
                kind, *rest = x.split()
                if kind == "R":
                    idx, rid, code = rest
                    assert rid not in reported
                    reported[rid] = code
                    start = max(start, int(idx) + 1)
            killed_mid_burst += "END" not in burst
            _check_after_restart(data_dir, reported)
        helper.stdin.write("quit\n")
        helper.stdin.flush()
        helper.wait(10)
    finally:
        if helper.poll() is None:
            helper.kill()
    assert killed_mid_burst == kills, "every kill should land inside a burst"
    assert len(reported) > kills

    cable.plug()
    hang.close()
    save_config(resolve_paths(data_dir).till_config, TillConfig(cable.url, token))
    till = TillService.open(resolve_paths(data_dir))
    try:
        with till.db.write() as s:
            sync_state(s).online = True
        result = till.sync_now()
        assert result.ok and result.outbox_length == 0 and result.conflicts == 0
    finally:
        till.close()
        cable.close()
    held = server_redemptions(central.db_url)
    held_ids = [h[0] for h in held]
    assert len(held_ids) == len(set(held_ids))  # nothing twice
    assert set(reported) <= set(held_ids)  # nothing reported is lost
    assert len({h[1] for h in held}) == len(held)  # no code twice


class Hang:
    """A server that takes connections, reads the request and never answers."""

    def __init__(self) -> None:
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            self._held.append(conn)

    def close(self) -> None:
        self._sock.close()
        for conn in self._held:
            conn.close()


def _check_after_restart(data_dir: Path, reported: dict[str, str]) -> None:
    db = Database(data_dir / "till.sqlite3")
    try:
        assert db.integrity_check() == "ok"
        with db.read() as s:
            rows = {r.id: r for r in s.scalars(select(RedemptionRow))}
            queued = set(s.scalars(select(OutboxRow.redemption_id)))
            for rid, code in reported.items():
                row = rows.get(rid)
                assert row is not None and row.code == code, f"write-off {rid} was lost"
                assert rid in queued or row.status != RedemptionStatus.PENDING.value
            per_code = s.execute(
                select(RedemptionRow.code, func.count()).group_by(RedemptionRow.code)
            ).all()
            assert all(n == 1 for _, n in per_code)
            pending = [r.id for r in rows.values() if r.status == RedemptionStatus.PENDING.value]
            assert all(rid in queued for rid in pending)  # nothing pending left unqueued
    finally:
        db.close()
