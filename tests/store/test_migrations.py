"""Till migrations: a database with rows at any past revision opens at head with its rows, and
a difference between models and migrations does not go unnoticed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from migration_rows import INSTANT, Rows, check_rows, insert_rows, metadata_copy
from sqlalchemy import Column, Integer, String

from posapp.dbkit.autogen import check_migrations, differences
from posapp.dbkit.migrations import revisions
from posapp.domain.code import CodeState, RedeemedAt
from posapp.domain.kinds import CouponKind, ReductionBody
from posapp.domain.rule import FaceValue, Rule, RuleHead, RuleId, rule_to_dict
from posapp.store import cache
from posapp.store.db import Database, make_engine
from posapp.store.migrate import MIGRATIONS, head_revision, upgrade
from posapp.store.models import Base, RedemptionRow

REDEEMED = datetime(2026, 11, 23, 14, 2, tzinfo=UTC)
RULE = Rule(
    RuleHead(
        id=RuleId("R1"),
        name="300 off 20",
        kind=CouponKind.REDUCTION,
        face_value=FaceValue.fixed(2000),
        version=3,
    ),
    ReductionBody(),
)
REDEMPTION = "6f1c2a8e-3b0d-4c55-9f7e-2d2b8f1e0a11"

# What a till that has redeemed a coupon offline and met a conflict holds. Columns a revision
# does not have yet are left out for it; columns and tables not named here get filled in.
TILL_ROWS: Rows = {
    "rules": {
        "id": "R1",
        "kind": "reduction",
        "name": "300 off 20",
        "version": 3,
        "data": rule_to_dict(RULE),
        "synced_at": INSTANT,
        "withdrawn": None,
    },
    "codes": {
        "code": "Q7KX3MPA2B9C",
        "rule_id": "R1",
        "batch_id": "B1",
        "state": "redeemed",
        "face_value_cents": 2000,
        "member_id": "M1",
        "received_at": INSTANT,
        "order_no": "O-1",
        "redeemed_at": REDEEMED,
        "redeemed_store": "Store 12",
        "redeemed_till": "T1",
    },
    "users": {
        "id": "U1",
        "name": "Wang Fang",
        "role": "cashier",
        "pin_hash": "pbkdf2_sha256$1$salt$hash",
        "active": True,
    },
    "login_failures": {"user_id": "U1", "failures": 2, "locked_until": REDEEMED},
    "public_keys": {
        "kid": "k1",
        "public_key": "MCowBQYDK2VwAyEA",
        "created_at": INSTANT,
        "revoked": False,
    },
    "redemptions": {
        "id": REDEMPTION,
        "code": "Q7KX3MPA2B9C",
        "rule_id": "R1",
        "kind": "reduction",
        "cashier_id": "U1",
        "channel": "store",
        "order_no": "O-1",
        "amount_cents": 32000,
        "discount_cents": 2000,
        "value_cents": 2000,
        "redeemed_at": REDEEMED,
        "offline": True,
        "status": "conflict",
        "server_answer": {"status": "conflict", "code": "already_redeemed"},
        "answered_at": REDEEMED,
        "server_id": None,
        "reversed_at": None,
        "reversal": None,
    },
    "redemption_lines": {
        "redemption_id": REDEMPTION,
        "idx": 0,
        "sku": "A-1",
        "amount_cents": 32000,
        "share_cents": 2000,
    },
    "outbox": {
        "id": 7,
        "redemption_id": REDEMPTION,
        "op": "redeem",
        "body": {"id": REDEMPTION, "code": "Q7KX3MPA2B9C"},
        "created_at": REDEEMED,
        "attempts": 3,
        "next_attempt_at": REDEEMED,
        "last_error": "connection refused",
    },
    "conflicts": {
        "id": 4,
        "redemption_id": REDEMPTION,
        "kind": "conflict",
        "reason": "already_redeemed",
        "problem": {"code": "already_redeemed", "store": "Store 9"},
        "created_at": REDEEMED,
        "resolved_at": None,
        "resolved_by": None,
        "resolution": None,
    },
    "sync_state": {
        "id": 1,
        "cursor": "c-42",
        "last_sync_at": INSTANT,
        "keys_synced_at": INSTANT,
        "last_contact_at": REDEEMED,
        "online": False,
        "last_error": None,
        "till_id": "T1",
        "till_name": "Till 1",
        "acceptor": {"kind": "store", "id": "S12", "name": "Store 12"},
        "timezone": "Asia/Shanghai",
        "cutoff_hour": 4,
        "policy": {"max_cache_age_s": 86400},
    },
}


@pytest.mark.parametrize("revision", revisions(MIGRATIONS))
def test_a_till_database_with_rows_at_any_revision_opens_at_head_with_them(
    tmp_path: Path, revision: str
) -> None:
    path = tmp_path / "till.sqlite3"
    engine = make_engine(path)
    try:
        upgrade(engine, revision)
        with engine.begin() as conn:
            written = insert_rows(conn, TILL_ROWS)
    finally:
        engine.dispose()
    assert {"rules", "codes", "redemptions", "outbox", "sync_state"} <= set(written)

    db = Database(path)  # what a till does on start: migrate to head on open
    try:
        assert db.revision() == head_revision()
        with db.read() as s:
            assert check_rows(s, Base, written) == []
            code = cache.get_code(s, "Q7KX3MPA2B9C")
            rule = cache.get_rule(s, "R1")
            redemption = s.get(RedemptionRow, REDEMPTION)
            assert redemption is not None
            shares = [line.share_cents for line in redemption.lines]
        assert db.integrity_check() == "ok"
    finally:
        db.close()
    assert code is not None and code.state is CodeState.REDEEMED
    assert code.redeemed == RedeemedAt(REDEEMED, "Store 12", "T1")
    assert rule == RULE
    assert shares == [2000]


def test_the_migrations_give_the_till_models(tmp_path: Path) -> None:
    assert check_migrations(MIGRATIONS, Base.metadata) == []


def test_a_model_the_migrations_do_not_have_is_reported(tmp_path: Path) -> None:
    # The comparison must be able to fail, or the tests above prove nothing.
    models = metadata_copy(Base.metadata)
    models.tables["codes"].append_column(Column("note", String(200)))
    models.tables["rules"].c["version"].nullable = True
    problems = check_migrations(MIGRATIONS, models)
    assert "column codes.note is in the models but not in the database" in problems
    assert "column rules.version is NOT NULL in the database but nullable in the models" in problems

    db = Database(tmp_path / "till.sqlite3")
    try:
        with db.engine.connect() as conn:
            assert differences(conn, Base.metadata) == []
            models = metadata_copy(Base.metadata)
            models.tables["sync_state"].append_column(Column("lane", Integer))
            assert [d[0] for d in differences(conn, models)] == ["add_column"]
    finally:
        db.close()


def test_a_row_lost_or_changed_on_the_way_is_reported(tmp_path: Path) -> None:
    db = Database(tmp_path / "till.sqlite3")
    try:
        with db.engine.begin() as conn:
            written = insert_rows(conn, TILL_ROWS)
            conn.exec_driver_sql("DELETE FROM login_failures")
            conn.exec_driver_sql("UPDATE codes SET redeemed_store = 'Store 9'")
        with db.read() as s:
            assert check_rows(s, Base, written) == [
                "codes.redeemed_store: wrote 'Store 12', read 'Store 9'",
                "login_failures ('U1',) is gone",
            ]
    finally:
        db.close()
