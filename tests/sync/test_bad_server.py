"""Bad answers reach the till: a server that is not ours, 500s, timeouts, cut-off JSON.

The server here is a tiny http.server on loopback that misbehaves on purpose; it is not a
stand-in for our API (the end-to-end tests use the real service).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from till_factories import Clock, Feed, files_in, fill

from posapp.domain.basket import Basket
from posapp.domain.codes import generate_code
from posapp.domain.verdicts import Reason
from posapp.store.models import OutboxRow
from posapp.store.state import sync_state
from posapp.sync.client import CentralClient
from posapp.sync.config import TillConfig, save_config
from posapp.sync.results import RedeemStatus
from posapp.sync.service import TillService
from posapp.wire.errors import (
    BadResponse,
    NotOurServer,
    ProblemError,
    ServerFailure,
    Unauthorized,
    Unreachable,
)


@dataclass
class Reply:
    status: int = 200
    ctype: str = "text/html"
    body: bytes = b"<html><body>Welcome to the hotel Wi-Fi</body></html>"
    content_length: int | None = None  # lie about the length to cut the body off
    delay: float = 0.0


class Misbehaving:
    def __init__(self) -> None:
        self.reply = Reply()
        self.hits = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                outer.hits += 1
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                r = outer.reply
                time.sleep(r.delay)
                self.send_response(r.status)
                self.send_header("Content-Type", r.ctype)
                self.send_header("Content-Length", str(r.content_length or len(r.body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(r.body)
                self.close_connection = True

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def bad() -> Iterator[Misbehaving]:
    server = Misbehaving()
    yield server
    server.close()


def problem(status: int, code: str, **extra: object) -> Reply:
    body = {"type": "about:blank", "title": code, "status": status, "code": code, **extra}
    return Reply(status, "application/problem+json", json.dumps(body).encode())


CASES = [
    (Reply(), NotOurServer, "not a coupon service"),
    (Reply(200, "application/json", b"[1, 2, 3]"), NotOurServer, "not like a coupon service"),
    (Reply(500, "text/html", b"<h1>Internal Server Error</h1>"), ServerFailure, "trouble"),
    (problem(503, "unavailable"), ServerFailure, "trouble"),
    (Reply(200, "application/json", b'{"items": [{"type": "co'), BadResponse, "cut off"),
    (
        Reply(200, "application/json", b'{"items": []', content_length=400),
        BadResponse,
        "cut off",
    ),
    (problem(401, "token_revoked"), Unauthorized, "revoked"),
    (Reply(404, "text/plain", b"nope"), NotOurServer, "not a coupon service"),
]


@pytest.mark.parametrize(("reply", "error", "words"), CASES)
def test_each_bad_answer_becomes_a_typed_error_with_a_clear_message(
    bad: Misbehaving, reply: Reply, error: type[Exception], words: str
) -> None:
    bad.reply = reply
    client = CentralClient(bad.url, "token")
    try:
        with pytest.raises(error) as info:
            client.sync(None)
        assert words in str(info.value)
    finally:
        client.close()


def test_a_domain_refusal_carries_its_verdict(bad: Misbehaving) -> None:
    params = {"code": "Q7KX", "when": "23 Nov 14:02", "store": "Store 12", "till": "t9"}
    bad.reply = problem(409, "already_redeemed", params=params)
    client = CentralClient(bad.url, "token")
    try:
        with pytest.raises(ProblemError) as info:
            client.redeem("key", {})
        assert info.value.verdict is not None
        assert info.value.verdict.reason is Reason.ALREADY_REDEEMED
        assert "Store 12" in info.value.message
    finally:
        client.close()


def test_timeouts_and_refused_connections_mean_offline(bad: Misbehaving) -> None:
    bad.reply = Reply(delay=1.5)
    client = CentralClient(bad.url, "token", timeout=(1.0, 0.3))
    try:
        with pytest.raises(Unreachable, match="did not answer in time"):
            client.me()
    finally:
        client.close()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = CentralClient(f"http://127.0.0.1:{port}", "token")
    try:
        with pytest.raises(Unreachable, match="cannot be reached"):
            client.me()
    finally:
        client.close()


def _till_online_at(bad: Misbehaving, tmp_path: Path, clock: Clock, feed: Feed) -> TillService:
    """A filled till registered at the bad server, online a moment ago."""
    files = files_in(tmp_path)
    save_config(files.config, TillConfig(bad.url, "token"))
    till = TillService(files, clock=clock)
    fill(till, feed)
    with till.db.write() as s:
        sync_state(s).online = True
    return till


@pytest.mark.parametrize(("reply", "error", "words"), CASES[:6])
def test_the_till_keeps_its_write_offs_whatever_the_server_says(
    bad: Misbehaving,
    tmp_path: Path,
    clock: Clock,
    feed: Feed,
    reply: Reply,
    error: type[Exception],
    words: str,
) -> None:
    bad.reply = reply
    till = _till_online_at(bad, tmp_path, clock, feed)
    try:
        result = till.redeem(feed.codes["red"][0], Basket.from_total(15000), "u1")
        assert result.status is RedeemStatus.PENDING and result.redeemed
        status = till.status()
        assert status.online is False and status.outbox_length == 1
        assert status.last_error and words in status.last_error
        sync = till.sync_now()
        assert not sync.ok and words in sync.message
        assert sync.outbox_length == 1
        with till.db.read() as s:
            row = s.query(OutboxRow).one()
            assert row.attempts >= 1 and row.last_error and row.next_attempt_at > clock.now
        # Offline now: the next write-off is queued without touching the network.
        hits = bad.hits
        assert till.redeem(feed.codes["red"][1], Basket.from_total(15000), "u1").redeemed
        assert bad.hits == hits
        assert till.status().outbox_length == 2
    finally:
        till.close()


@pytest.mark.parametrize(
    "reply",
    [Reply(delay=30.0), Reply(), Reply(500, "text/html", b"<h1>oops</h1>")],
    ids=["hangs", "hotel-wifi", "500"],
)
def test_an_unknown_code_is_refused_plainly_when_the_lookup_gets_a_bad_answer(
    bad: Misbehaving, tmp_path: Path, clock: Clock, feed: Feed, reply: Reply
) -> None:
    bad.reply = reply
    till = _till_online_at(bad, tmp_path, clock, feed)
    try:
        stranger = generate_code(12)  # well formed, but not in this till's cache
        started = time.monotonic()
        checked = till.check(stranger, Basket.from_total(15000))
        waited = time.monotonic() - started
        assert checked.verdict is not None
        # not "unknown": with no sane service to ask, the till cannot tell where it is valid
        assert checked.verdict.reason is Reason.UNKNOWN_OFFLINE
        # The lookup gave up well before the background sync's 20 s read timeout.
        assert waited < 15.0, waited
        assert till.status().online is False  # and the next scans skip the network
        hits = bad.hits
        till.check(stranger, Basket.from_total(15000))
        assert bad.hits == hits
    finally:
        till.close()
