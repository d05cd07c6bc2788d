"""Every till call has a total deadline, however slowly a server drips its answer (issue 14).

The server here sends a status line, then one header line a second for longer than any
deadline: each read gets a byte well within the read timeout, so only a total deadline stops
it. It is the hostile network, not a stand-in for our API. The bounds asserted are generous
(twice the deadline and more); before, each of these calls took 46 s or longer.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from till_factories import Clock, Feed, files_in, fill

from posapp.cli import main
from posapp.domain.basket import Basket
from posapp.domain.codes import generate_code
from posapp.settings import resolve_paths
from posapp.store.state import sync_state
from posapp.sync.config import TillConfig, save_config
from posapp.sync.link import LOOKUP_DEADLINE_S, WRITE_OFF_DEADLINE_S, TillFiles
from posapp.sync.results import RedeemStatus
from posapp.sync.service import TillService

BILL = Basket.from_total(15000)


class Drip:
    """Accept, read the request, then answer one header line a second for a long time."""

    def __init__(self, lines: int = 90) -> None:
        self.lines = lines
        self.requests = 0
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._closed = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self._closed.set()
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError), conn:
            conn.recv(65536)
            self.requests += 1
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            for i in range(self.lines):
                if self._closed.wait(1.0):
                    return
                conn.sendall(f"X-Drip-{i}: {i}\r\n".encode())


@pytest.fixture
def drip() -> Iterator[Drip]:
    server = Drip()
    yield server
    server.close()


def online_till(files: TillFiles, url: str, clock: Clock, feed: Feed) -> TillService:
    """A till with a fresh cache, registered at url, that last saw the service a moment ago."""
    save_config(files.config, TillConfig(url, "token"))
    till = TillService(files, clock=clock)
    fill(till, feed)
    with till.db.write() as s:
        sync_state(s).online = True
    return till


T = TypeVar("T")


def timed(call: Callable[[], T]) -> tuple[T, float]:
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_a_write_off_a_lookup_and_a_sync_each_end_by_their_deadline(
    drip: Drip, tmp_path: Path, clock: Clock, feed: Feed
) -> None:
    till = online_till(files_in(tmp_path), drip.url, clock, feed)
    try:
        redeemed, took = timed(lambda: till.redeem(feed.codes["red"][0], BILL, "u1"))
        assert took < 2 * WRITE_OFF_DEADLINE_S + 2, took
        assert redeemed.status is RedeemStatus.PENDING and till.status().outbox_length == 1
        assert not till.status().online and till.status().last_error

        with till.db.write() as s:
            sync_state(s).online = True  # it looked back a moment ago
        _, took = timed(lambda: till.check(str(generate_code(12)), BILL))
        assert took < 2 * LOOKUP_DEADLINE_S + 2, took

        synced, took = timed(till.sync_now)
        assert took < 20.0, took  # /v1/me answers in 8 s or not at all
        assert not synced.ok and "in time" in synced.message
    finally:
        till.close()


def test_the_till_commands_end_by_their_deadline(
    drip: Drip, tmp_path: Path, clock: Clock, feed: Feed, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    online_till(TillFiles.from_paths(resolve_paths(data).ensure()), drip.url, clock, feed).close()
    stranger = str(generate_code(12))
    code, took = timed(lambda: main(["--data-dir", str(data), "till", "check", stranger]))
    assert took < 2 * LOOKUP_DEADLINE_S + 2, took
    assert code == 1 and drip.requests >= 1  # refused, after asking the service
    capsys.readouterr()
    code, took = timed(lambda: main(["--data-dir", str(data), "till", "sync"]))
    assert took < 20.0, took
    assert code == 1 and "in time" in capsys.readouterr().out
