"""The cashier's main flows through the real window, against the real central service."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from posapp.domain.codes import normalise_code
from tests.ui.conftest import confirm, enter_total, login, payload, scan


def _cashier(qtbot, till, world):
    return login(qtbot, till, *world.cashier)


def test_cashier_logs_in_and_redeems_a_gift_then_is_ready_for_the_next(qtbot, till, world):
    user = _cashier(qtbot, till, world)
    assert user.role == "cashier"
    assert till.window.stack.currentIndex() == 1  # the work area, not the login screen
    till.window.activateWindow()  # the till's window has the keyboard, as at a real counter
    qtbot.waitUntil(till.window.isActiveWindow)
    view = scan(qtbot, till, payload(world, "gift"))
    card = till.window.redeem.card
    assert view.ok and view.facts.kind == "gift"
    assert card.state == "ok"
    assert "Hand over" in card.value.text()
    assert view.facts.gift_items  # what to hand over is named
    result = confirm(qtbot, till)
    assert result.redeemed
    assert card.state == "done"
    assert "written off" in card.message.text()
    # ready for the next coupon: what the cashier types (or the scanner sends) goes to the field
    assert QApplication.focusWidget() is till.window.redeem.scan_input
    # the same coupon again is refused, with where and when it was used
    again = scan(qtbot, till, payload(world, "gift"))
    assert not again.ok and again.reason == "already_redeemed"
    assert till.window.redeem.card.state == "refused"


def test_refusals_say_why(qtbot, till, world):
    _cashier(qtbot, till, world)
    for key, reason in (
        ("expired", "expired"),
        ("redeemed", "already_redeemed"),
        ("wrong_store", "wrong_store"),
    ):
        view = scan(qtbot, till, payload(world, key))
        assert not view.ok, key
        assert view.message, key
        assert view.reason == reason
        if key == "wrong_store":  # the cashier can tell the customer where it is valid
            assert "Store 7 Jing'an Temple" in till.window.redeem.card.message.text()
        assert till.window.redeem.card.state == "refused"
        assert not till.window.redeem.confirm.isVisible()
    junk = scan(qtbot, till, "https://example.com/not-a-coupon")  # a URL without a code
    assert not junk.ok and junk.reason == "malformed"
    assert junk.message in till.window.redeem.card.message.text()


def test_a_typo_in_a_typed_code_is_caught_by_the_check_character(qtbot, till, world):
    _cashier(qtbot, till, world)
    code = normalise_code(payload(world, "gift"))
    if len(code) > 16:  # a signed payload: take the code from the verdict instead
        code = normalise_code(scan(qtbot, till, payload(world, "gift")).code)
    wrong = ("3" if code[3] != "3" else "4").join([code[:3], code[4:]])
    till.window.redeem.scan_input.setText(wrong)
    assert till.window.redeem.scan_input.property("check") == "typo"
    view = scan(qtbot, till, wrong)
    assert not view.ok and view.reason == "check_failed"


def test_a_discount_coupon_asks_for_the_bill_and_shows_the_split(qtbot, till, world):
    _cashier(qtbot, till, world)
    key = "discount"
    view = scan(qtbot, till, payload(world, key))
    redeem = till.window.redeem
    assert view.ok and view.facts.needs_bill
    assert redeem.bill.isVisible() and not redeem.confirm.isEnabled()
    quoted = enter_total(qtbot, till, 50_000)
    assert quoted.ok and quoted.quote is not None
    assert quoted.quote.discount_cents > 0
    assert quoted.quote.pay_cents == 50_000 - quoted.quote.discount_cents
    assert redeem.quote.isVisible() and redeem.confirm.isEnabled()
    result = confirm(qtbot, till)
    assert result.redeemed and result.quote.discount_cents == quoted.quote.discount_cents


def test_a_money_off_coupon_below_its_threshold_cannot_be_confirmed(qtbot, till, world):
    _cashier(qtbot, till, world)
    view = scan(qtbot, till, payload(world, "reduction"))
    assert view.ok and view.facts.needs_bill
    small = enter_total(qtbot, till, 100)
    redeem = till.window.redeem
    assert small.facts.threshold_value == 30_000  # the demo's 满300减20
    assert small.bill_reason == "threshold_not_met"
    assert not redeem.confirm.isEnabled()
    assert small.bill_problem and small.bill_problem in redeem.card.message.text()
    # not a green "Valid": its own amber look, with what is missing as the headline
    assert redeem.card.state == "short"
    assert redeem.card.title.text() == "¥299.00 more needed"
    big = enter_total(qtbot, till, 100_000)
    assert big.ok and big.quote and big.quote.discount_cents > 0
    assert redeem.card.state == "ok" and "Valid" in redeem.card.title.text()
    assert confirm(qtbot, till).redeemed


def test_a_dropped_picture_of_a_qr_code_is_scanned(qtbot, till, world):
    from posapp.ui.demo_panel import qr_png

    _cashier(qtbot, till, world)
    redeem = till.window.redeem
    with qtbot.waitSignal(redeem.verdict_shown, timeout=15_000) as blocker:
        redeem.scan_image(data=qr_png(payload(world, "gift")))
    assert blocker.args[0].ok
    with qtbot.waitSignal(redeem.verdict_shown, timeout=15_000) as blocker:
        redeem.scan_image(data=b"not an image")
    assert not blocker.args[0].ok and "picture" in blocker.args[0].message


def test_the_demo_camera_feeds_scans_through_the_camera_worker(qtbot, till, world):
    from posapp.ui.demo_panel import HeldUpVoucher, qr_png

    _cashier(qtbot, till, world)
    camera = HeldUpVoucher()
    till.camera.start(source=camera)
    qtbot.waitUntil(
        lambda: (
            till.window.redeem.camera.pixmap() is not None
            and not till.window.redeem.camera.pixmap().isNull()
        ),
        timeout=10_000,
    )
    with qtbot.waitSignal(till.window.redeem.verdict_shown, timeout=15_000) as blocker:
        camera.hold(qr_png(payload(world, "gift")))
    assert blocker.args[0].ok and blocker.args[0].facts.kind == "gift"
