"""The screens name things as people know them: stores, partners and cashiers by name, a gift by
what it is worth; never an internal id (issue 13 item 8)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QLabel

from posapp.ui import texts
from tests.ui.conftest import confirm, login, payload, scan


def _card_texts(till) -> list[str]:
    card = till.window.redeem.card
    return [w.text() for w in card.findChildren(QLabel) if w.isVisibleTo(card)]


def test_a_partner_gift_says_where_by_name_and_a_used_coupon_names_no_till(
    qtbot, till, world
) -> None:
    cashier = world.seed["users"]["cashier"]
    login(qtbot, till, cashier["name"], cashier["pin"])
    # The store's own gift: valid here, "Where" names this store's coupons as the chain's.
    view = scan(qtbot, till, payload(world, "gift"))
    assert view.ok
    shown = " ".join(_card_texts(till))
    assert "M1" not in shown and "S12" not in shown
    # A coupon written off an hour ago at the café's till: where and when, no till id.
    used = scan(qtbot, till, world.seed["codes"]["redeemed"][-1])
    assert not used.ok
    assert "T-" not in used.message and "till" not in used.message.lower(), used.message
    # The partner's gift, typed in the store: "valid at Blue Bottle Café", not "at: -".
    partner = scan(qtbot, till, world.seed["codes"]["valid"]["partner_gift"])
    assert not partner.ok
    assert world.seed["merchant"]["name"] in partner.message, partner.message
    assert "-." not in partner.message
    # Another store's coupon, typed: where it is valid, not "not known here".
    other = scan(qtbot, till, world.seed["codes"]["wrong_store"])
    assert not other.ok
    assert world.seed["stores"][1]["name"] in other.message, other.message


def test_history_and_inbox_show_a_gifts_worth_and_the_cashiers_name(qtbot, till, world) -> None:
    from posapp.store.ledger import add_conflict

    cashier = world.seed["users"]["cashier"]
    login(qtbot, till, cashier["name"], cashier["pin"])
    scan(qtbot, till, payload(world, "gift"))
    done = confirm(qtbot, till)
    assert done.redeemed
    win = till.window
    with qtbot.waitSignal(win.history.loaded, timeout=10_000):
        assert win.show_page("history")
    table = win.history.table
    heads = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    row = {heads[c]: table.item(0, c).text() for c in range(table.columnCount())}
    assert row["Discount"] == texts.taken_off("gift", 0, 1500)  # the tote bag's ¥15.00
    assert "15.00" in row["Discount"] and row["Cashier"] == cashier["name"]

    # The same write-off, as if head office had refused it: the inbox names the cashier.
    service = till.session.service
    with service.db.write() as s:
        add_conflict(s, done.redemption_id, "conflict", "already_redeemed", {}, datetime.now(UTC))
    manager = world.seed["users"]["manager"]
    till.session.lock()
    login(qtbot, till, manager["name"], manager["pin"])
    with qtbot.waitSignal(win.conflicts.loaded, timeout=10_000):
        assert win.show_page("conflicts")
    inbox = win.conflicts.table
    cells = [inbox.item(0, c).text() for c in range(inbox.columnCount())]
    assert cashier["name"] in cells and cashier["id"] not in cells, cells
    assert any("15.00" in c for c in cells), cells
