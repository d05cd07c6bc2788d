"""The till keeps redeeming when the service is gone, says so, and catches up when it is back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from posapp.central.runner import start_in_thread
from posapp.ui.app import apply_style
from tests.ui.conftest import confirm, login, payload, scan


def share_of(label: QLabel, test) -> float:
    """The share of the label's rendered pixels whose colour passes test (as drawn, after
    the stylesheet: the bug was a rule that silently outranked the state colours)."""
    image = label.grab().toImage()
    w, h = image.width(), image.height()
    hits = sum(test(QColor(image.pixel(x, y))) for x in range(0, w, 2) for y in range(0, h, 2))
    return hits / max(1, len(range(0, w, 2)) * len(range(0, h, 2)))


def red(c: QColor) -> bool:
    return c.red() > 150 and c.green() < 90 and c.blue() < 90


def green(c: QColor) -> bool:
    return c.green() > 150 and c.red() < 160 and c.blue() < 190


def amber(c: QColor) -> bool:
    return c.red() > 200 and 150 < c.green() < 230 and c.blue() < 140


@pytest.fixture
def styled(qapp) -> Iterator[None]:
    """The till's stylesheet, as `posapp app` applies it (pytest-qt made the QApplication)."""
    apply_style(qapp)
    yield
    qapp.setStyleSheet("")


def test_offline_write_off_is_queued_shown_and_sent_when_back(qtbot, till, world, styled):
    login(qtbot, till, *world.cashier)
    bar = till.window.status
    qtbot.waitUntil(lambda: "Online" in bar.online.text(), timeout=10_000)
    assert share_of(bar.online, red) == 0
    assert share_of(bar.online, green) > 0.01  # green text on the dark strip
    port = int(world.server.url.rsplit(":", 1)[1])
    db_url, token = world.server.db_url, world.server.admin_token
    world.server.stop()
    # the till notices at its next contact with the service
    result = world.service.sync_now()
    assert not result.ok
    till.session.mark_status_dirty()
    qtbot.waitUntil(lambda: "Offline" in bar.online.text(), timeout=10_000)
    # unmistakable at a glance: the pill itself turns red, not just its text
    assert share_of(bar.online, red) > 0.5
    assert share_of(bar.online, green) == 0

    view = scan(qtbot, till, payload(world, "gift"))
    assert view.ok  # a gift coupon may be redeemed offline, from the cache
    redeemed = confirm(qtbot, till)
    assert redeemed.redeemed and str(redeemed.status) == "pending"
    assert "Offline" in till.window.redeem.card.message.text()
    qtbot.waitUntil(lambda: "Queued: 1" in bar.queued.text(), timeout=10_000)
    assert share_of(bar.queued, amber) > 0.5  # waiting write-offs stand out too

    world.server = start_in_thread(db_url, port=port, admin_token=token)
    synced = world.service.sync_now()
    assert synced.ok and synced.confirmed == 1
    till.session.mark_status_dirty()
    qtbot.waitUntil(lambda: "Online" in bar.online.text(), timeout=10_000)
    qtbot.waitUntil(lambda: "Queued: 0" in bar.queued.text(), timeout=10_000)


def test_a_hanging_service_does_not_freeze_the_screen(qtbot, till, world):
    """While a network call hangs, scans are still checked (the local lane is free)."""
    import threading

    from posapp.ui.background import BackgroundOp

    login(qtbot, till, *world.cashier)
    hang = threading.Event()
    BackgroundOp(till.window, hang.wait, lambda _r: None).on_network().run_in_background()
    try:
        view = scan(qtbot, till, payload(world, "expired"))
        assert not view.ok
    finally:
        hang.set()
