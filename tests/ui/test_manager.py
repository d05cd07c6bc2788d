"""The manager's screens: daily tally (table and chart), CSV export, conflicts, settings."""

from __future__ import annotations

import csv

from tests.ui.conftest import confirm, login, payload, scan


def _manager(qtbot, till, world):
    assert world.manager, "the demo seed names a manager"
    user = login(qtbot, till, *world.manager)
    assert user.role == "manager"
    return user


def test_tally_counts_todays_write_offs_and_exports_csv(qtbot, till, world, tmp_path):
    _manager(qtbot, till, world)
    assert scan(qtbot, till, payload(world, "gift")).ok
    confirm(qtbot, till)
    win = till.window
    tally = win.tally
    with qtbot.waitSignal(tally.loaded, timeout=10_000):
        assert win.show_page("tally")
    assert tally.table.rowCount() == 1  # one kind written off today
    assert tally.table.item(0, 0).text() == "Gift coupon"
    assert tally.table.item(0, 1).text() == "1"  # confirmed
    assert "1 write-off" in tally.totals.text()
    assert tally.chart.bars and tally.chart.bars[0].total == 1
    tally.group.setCurrentIndex(tally.group.findData("cashier"))
    # by cashier: one row, named for the manager who wrote the coupon off, not an id
    assert tally.table.rowCount() == 1
    assert tally.table.item(0, 0).text() == world.manager[0]
    assert tally.table.item(0, 1).text() == "1"
    target = tmp_path / "tally.csv"
    with qtbot.waitSignal(tally.exported, timeout=10_000):
        tally.export_to(str(target))
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    confirmed = [r for r in rows if r["dimension"] == "total" and r["state"] == "confirmed"]
    assert confirmed and confirmed[0]["count"] == "1"


def test_cashier_does_not_see_manager_tabs(qtbot, till, world):
    login(qtbot, till, *world.cashier)
    assert not till.window.show_page("tally")
    assert not till.window.show_page("settings")
    assert till.window.show_page("reverse")


def test_reversal_of_a_cancelled_order_gives_the_coupon_back(qtbot, till, world):
    _manager(qtbot, till, world)
    assert scan(qtbot, till, payload(world, "gift")).ok
    done = confirm(qtbot, till)
    win = till.window
    rev = win.reverse
    with qtbot.waitSignal(rev.loaded, timeout=10_000):
        win.show_page("reverse")
    assert rev.select_code(done.code)
    with qtbot.waitSignal(rev.reversed, timeout=15_000) as blocker:
        rev.reverse_selected()
    assert blocker.args[0].status == "reversed"
    assert "given back" in rev.result.text()
    # the coupon can be used again
    assert scan(qtbot, till, payload(world, "gift")).ok


def test_conflict_inbox_and_settings_language_switch(qtbot, till, world):
    _manager(qtbot, till, world)
    win = till.window
    with qtbot.waitSignal(win.conflicts.loaded, timeout=10_000):
        win.show_page("conflicts")
    assert "No conflicts" in win.conflicts.message.text()
    win.show_page("settings")
    s = win.settings
    s.language.setCurrentIndex(s.language.findData("zh_CN"))
    with qtbot.waitSignal(s.saved, timeout=10_000):
        s.save()
    try:
        qtbot.waitUntil(lambda: "设置" in win.tabs.tabText(win.tabs.indexOf(s)))
        assert "核销" in win.tabs.tabText(0)
        assert "在线" in win.status.online.text()  # the world's till synced: it is online
    finally:
        s.language.setCurrentIndex(s.language.findData("en"))
        with qtbot.waitSignal(s.saved, timeout=10_000):
            s.save()
    qtbot.waitUntil(lambda: "Settings" in win.tabs.tabText(win.tabs.indexOf(s)))
