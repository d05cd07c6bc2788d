"""Signed vouchers: refused alike by the service and by `posapp.domain.signing`."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest
from central_helpers import World

from posapp.domain.signing import SignedVoucher, generate_keypair, sign_voucher, verify_voucher
from posapp.domain.timeutil import utcnow
from posapp.domain.verdicts import Verdict


def till_keys(world: World) -> tuple[dict[str, bytes], set[str]]:
    items, _ = world.till.sync_all()
    keys = [i["data"] for i in items if i["type"] == "key"]
    return (
        {k["kid"]: base64.b64decode(k["public_key"]) for k in keys},
        {k["kid"] for k in keys if k["revoked"]},
    )


def both(
    world: World, payload: str, revoked_codes: frozenset[str] = frozenset()
) -> tuple[str, str]:
    """The service's refusal code and the domain's, for the same payload."""
    r = world.till.post("/v1/vouchers/verify", {"payload": payload})
    service = "ok" if r.status_code == 200 else r.json()["code"]
    keys, revoked_kids = till_keys(world)
    local = verify_voucher(
        payload, keys, utcnow(), revoked_codes=revoked_codes, revoked_kids=revoked_kids
    )
    domain = local.reason.value if isinstance(local, Verdict) else "ok"
    assert isinstance(local, (SignedVoucher, Verdict))
    return service, domain


def qr(world: World, code: str) -> str:
    return world.admin.ok("get", f"/v1/codes/{code}/qr")["payload"]  # type: ignore[no-any-return]


def test_a_good_voucher_passes_both(world: World) -> None:
    payload = qr(world, world.codes[0])
    assert both(world, payload) == ("ok", "ok")
    got = world.till.ok("post", "/v1/vouchers/verify", {"payload": payload})
    assert got["code"] == world.codes[0] and got["info"]["state"] == "issued"


@pytest.mark.parametrize("position", [5, 14, 40, -3])
def test_a_tampered_byte_is_refused_by_both(world: World, position: int) -> None:
    payload = qr(world, world.codes[0])
    ch = payload[position]
    tampered = payload[:position] + ("A" if ch != "A" else "B") + payload[position + 1 :]
    if position == len(payload) - 1 or position < 0:
        tampered = payload[:position] + ("A" if ch != "A" else "B") + payload[position + 1 :]
    service, domain = both(world, tampered)
    assert service == domain
    assert service in ("forged", "unknown_key", "malformed")


def test_an_unknown_key_is_refused_by_both(world: World) -> None:
    kid, private, _ = generate_keypair()
    payload = sign_voucher(private, kid, world.codes[0], "R-300-20", None)
    assert both(world, payload) == ("unknown_key", "unknown_key")


def test_an_expired_voucher_is_refused_by_both(world: World) -> None:
    world.admin.ok(
        "post",
        "/v1/rules",
        {
            "id": "OLD",
            "name": "last month",
            "kind": "reduction",
            "face_value": {"min_cents": 500, "max_cents": 500},
            "validity": {
                "type": "fixed",
                "start": (datetime.now(UTC) - timedelta(days=40)).isoformat(),
                "end": (datetime.now(UTC) - timedelta(days=10)).isoformat(),
            },
            "body": {},
        },
    )
    code = world.admin.ok("post", "/v1/issues", {"rule_id": "OLD", "member_ids": ["m1"]})
    payload = qr(world, code["issued"][0]["code"])
    assert both(world, payload) == ("expired", "expired")


def test_a_voided_code_is_refused_by_both(world: World) -> None:
    payload = qr(world, world.codes[0])
    world.admin.ok("post", f"/v1/codes/{world.codes[0]}/void")
    items, _ = world.till.sync_all()
    voided = frozenset(
        i["data"]["code"] for i in items if i["type"] == "code" and i["data"]["state"] == "voided"
    )
    assert world.codes[0] in voided
    assert both(world, payload, voided) == ("revoked", "revoked")


def test_a_revoked_key_is_refused_by_both(world: World) -> None:
    payload = qr(world, world.codes[0])
    old_kid = payload.split(".")[1]
    world.admin.ok("post", "/v1/keys")
    world.admin.ok("post", f"/v1/keys/{old_kid}/revoke")
    assert both(world, payload) == ("revoked", "revoked")
    assert both(world, qr(world, world.codes[0])) == ("ok", "ok")  # signed by the new key


def test_a_revoked_till_token_is_refused_on_its_next_call(world: World) -> None:
    api, till_id = world.new_till()
    assert api.get("/v1/me").status_code == 200
    world.admin.ok("post", f"/v1/tills/{till_id}/revoke")
    for r in (api.get("/v1/me"), api.get("/v1/sync"), api.redeem(world.codes[0])):
        assert r.status_code == 401
        assert r.json()["code"] == "token_revoked"
    assert world.admin.ok("get", f"/v1/codes/{world.codes[0]}")["state"] == "issued"
