"""A partner merchant's till: only the gift coupons that name it, and only its own history."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from posapp.ui.background import BackgroundRunner
from tests.ui.conftest import confirm, leftovers, login, payload, scan


@pytest.fixture
def partner_till(qtbot, world, tmp_path) -> Iterator[Any]:
    """The café's till: registered with the merchant's device token, synced, window open."""
    from posapp.settings import resolve_paths
    from posapp.sync.service import TillService
    from posapp.ui.app import open_till

    paths = resolve_paths(tmp_path / "cafe").ensure()
    service = TillService.open(paths)
    service.register(world.server.url, world.seed["tills"]["merchant"]["token"])
    service.sync_now()
    before = set(threading.enumerate())
    app = open_till(paths, service=service, language="en", start_background=False)
    try:
        qtbot.waitUntil(lambda: app.session.status is not None, timeout=10_000)
        yield app
    finally:
        app.close()
        service.close()
    assert BackgroundRunner._instance is None
    assert leftovers(before, threads="posapp-") == []


def test_partner_redeems_only_its_own_gift_coupons(qtbot, partner_till, world):
    partner = world.seed["users"]["partner"]
    user = login(qtbot, partner_till, partner["name"], partner["pin"])
    assert user.role == "partner"
    assert partner_till.window.redeem.partner
    # Its own gift coupon: valid, no bill asked, written off on the partner channel.
    view = scan(qtbot, partner_till, payload(world, "partner_gift"))
    assert view.ok and view.facts.kind == "gift"
    assert not partner_till.window.redeem.bill.isVisible()
    result = confirm(qtbot, partner_till)
    assert result.redeemed
    # The store's coupons are refused: the store gift, a discount, a full reduction.
    for key in ("gift", "discount", "reduction"):
        refused = scan(qtbot, partner_till, payload(world, key))
        assert not refused.ok, key
        assert refused.message, key
        assert not partner_till.window.redeem.confirm.isVisible(), key
    # Its own books hold exactly its one write-off, on the partner channel, nothing of the store's.
    tally = partner_till.session.service.tally()
    # online, so head office confirmed it at once: nothing waits in the queue
    assert (tally.total.confirmed.count, tally.total.pending.count) == (1, 0)
    assert {r.key for r in tally.by("channel")} == {"partner"}
    assert {r.key for r in tally.by("kind")} == {"gift"}
