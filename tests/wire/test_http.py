"""The one HTTP client: a call is bounded by a total deadline, whatever the server does.

The servers here are raw sockets on loopback that misbehave on purpose (a slow drip of
header lines, a body that never ends); they are not stand-ins for our API.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from posapp.wire.errors import Unreachable
from posapp.wire.http import HttpClient


class Drip:
    """Accept connections and send `head`, then one more line every `every` seconds."""

    def __init__(self, head: bytes, line: bytes, every: float = 0.5) -> None:
        self.head, self.line, self.every = head, line, every
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                conn.sendall(self.head)
                for _ in range(120):  # a minute of drip unless the client gives up
                    if self.stop.wait(self.every):
                        return
                    conn.sendall(self.line)
            except OSError:
                return  # the client hung up: what we want

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


@pytest.fixture
def header_drip() -> Iterator[Drip]:
    drip = Drip(b"HTTP/1.1 200 OK\r\n", b"X-Slow: 1\r\n")
    yield drip
    drip.close()


@pytest.fixture
def body_drip() -> Iterator[Drip]:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
    drip = Drip(head, b" ")
    yield drip
    drip.close()


@pytest.mark.parametrize("which", ["header_drip", "body_drip"])
def test_a_dripping_server_cannot_hold_a_call_past_its_deadline(
    which: str, request: pytest.FixtureRequest
) -> None:
    drip: Drip = request.getfixturevalue(which)
    # Each read arrives well within the read timeout: only a total deadline can end it.
    client = HttpClient(drip.url, agent="test", timeout=(1.0, 5.0), deadline_s=1.5)
    started = time.monotonic()
    try:
        with pytest.raises(Unreachable, match="did not answer in time"):
            client.call("GET", "/v1/me")
    finally:
        client.close()
    # The server would go on for a minute; the caller got its answer at about the deadline.
    assert time.monotonic() - started < 10


def test_the_caller_s_hint_is_added_to_a_failure_it_can_wait_out() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = HttpClient(f"http://127.0.0.1:{port}", agent="test", hint="The till works offline.")
    try:
        with pytest.raises(Unreachable) as info:
            client.call("GET", "/v1/me")
    finally:
        client.close()
    assert str(info.value) == "The coupon service cannot be reached. The till works offline."
