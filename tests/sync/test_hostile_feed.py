"""A feed that never moves on, or a cursor that is not one: detected, offline, then recovered.

The lying server is a tiny http.server on loopback that answers /v1/me sanely and /v1/sync
with `more: true` and the same cursor, or with a cursor not of the feed's form: the hostile
network, not a stand-in for our API. Recovery is checked against the real service.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from live import Admin

from posapp.settings import resolve_paths
from posapp.store.state import sync_state
from posapp.sync.service import TillService

STUCK = f"{'a' * 16}.7.{'b' * 16}"


class Liar:
    """Answer /v1/me with a profile, and /v1/sync as `mode` says (for `lies` requests)."""

    def __init__(self, mode: str, lies: int = 50) -> None:
        self.mode, self.lies, self.syncs = mode, lies, 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if url.path == "/v1/me":
                    self._json(outer.me())
                elif url.path == "/v1/sync":
                    outer.syncs += 1
                    sent = (parse_qs(url.query).get("cursor") or [None])[0]
                    self._json(outer.page(sent))
                else:
                    self.send_error(404)

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._json({"results": []})

            def _json(self, body: dict[str, Any]) -> None:
                raw = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def me(self) -> dict[str, Any]:
        return {"till_id": "t1", "name": "Till", "acceptor": {"kind": "store", "id": "s1"}}

    def page(self, sent: str | None) -> dict[str, Any]:
        if self.syncs > self.lies:  # give a till that never stops asking a way out
            return {"items": [], "cursor": sent or STUCK, "more": False}
        if self.mode == "stuck":
            return {"items": [], "cursor": sent or STUCK, "more": True}
        if self.mode == "same_cursor":
            return {"items": [{"type": "news", "data": {}}], "cursor": STUCK, "more": True}
        return {"items": [], "cursor": "not-a-number", "more": False}

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def synced(central: Any, tmp_path: Path) -> Iterator[tuple[TillService, str, str]]:
    """A till synced with the real service: (till, the service's url, the till's token)."""
    admin = Admin(central.url, central.admin_token, central.db_url)
    admin.store("s1", "Store 1")
    _, token = admin.till("s1")
    admin.codes(3)
    till = TillService.open(resolve_paths(tmp_path / "till"))
    till.register(central.url, token)
    assert till.sync_now().ok
    yield till, central.url, token
    till.close()


def cursor_of(till: TillService) -> str | None:
    with till.db.read() as s:
        return sync_state(s).cursor


@pytest.mark.parametrize("mode", ["stuck", "same_cursor", "not_a_cursor"])
def test_a_lying_feed_is_detected_shown_and_survived(
    synced: tuple[TillService, str, str], mode: str
) -> None:
    till, real, token = synced
    before = cursor_of(till)
    liar = Liar(mode)
    try:
        till.link.save_registration(liar.url, token)
        result = till.sync_now()
        assert not result.ok
        assert liar.syncs <= 2, f"{liar.syncs} requests for one sync"
        status = till.status()
        assert not status.online and status.last_error, status
        kept = cursor_of(till)
        # Nothing of a page that cannot be one was kept (the first page that looked like one,
        # with items and a new cursor, is applied: no till can tell it from a true one).
        assert kept == before or mode == "same_cursor"
    finally:
        liar.close()
    till.link.save_registration(real, token)
    again = till.sync_now()
    assert again.ok, again.message
    # The service cannot place a cursor the liar gave: it starts the feed over, once.
    assert again.resync == (None if kept == before else "unreadable")
    assert till.status().online and till.status().last_error is None
    assert till.status().codes_cached == 3


def test_a_cursor_kept_from_a_lie_costs_one_resync_not_every_sync(
    synced: tuple[TillService, str, str],
) -> None:
    till, _, _ = synced
    with till.db.write() as s:
        sync_state(s).cursor = "not-a-number"  # what an older till stored from a liar
    result = till.sync_now()
    assert result.ok and result.resync == "unreadable", result.message
    assert till.status().codes_cached == 3
    assert till.sync_now().ok


def test_the_sync_worker_backs_off_from_a_feed_that_never_moves_on(
    synced: tuple[TillService, str, str],
) -> None:
    till, _, token = synced
    liar = Liar("stuck", lies=10_000)
    try:
        till.link.save_registration(liar.url, token)
        till.start_background(interval_s=0.2)
        time.sleep(3.0)
        till.stop_background()
        # Before, one cycle asked again at once for ever (949 requests in 60 s).
        assert 1 <= liar.syncs < 10, liar.syncs
        assert not till.status().online
    finally:
        till.stop_background()
        liar.close()
