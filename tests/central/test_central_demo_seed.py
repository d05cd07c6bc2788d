"""The demo seed builds a world the GUI demo can show, through the admin API."""

from __future__ import annotations

from typing import Any

from central_helpers import Api

from posapp.central.demo_seed import seed_demo


def test_seed_demo(central_server: Any) -> None:
    out = seed_demo(central_server.url, central_server.admin_token)
    admin = Api(central_server.url, central_server.admin_token)
    till = Api(central_server.url, out["tills"]["store"]["token"])
    assert till.ok("get", "/v1/me")["acceptor"]["name"] == "Store 12 People's Square"
    for code in out["codes"]["redeemed"]:
        assert admin.ok("get", f"/v1/codes/{code}")["state"] == "redeemed"
    assert admin.ok("get", f"/v1/codes/{out['codes']['voided']}")["state"] == "voided"
    assert len(out["order"]["vouchers"]) == 2
    r = till.post("/v1/vouchers/verify", {"payload": out["payloads"]["expired"]})
    assert r.json()["code"] == "expired"
    assert till.post("/v1/vouchers/verify", {"payload": out["payloads"]["full_reduction"]}).ok
    kinds = {r["kind"] for r in admin.ok("get", "/v1/rules")}
    assert kinds == {"gift", "discount", "reduction"}
    assert {u["role"] for u in admin.ok("get", "/v1/users")} == {"cashier", "manager", "partner"}
