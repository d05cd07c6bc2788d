"""Logging in against the till's cached users: roles, lock-out, quick switch, idle lock."""

from __future__ import annotations

from tests.ui.conftest import login


def _try(qtbot, till, name, pin):
    view = till.window.login
    view.user.setText(name)
    view.pin.setText(pin)
    with qtbot.waitSignal(view.refused, timeout=10_000) as blocker:
        view.submit()
    return blocker.args[0]


def test_wrong_pins_lock_the_user_out(qtbot, till, world):
    name, _pin = world.cashier
    first = _try(qtbot, till, name, "0000")
    assert "Wrong PIN" in first
    messages = [_try(qtbot, till, name, "0000") for _ in range(4)]
    assert "Too many wrong PINs" in messages[-1]
    # the right PIN is refused while locked out
    assert "Too many wrong PINs" in _try(qtbot, till, name, world.cashier[1])
    assert till.session.user is None


def test_unknown_user_is_told_plainly(qtbot, till):
    assert "No active user" in _try(qtbot, till, "nobody", "1234")


def test_lock_and_quick_switch_and_idle_lock(qtbot, till, world):
    login(qtbot, till, *world.cashier)
    win = till.window
    tabs = [win.tabs.tabText(i) for i in range(win.tabs.count())]
    assert tabs == ["Redeem  F1", "Reverse  F2", "History  F3"]  # a cashier's tabs
    win.lock()
    assert till.session.user is None and win.stack.currentIndex() == 0
    # the last user is offered for a quick switch
    assert win.login.recent_label.isVisible()
    assert [b.text() for b in win.login._recent_buttons] == [world.cashier[0]]
    qtbot.waitUntil(win.login._recent_buttons[0].isVisible)  # shown on the next event loop pass
    win.login._recent_buttons[0].click()
    assert win.login.user.text() == world.cashier[0]
    login(qtbot, till, *world.cashier)
    win.idle.set_seconds(0.2)
    win.idle.arm()
    qtbot.waitUntil(lambda: till.session.user is None, timeout=5_000)
    assert "Locked" in win.login.message.text()


def test_the_status_bar_shows_the_till_state(qtbot, till, world):
    login(qtbot, till, *world.cashier)
    bar = till.window.status
    qtbot.waitUntil(lambda: "Online" in bar.online.text(), timeout=10_000)
    assert "Queued: 0" in bar.queued.text()
    assert "Conflicts: 0" in bar.conflicts.text()
    assert world.cashier[0] in bar.user.text()
    assert bar.acceptor.text() == "Store 12 People's Square"  # the demo till's store


def test_after_a_lock_the_next_person_types_a_name_not_a_pin(qtbot, till, world):
    # Seen: the lock screen kept the last name with the cursor in the PIN field, so the next
    # cashier's typed name counted as a wrong PIN against the previous user.
    login(qtbot, till, *world.cashier)
    win = till.window
    win.lock()
    view = win.login
    qtbot.waitUntil(view.user.hasFocus)
    assert view.user.text() == "" and view.pin.text() == ""
    qtbot.keyClicks(view.user, "nobody", delay=120)  # a person, not a scanner
    assert view.user.text() == "nobody" and view.pin.text() == ""
    # the previous user's PIN count is untouched: they still log in at the first try
    assert login(qtbot, till, *world.cashier) is not None


def test_a_scan_at_the_lock_screen_says_log_in_first(qtbot, till, world):
    from tests.ui.conftest import payload

    view = till.window.login
    with qtbot.waitSignal(view.refused, timeout=5_000) as blocker:
        till.session.feed_scan(payload(world, "gift"), "scanner")
    assert "Log in first" in blocker.args[0] and "Log in first" in view.message.text()
    assert till.session.user is None


def test_a_login_typed_while_the_till_opens_goes_ahead(qtbot, world, tmp_path, monkeypatch):
    """Name, PIN and Enter while "Opening the till…" (a slow disk, a big cache): the login is
    not dropped; it happens as soon as the till is open."""
    import threading
    import time

    from posapp.settings import resolve_paths
    from posapp.sync.service import TillService
    from posapp.ui import app as app_module
    from posapp.ui.app import open_till

    paths = resolve_paths(tmp_path / "second").ensure()
    first = TillService.open(paths)
    first.register(world.server.url, world.seed["tills"]["store"]["token"])
    first.sync_now()
    first.close()
    release = threading.Event()
    real_open = app_module._open_service

    def slow_open(p):  # the same opening, held until the cashier has typed
        release.wait(10)
        return real_open(p)

    monkeypatch.setattr(app_module, "_open_service", slow_open)
    till = open_till(paths, language="en", start_background=False)
    try:
        view = till.window.login
        assert "Opening the till" in view.message.text()
        name, pin = world.cashier
        qtbot.keyClicks(view.user, name, delay=60)  # as a person types, not a scanner
        qtbot.keyClick(view.user, "\r")
        qtbot.keyClicks(view.pin, pin, delay=60)
        qtbot.keyClick(view.pin, "\r")
        assert till.session.service is None  # still opening: the Enter is kept, not lost
        release.set()
        qtbot.waitUntil(lambda: till.session.user is not None, timeout=15_000)
        assert till.session.user.name == name
    finally:
        release.set()
        till.close()
        time.sleep(0)
