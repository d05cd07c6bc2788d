"""Fixtures for the till tests: a till filled from a feed (offline), and the real service."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from till_factories import NOW, STORE_ID, Clock, Feed, make_feed

from posapp.store.state import sync_state
from posapp.sync.engine import apply_page
from posapp.sync.service import TillFiles, TillService


def files_in(path: Path) -> TillFiles:
    return TillFiles(db=path / "till.sqlite3", config=path / "till.json", lock_dir=path)


def fill(till: TillService, feed: Feed) -> None:
    """Load feed into the till as a completed pull would, with the till's identity."""
    with till.db.write() as s:
        st = sync_state(s)
        st.till_id, st.till_name = "t1", "Till 1"
        st.acceptor = {"kind": "store", "id": STORE_ID, "name": "Store 1"}
    apply_page(till.db, feed.items, "c1", False, till.clock())


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def feed() -> Feed:
    return make_feed()


@pytest.fixture
def till(tmp_path: Path, clock: Clock, feed: Feed) -> Iterator[TillService]:
    """An unregistered (so offline) till with a fresh cache of feed."""
    t = TillService(files_in(tmp_path / "till"), clock=clock)
    fill(t, feed)
    yield t
    t.close()


@pytest.fixture
def central(tmp_path: Path) -> Iterator[object]:
    """The real service in a thread of this process, on a fresh SQLite database."""
    from posapp.central.runner import start_in_thread

    server = start_in_thread(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    yield server
    server.stop()
