"""The till database: one engine, one session factory, explicit transactions.

pysqlite's own transaction handling begins transactions lazily and commits before DDL;
we switch it off (``isolation_level = None``) and emit BEGIN ourselves, as the SQLAlchemy
pysqlite docs advise ("Serializable isolation / Savepoints / Transactional DDL"). Write
units begin with ``BEGIN IMMEDIATE`` so two writers queue on the database lock up front
instead of failing half-way when a read lock cannot be upgraded.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

BEGIN_OPTION = "posapp_begin"
BUSY_TIMEOUT_S = 30.0


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cur.close()


def _on_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(path: Path) -> Engine:
    """Create the engine for the till database at path, with the transaction recipe."""
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
        pool_size=8,
        max_overflow=8,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


class Database:
    """The till database: open it once, then take a session per unit of work."""

    def __init__(self, path: Path, *, migrate: bool = True) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.engine = make_engine(self.path)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if migrate:
            from posapp.store.migrate import upgrade

            upgrade(self.engine)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit: a consistent snapshot, never blocks writers (WAL)."""
        with self._sessions() as session:
            session.connection(execution_options={BEGIN_OPTION: "DEFERRED"})
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write unit: BEGIN IMMEDIATE, committed when the block ends, rolled back on error."""
        with self._sessions() as session:
            session.connection(execution_options={BEGIN_OPTION: "IMMEDIATE"})
            try:
                yield session
            except BaseException:
                session.rollback()
                raise
            session.commit()

    def integrity_check(self) -> str:
        with self.engine.connect() as conn:
            return str(conn.exec_driver_sql("PRAGMA integrity_check").scalar())

    def pragma(self, name: str) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(text(f"PRAGMA {name}")).scalar()

    def close(self) -> None:
        self.engine.dispose()
