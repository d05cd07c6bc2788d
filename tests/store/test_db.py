"""The till database: migrations from empty, WAL + synchronous=FULL, explicit BEGINs."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import event, inspect, select

from posapp.store.db import Database
from posapp.store.migrate import current_revision, head_revision
from posapp.store.models import Base, SyncStateRow


def test_an_empty_database_migrates_to_head_and_matches_the_models(tmp_path: Path) -> None:
    db = Database(tmp_path / "fresh.sqlite3")
    try:
        assert head_revision() is not None
        assert current_revision(db.engine) == head_revision()
        with db.engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diffs == []
        names = set(inspect(db.engine).get_table_names())
        assert {"rules", "codes", "users", "redemptions", "outbox", "conflicts"} <= names
    finally:
        db.close()


def test_opening_again_keeps_data_and_does_not_migrate_twice(tmp_path: Path) -> None:
    path = tmp_path / "till.sqlite3"
    db = Database(path)
    with db.write() as s:
        s.add(SyncStateRow(id=1, cursor="c-1", online=False, timezone="UTC", cutoff_hour=4))
    db.close()
    db = Database(path)
    try:
        with db.read() as s:
            assert s.scalar(select(SyncStateRow.cursor)) == "c-1"
    finally:
        db.close()


def test_wal_full_sync_and_foreign_keys_are_on(db: Database) -> None:
    assert db.pragma("journal_mode") == "wal"
    assert db.pragma("synchronous") == 2  # FULL
    assert db.pragma("foreign_keys") == 1
    assert db.integrity_check() == "ok"


def _statements(db: Database) -> list[str]:
    seen: list[str] = []

    @event.listens_for(db.engine, "before_cursor_execute")
    def record(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        seen.append(statement.strip().upper())

    return seen


def test_write_units_begin_immediate_and_reads_begin_deferred(db: Database) -> None:
    seen = _statements(db)
    with db.write() as s:
        s.add(SyncStateRow(id=1, online=False, timezone="UTC", cutoff_hour=4))
    with db.read() as s:
        s.get(SyncStateRow, 1)
    begins = [x for x in seen if x.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN DEFERRED"]


def test_a_failed_write_unit_leaves_nothing_behind(db: Database) -> None:
    with pytest.raises(RuntimeError), db.write() as s:
        s.add(SyncStateRow(id=1, online=False, timezone="UTC", cutoff_hour=4))
        s.flush()
        raise RuntimeError("power cut")
    with db.read() as s:
        assert s.get(SyncStateRow, 1) is None
