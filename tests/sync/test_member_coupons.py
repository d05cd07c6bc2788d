"""A member's coupons at the till: found by their code, id or phone; the seeds' order; the
best allowed combination written off in one step — and it works with the service gone."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from live import Admin, Cable
from till_factories import rule_dict

from posapp.domain.basket import Basket, Line
from posapp.domain.rule import FaceValue
from posapp.domain.threshold import Threshold, ThresholdKind
from posapp.domain.timeutil import utcnow
from posapp.domain.validity import FixedValidity
from posapp.domain.verdicts import Reason
from posapp.settings import resolve_paths
from posapp.sync.service import TillService

BILL = Basket(lines=(Line("A", 12000), Line("B", 20000)))  # 320.00


def _rule(admin: Admin, **head: Any) -> str:
    rule_id = f"r-{uuid.uuid4().hex[:6]}"
    admin.call("POST", "/v1/rules", json=rule_dict(rule_id, **head))
    admin.call("POST", f"/v1/rules/{rule_id}/batches", json={"count": 2})
    got = admin.call("POST", "/v1/issues", json={"rule_id": rule_id, "member_ids": ["m-7"]})
    return str(got["issued"][0]["code"])


def test_a_member_s_coupons_in_the_seeds_order_best_combination_and_offline(
    central: Any, tmp_path: Path
) -> None:
    admin = Admin(central.url, central.admin_token, central.db_url)
    admin.store("s1", "Store 1")
    _, token = admin.till("s1")
    admin.call(
        "POST", "/v1/members", json={"members": [{"id": "m-7", "phone": "+86 138 0000 0007"}]}
    )
    no_threshold = Threshold()
    fifty = _rule(admin, face_value=FaceValue.fixed(5000), threshold=no_threshold)
    twenty = _rule(admin, face_value=FaceValue.fixed(2000), threshold=no_threshold)
    thirty_alone = _rule(
        admin, face_value=FaceValue.fixed(3000), threshold=no_threshold, stackable=False
    )
    big_spend = _rule(admin, threshold=Threshold(ThresholdKind.AMOUNT, 50000))  # 500.00 needed
    now = utcnow()
    gone = FixedValidity(now - timedelta(days=10), now - timedelta(days=1))
    _rule(admin, validity=gone, threshold=no_threshold)  # expired: not listed at all
    qr = admin.call("GET", "/v1/members/m-7/qr")["payload"]
    port = int(central.url.rsplit(":", 1)[1])
    cable = Cable(port)
    till = TillService.open(resolve_paths(tmp_path / "till"))
    try:
        till.register(cable.url, token)
        assert till.sync_now().ok
        listed = till.member_coupons(qr, BILL)
        assert listed.member_id == "m-7" and listed.verdict is None
        assert [o.code for o in listed.options] == [fifty, thirty_alone, twenty, big_spend]
        assert [o.usable for o in listed.options] == [True, True, True, False]
        greyed = listed.options[-1].verdict
        assert greyed is not None and greyed.reason is Reason.THRESHOLD_NOT_MET
        # 50.00 first; 30.00 does not stack with it; 20.00 does.
        assert listed.best == (fifty, twenty) and listed.discount_cents == 7000
        # By phone (online), by id; the same list.
        assert (
            till.member_coupons("138-0000-0007".replace("138", "+86 138"), BILL).best == listed.best
        )
        assert till.member_coupons("m-7", BILL).best == listed.best
        cable.unplug()
        offline = till.member_coupons(qr, BILL)  # the signed code needs no network
        assert offline.best == listed.best
        by_phone = till.member_coupons("+86 138 0000 0007", BILL)
        assert (
            by_phone.verdict is not None and by_phone.verdict.reason is Reason.MEMBER_LOOKUP_OFFLINE
        )
        # One step writes the best combination off, offline too.
        done = till.redeem_order("bill-1", list(listed.best), BILL, "u1")
        assert [c for c, _ in done.written_off] == [fifty, twenty] and done.discount_cents == 7000
        left = till.member_coupons(qr, BILL)
        assert fifty not in [o.code for o in left.options]
    finally:
        till.close()
        cable.close()


def test_a_forged_or_unknown_member_code_is_refused_clearly(central: Any, tmp_path: Path) -> None:
    admin = Admin(central.url, central.admin_token, central.db_url)
    admin.store("s1", "Store 1")
    _, token = admin.till("s1")
    admin.call("POST", "/v1/members", json={"members": [{"id": "m-8"}]})
    qr = admin.call("GET", "/v1/members/m-8/qr")["payload"]
    with TillService.open(resolve_paths(tmp_path / "till")) as till:
        till.register(central.url, token)
        assert till.sync_now().ok
        forged = till.member_coupons(qr[:-4] + ("AAAA" if not qr.endswith("AAAA") else "BBBB"))
        assert forged.verdict is not None and forged.verdict.reason is Reason.FORGED
        nobody = till.member_coupons("+86 139 9999 9999")
        assert nobody.verdict is not None and nobody.verdict.reason is Reason.MEMBER_NOT_FOUND
        empty = till.member_coupons(qr)
        assert empty.member_id == "m-8" and empty.options == () and empty.verdict is None
