"""A photo of two vouchers dropped on the Redeem screen: both are read; the first is checked,
the second waits behind "Next code in the picture" (issue 13 item 19, on the screen)."""

from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtCore import Qt

from posapp.ui.demo_panel import qr_png
from tests.ui.conftest import confirm, login, payload


def _side_by_side(*payloads: str) -> bytes:
    tiles = [cv2.imdecode(np.frombuffer(qr_png(p, scale=4), np.uint8), 0) for p in payloads]
    side = max(t.shape[0] for t in tiles)
    tiles = [cv2.resize(t, (side, side), interpolation=cv2.INTER_NEAREST) for t in tiles]
    gap = np.full((side, 60), 255, np.uint8)
    photo = np.hstack([tiles[0], gap, *tiles[1:]])
    ok, png = cv2.imencode(".png", photo)
    assert ok
    return png.tobytes()


def test_both_vouchers_of_one_photo_are_checked_one_after_the_other(qtbot, till, world):
    cashier = world.seed["users"]["cashier"]
    login(qtbot, till, cashier["name"], cashier["pin"])
    redeem = till.window.redeem
    gift, partner = payload(world, "gift"), payload(world, "partner_gift")
    with qtbot.waitSignal(redeem.verdict_shown, timeout=15_000) as first:
        redeem.scan_image(data=_side_by_side(gift, partner))
    assert first.args[0].ok  # the store's gift, on the left
    assert redeem.next_button.isVisible() and "(1)" in redeem.next_button.text()
    assert confirm(qtbot, till).redeemed
    assert redeem.next_button.isVisible()  # still there after the write-off
    with qtbot.waitSignal(redeem.verdict_shown, timeout=15_000) as second:
        qtbot.mouseClick(redeem.next_button, Qt.MouseButton.LeftButton)
    assert not second.args[0].ok  # the partner's gift: not for a store
    assert not redeem.next_button.isVisible()
