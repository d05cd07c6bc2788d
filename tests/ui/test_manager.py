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
    rev.reverse_selected()  # asks first
    with qtbot.waitSignal(rev.reversed, timeout=15_000) as blocker:
        rev.confirm_reversal()
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


def _figures(tally, row: int) -> dict[str, str]:
    """One row of the tally table, by column header."""
    heads = [tally.table.horizontalHeaderItem(c).text() for c in range(tally.table.columnCount())]
    return {h: tally.table.item(row, c).text() for c, h in enumerate(heads)}


def test_tally_table_chart_totals_and_csv_show_the_same_figures(qtbot, till, world, tmp_path):
    """Two gift write-offs, one reversed, plus a waiting and a conflicted one: the Gift row, its
    bar, the totals line and the exported CSV agree, and the reversed one counts only as such."""
    from posapp.domain.basket import Basket
    from posapp.store.models import RedemptionRow, RedemptionStatus
    from posapp.ui import texts

    user = _manager(qtbot, till, world)
    service = till.session.service
    bill = Basket.from_total(50_000)
    first = service.redeem(payload(world, "gift"), None, user.id)
    assert first.redeemed and service.reverse(first.redemption_id).status == "reversed"
    assert service.redeem(payload(world, "gift"), None, user.id).redeemed  # given back: again
    waiting = service.redeem(payload(world, "discount"), bill, user.id)
    clash = service.redeem(payload(world, "reduction"), bill, user.id)
    assert waiting.redeemed and clash.redeemed
    with service.db.write() as s:  # as if unsent, and as if head office had said "conflict"
        s.get(RedemptionRow, waiting.redemption_id).status = RedemptionStatus.PENDING.value
        s.get(RedemptionRow, clash.redemption_id).status = RedemptionStatus.CONFLICT.value

    win = till.window
    tally = win.tally
    with qtbot.waitSignal(tally.loaded, timeout=10_000):
        assert win.show_page("tally")
    shown = {_figures(tally, i)["Group"]: _figures(tally, i) for i in range(tally.table.rowCount())}
    gift = shown["Gift coupon"]
    assert (gift["Confirmed"], gift["Reversed"]) == ("1", "1")
    assert gift["Written off"] == "1"  # the reversed one is not written off
    assert gift["Coupon value"] == texts.money(1500)  # one tote bag, not two
    assert shown["Discount coupon"]["Waiting"] == "1"
    assert shown["Money-off coupon"]["Conflict"] == "1"

    # the chart: each bar says what its row says is written off, stacked by the same states
    by_count = {b.label: b for b in tally.chart.bars}
    assert set(by_count) == set(shown)
    for label, row in shown.items():
        bar = by_count[label]
        assert tally.chart.value_text(bar) == row["Written off"], label
        for state, head in (("confirmed", "Confirmed"), ("pending", "Waiting")):
            assert str(bar.values.get(state, 0)) == row[head], (label, state)
        assert str(bar.values.get("conflicted", 0)) == row["Conflict"], label
        assert not bar.values.get("reversed"), label
    tally.measure.setCurrentIndex(1)  # money
    for bar in tally.chart.bars:
        assert tally.chart.value_text(bar) == shown[bar.label]["Discount"], bar.label

    # the totals line adds up the rows
    written_off = sum(int(r["Written off"]) for r in shown.values())
    assert written_off == 3
    assert f"{written_off} write-off(s)" in tally.totals.text()
    assert "1 reversed" in tally.totals.text()

    # the CSV holds the figures on screen, even if the ledger moved on since (one tally)
    with service.db.write() as s:
        s.get(RedemptionRow, waiting.redemption_id).status = RedemptionStatus.CONFIRMED.value
    target = tmp_path / "tally.csv"
    with qtbot.waitSignal(tally.exported, timeout=10_000):
        tally.export_to(str(target))
    lines = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    kinds = {"gift": "Gift coupon", "discount": "Discount coupon", "reduction": "Money-off coupon"}
    heads = {
        "confirmed": "Confirmed",
        "pending": "Waiting",
        "conflicted": "Conflict",
        "reversed": "Reversed",
    }
    for key, label in kinds.items():
        cells = {r["state"]: r for r in lines if r["dimension"] == "kind" and r["key"] == key}
        for state, head in heads.items():
            assert cells[state]["count"] == shown[label][head], (key, state)
        standing = [cells[s] for s in ("confirmed", "pending", "conflicted")]
        assert str(sum(int(c["count"]) for c in standing)) == shown[label]["Written off"]
        value = sum(int(c["value_cents"]) for c in standing)
        assert texts.money(value) == shown[label]["Coupon value"], key
        discount = sum(int(c["discount_cents"]) for c in standing)
        assert texts.money(discount) == shown[label]["Discount"], key
