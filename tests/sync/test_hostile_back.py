"""A write-off tries the service when it may be back: a blip does not last a shift (issue 14).

Offline, the till does not try the network for every write-off (a hanging network would
hold every cashier), but once the last failure is old enough it tries again, bounded by the
write-off's deadline, and waits longer after each failure. Found back, the write-off is
confirmed and everything queued is due at once. Real service over loopback HTTP; the
till's clock is the test's, so the waits need no sleeping.
"""

from __future__ import annotations

from pathlib import Path

from live import ADMIN_TOKEN, Admin, Service, server_redemptions
from till_factories import Clock

from posapp.domain.basket import Basket
from posapp.domain.timeutil import utcnow
from posapp.settings import resolve_paths
from posapp.store.ledger import next_due
from posapp.store.models import OutboxRow, RedemptionRow
from posapp.sync.results import RedeemStatus
from posapp.sync.service import TillService

BILL = Basket.from_total(15000)


def attempts(till: TillService, redemption_id: str | None) -> int:
    with till.db.read() as s:
        row = s.query(OutboxRow).filter_by(redemption_id=redemption_id).one()
        return row.attempts


def test_a_write_off_finds_the_service_back_after_a_blip(service: Service, tmp_path: Path) -> None:
    clock = Clock(utcnow())
    admin = Admin(service.url, ADMIN_TOKEN, service.db_url)
    admin.store("s1", "Store 1")
    _, token = admin.till("s1")
    _, codes = admin.codes(6)
    till = TillService.open(resolve_paths(tmp_path / "till"), clock=clock)
    try:
        till.register(service.url, token)
        assert till.sync_now().ok

        service.stop()
        first = till.redeem(codes[0], BILL, "u1")  # tries, finds the service gone
        assert first.status is RedeemStatus.PENDING and attempts(till, first.redemption_id) == 1
        assert not till.status().online
        soon = till.redeem(codes[1], BILL, "u1")  # right after: queued, no network
        assert soon.status is RedeemStatus.PENDING and attempts(till, soon.redemption_id) == 0

        clock.advance(seconds=6)  # the first failure is old enough: try again
        probe = till.redeem(codes[2], BILL, "u1")
        assert probe.status is RedeemStatus.PENDING and attempts(till, probe.redemption_id) == 1
        clock.advance(seconds=6)  # after a second failure the till waits longer
        waits = till.redeem(codes[3], BILL, "u1")
        assert waits.status is RedeemStatus.PENDING and attempts(till, waits.redemption_id) == 0

        service.start()  # back, and no sync has run since
        clock.advance(seconds=6)
        back = till.redeem(codes[4], BILL, "u1")
        assert back.status is RedeemStatus.CONFIRMED, back.message()
        assert till.status().online
        after = till.redeem(codes[5], BILL, "u1")
        assert after.status is RedeemStatus.CONFIRMED
        with till.db.read() as s:
            due = next_due(s)
            assert due is not None and due <= clock()  # the queue goes out with the next push
            assert s.query(RedemptionRow).filter_by(status="pending").count() == 4

        assert till.sync_now().ok and till.status().outbox_length == 0
        held = [status for _, _, status in server_redemptions(service.db_url)]
        assert held == ["accepted"] * 6
    finally:
        till.close()
