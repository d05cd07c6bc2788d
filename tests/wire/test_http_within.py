"""An operation of several calls has one deadline: `within` bounds them together (issue 14).

The server is a raw socket on loopback that drips header lines (tests/wire/test_http.py's
Drip): the hostile network, not a stand-in for our API.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from test_http import Drip

from posapp.wire.errors import Unreachable
from posapp.wire.http import HttpClient, time_left, within


@pytest.fixture
def drip() -> Iterator[Drip]:
    server = Drip(b"HTTP/1.1 200 OK\r\n", b"X-Slow: 1\r\n")
    yield server
    server.close()


def test_calls_in_one_block_share_its_deadline(drip: Drip) -> None:
    # Each call alone may take 30 s; the operation as a whole has 2 s.
    client = HttpClient(drip.url, agent="test", timeout=(1.0, 5.0), deadline_s=30.0)
    started = time.monotonic()
    try:
        with within(2.0):
            for _ in range(3):
                with pytest.raises(Unreachable, match="did not answer in time"):
                    client.call("GET", "/v1/me")
            left = time_left()
    finally:
        client.close()
    assert left == 0.0 and time_left() is None
    assert time.monotonic() - started < 8  # three calls of 30 s each would take 90 s


def test_an_inner_block_cannot_outlast_the_outer_one() -> None:
    with within(1.0):
        with within(60.0):
            left = time_left()
            assert left is not None and left <= 1.0
        assert (time_left() or 0) <= 1.0
