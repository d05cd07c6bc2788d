"""A product barcode scanned into the item grid fills the grid (issue 13, item 4).

Seen: with the bill's item grid focused, scanning a product's barcode replaced the coupon
in progress and said "not a valid coupon code".
"""

from __future__ import annotations

from tests.ui.conftest import login, payload, scan
from tests.ui.test_scan_never_confirms import scanner_types

BARCODE = "6901234567892"


def test_a_scan_into_the_sku_column_fills_it_and_keeps_the_coupon(qtbot, till, world):
    login(qtbot, till, *world.cashier)
    redeem = till.window.redeem
    coupon = payload(world, "product")
    view = scan(qtbot, till, coupon)
    assert view.ok and view.facts.needs_bill
    bill = redeem.bill
    bill.set_lines_mode(True)  # opens with one empty line
    assert bill.lines.rowCount() == 1
    bill.lines.setCurrentCell(0, 0)
    bill.lines.setFocus()
    qtbot.waitUntil(bill.lines.hasFocus)
    shown: list[object] = []
    redeem.verdict_shown.connect(shown.append)
    scanner_types(BARCODE)
    qtbot.waitUntil(lambda: bill.lines.item(0, 0).text() == BARCODE, timeout=3_000)
    qtbot.wait(300)
    assert redeem.payload == coupon  # the coupon in progress is still the one on screen
    assert redeem.card.state != "refused"
    assert all(getattr(v, "ok", True) for v in shown)  # no "not a valid coupon code"
    # with no line selected in the SKU column, a scan adds a line for the product
    bill.lines.setCurrentCell(0, 4)
    scanner_types("6901234567908")
    qtbot.waitUntil(lambda: bill.lines.rowCount() == 2, timeout=3_000)
    rows = [[bill.lines.item(r, c).text() for c in range(6)] for r in range(bill.lines.rowCount())]
    assert bill.lines.item(1, 0).text() == "6901234567908", rows
    assert redeem.payload == coupon


def test_a_scan_elsewhere_is_still_a_coupon(qtbot, till, world):
    login(qtbot, till, *world.cashier)
    redeem = till.window.redeem
    redeem.scan_input.setFocus()
    with qtbot.waitSignal(redeem.verdict_shown, timeout=10_000) as shown:
        scanner_types(BARCODE)
    assert not shown.args[0].ok  # the coupon screen says it is no coupon of ours
