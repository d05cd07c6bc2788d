"""The first write-off after the service goes away obeys the offline policy too (issue 14).

The till still believes it is online when the service stops (or its answer is lost): the
write-off is committed, pushed, and no answer comes while the cashier waits. That write-off
is as unconfirmed as any made offline, so the store's offline policy decides it. Refused, it
is not redeemed: the coupon is given back here, and the service is told so once it is back.
Real service over loopback HTTP, SQLite and PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from live import ADMIN_TOKEN, Admin, Cable, Service, server_redemptions

from posapp.domain.basket import Basket
from posapp.domain.kinds import CouponKind
from posapp.domain.verdicts import Reason
from posapp.settings import resolve_paths
from posapp.sync.results import RedeemStatus
from posapp.sync.service import TillService

BILL = Basket.from_total(15000)


@pytest.mark.parametrize("outage", ["service_stopped", "answer_lost"])
def test_no_answer_while_the_cashier_waits_means_the_offline_policy_decides(
    service: Service, tmp_path: Path, outage: str
) -> None:
    admin = Admin(service.url, ADMIN_TOKEN, service.db_url)
    admin.store("s1", "Store 1", offline_kinds=["gift"], offline_count_cap=0)
    _, token = admin.till("s1")
    _, discounts = admin.codes(2, CouponKind.DISCOUNT)
    _, gifts = admin.codes(1, CouponKind.GIFT)
    cable = Cable(service.port)
    till = TillService.open(resolve_paths(tmp_path / "till"))
    try:
        till.register(cable.url, token)
        assert till.sync_now().ok and till.status().online

        if outage == "service_stopped":
            service.stop()
        else:
            cable.lose_answers()  # the service writes it off; the till never hears
        first = till.redeem(discounts[0], BILL, "u1")
        assert first.status is RedeemStatus.REFUSED and not first.redeemed, first.message()
        assert first.verdict is not None
        assert first.verdict.reason is Reason.OFFLINE_KIND_NOT_ALLOWED
        assert "Redeemed" not in first.message()
        status = till.status()
        assert not status.online and status.unconfirmed_count == 0
        # Known to be offline now: the next write-off is refused by the same policy at once.
        gift = till.redeem(gifts[0], None, "u1")
        assert gift.verdict is not None and gift.verdict.reason is Reason.OFFLINE_LIMIT_REACHED

        if outage == "service_stopped":
            service.start()
        cable.plug()
        synced = till.sync_now()
        assert synced.ok, synced.message
        assert till.status().outbox_length == 0 and till.conflicts() == []
        # The service does not hold the refused write-off: the coupon is there to use now.
        again = till.redeem(discounts[0], BILL, "u1")
        assert again.status is RedeemStatus.CONFIRMED, again.message()
        held = sorted(status for _, code, status in server_redemptions(service.db_url))
        assert held.count("accepted") == 1
        assert set(held) <= {"accepted", "reversed"}
    finally:
        till.close()
        cable.close()
