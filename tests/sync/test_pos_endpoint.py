"""The store's POS over the till's loopback endpoint: real HTTP, a real till database.

(The endpoint sits on the till service, so its tests live beside the till's.)
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from till_factories import Feed

from posapp.pos.server import PosEvent, PosServer
from posapp.pos.token import new_token, stored_digest
from posapp.sync.service import TillService

BASKET = {"lines": [{"sku": "RICE", "name": "Rice 5 kg", "unit_price_cents": 15000}]}


@pytest.fixture
def pos(till: TillService, tmp_path: Path) -> Iterator[tuple[PosServer, str, list[PosEvent]]]:
    token = new_token(tmp_path)
    digest = stored_digest(tmp_path)
    assert digest is not None and token not in digest
    events: list[PosEvent] = []
    server = PosServer(till, digest, on_event=events.append).start()
    yield server, token, events
    server.stop()


def call(server: PosServer, path: str, body: Any, token: str, **headers: str) -> requests.Response:
    h = {"Authorization": f"Bearer {token}"} | headers
    if isinstance(body, bytes):
        return requests.post(server.url + path, data=body, headers=h, timeout=10)
    return requests.post(server.url + path, json=body, headers=h, timeout=10)


def test_the_pos_checks_then_confirms_and_a_replayed_confirm_writes_off_once(
    pos: tuple[PosServer, str, list[PosEvent]], till: TillService, feed: Feed
) -> None:
    server, token, events = pos
    code = feed.codes["red"][0]
    checked = call(server, "/pos/v1/check", {"payload": code, "basket": BASKET}, token)
    assert checked.status_code == 200
    assert (
        checked.json() | {"ok": True, "discount_cents": 2000, "pay_cents": 13000} == checked.json()
    )
    key = str(uuid.uuid4())
    body = {"payload": code, "basket": BASKET, "cashier_id": "u1"}
    first = call(server, "/pos/v1/redeem", body, token, **{"Idempotency-Key": key})
    again = call(server, "/pos/v1/redeem", body, token, **{"Idempotency-Key": key})
    assert first.status_code == again.status_code == 201, first.text
    assert first.json()["redemption_id"] == again.json()["redemption_id"] == key
    assert len(till.day_book().redemptions) == 1 and len(till.queue()) == 1
    # The cashier's screen hears each call.
    assert [e.kind for e in events] == ["check", "redeem", "redeem"]
    # The same key for another coupon is refused, and writes nothing.
    other = {"payload": feed.codes["red"][1], "basket": BASKET, "cashier_id": "u1"}
    reused = call(server, "/pos/v1/redeem", other, token, **{"Idempotency-Key": key})
    assert (reused.status_code, reused.json()["code"]) == (422, "idempotency_key_reused")
    assert len(till.day_book().redemptions) == 1


def test_a_wrong_token_a_malformed_basket_and_a_missing_key_are_refused_clearly(
    pos: tuple[PosServer, str, list[PosEvent]], till: TillService, feed: Feed
) -> None:
    server, token, events = pos
    code = feed.codes["red"][0]
    r = call(server, "/pos/v1/check", {"payload": code, "basket": BASKET}, "wrong")
    assert (r.status_code, r.json()["code"]) == (401, "unauthorized")
    assert r.headers["Content-Type"] == "application/problem+json"
    r = call(server, "/pos/v1/check", b'{"payload": "x", "basket": {"lines": [', token)
    assert (r.status_code, r.json()["code"]) == (422, "validation_error")
    bad_price = {"payload": code, "basket": {"lines": [{"sku": "A", "unit_price_cents": "150.00"}]}}
    r = call(server, "/pos/v1/check", bad_price, token)
    assert r.status_code == 422 and "unit_price_cents" in r.json()["detail"]
    r = call(
        server, "/pos/v1/redeem", {"payload": code, "basket": BASKET, "cashier_id": "u1"}, token
    )
    assert (r.status_code, r.json()["code"]) == (400, "idempotency_key_missing")
    assert till.queue() == [] and events == []


def test_the_endpoint_never_listens_beyond_this_machine(till: TillService) -> None:
    for host in ("0.0.0.0", "192.168.1.20", "::", "example.com"):
        with pytest.raises(ValueError, match="this machine only"):
            PosServer(till, "digest", host=host)
