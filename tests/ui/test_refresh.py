"""The screens follow what the till says it changed: no polling, and nothing hidden reloads."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from posapp.sync.changes import Change
from tests.ui.conftest import confirm, leftovers, login, payload, scan


class Calls:
    """Counts calls of some till-service methods (from whichever thread makes them)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, service: Any, *names: str) -> None:
        self.counts = dict.fromkeys(names, 0)
        self._lock = threading.Lock()
        for name in names:
            monkeypatch.setattr(service, name, self._counting(name, getattr(service, name)))

    def _counting(self, name: str, fn: Any) -> Any:
        def counted(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                self.counts[name] += 1
            return fn(*args, **kwargs)

        return counted

    def __getitem__(self, name: str) -> int:
        with self._lock:
            return self.counts[name]


def _elsewhere(fn: Any) -> Any:
    """Run fn on another thread, as the sync worker or the till CLI would; return its result."""
    out: list[Any] = []
    t = threading.Thread(target=lambda: out.append(fn()))
    t.start()
    t.join(20)
    return out[0]


def _settle(qtbot: Any, till: Any) -> None:
    """Let what logging in set off (a status read, saving the recent users) run to its end."""
    qtbot.wait(500)
    assert till.runner.wait_idle(10)


def test_an_idle_window_asks_the_till_nothing(qtbot, till, world, monkeypatch):
    login(qtbot, till, *world.cashier)
    _settle(qtbot, till)
    calls = Calls(monkeypatch, world.service, "status", "day_book", "conflicts")
    qtbot.wait(2_500)  # longer than the 2 s the status was polled at
    assert calls.counts == {"status": 0, "day_book": 0, "conflicts": 0}


def test_the_status_bar_follows_write_offs_at_once_without_polling(qtbot, till, world):
    login(qtbot, till, *world.cashier)
    bar = till.window.status
    bar.age_tick.stop()  # the only timer: nothing but the till's own changes may update the bar
    qtbot.waitUntil(lambda: "Online" in bar.online.text(), timeout=10_000)
    world.server.stop()
    assert not world.service.sync_now().ok  # the till finds the service gone, and says so
    qtbot.waitUntil(lambda: "Offline" in bar.online.text(), timeout=2_000)

    assert scan(qtbot, till, payload(world, "gift")).ok
    started = time.monotonic()
    assert confirm(qtbot, till).redeemed
    qtbot.waitUntil(lambda: "Queued: 1" in bar.queued.text(), timeout=2_000)
    assert time.monotonic() - started < 2.0

    # A write-off made outside this window (another screen, the CLI) shows up here too.
    code = payload(world, "discount")
    other = _elsewhere(lambda: world.service.redeem(code, _bill(), "x"))
    assert other.redeemed, other.message()
    qtbot.waitUntil(lambda: "Queued: 2" in bar.queued.text(), timeout=2_000)


def test_a_hidden_screen_does_not_reload_and_an_open_one_follows(qtbot, till, world, monkeypatch):
    assert world.manager
    login(qtbot, till, *world.manager)
    win = till.window
    _settle(qtbot, till)
    calls = Calls(monkeypatch, world.service, "day_book", "conflicts")
    assert win.current_page() == "redeem"
    assert scan(qtbot, till, payload(world, "gift")).ok
    with qtbot.waitSignal(till.session.changed, timeout=5_000) as told:
        confirm(qtbot, till)
    assert Change.LEDGER in told.args[0]
    qtbot.wait(300)  # longer than the session gathers changes for
    # the history, reversal, tally and conflict screens are on hidden tabs: none of them asked
    assert calls.counts == {"day_book": 0, "conflicts": 0}
    assert [p.reload.loads for p in (win.history, win.reverse, win.tally, win.conflicts)] == [0] * 4

    with qtbot.waitSignal(win.history.loaded, timeout=10_000):
        assert win.show_page("history")
    assert calls["day_book"] == 1 and win.history.table.rowCount() == 1
    # While it is open, a write-off made elsewhere appears in it without a click.
    code = payload(world, "discount")
    with qtbot.waitSignal(win.history.loaded, timeout=10_000):
        done = _elsewhere(lambda: world.service.redeem(code, _bill(), "x"))
        assert done.redeemed
    assert win.history.table.rowCount() == 2
    assert calls["day_book"] == 2  # the history's reload only: the tally stayed quiet
    assert win.tally.reload.loads == 0 and calls["conflicts"] == 0


def test_closing_the_app_unsubscribes_and_deletes_everything(qtbot, till, world):
    login(qtbot, till, *world.cashier)
    before = {t for t in threading.enumerate() if not t.name.startswith("posapp-")}
    assert world.service.changes.listeners == 1
    window, runner = till.window, till.runner
    till.close()
    assert world.service.changes.listeners == 0
    import shiboken6

    assert not shiboken6.isValid(window) and not shiboken6.isValid(runner)
    assert leftovers(before) == []
    world.service.changes.emit(Change.STATUS)  # reaches nobody, breaks nothing


def _bill() -> Any:
    from posapp.domain.basket import Basket

    return Basket.from_total(50_000)
