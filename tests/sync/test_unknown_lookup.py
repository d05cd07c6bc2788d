"""A code the till's cache does not know, scanned while online, is looked up before refusing.

A customer shows a coupon claimed a minute ago, or a voucher of another store: the cashier
should not be told "not known here, sync and scan again" when the till can find out itself.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from live import Admin, batch_codes, two_store_till
from till_factories import rule_dict

from posapp.domain.basket import Basket
from posapp.domain.kinds import CouponKind
from posapp.domain.scope import StoreScope
from posapp.domain.verdicts import Reason
from posapp.sync.results import RedeemStatus
from tests.shown import shown

BILL = Basket.from_total(15000)


def _rule_of_store(admin: Admin, store_id: str, count: int) -> list[str]:
    rule_id = f"r-{uuid.uuid4().hex[:8]}"
    scope = StoreScope(all_stores=False, store_ids=frozenset({store_id}))
    admin.call("POST", "/v1/rules", json=rule_dict(rule_id, bearer=True, stores=scope))
    batch = admin.call("POST", f"/v1/rules/{rule_id}/batches", json={"count": count})
    return batch_codes(admin.db_url, batch["batch_id"])


def test_a_code_made_after_the_last_sync_is_accepted_at_once(central: Any, tmp_path: Path) -> None:
    admin = Admin(central.url, central.admin_token, central.db_url)
    till = two_store_till(admin, tmp_path)
    try:
        fresh = _rule_of_store(admin, "s1", 2)  # after the till's sync
        checked = till.check(fresh[0], BILL)
        assert checked.ok, checked.message()
        # Straight to a write-off, as the till command line does, works the same way.
        done = till.redeem(fresh[1], BILL, "u1")
        assert done.status is RedeemStatus.CONFIRMED, done.message()
    finally:
        till.close()


def test_another_stores_signed_voucher_names_where_it_is_valid(
    central: Any, tmp_path: Path
) -> None:
    admin = Admin(central.url, central.admin_token, central.db_url)
    till = two_store_till(admin, tmp_path)
    try:
        theirs = _rule_of_store(admin, "s7", 1)[0]
        signed = admin.call("GET", f"/v1/codes/{theirs}/qr")["payload"]
        checked = till.check(signed, BILL)
        assert checked.verdict is not None and checked.verdict.reason is Reason.WRONG_STORE
        assert "Store 7 Riverside" in checked.message()
        assert "Store 7 Riverside" in shown(checked.refusal)
        refused = till.redeem(signed, BILL, "u1")
        assert refused.status is RedeemStatus.REFUSED
        assert refused.verdict is not None and refused.verdict.reason is Reason.WRONG_STORE
        # A plain code of that store, typed or scanned, is asked about just the same.
        plain = till.check(theirs, BILL)
        assert plain.verdict is not None and plain.verdict.reason is Reason.WRONG_STORE
        assert "Store 7 Riverside" in shown(plain.refusal)
    finally:
        till.close()


def test_a_partners_gift_scanned_in_a_store_names_the_partner(central: Any, tmp_path: Path) -> None:
    admin = Admin(central.url, central.admin_token, central.db_url)
    till = two_store_till(admin, tmp_path)
    try:
        mid = f"m-{uuid.uuid4().hex[:6]}"
        admin.call("POST", "/v1/merchants", json={"id": mid, "name": "Blue Bottle Café"})
        rule_id = f"r-{uuid.uuid4().hex[:8]}"
        scope = StoreScope(all_stores=False, merchant_ids=frozenset({mid}))
        admin.call(
            "POST", "/v1/rules", json=rule_dict(rule_id, CouponKind.GIFT, bearer=True, stores=scope)
        )
        batch = admin.call("POST", f"/v1/rules/{rule_id}/batches", json={"count": 1})
        gift = batch_codes(admin.db_url, batch["batch_id"])[0]
        signed = admin.call("GET", f"/v1/codes/{gift}/qr")["payload"]
        for scanned in (gift, signed):
            checked = till.check(scanned, BILL)
            assert checked.verdict is not None and checked.verdict.reason is Reason.PARTNER_ONLY
            said = shown(checked.refusal)
            assert "Blue Bottle Café" in said and "-." not in said
    finally:
        till.close()


def test_a_code_head_office_does_not_know_either_is_said_so(central: Any, tmp_path: Path) -> None:
    admin = Admin(central.url, central.admin_token, central.db_url)
    till = two_store_till(admin, tmp_path)
    try:
        theirs = _rule_of_store(admin, "s7", 1)[0]
        made_up = theirs[:-4] + ("AAAA" if not theirs.endswith("AAAA") else "BBBB")
        checked = till.check(made_up, BILL)
        assert checked.verdict is not None
        assert checked.verdict.reason in (Reason.UNKNOWN_CODE, Reason.CHECK_FAILED)
        assert checked.online
    finally:
        till.close()


def test_offline_an_unknown_code_is_refused_without_waiting(central: Any, tmp_path: Path) -> None:
    admin = Admin(central.url, central.admin_token, central.db_url)
    till = two_store_till(admin, tmp_path)
    try:
        fresh = _rule_of_store(admin, "s1", 1)[0]
        central.stop()
        till.sync_now()  # finds the service gone: the till now knows it is offline
        assert not till.status().online
        checked = till.check(fresh, BILL)
        # not "unknown": offline, the till cannot tell whether another store holds it
        assert checked.verdict is not None and checked.verdict.reason is Reason.UNKNOWN_OFFLINE
        assert "离线" in shown(checked.refusal)  # "offline", as the cashier reads it
        assert not checked.online
    finally:
        till.close()
