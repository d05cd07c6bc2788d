"""A real central service (SQLite in tmp_path, seeded with the demo data), a real till data dir
registered with it, and the real till window — all stopped again after each test (Vorta #464).

Every test here, and every test of tests/app that imports these fixtures, ends with a check
that nothing outlived it: no top-level widget, no BackgroundRunner, no thread it started.
A leak fails the test that made it, instead of crashing the interpreter at exit.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from posapp.ui.background import BackgroundRunner

THREAD_GRACE_S = 5.0


def leftovers(threads_before: set[threading.Thread], threads: str = "") -> list[str]:
    """What is still alive that a finished test made: widgets, runners, threads.

    threads: only count threads whose name starts with it (the app's own are "posapp-...").
    A thread that is on its way out (e.g. told to stop, not joined) gets a few seconds.
    """
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    found: list[str] = []
    if QApplication.instance() is not None:
        # deleteLater() runs from an event loop; a test may not have run one since.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()
        found += [
            f"top-level widget {type(w).__name__}({w.objectName()!r})"
            for w in QApplication.topLevelWidgets()
            if shiboken6.isValid(w)
        ]
    if BackgroundRunner._instance is not None:
        found.append("BackgroundRunner.instance() was not shut down")
    found += [
        "a BackgroundRunner was not deleted"
        for o in gc.get_objects()
        if isinstance(o, BackgroundRunner) and shiboken6.isValid(o)
    ]
    deadline = time.monotonic() + THREAD_GRACE_S
    for t in threading.enumerate():
        # Qt's pool threads show up as dummy threads that never end; the runner's deletion
        # above already waited for them.
        if t in threads_before or isinstance(t, threading._DummyThread):
            continue
        if t.name.startswith(threads):
            t.join(max(0.0, deadline - time.monotonic()))
            if t.is_alive():
                found.append(f"thread {t.name}")
    return found


@pytest.fixture(autouse=True)
def nothing_outlives_the_test() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    assert leftovers(before) == []


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
    """The till app on the world's till, not logged in; closed after, and checked for leaks."""
    from posapp.ui.app import open_till

    before = set(threading.enumerate())
    app = open_till(world.paths, service=world.service, language="en", start_background=False)
    try:
        qtbot.waitUntil(lambda: app.session.status is not None, timeout=10_000)
        yield app
    finally:
        app.close()
    assert leftovers(before, threads="posapp-") == []  # the world's are stopped after this


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
    qtbot.waitUntil(redeem.guard.ready)  # as a cashier does: read the verdict, then confirm
    with qtbot.waitSignal(redeem.redeemed, timeout=15_000) as blocker:
        qtbot.keyClick(redeem.scan_input, "\r")  # Enter on the empty field confirms
    return blocker.args[0]
