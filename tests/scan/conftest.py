"""Shared fixtures for the scanning tests: no camera thread may outlive its test."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest


def camera_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("posapp-camera")]


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    before = set(camera_threads())
    yield
    deadline = time.monotonic() + 2
    while (set(camera_threads()) - before) and time.monotonic() < deadline:
        time.sleep(0.01)
    leaked = set(camera_threads()) - before
    assert not leaked, f"camera threads left running: {[t.name for t in leaked]}"
