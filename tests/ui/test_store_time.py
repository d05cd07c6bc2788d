"""Every instant a person reads is in the store's zone, whatever zone the machine is set to."""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.ui.conftest import confirm, login, payload, scan


@pytest.fixture
def machine_in_new_york(monkeypatch):
    """The till's operating system clock set to another zone than the store's (a common mistake)."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_history_and_refusals_show_the_store_clock_not_the_machines(
    qtbot, till, world, machine_in_new_york
):
    login(qtbot, till, *world.manager)
    store_tz = till.session.status.timezone
    assert store_tz and ZoneInfo(store_tz).utcoffset(datetime.now()) != ZoneInfo(
        "America/New_York"
    ).utcoffset(datetime.now()), "the test needs a store zone other than the machine's"
    code = payload(world, "gift")
    assert scan(qtbot, till, code).ok
    done = confirm(qtbot, till)
    assert done.redeemed
    at = world.service.day_book(None).redemptions[0].redeemed_at
    store_clock = at.astimezone(ZoneInfo(store_tz)).strftime("%H:%M")

    # Scanning the same coupon again: the refusal says when, on the store's clock.
    again = scan(qtbot, till, code)
    assert not again.ok and store_clock in again.message

    win = till.window
    with qtbot.waitSignal(win.history.loaded, timeout=10_000):
        assert win.show_page("history")
    assert win.history.table.item(0, 0).text() == store_clock
