"""A rule head office moves away from a store stops being accepted there, offline too.

The till keeps the rule for its history and reversals, but a till that had synced it
must not go on accepting its codes from the cache once the service says it is gone.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from live import Admin, Cable, batch_codes, signed_cursor, two_store_till
from till_factories import rule_dict

from posapp.domain.basket import Basket
from posapp.domain.kinds import CouponKind
from posapp.domain.scope import StoreScope
from posapp.domain.verdicts import Reason
from posapp.settings import resolve_paths
from posapp.sync.client import CentralClient
from posapp.sync.results import RedeemStatus
from posapp.sync.service import TillService

BILL = Basket.from_total(15000)


def test_a_rule_moved_to_another_store_is_refused_here_even_offline(
    central: Any, tmp_path: Path
) -> None:
    admin = Admin(central.url, central.admin_token, central.db_url)
    cable = Cable(int(central.url.rsplit(":", 1)[1]))
    till = two_store_till(admin, tmp_path, cable.url)
    try:
        rule_id = f"r-{uuid.uuid4().hex[:8]}"
        admin.call("POST", "/v1/rules", json=rule_dict(rule_id, bearer=True))  # every store
        batch = admin.call("POST", f"/v1/rules/{rule_id}/batches", json={"count": 3})
        codes = batch_codes(admin.db_url, batch["batch_id"])
        assert till.sync_now().ok
        assert till.redeem(codes[0], BILL, "u1").status is RedeemStatus.CONFIRMED

        only_s7 = StoreScope(all_stores=False, store_ids=frozenset({"s7"}))
        admin.call(
            "PUT", f"/v1/rules/{rule_id}", json=rule_dict(rule_id, bearer=True, stores=only_s7)
        )
        assert till.sync_now().ok
        cable.unplug()  # offline, the till must not fall back on the rule it had
        till.sync_now()
        assert not till.status().online
        checked = till.check(codes[1], BILL)
        assert checked.verdict is not None and checked.verdict.reason is Reason.WRONG_STORE
        assert "Store 7 Riverside" in checked.message()
        refused = till.redeem(codes[1], BILL, "u1")
        assert refused.status is RedeemStatus.REFUSED and till.status().outbox_length == 0
        # The write-off made before the move is still in the day's tally, under its name.
        [kind] = [r for r in till.tally().rows if r.dimension == "kind"]
        assert kind.confirmed.count == 1

        cable.plug()
        admin.call("PUT", f"/v1/rules/{rule_id}", json=rule_dict(rule_id, bearer=True))
        assert till.sync_now().ok
        assert till.check(codes[1], BILL).ok  # back in scope: accepted again
    finally:
        till.close()
        cable.close()


def test_a_till_starting_from_nothing_gets_no_withdrawals(central: Any, tmp_path: Path) -> None:
    admin = Admin(central.url, central.admin_token, central.db_url)
    admin.store("s1", "Store 1")
    admin.store("s7", "Store 7 Riverside")
    rule_id = "moved-away"
    admin.call("POST", "/v1/rules", json=rule_dict(rule_id, bearer=True))
    only_s7 = StoreScope(all_stores=False, store_ids=frozenset({"s7"}))
    admin.call("PUT", f"/v1/rules/{rule_id}", json=rule_dict(rule_id, bearer=True, stores=only_s7))
    _, token = admin.till("s1")
    client = CentralClient(central.url, token)
    try:
        page = client.sync(None)
        kinds = {item["type"] for item in page["items"]}
        assert "rule_withdrawn" not in kinds and "rule" not in kinds
        # A till that had synced before the rule was made:
        later = client.sync(signed_cursor(central.db_url, 1))
        gone = [i["data"] for i in later["items"] if i["type"] == "rule_withdrawn"]
        assert gone == [{"id": rule_id, "stores": "Store 7 Riverside"}]
    finally:
        client.close()


def test_a_gift_moved_to_another_partner_is_refused_at_the_first(
    central: Any, tmp_path: Path
) -> None:
    admin = Admin(central.url, central.admin_token, central.db_url)
    for merchant_id, name in (("m1", "Blue Bottle Café"), ("m2", "Tea House")):
        admin.call("POST", "/v1/merchants", json={"id": merchant_id, "name": name})
    till_info = admin.call("POST", "/v1/tills", json={"name": "Partner till", "merchant_id": "m1"})
    names_m1 = StoreScope(all_stores=False, merchant_ids=frozenset({"m1"}))
    names_m2 = StoreScope(all_stores=False, merchant_ids=frozenset({"m2"}))
    admin.call(
        "POST", "/v1/rules", json=rule_dict("coffee", CouponKind.GIFT, bearer=True, stores=names_m1)
    )
    batch = admin.call("POST", "/v1/rules/coffee/batches", json={"count": 2})
    codes = batch_codes(admin.db_url, batch["batch_id"])
    till = TillService.open(resolve_paths(tmp_path / "partner"))
    try:
        till.register(central.url, till_info["token"])
        assert till.sync_now().ok
        assert till.check(codes[0], None).ok
        admin.call(
            "PUT",
            "/v1/rules/coffee",
            json=rule_dict("coffee", CouponKind.GIFT, bearer=True, stores=names_m2),
        )
        assert till.sync_now().ok
        checked = till.check(codes[0], None)
        assert checked.verdict is not None
        assert checked.verdict.reason is Reason.MERCHANT_NOT_ALLOWED
    finally:
        till.close()
