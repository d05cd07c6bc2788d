"""posapp.dbkit's Database and instant column, on SQLite and PostgreSQL: what both the till and
the service rely on."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, ClassVar

import pytest
from sqlalchemy import Engine, String, create_engine, select, text
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from posapp.dbkit.database import Database, is_retryable
from posapp.dbkit.schema import annotation_types, naming_metadata
from posapp.dbkit.sqlite import sqlite_engine

SHANGHAI = timezone(timedelta(hours=8))


class Base(DeclarativeBase):
    metadata = naming_metadata()
    type_annotation_map: ClassVar[dict[Any, Any]] = annotation_types()


class Thing(Base):
    __tablename__ = "things"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    at: Mapped[datetime | None]
    extra: Mapped[dict[str, Any] | None]


def _engine(url: str) -> Engine:
    return sqlite_engine(url) if url.startswith("sqlite") else create_engine(url)


@pytest.fixture
def db(db_url: str, tmp_path: Path) -> Iterator[Database]:
    database = Database(_engine(db_url), tmp_path / "no-migrations")
    Base.metadata.create_all(database.engine)
    yield database
    database.close()


def test_rows_read_in_a_unit_stay_readable_after_it(db: Database) -> None:
    at = datetime(2026, 11, 23, 14, 2, tzinfo=SHANGHAI)
    with db.write() as s:
        s.add(Thing(id=1, name="tote bag", at=at, extra={"sku": "GIFT-1"}))
    with db.read() as s:
        thing = s.get(Thing, 1)
        listed = s.scalars(select(Thing)).all()
    # Callers use what a read unit returned after the block: nothing may be expired.
    assert thing is not None
    assert (thing.name, thing.at, thing.extra) == ("tote bag", at, {"sku": "GIFT-1"})
    assert [t.name for t in listed] == ["tote bag"]


def test_a_read_unit_leaves_no_transaction_open(db: Database) -> None:
    with db.write() as s:
        s.add(Thing(id=1, name="a"))
    with db.read() as s:
        s.get(Thing, 1)
        assert db.engine.pool.checkedout() == 1  # type: ignore[attr-defined]
    assert db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    with pytest.raises(RuntimeError), db.read() as s:
        s.get(Thing, 1)
        raise RuntimeError("the caller failed half-way")
    # Back in the pool, whose reset on return ends the transaction: no snapshot left pinned.
    assert db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_a_failed_write_unit_leaves_nothing_behind(db: Database) -> None:
    with pytest.raises(RuntimeError), db.write() as s:
        s.add(Thing(id=1, name="a"))
        s.flush()
        raise RuntimeError("power cut")
    with db.read() as s:
        assert s.get(Thing, 1) is None


def test_instants_come_back_aware_utc_and_naive_ones_are_refused(db: Database) -> None:
    at = datetime(2026, 11, 23, 14, 2, 3, 456000, tzinfo=SHANGHAI)
    with db.write() as s:
        s.add(Thing(id=1, name="a", at=at))
    with db.read() as s:
        back = s.scalar(select(Thing.at))
    assert back == at
    assert back is not None and back.tzinfo is UTC and back.hour == 6

    with pytest.raises(StatementError, match="naive datetime"), db.write() as s:
        s.add(Thing(id=2, name="b", at=datetime(2026, 11, 23, 14, 2)))
    with db.read() as s:
        assert s.get(Thing, 2) is None


def test_sqlite_keeps_instants_as_utc_wall_time(tmp_path: Path) -> None:
    # The same text a plain DateTime() writes: till databases made before the shared type
    # read back unchanged.
    db = Database(sqlite_engine(f"sqlite:///{tmp_path / 'k.sqlite3'}"), tmp_path)
    try:
        Base.metadata.create_all(db.engine)
        with db.write() as s:
            s.add(Thing(id=1, name="a", at=datetime(2026, 11, 23, 14, 2, tzinfo=SHANGHAI)))
        with db.engine.connect() as conn:
            stored = conn.execute(text("SELECT at FROM things")).scalar_one()
        assert stored == "2026-11-23 06:02:00.000000"
    finally:
        db.close()


class _Aborted(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _pg_error(sqlstate: str) -> DBAPIError:
    return DBAPIError("UPDATE codes ...", {}, _Aborted(sqlstate))


@pytest.mark.parametrize("sqlstate", ["40001", "40P01"])
def test_transact_runs_work_again_after_a_deadlock_or_serialization_failure(
    db: Database, sqlstate: str
) -> None:
    calls: list[int] = []

    def work(s: Session) -> str:
        calls.append(len(calls))
        s.add(Thing(id=len(calls), name=f"attempt {len(calls)}"))
        if len(calls) == 1:
            s.flush()
            raise _pg_error(sqlstate)
        return "done"

    assert db.transact(work) == "done"
    assert calls == [0, 1]
    with db.read() as s:  # the aborted attempt left nothing
        assert [t.name for t in s.scalars(select(Thing))] == ["attempt 2"]


def test_transact_gives_up_after_its_attempts_and_never_retries_other_errors(
    db: Database,
) -> None:
    calls: list[str] = []

    def deadlocks(s: Session) -> None:
        calls.append("deadlock")
        raise _pg_error("40P01")

    with pytest.raises(DBAPIError):
        db.transact(deadlocks, attempts=3)
    assert calls == ["deadlock"] * 3

    calls.clear()

    def violates(s: Session) -> None:
        calls.append("unique")
        raise _pg_error("23505")  # unique violation: running it again cannot help

    with pytest.raises(DBAPIError):
        db.transact(violates)
    assert calls == ["unique"]
    assert not is_retryable(ValueError("40P01"))
