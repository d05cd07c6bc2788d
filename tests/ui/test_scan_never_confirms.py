"""A scan's own Enter never writes a coupon off (issue 13, item 1).

Seen at a till: scanning only, never confirming, one coupon was written off. The scanner
sent its Enter more than 50 ms after the last character, so the wedge ended the scan on
the pause, the verdict came up with the write-off button focused, and the late Enter
pressed it. These tests drive the real window with real key events at scanner timing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from posapp.ui.confirm_guard import GUARD_S
from tests.ui.conftest import confirm, login, payload

SCANNER_MS = 8


def scanner_types(text: str) -> None:
    """Type as a USB scanner set up without a terminator into whatever has focus."""
    for ch in text:
        QTest.qWait(SCANNER_MS)
        QTest.keyClick(QApplication.focusWidget(), ch, Qt.KeyboardModifier.NoModifier)


def late_enter() -> None:
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def written_off(till: Any) -> list[Any]:
    done: list[Any] = []
    till.window.redeem.redeemed.connect(done.append)
    till.window.redeem.order.finished.connect(done.append)
    return done


def test_a_slow_scanners_late_enter_never_writes_off(qtbot, till, world) -> None:
    login(qtbot, till, *world.cashier)
    redeem = till.window.redeem
    code = payload(world, "gift")
    done = written_off(till)
    for late_ms in (0, 150):
        redeem.reset()
        # the scan ends on the pause; its Enter comes once the verdict is already up
        with qtbot.waitSignal(redeem.verdict_shown, timeout=10_000) as shown:
            scanner_types(code)
        assert shown.args[0].ok  # a valid gift, the write-off button up and focused
        QTest.qWait(late_ms)
        late_enter()
        qtbot.wait(round(GUARD_S * 1000) + 500)
        assert done == [], f"the scan's Enter {late_ms} ms after the verdict wrote it off"
        assert redeem.confirm.isVisible() and redeem.confirm.isEnabled()
    # the cashier's own Enter, once the verdict is on screen, does write it off
    assert confirm(qtbot, till).redeemed


def test_enter_pressed_as_the_verdict_appears_confirms_nothing(qtbot, till, world) -> None:
    # a camera read lands while the cashier's finger is on Enter
    login(qtbot, till, *world.cashier)
    redeem = till.window.redeem
    done = written_off(till)
    with qtbot.waitSignal(redeem.verdict_shown, timeout=10_000):
        till.session.feed_scan(payload(world, "gift"), "camera")
    qtbot.keyClick(redeem.scan_input, "\r")
    qtbot.keyClick(QApplication.focusWidget(), "\r")
    redeem.confirm.click()
    qtbot.wait(100)
    assert done == []
    qtbot.waitUntil(redeem.guard.ready)
    with qtbot.waitSignal(redeem.redeemed, timeout=15_000):
        qtbot.keyClick(QApplication.focusWidget(), "\r")


def test_a_new_scan_takes_the_last_verdicts_button_away(qtbot, till, world) -> None:
    login(qtbot, till, *world.cashier)
    redeem = till.window.redeem
    with qtbot.waitSignal(redeem.verdict_shown, timeout=10_000):
        till.session.feed_scan(payload(world, "gift"), "camera")
    qtbot.waitUntil(redeem.guard.ready)
    till.session.feed_scan(payload(world, "expired"), "camera")
    # until the new verdict is in, nothing on screen can be confirmed
    assert not redeem.confirm.isVisible()
    redeem.confirm_redeem()
    qtbot.waitUntil(lambda: redeem.card.state == "refused", timeout=10_000)


def test_an_order_qrs_late_enter_writes_off_none_of_its_vouchers(qtbot, till, world) -> None:
    login(qtbot, till, *world.cashier)
    redeem = till.window.redeem
    done = written_off(till)
    with qtbot.waitSignal(redeem.order.loaded, timeout=10_000):
        scanner_types(payload(world, "order"))
    late_enter()
    qtbot.wait(round(GUARD_S * 1000) + 500)
    assert done == []
    assert redeem.order.redeem_button.isEnabled()
