"""The till database: one engine, one session factory, explicit transactions.

The SQLite recipe (WAL, synchronous=FULL, our own BEGINs, IMMEDIATE for writes) is
posapp.dbkit's, shared with the service.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from posapp.dbkit import BEGIN_OPTION, BUSY_TIMEOUT_S, explicit_begins


def make_engine(path: Path) -> Engine:
    """Create the engine for the till database at path, with the transaction recipe."""
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
        pool_size=8,
        max_overflow=8,
    )
    return explicit_begins(engine)


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
