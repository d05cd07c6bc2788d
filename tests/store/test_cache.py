"""The cached rules, codes, users and keys, as the sync feed writes them."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

from posapp.domain.code import CodeState
from posapp.domain.kinds import CouponKind, ReductionBody
from posapp.domain.pins import hash_pin, verify_pin
from posapp.domain.rule import FaceValue, Rule, RuleHead, RuleId, rule_to_dict
from posapp.store import cache
from posapp.store.db import Database
from posapp.store.models import UserRow
from posapp.store.state import clear_wrong_pins, locked_until, record_wrong_pin
from posapp.wire.feed import CodeData, KeyData, UserData

NOW = datetime(2024, 5, 1, 6, 0, tzinfo=UTC)


def rule(version: int = 1, name: str = "20 off 100") -> dict[str, object]:
    head = RuleHead(
        id=RuleId("r1"),
        name=name,
        kind=CouponKind.REDUCTION,
        face_value=FaceValue.fixed(2000),
        version=version,
    )
    return rule_to_dict(Rule(head, ReductionBody()))


def code(c: str, state: str = "issued", **extra: object) -> CodeData:
    d: dict[str, object] = {
        "code": c,
        "rule_id": "r1",
        "batch_id": "b1",
        "state": state,
        "face_value_cents": 2000,
        "member_id": "m1",
        "received_at": "2024-04-01T00:00:00Z",
        "order_no": None,
        "redeemed": None,
    }
    d.update(extra)
    return CodeData.model_validate(d)


def test_rules_round_trip_and_a_new_version_replaces_the_old(db: Database) -> None:
    with db.write() as s:
        cache.upsert_rules(s, [rule()], NOW)
    with db.write() as s:
        cache.upsert_rules(s, [rule(version=2, name="renamed")], NOW)
    with db.read() as s:
        got = cache.get_rule(s, "r1")
        assert got is not None and got.head.name == "renamed" and got.head.version == 2
        assert cache.get_rule(s, "nope") is None


def test_codes_round_trip_with_redeemed_facts_and_orders(db: Database) -> None:
    redeemed = {"at": "2024-04-30T10:02:00Z", "store_name": "Store 12", "till_id": "t9"}
    with db.write() as s:
        cache.upsert_codes(s, [code("AAA"), code("BBB", "redeemed", redeemed=redeemed)])
        cache.upsert_codes(s, [code("CCC", order_no="ORD-1"), code("AAA", "voided")])
    with db.read() as s:
        a, b = cache.get_code(s, "AAA"), cache.get_code(s, "BBB")
        assert a is not None and a.state is CodeState.VOIDED
        assert b is not None and b.redeemed is not None
        assert b.redeemed.store_name == "Store 12"
        assert b.redeemed.at == datetime(2024, 4, 30, 10, 2, tzinfo=UTC)
        assert [c.code for c in cache.codes_of_order(s, "ORD-1")] == ["CCC"]
        assert cache.count_codes(s) == 3


def test_users_keep_only_pin_hashes(db: Database) -> None:
    h = hash_pin("4321")
    with db.write() as s:
        user = {"id": "u1", "name": "Li Na", "role": "cashier", "pin_hash": h}
        cache.upsert_users(s, [UserData.model_validate(user)])
    with db.read() as s:
        row = cache.find_user(s, "li na")
        assert row is not None and row.id == "u1"
        assert "4321" not in row.pin_hash and verify_pin("4321", row.pin_hash)
        assert s.get(UserRow, "u1") is not None


def test_revoked_keys_are_not_trusted(db: Database) -> None:
    raw = base64.b64encode(b"k" * 32).decode()
    keys = [
        {"kid": "AAAAAAAA", "public_key": raw, "created_at": "2024-01-01T00:00:00Z"},
        {
            "kid": "BBBBBBBB",
            "public_key": raw,
            "created_at": "2024-01-01T00:00:00Z",
            "revoked": True,
        },
    ]
    with db.write() as s:
        cache.upsert_keys(s, [KeyData.model_validate(k) for k in keys])
    with db.read() as s:
        assert set(cache.public_keys(s)) == {"AAAAAAAA"}
        assert cache.revoked_kids(s) == frozenset({"BBBBBBBB"})


def test_wrong_pins_lock_a_user_out_for_a_while(db: Database) -> None:
    for i in range(4):
        with db.write() as s:
            failures, until = record_wrong_pin(s, "u1", NOW, 5, timedelta(minutes=5))
        assert (failures, until) == (i + 1, None)
    with db.write() as s:
        failures, until = record_wrong_pin(s, "u1", NOW, 5, timedelta(minutes=5))
    assert until == NOW + timedelta(minutes=5)
    with db.read() as s:
        assert locked_until(s, "u1", NOW + timedelta(minutes=4)) == until
        assert locked_until(s, "u1", NOW + timedelta(minutes=6)) is None
    with db.write() as s:
        clear_wrong_pins(s, "u1")
    with db.read() as s:
        assert locked_until(s, "u1", NOW) is None
