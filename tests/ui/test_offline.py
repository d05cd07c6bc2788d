"""The till keeps redeeming when the service is gone, says so, and catches up when it is back."""

from __future__ import annotations

from posapp.central.runner import start_in_thread
from tests.ui.conftest import confirm, login, payload, scan


def test_offline_write_off_is_queued_shown_and_sent_when_back(qtbot, till, world):
    login(qtbot, till, *world.cashier)
    bar = till.window.status
    qtbot.waitUntil(lambda: "Online" in bar.online.text(), timeout=10_000)
    port = int(world.server.url.rsplit(":", 1)[1])
    db_url, token = world.server.db_url, world.server.admin_token
    world.server.stop()
    # the till notices at its next contact with the service
    result = world.service.sync_now()
    assert not result.ok
    till.session.mark_status_dirty()
    qtbot.waitUntil(lambda: "Offline" in bar.online.text(), timeout=10_000)

    view = scan(qtbot, till, payload(world, "gift"))
    assert view.ok  # a gift coupon may be redeemed offline, from the cache
    redeemed = confirm(qtbot, till)
    assert redeemed.redeemed and str(redeemed.status) == "pending"
    assert "Offline" in till.window.redeem.card.message.text()
    qtbot.waitUntil(lambda: "Queued: 1" in bar.queued.text(), timeout=10_000)

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
