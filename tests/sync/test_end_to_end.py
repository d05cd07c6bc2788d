"""The till against the real central service over loopback HTTP.

Register, sync from empty, redeem online; the service goes down, the till redeems offline;
the service comes back and the outbox drains; the service holds every write-off once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from live import Admin, Cable, server_redemptions

from posapp.central.runner import free_port, start_process
from posapp.domain.basket import Basket
from posapp.domain.kinds import CouponKind
from posapp.domain.verdicts import Reason
from posapp.settings import resolve_paths
from posapp.store.ledger import outbox_items
from posapp.sync.client import CentralClient
from posapp.sync.results import RedeemStatus, User
from posapp.sync.service import TillService
from posapp.wire.errors import Unauthorized
from tests.shown import shown

BILL = Basket.from_total(15000)


def wait_until(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.1)


@pytest.mark.slow
def test_online_offline_and_back_with_a_real_service_process(db_url: str, tmp_path: Path) -> None:
    server = start_process(db_url, free_port(), "admin-token-e2e", tmp_path / "server")
    till = None
    try:
        admin = Admin(server.url, server.admin_token, db_url)
        admin.store("s1", "Store 1")
        till_id, token = admin.till("s1", "Till 1")
        admin.user("s1", "Li Na", "2468")
        _, codes = admin.codes(12)
        _, gifts = admin.codes(3, CouponKind.GIFT)

        till = TillService.open(resolve_paths(tmp_path / "till"))
        status = till.register(server.url, token)
        assert status.registered and status.online and status.till_id == till_id
        assert status.acceptor_name == "Store 1" and status.codes_cached == 0

        synced = till.sync_now()
        assert synced.ok and till.status().codes_cached == 15
        assert isinstance(till.login("Li Na", "2468"), User)  # users and PIN hashes synced

        online = till.redeem(codes[0], BILL, "u1")
        assert online.status is RedeemStatus.CONFIRMED, online.message()
        assert till.status().outbox_length == 0

        server.stop()
        first = till.redeem(codes[1], BILL, "u1")  # tries the service, finds it gone
        second = till.redeem(gifts[0], None, "u1")  # knows it is offline: no network call
        assert first.status is RedeemStatus.PENDING and second.status is RedeemStatus.PENDING
        status = till.status()
        assert not status.online and status.outbox_length == 2 and status.unconfirmed_count == 2
        assert till.redeem(codes[1], BILL, "u1").status is RedeemStatus.REFUSED

        server.start()
        till.start_background(interval_s=0.3)
        wait_until(lambda: till is not None and till.status().outbox_length == 0)
        till.stop_background()
        assert till.status().online

        held = server_redemptions(db_url)
        ids = {online.redemption_id, first.redemption_id, second.redemption_id}
        assert {h[0] for h in held} == ids and len(held) == 3
        assert len({h[1] for h in held}) == 3
        assert {v.status for v in till.queue()} == set()

        # The service now says the code is redeemed; a later pull keeps the cache in step.
        assert till.sync_now().ok
        again = till.check(codes[1], BILL)
        assert again.verdict is not None and again.verdict.reason is Reason.ALREADY_REDEEMED
    finally:
        if till is not None:
            till.close()
        server.stop()


def test_a_push_cut_off_half_way_is_sent_again_and_counts_once(
    central: Any, tmp_path: Path
) -> None:
    admin = Admin(central.url, central.admin_token, central.db_url)
    admin.store("s1", "Store 1")
    _, token = admin.till("s1")
    _, codes = admin.codes(3)
    cable = Cable(int(central.url.rsplit(":", 1)[1]))
    till = TillService.open(resolve_paths(tmp_path / "till"))
    try:
        till.register(cable.url, token)
        assert till.sync_now().ok
        cable.lose_answers()  # the service writes it off; the answer never arrives
        lost = till.redeem(codes[0], BILL, "u1")
        assert lost.status is RedeemStatus.PENDING
        assert [h[0] for h in server_redemptions(central.db_url)] == [lost.redemption_id]
        assert till.status().outbox_length == 1  # no answer stored, so it stays queued
        cable.plug()
        result = till.sync_now()
        assert result.ok and result.confirmed == 1 and result.outbox_length == 0
        [view] = [v for v in till.tally().rows if v.dimension == "kind"]
        assert view.confirmed.count == 1
        assert [h[0] for h in server_redemptions(central.db_url)] == [lost.redemption_id]
        # Resending by hand, as a till restored from a backup would: still once.
        client = CentralClient(central.url, token)
        try:
            with till.db.read() as s:
                assert outbox_items(s) == []
            body = {"idempotency_key": lost.redemption_id, "code": codes[0]}
            answer = client.redeem_batch(
                [body | {k: v for k, v in _body_of(till, lost.redemption_id).items()}]
            )
            assert answer[0]["status"] == "duplicate"
        finally:
            client.close()
        assert len(server_redemptions(central.db_url)) == 1
    finally:
        till.close()
        cable.close()


def _body_of(till: TillService, redemption_id: str | None) -> dict[str, Any]:
    from posapp.store.ledger import get_redemption

    with till.db.read() as s:
        red = get_redemption(s, str(redemption_id))
        assert red is not None and red.body is not None
        return dict(red.body)


def test_two_offline_tills_redeem_one_code_first_wins_second_gets_a_conflict(
    central: Any, tmp_path: Path
) -> None:
    admin = Admin(central.url, central.admin_token, central.db_url)
    admin.store("s1", "Store 1")
    admin.store("s2", "Store 2")
    id_a, token_a = admin.till("s1", "Till A")
    _, token_b = admin.till("s2", "Till B")
    _, codes = admin.codes(2)
    port = int(central.url.rsplit(":", 1)[1])
    cables = [Cable(port), Cable(port)]
    tills = [TillService.open(resolve_paths(tmp_path / n)) for n in ("a", "b")]
    try:
        for till, cable, token in zip(tills, cables, (token_a, token_b), strict=True):
            till.register(cable.url, token)
            assert till.sync_now().ok and till.status().codes_cached == 2
            cable.unplug()
        a, b = tills
        ra = a.redeem(codes[0], BILL, "ua")
        time.sleep(0.01)
        rb = b.redeem(codes[0], BILL, "ub")
        assert ra.status is RedeemStatus.PENDING and rb.status is RedeemStatus.PENDING
        for cable in cables:
            cable.plug()
        assert a.sync_now().confirmed == 1
        result = b.sync_now()
        assert result.conflicts == 1 and result.outbox_length == 0
        [conflict] = b.conflicts()
        assert conflict.redemption.id == rb.redemption_id
        assert conflict.verdict is not None and conflict.verdict.reason is Reason.ALREADY_REDEEMED
        assert conflict.verdict.params["till"] == id_a
        assert "Store 1" in conflict.message() and "Store 1" in shown(conflict.verdict)
        assert b.status().conflicts_waiting == 1
        b.resolve_conflict(conflict.id, "manager", "customer paid the difference")
        assert b.conflicts() == [] and b.status().conflicts_waiting == 0
        assert len(b.conflicts(open_only=False)) == 1
        tally = b.tally()
        assert tally.total.conflicted.count == 1 and tally.total.confirmed.count == 0
        held = server_redemptions(central.db_url)
        assert [(h[0], h[1]) for h in held] == [(ra.redemption_id, codes[0])]
    finally:
        for till in tills:
            till.close()
        for cable in cables:
            cable.close()


def test_online_reversal_order_lookup_and_a_revoked_till(central: Any, tmp_path: Path) -> None:
    admin = Admin(central.url, central.admin_token, central.db_url)
    admin.store("s1", "Store 1")
    till_id, token = admin.till("s1")
    _, codes = admin.codes(3)
    admin.call("POST", "/v1/orders", json={"order_no": "ORD-9", "codes": codes[1:3]})
    till = TillService.open(resolve_paths(tmp_path / "till"))
    try:
        till.register(central.url, token)
        assert till.sync_now().ok
        done = till.redeem(codes[0], BILL, "u1", order_no="ORD-1")
        assert done.status is RedeemStatus.CONFIRMED and done.redemption_id
        back = till.reverse(done.redemption_id)
        assert back.ok and back.status == "reversed" and till.status().outbox_length == 0
        assert [h[2] for h in server_redemptions(central.db_url)] == ["reversed"]
        again = till.redeem(codes[0], BILL, "u1")
        assert again.status is RedeemStatus.CONFIRMED

        order = till.order("ORD-9", BILL)
        assert order.found and order.from_server and len(order.vouchers) == 2
        assert all(v.ok for v in order.vouchers)

        admin.call("POST", f"/v1/tills/{till_id}/revoke")
        result = till.sync_now()
        assert not result.ok and "revoked" in result.message
        assert not till.status().online
        with pytest.raises(Unauthorized):
            CentralClient(central.url, token).me()
        # Refused by the service's lock-out, the till keeps serving offline within policy.
        assert till.redeem(codes[1], BILL, "u1").status is RedeemStatus.PENDING
    finally:
        till.close()
