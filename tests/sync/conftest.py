"""Fixtures for the till tests: a till filled from a feed (offline), and the real service."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from live import Service
from till_factories import NOW, Clock, Feed, files_in, fill, make_feed

from posapp.sync.service import TillService


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


@pytest.fixture
def service(db_url: str, tmp_path: Path) -> Iterator[Service]:
    """The real service on a fixed loopback port, to stop, restore and start again."""
    from posapp.central.runner import free_port

    svc = Service(db_url, free_port(), tmp_path / "backup.sqlite3")
    svc.start()
    try:
        yield svc
    finally:
        svc.stop()
        svc.drop_backup()
