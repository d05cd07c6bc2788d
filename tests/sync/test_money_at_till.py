"""The till's side of "the service decides the money", against the real service.

The till quotes first (the cashier sees the figure before confirming) and applies the
order rules from its own ledger; what the service refuses later reaches the manager's
inbox with both figures instead of being dropped.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from live import Admin, Cable
from sqlalchemy import text
from till_factories import Clock

from posapp.domain.basket import Basket, Line
from posapp.domain.rule import FaceValue
from posapp.domain.timeutil import utcnow
from posapp.domain.verdicts import Reason
from posapp.settings import resolve_paths
from posapp.sync.results import RedeemStatus
from posapp.sync.service import TillService

BILL = Basket(lines=(Line("A", 12000), Line("B", 20000)))  # 320.00: 20.00 off, 7.50 / 12.50


def _till(
    central: Any, tmp_path: Path, clock: Clock | None = None
) -> tuple[TillService, Cable, Admin, list[str]]:
    admin = Admin(central.url, central.admin_token, central.db_url)
    admin.store("s1", "Store 1")
    _, token = admin.till("s1")
    _, codes = admin.codes(4)
    port = int(central.url.rsplit(":", 1)[1])
    cable = Cable(port)
    till = TillService.open(resolve_paths(tmp_path / "till"), clock=clock or utcnow)
    till.register(cable.url, token)
    assert till.sync_now().ok
    return till, cable, admin, codes


def _offline_write_off(till: TillService, cable: Cable, code: str, basket: Basket) -> None:
    cable.unplug()
    result = till.redeem(code, basket, "u1")
    assert result.status is RedeemStatus.PENDING, result.message()
    cable.plug()


def test_a_figure_the_service_disagrees_with_reaches_the_inbox_with_both(
    central: Any, tmp_path: Path
) -> None:
    till, cable, _, codes = _till(central, tmp_path)
    try:
        # A till whose cache says the coupon is worth 50.00 (the service knows it is 20.00).
        with till.db.write() as s:
            s.execute(
                text("UPDATE codes SET face_value_cents = 5000 WHERE code = :c"), {"c": codes[0]}
            )
        _offline_write_off(till, cable, codes[0], BILL)
        till.sync_now()
        [conflict] = till.conflicts()
        assert conflict.verdict is not None and conflict.verdict.reason is Reason.QUOTE_MISMATCH
        message = conflict.message()
        assert "¥20.00" in message and "¥50.00" in message
        assert conflict.redemption.status == "rejected"
    finally:
        till.close()
        cable.close()


def test_a_write_off_older_than_a_till_may_work_offline_reaches_the_inbox(
    central: Any, tmp_path: Path
) -> None:
    clock = Clock(utcnow())
    till, cable, _, codes = _till(central, tmp_path, clock)
    try:
        clock.advance(days=-2)  # a till clock two days slow: its write-off is dated then
        _offline_write_off(till, cable, codes[0], BILL)
        clock.now = utcnow()
        till.sync_now()
        [conflict] = till.conflicts()
        assert conflict.verdict is not None
        assert conflict.verdict.reason is Reason.REDEEMED_TOO_LONG_AGO
    finally:
        till.close()
        cable.close()


def test_the_till_applies_one_coupon_per_order_from_its_own_ledger(
    central: Any, tmp_path: Path
) -> None:
    till, cable, _, codes = _till(central, tmp_path)
    try:
        cable.unplug()  # offline: only the till's own ledger can say no
        order = BILL.with_order("ORD-7")
        assert till.redeem(codes[0], order, "u1").redeemed
        second = till.check(codes[1], order)
        assert second.verdict is not None and second.verdict.reason is Reason.TOO_MANY_COUPONS
        assert "one order" in second.message()
        refused = till.redeem(codes[1], order, "u1")
        assert refused.status is RedeemStatus.REFUSED
        assert till.redeem(codes[1], BILL.with_order("ORD-8"), "u1").redeemed
    finally:
        till.close()
        cable.close()


def test_returned_units_come_back_once_at_the_till_and_at_the_service(
    central: Any, tmp_path: Path
) -> None:
    till, cable, _, codes = _till(central, tmp_path)
    try:
        done = till.redeem(codes[0], BILL, "u1")
        assert done.status is RedeemStatus.CONFIRMED and done.redemption_id
        cable.lose_answers()  # the service records the reversal; the till never hears it
        first = till.reverse(done.redemption_id, order_completed=True, returned_skus=("B",))
        assert first.ok and first.refund_cents == 20000 - 1250
        again = till.reverse(done.redemption_id, order_completed=True, returned_skus=("B",))
        assert not again.ok and again.verdict is not None
        assert again.verdict.reason is Reason.ALREADY_RETURNED
        cable.plug()
        assert till.sync_now().ok  # the reversal is sent again, with the same key
        assert till.queue() == []
        assert server_events(central.db_url, done.redemption_id) == 1
    finally:
        till.close()
        cable.close()


def server_events(db_url: str, redemption_id: str) -> int:
    """How many reversals the service recorded on a write-off (read from its database)."""
    from posapp.central.db import Database
    from posapp.central.models import Redemption

    db = Database(db_url)
    try:
        with db.read() as s:
            red = s.get(Redemption, redemption_id)
            assert red is not None
            return len((red.reversal or {}).get("events", []))
    finally:
        db.close()


def _rule_codes(admin: Admin, n: int, **head: Any) -> list[str]:
    from live import batch_codes
    from till_factories import rule_dict

    rule_id = f"r-{uuid.uuid4().hex[:8]}"
    admin.call("POST", "/v1/rules", json=rule_dict(rule_id, bearer=True, **head))
    batch = admin.call("POST", f"/v1/rules/{rule_id}/batches", json={"count": n})
    return batch_codes(admin.db_url, batch["batch_id"])


def test_an_order_s_vouchers_go_best_first_and_the_result_says_what_happened(
    central: Any, tmp_path: Path
) -> None:
    till, cable, admin, _ = _till(central, tmp_path)
    try:
        small = _rule_codes(admin, 2)  # 20.00 off, stacks, one per order
        big = _rule_codes(admin, 1, face_value=FaceValue.fixed(5000), stackable=False)
        assert till.sync_now().ok
        # Offered in the worst order: the till takes the seeds' order (largest discount first).
        done = till.redeem_order("ord-9", [small[0], small[1], big[0]], BILL, "u1")
        assert [c for c, _ in done.written_off] == [big[0]]
        refused = {c: r.verdict.reason for c, r in done.refused if r.verdict is not None}
        assert refused == {small[0]: Reason.NOT_COMBINABLE, small[1]: Reason.NOT_COMBINABLE}
        assert (done.discount_cents, done.pay_cents) == (5000, 32000 - 5000)
        # Cancelling the order gives its coupons back at once, here and at the service.
        back = till.cancel_order("ORD-9")
        assert [r.status for r in back] == ["reversed"]
        assert till.check(big[0], BILL.with_order("ORD-10")).ok
        assert till.sync_now().ok and till.queue() == []
        again = till.redeem_order("ord-10", small, BILL, "u1")
        assert len(again.written_off) == 1 and len(again.refused) == 1  # one per order
        [(_, no)] = again.refused
        assert no.verdict is not None and no.verdict.reason is Reason.TOO_MANY_COUPONS
    finally:
        till.close()
        cable.close()


def test_a_manager_s_hand_set_shares_are_checked_here_and_at_the_service(
    central: Any, tmp_path: Path
) -> None:
    till, cable, _, codes = _till(central, tmp_path)
    try:
        # 20.00 off 120.00 + 200.00: the domain's shares are 7.50 / 12.50; a manager moves it.
        bad = till.redeem(codes[0], BILL, "u1", shares=(2500, 0), adjusted_by="mgr")
        assert bad.verdict is not None and bad.verdict.reason is Reason.BAD_SHARES
        assert "add up to 2500" in bad.message()
        nobody = till.redeem(codes[0], BILL, "u1", shares=(2000, 0))
        assert nobody.verdict is not None and nobody.verdict.reason is Reason.BAD_SHARES
        done = till.redeem(codes[0], BILL, "u1", shares=(2000, 0), adjusted_by="mgr")
        assert done.status is RedeemStatus.CONFIRMED, done.message()  # the service agreed
        with till.db.read() as s:
            body = s.execute(
                text("SELECT body FROM redemptions WHERE id = :i"), {"i": done.redemption_id}
            ).scalar_one()
        assert '"shares_adjusted_by": "mgr"' in str(body).replace("'", '"')
    finally:
        till.close()
        cable.close()


def test_a_write_off_under_the_caller_s_key_happens_once(central: Any, tmp_path: Path) -> None:
    till, cable, _, codes = _till(central, tmp_path)
    try:
        key = str(uuid.uuid4())
        first = till.redeem(codes[0], BILL, "pos", redemption_id=key)
        again = till.redeem(codes[0], BILL, "pos", redemption_id=key)
        assert first.redemption_id == again.redemption_id == key
        assert first.status is again.status is RedeemStatus.CONFIRMED
        assert len(till.day_book().redemptions) == 1
    finally:
        till.close()
        cable.close()
