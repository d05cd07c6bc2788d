"""The change hub: what an operation changed reaches every listener, on any thread, safely."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from live import Admin
from till_factories import Feed

from posapp.domain.basket import Basket
from posapp.settings import resolve_paths
from posapp.store.ledger import add_conflict
from posapp.sync.changes import Change, ChangeHub, after_sync
from posapp.sync.service import TillService

BILL = Basket.from_total(15000)


class Seen:
    """A listener that records every change, thread-safely."""

    def __init__(self) -> None:
        self.changes: list[Change] = []
        self._lock = threading.Lock()

    def __call__(self, change: Change) -> None:
        with self._lock:
            self.changes.append(change)

    @property
    def union(self) -> Change:
        out = Change.NONE
        for c in self.changes:
            out |= c
        return out


def test_every_listener_hears_each_change_until_it_unsubscribes() -> None:
    hub = ChangeHub()
    a, b = Seen(), Seen()
    stop_a = hub.subscribe(a)
    hub.subscribe(b)
    hub.emit(Change.LEDGER | Change.STATUS)
    stop_a()
    stop_a()  # twice is harmless
    hub.emit(Change.CONFLICTS)
    hub.emit(Change.NONE)  # nothing changed: nobody is bothered
    assert a.changes == [Change.LEDGER | Change.STATUS]
    assert b.changes == [Change.LEDGER | Change.STATUS, Change.CONFLICTS]
    assert hub.listeners == 1


def test_a_listener_that_raises_is_logged_and_the_others_still_hear(
    caplog: pytest.LogCaptureFixture,
) -> None:
    hub = ChangeHub()
    before, after = Seen(), Seen()

    def broken(_change: Change) -> None:
        raise RuntimeError("listener bug")

    hub.subscribe(before)
    hub.subscribe(broken)
    hub.subscribe(after)
    with caplog.at_level(logging.ERROR, logger="posapp.sync.changes"):
        hub.emit(Change.STATUS)  # does not raise
    assert before.changes == [Change.STATUS] and after.changes == [Change.STATUS]
    assert "listener bug" in caplog.text


def test_changes_from_many_threads_all_arrive() -> None:
    hub = ChangeHub()
    seen = Seen()
    hub.subscribe(seen)
    threads = [
        threading.Thread(target=lambda: [hub.emit(Change.LEDGER) for _ in range(200)])
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(seen.changes) == 8 * 200


def test_unsubscribe_waits_for_a_call_in_progress_and_none_comes_after() -> None:
    # What lets the GUI delete its listener right after unsubscribing.
    hub = ChangeHub()
    entered, release = threading.Event(), threading.Event()
    calls: list[Change] = []

    def slow(change: Change) -> None:
        calls.append(change)
        entered.set()
        release.wait(5)

    stop = hub.subscribe(slow)
    emitter = threading.Thread(target=hub.emit, args=(Change.STATUS,))
    emitter.start()
    assert entered.wait(5)
    unsubscribed = threading.Event()
    threading.Thread(target=lambda: (stop(), unsubscribed.set())).start()
    time.sleep(0.1)
    assert not unsubscribed.is_set()  # still inside the callback
    release.set()
    assert unsubscribed.wait(5)
    emitter.join(5)
    hub.emit(Change.STATUS)
    assert calls == [Change.STATUS]


def test_a_listener_may_unsubscribe_itself_while_being_called() -> None:
    hub = ChangeHub()
    calls: list[Change] = []
    stops: list[Any] = []

    def once(change: Change) -> None:
        calls.append(change)
        stops[0]()

    stops.append(hub.subscribe(once))
    hub.emit(Change.STATUS)
    hub.emit(Change.STATUS)
    assert calls == [Change.STATUS] and hub.listeners == 0


def test_a_sync_says_what_it_changed() -> None:
    assert after_sync() == Change.STATUS
    assert after_sync(pulled=3) == Change.STATUS | Change.CACHE
    assert after_sync(pushed=1) == Change.STATUS | Change.LEDGER | Change.CONFLICTS


# --- what the till service emits ----------------------------------------------------------------


def test_write_offs_reversals_and_conflicts_are_announced(till: TillService, feed: Feed) -> None:
    seen = Seen()
    till.changes.subscribe(seen)
    done = till.redeem(feed.codes["red"][0], BILL, "u1")
    assert done.redeemed and done.redemption_id
    assert seen.union == Change.LEDGER | Change.STATUS

    seen.changes.clear()
    till.check(feed.codes["red"][1])  # a check changes nothing
    assert seen.changes == []

    assert till.reverse(done.redemption_id).ok
    assert seen.union == Change.LEDGER | Change.STATUS

    with till.db.write() as s:
        add_conflict(s, done.redemption_id, "conflict", "already_redeemed", {}, till.clock())
    [conflict] = till.conflicts()
    seen.changes.clear()
    till.resolve_conflict(conflict.id, "manager", "collected")
    assert seen.union == Change.CONFLICTS | Change.STATUS


def test_the_sync_worker_announces_each_cycle(till: TillService) -> None:
    seen = Seen()
    till.changes.subscribe(seen)
    till.start_background(interval_s=0.05)
    try:
        deadline = time.monotonic() + 10
        while len(seen.changes) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        till.stop_background()
    assert len(seen.changes) >= 2 and all(Change.STATUS in c for c in seen.changes)


def test_registering_and_syncing_announce_the_new_cache(central: Any, tmp_path: Path) -> None:
    admin = Admin(central.url, central.admin_token, central.db_url)
    admin.store("s1", "Store 1")
    _, token = admin.till("s1")
    admin.codes(2)
    with TillService.open(resolve_paths(tmp_path / "till")) as till:
        seen = Seen()
        till.changes.subscribe(seen)
        till.register(central.url, token)
        assert seen.union == Change.STATUS | Change.CACHE
        seen.changes.clear()
        result = till.sync_now()
        assert result.ok and result.pulled > 0
        assert seen.union == Change.STATUS | Change.CACHE
        seen.changes.clear()
        assert till.sync_now().pulled == 0
        assert seen.union == Change.STATUS  # nothing new: only the contact itself
