"""A real central service (SQLite in tmp_path, seeded with the demo data), a real till data dir
registered with it, and the real till window — all stopped again after each test (Vorta #464)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from posapp.ui.background import BackgroundRunner

TILL_THREADS = ("posapp-", "central:")


@pytest.fixture
def world(tmp_path) -> Iterator[Any]:
    """The demo world: service running and seeded, a till registered and synced."""
    from posapp.demo import start_world

    w = start_world(str(tmp_path), say=lambda _m: None)
    try:
        yield w
    finally:
        w.stop()


@pytest.fixture
def till(qtbot, world) -> Iterator[Any]:
    """The till app on the world's till, not logged in; closed and checked for leaks after."""
    from posapp.ui.app import open_till

    app = open_till(world.paths, service=world.service, language="en", start_background=False)
    qtbot.addWidget(app.window)
    qtbot.waitUntil(lambda: app.session.status is not None, timeout=10_000)
    yield app
    app.close()
    assert BackgroundRunner._instance is None
    leaked = [
        t.name
        for t in threading.enumerate()
        if t.is_alive() and t.name.startswith(("posapp-camera", "posapp-sync"))
    ]
    assert leaked == []


def payload(world: Any, key: str) -> str:
    found = {c.key: c.payload for c in world.codes}
    assert key in found, f"the demo seed has no {key!r} code (has {sorted(found)})"
    return found[key]


def login(qtbot, till: Any, name: str, pin: str) -> Any:
    view = till.window.login
    view.user.setText(name)
    view.pin.setFocus()
    view.pin.setText(pin)
    with qtbot.waitSignals([view.logged_in], timeout=10_000):
        qtbot.keyClick(view.pin, "\r")
    qtbot.waitUntil(lambda: till.session.user is not None)
    return till.session.user


def scan(qtbot, till: Any, text: str, source: str = "manual") -> Any:
    """Scan text as the given source; return the VerdictView once it is on screen."""
    redeem = till.window.redeem
    with qtbot.waitSignal(redeem.verdict_shown, timeout=10_000) as blocker:
        if source == "manual":
            redeem.scan_input.setText(text)
            qtbot.keyClick(redeem.scan_input, "\r")
        else:
            till.session.feed_scan(text, source)
    return blocker.args[0]


def enter_total(qtbot, till: Any, cents: int) -> Any:
    redeem = till.window.redeem
    with qtbot.waitSignal(redeem.verdict_shown, timeout=10_000) as blocker:
        redeem.bill.set_total(cents)
    return blocker.args[0]


def confirm(qtbot, till: Any) -> Any:
    redeem = till.window.redeem
    assert redeem.confirm.isVisible() and redeem.confirm.isEnabled()
    with qtbot.waitSignal(redeem.redeemed, timeout=15_000) as blocker:
        qtbot.keyClick(redeem.scan_input, "\r")  # Enter on the empty field confirms
    return blocker.args[0]
