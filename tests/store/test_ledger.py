"""Write-offs, their outbox rows and the one-live-write-off-per-code guard."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from posapp.store.db import Database
from posapp.store.ledger import (
    CodeAlreadyRedeemedHere,
    NewLine,
    NewRedemption,
    add_redemption,
    live_redemption,
    outbox_length,
    unconfirmed_exposure,
)
from posapp.store.models import OutboxRow, RedemptionLineRow, RedemptionRow, RedemptionStatus

NOW = datetime(2024, 5, 1, 6, 0, tzinfo=UTC)


def new(code: str = "CODE1", **fields: object) -> NewRedemption:
    values: dict[str, object] = {
        "id": str(uuid.uuid4()),
        "code": code,
        "rule_id": "r1",
        "kind": "reduction",
        "cashier_id": "u1",
        "channel": "store",
        "order_no": None,
        "amount_cents": 18000,
        "discount_cents": 2000,
        "value_cents": 2000,
        "redeemed_at": NOW,
        "offline": True,
        "lines": (
            NewLine("A", "", 1, 5000, 556),
            NewLine("B", "", 1, 6000, 667),
            NewLine("C", "", 1, 7000, 777),
        ),
    }
    values.update(fields)
    return NewRedemption(**values)  # type: ignore[arg-type]


def test_write_off_lines_and_outbox_row_commit_together(db: Database) -> None:
    n = new()
    with db.write() as s:
        add_redemption(s, n, {"code": n.code})
    with db.read() as s:
        row = s.get(RedemptionRow, n.id)
        assert row is not None and row.status == RedemptionStatus.PENDING.value
        assert [(x.sku, x.share_cents) for x in row.lines] == [("A", 556), ("B", 667), ("C", 777)]
        assert outbox_length(s) == 1
        assert unconfirmed_exposure(s) == (1, 2000)


def test_a_write_off_rolled_back_leaves_no_outbox_row_and_vice_versa(db: Database) -> None:
    with pytest.raises(RuntimeError), db.write() as s:
        add_redemption(s, new(), {})
        raise RuntimeError("crash before commit")
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(RedemptionRow)) == 0
        assert s.scalar(select(func.count()).select_from(OutboxRow)) == 0
        assert s.scalar(select(func.count()).select_from(RedemptionLineRow)) == 0


def test_the_same_code_cannot_be_written_off_twice(db: Database) -> None:
    with db.write() as s:
        add_redemption(s, new("DUP"), {})
    with pytest.raises(CodeAlreadyRedeemedHere), db.write() as s:
        add_redemption(s, new("DUP"), {})
    with db.read() as s:
        assert outbox_length(s) == 1


def test_a_reversed_write_off_frees_the_code(db: Database) -> None:
    first = new("BACK")
    with db.write() as s:
        add_redemption(s, first, {})
    with db.write() as s:
        row = s.get(RedemptionRow, first.id)
        assert row is not None
        row.status = RedemptionStatus.REVERSED.value
    with db.write() as s:
        add_redemption(s, new("BACK"), {})
    with db.read() as s:
        live = live_redemption(s, "BACK")
        assert live is not None and live.id != first.id


@pytest.mark.parametrize("separate_connections", [False, True])
def test_two_threads_racing_for_one_code_give_exactly_one_write_off(
    tmp_path: Path, separate_connections: bool
) -> None:
    """Twenty codes, two threads each, released together: one winner per code, always."""
    path = tmp_path / "race.sqlite3"
    dbs = [Database(path), Database(path) if separate_connections else None]
    first = dbs[0]
    assert first is not None
    codes = [f"RACE{i:02d}" for i in range(20)]
    wins: list[str] = []
    losses: list[str] = []
    lock = threading.Lock()

    def worker(db: Database, barrier: threading.Barrier, code: str) -> None:
        barrier.wait()
        try:
            with db.write() as s:
                add_redemption(s, new(code), {})
            outcome = wins
        except CodeAlreadyRedeemedHere:
            outcome = losses
        with lock:
            outcome.append(code)

    for code in codes:
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=worker, args=(db or first, barrier, code)) for db in dbs]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
    assert sorted(wins) == codes
    assert sorted(losses) == codes
    with first.read() as s:
        assert s.scalar(select(func.count()).select_from(RedemptionRow)) == 20
        assert outbox_length(s) == 20
    for db in dbs:
        if db is not None:
            db.close()
