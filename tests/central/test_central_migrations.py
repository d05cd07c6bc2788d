"""Migrations take an empty database to head, and head matches the models; a database with
rows at any past revision upgrades with them; several workers migrate one after the other."""

from __future__ import annotations

import multiprocessing
import os
from datetime import UTC, datetime
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from migration_rows import INSTANT, Rows, check_rows, insert_rows, metadata_copy
from sqlalchemy import Column, String, func, inspect, select, text

from posapp.central.db import Database
from posapp.central.migrate import MIGRATIONS, current_revision, head_revision, upgrade
from posapp.central.models import Base, ChangeCounter, CodeRow, RuleRow
from posapp.dbkit.autogen import check
from posapp.dbkit.migrations import revisions
from posapp.domain.code import CodeInfo, CodeState, RedeemedAt
from posapp.domain.kinds import CouponKind, ReductionBody
from posapp.domain.rule import FaceValue, Rule, RuleHead, RuleId, rule_from_dict, rule_to_dict


def test_empty_database_migrates_to_head_matching_the_models(db_url: str) -> None:
    db = Database(db_url)
    try:
        assert current_revision(db.engine) is None
        upgrade(db.engine)
        assert current_revision(db.engine) == head_revision()
        upgrade(db.engine)  # again: a no-op
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
            assert diff == [], diff
            assert conn.execute(text("SELECT value FROM change_counter")).scalar_one() == 0
        tables = set(inspect(db.engine).get_table_names())
        assert {"codes", "redemptions", "idempotency_keys", "change_counter"} <= tables
    finally:
        db.close()


REDEEMED = datetime(2026, 11, 23, 14, 2, tzinfo=UTC)
LATER = datetime(2099, 1, 1, tzinfo=UTC)  # not purged as expired on the next start
RULE = Rule(
    RuleHead(
        id=RuleId("R1"),
        name="300 off 20",
        kind=CouponKind.REDUCTION,
        face_value=FaceValue.fixed(2000),
    ),
    ReductionBody(),
)
REDEMPTION = "6f1c2a8e-3b0d-4c55-9f7e-2d2b8f1e0a11"

# A service that has a store with a till, a partner merchant, a rule with a batch, and one code
# redeemed through an idempotency key. Columns and tables not named here get filled in.
SERVICE_ROWS: Rows = {
    "admin_tokens": {"token_hash": "a" * 64, "created_at": INSTANT},
    "signing_keys": {
        "kid": "k1",
        "private_key": b"\x01" * 32,
        "public_key": b"\x02" * 32,
        "created_at": INSTANT,
        "revoked": False,
        "seq": 1,
    },
    "stores": {
        "id": "S12",
        "name": "Store 12 People's Square",
        "timezone": "Asia/Shanghai",
        "cutoff_hour": 4,
        "offline_policy": {"max_offline_count": 50},
        "seq": 2,
        "created_at": INSTANT,
    },
    "merchants": {
        "id": "M7",
        "name": "Tea House",
        "timezone": "Asia/Shanghai",
        "cutoff_hour": 4,
        "offline_policy": {},
        "seq": 3,
        "created_at": INSTANT,
    },
    "tills": {
        "id": "T1",
        "name": "Till 1",
        "store_id": "S12",
        "merchant_id": None,  # exactly one acceptor (ck_tills_one_acceptor)
        "token_hash": "t" * 64,
        "created_at": INSTANT,
        "revoked_at": None,
    },
    "users": {
        "id": "U1",
        "name": "Wang Fang",
        "role": "cashier",
        "pin_hash": "pbkdf2_sha256$1$salt$hash",
        "store_id": "S12",
        "merchant_id": None,
        "active": True,
        "seq": 4,
        "created_at": INSTANT,
    },
    "rules": {
        "id": "R1",
        "name": "300 off 20",
        "kind": "reduction",
        "data": rule_to_dict(RULE),
        "version": 1,
        "total_issue": 1000,
        "issued_count": 1,
        "seq": 5,
        "created_at": INSTANT,
        "updated_at": INSTANT,
    },
    "batches": {"id": "B1", "rule_id": "R1", "count": 1, "created_at": INSTANT},
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
        "redeemed_store_name": "Store 12 People's Square",
        "redeemed_till_id": "T1",
        "redemption_id": REDEMPTION,
        "seq": 6,
    },
    "member_claims": {"rule_id": "R1", "member_id": "M1", "count": 1},
    "orders": {"order_no": "O-1", "member_id": "M1", "created_at": INSTANT},
    "redemptions": {
        "id": REDEMPTION,
        "till_id": "T1",
        "code": "Q7KX3MPA2B9C",
        "rule_id": "R1",
        "rule_version": 1,
        "channel": "store",
        "cashier_id": "U1",
        "order_no": "O-1",
        "redeemed_at": REDEEMED,
        "recorded_at": REDEEMED,
        "amount_cents": 32000,
        "discount_cents": 2000,
        "lines": [{"sku": "A-1", "amount_cents": 32000, "share_cents": 2000}],
        "store_id": "S12",
        "merchant_id": None,
        "acceptor_name": "Store 12 People's Square",
        "status": "accepted",
        "reversed_at": None,
        "reversal": None,
    },
    "idempotency_keys": {
        "till_id": "T1",
        "key": REDEMPTION,
        "fingerprint": "f" * 64,
        "state": "done",
        "status_code": 201,
        "response": {"status": "accepted", "id": REDEMPTION},
        "created_at": REDEEMED,
        "locked_at": REDEEMED,
        "expires_at": LATER,
    },
}


@pytest.mark.parametrize("revision", revisions(MIGRATIONS))
def test_a_service_database_with_rows_at_any_revision_upgrades_with_them(
    db_url: str, revision: str
) -> None:
    db = Database(db_url)
    try:
        db.upgrade(revision)
        with db.engine.begin() as conn:
            written = insert_rows(conn, SERVICE_ROWS)
        assert {"stores", "tills", "rules", "codes", "redemptions"} <= set(written)
        db.upgrade()  # what `posapp server` does on start
        assert db.revision() == head_revision()
        with db.read() as s:
            assert check_rows(s, Base, written) == []
            code = s.get(CodeRow, "Q7KX3MPA2B9C")
            assert code is not None
            info = CodeInfo.from_row(code)
            rule = s.get(RuleRow, "R1")
            assert rule is not None
            assert rule_from_dict(rule.data) == RULE
            assert s.scalar(select(ChangeCounter.value)) == 0  # the migration's own row
    finally:
        db.close()
    assert info.state is CodeState.REDEEMED
    assert info.redeemed == RedeemedAt(REDEEMED, "Store 12 People's Square", "T1")


def test_a_model_the_migrations_do_not_have_is_reported(db_url: str) -> None:
    # The comparison must be able to fail, or the tests above prove nothing.
    db = Database(db_url)
    try:
        db.upgrade()
        assert check(db.engine, MIGRATIONS, Base.metadata) == []
        models = metadata_copy(Base.metadata)
        models.tables["redemptions"].append_column(Column("terminal", String(64)))
        models.tables["stores"].c["timezone"].nullable = True
        models.remove(models.tables["orders"])
        problems = check(db.engine, MIGRATIONS, models)
        assert "column redemptions.terminal is in the models but not in the database" in problems
        assert (
            "column stores.timezone is NOT NULL in the database but nullable in the models"
            in problems
        )
        assert "table orders is in the database but not in the models" in problems
    finally:
        db.close()


def test_a_database_behind_head_is_reported_as_such(db_url: str) -> None:
    db = Database(db_url)
    try:
        assert check(db.engine, MIGRATIONS, Base.metadata) == [
            f"the database is at no revision (never migrated); the migrations' head is "
            f"{head_revision()}"
        ]
    finally:
        db.close()


def _start_worker(url: str, start: Any, out: Any) -> None:
    db = Database(url)
    try:
        start.wait(timeout=30)
        db.upgrade()
        out.put(db.revision())
    except BaseException as e:
        out.put(repr(e))
    finally:
        db.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_workers_starting_at_once_migrate_one_after_the_other(db_url: str) -> None:
    # Several `posapp server` worker processes on one fresh database: the lock makes all but
    # one wait and then find the schema at head, instead of creating the tables twice.
    workers = 4
    mp = multiprocessing.get_context("fork")
    start, out = mp.Barrier(workers), mp.Queue()
    procs = [mp.Process(target=_start_worker, args=(db_url, start, out)) for _ in range(workers)]
    for p in procs:
        p.start()
    try:
        answers = [out.get(timeout=120) for _ in procs]
    finally:
        for p in procs:
            p.join(timeout=30)
    assert answers == [head_revision()] * workers
    db = Database(db_url)
    try:
        with db.read() as s:
            assert s.scalar(select(func.count()).select_from(ChangeCounter)) == 1
    finally:
        db.close()
