"""The Reverse screen (issue 13 item 10): nothing is picked for the cashier, the bill's lines are
ticked rather than SKUs typed, nothing happens without a confirmation, money going back needs a
manager's PIN, and a scan on this screen finds the write-off instead of running a check."""

from __future__ import annotations

from typing import Any

from posapp.domain.basket import Basket, Line
from tests.ui.conftest import login, payload


def _reverse_screen(qtbot, till) -> Any:
    win = till.window
    with qtbot.waitSignal(win.reverse.loaded, timeout=10_000):
        assert win.show_page("reverse")
    return win.reverse


def _pick(qtbot, rev, code: str) -> None:
    with qtbot.waitSignal(rev.lines_table.model().modelReset, timeout=5_000, raising=False):
        assert rev.select_code(code)
    qtbot.waitUntil(lambda: rev.selected() is not None and rev.selected().code == code)


def _bill() -> Basket:
    return Basket(
        lines=(
            Line("RICE-5KG", 20_000, 1, name="Rice 5 kg"),
            Line("OIL-2L", 6_000, 2, name="Oil 2 l"),
        )
    )


def test_nothing_is_picked_or_reversed_without_the_cashier(qtbot, till, world) -> None:
    cashier = world.seed["users"]["cashier"]
    user = login(qtbot, till, cashier["name"], cashier["pin"])
    done = till.session.service.redeem(payload(world, "gift"), None, user.id)
    assert done.redeemed
    rev = _reverse_screen(qtbot, till)
    rev.search.setText(done.code[:4])  # typing narrows the list, it does not choose
    assert rev.selected() is None
    rev.reverse_selected()
    assert "Pick the write-off" in rev.result.text()
    assert not rev.confirm_box.isVisible()
    # picked and asked: still nothing happens until "Yes"
    _pick(qtbot, rev, done.code)
    rev.reverse_selected()
    assert rev.confirm_box.isVisible() and done.code[:4] in rev.summary.text()
    assert not rev.manager_row.isVisible()  # a cancellation gives the coupon back: no PIN
    rev.cancel_reversal()
    assert till.session.service.day_book().tally.total.reversed.count == 0
    rev.reverse_selected()
    with qtbot.waitSignal(rev.reversed, timeout=15_000) as blocker:
        qtbot.mouseClick(rev.yes, _left())
    assert blocker.args[0].status == "reversed"
    assert "given back" in rev.result.text()


def test_returned_goods_are_ticked_and_a_manager_confirms(qtbot, till, world) -> None:
    cashier = world.seed["users"]["cashier"]
    manager = world.seed["users"]["manager"]
    user = login(qtbot, till, cashier["name"], cashier["pin"])
    done = till.session.service.redeem(payload(world, "discount"), _bill(), user.id)
    assert done.redeemed
    rev = _reverse_screen(qtbot, till)
    _pick(qtbot, rev, done.code)
    qtbot.waitUntil(lambda: rev.lines_table.rowCount() == 2)
    names = [rev.lines_table.item(r, 1).text() for r in range(2)]
    assert names == ["Rice 5 kg", "Oil 2 l"]
    assert not rev.units[1].isEnabled()  # only once "goods returned" is chosen
    rev.returned.setChecked(True)
    rev.reverse_selected()
    assert "Tick the items" in rev.result.text()  # nothing ticked: nothing to return
    rev.tick_line(1, 1)  # one bottle of oil comes back
    rev.reverse_selected()
    assert rev.confirm_box.isVisible() and rev.manager_row.isVisible()
    assert "1 item(s)" in rev.summary.text()
    # a wrong PIN, or a cashier's own: nothing is reversed
    for name, pin in ((manager["name"], "0000"), (cashier["name"], cashier["pin"])):
        rev.manager_name.setText(name)
        rev.manager_pin.setText(pin)
        qtbot.mouseClick(rev.yes, _left())
        qtbot.waitUntil(lambda: "Nothing reversed" in rev.result.text(), timeout=10_000)
        assert rev.confirm_box.isVisible()
    assert till.session.service.day_book().redemptions[-1].status == "confirmed"
    rev.manager_name.setText(manager["name"])
    rev.manager_pin.setText(manager["pin"])
    with qtbot.waitSignal(rev.reversed, timeout=15_000) as blocker:
        qtbot.mouseClick(rev.yes, _left())
    result = blocker.args[0]
    assert result.status == "kept" and result.refund_cents > 0
    lines = till.session.service.write_off_lines(done.redemption_id)
    assert [ln.returned for ln in lines] == [0, 1]


def test_a_scan_on_the_reverse_screen_finds_the_write_off(qtbot, till, world) -> None:
    manager = world.seed["users"]["manager"]
    user = login(qtbot, till, manager["name"], manager["pin"])
    done = till.session.service.redeem(payload(world, "gift"), None, user.id)
    rev = _reverse_screen(qtbot, till)
    card_before = till.window.redeem.card.state
    checks: list[Any] = []
    till.window.redeem.verdict_shown.connect(checks.append)
    till.session.feed_scan(payload(world, "gift"), "scanner")  # the signed voucher's QR
    qtbot.waitUntil(lambda: rev.selected() is not None, timeout=10_000)
    assert rev.selected().code == done.code
    assert till.window.current_page() == "reverse"
    assert checks == [] and till.window.redeem.card.state == card_before  # no hidden check


def _left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
