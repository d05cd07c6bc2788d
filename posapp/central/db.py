"""The service database: one engine, one session factory, explicit transactions.

SQLite: pysqlite's implicit transactions are switched off and we emit BEGIN ourselves;
write units use ``BEGIN IMMEDIATE`` so writers queue on the database lock up front
(writes serialise, which is also what makes claims and redemptions safe there).
PostgreSQL: READ COMMITTED; races are settled by conditional updates, unique
constraints and row locks, never by reading first and writing later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from posapp.dbkit import BEGIN_OPTION, BUSY_TIMEOUT_S, explicit_begins

# PostgreSQL errors a transaction may simply be run again after.
RETRYABLE_PGCODES = frozenset({"40001", "40P01"})  # serialization failure, deadlock
T = TypeVar("T")


def make_engine(url: str) -> Engine:
    """Create the engine for url (sqlite:///... or postgresql+psycopg://...)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        return create_engine(parsed)  # only for building the OpenAPI document
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            parsed,
            connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
            pool_size=8,
            max_overflow=16,
        )
        return explicit_begins(engine)
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    # No pre-ping: it would add a round trip to every unit of work; recycle stale ones instead.
    return create_engine(parsed, pool_size=10, max_overflow=20, pool_recycle=1800)


def is_retryable(error: BaseException) -> bool:
    """Tell whether error is a PostgreSQL deadlock or serialization failure."""
    if not isinstance(error, DBAPIError):
        return False
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return code in RETRYABLE_PGCODES


class Database:
    """Open it once per process; take a session per unit of work."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit: one consistent snapshot on SQLite, read committed on PostgreSQL."""
        # Closing (not rolling back) ends the transaction and keeps what was loaded readable.
        with self._sessions() as session:
            session.connection(execution_options={BEGIN_OPTION: "DEFERRED"})
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write unit: committed when the block ends, rolled back on any error."""
        with self._sessions() as session:
            session.connection(execution_options={BEGIN_OPTION: "IMMEDIATE"})
            try:
                yield session
            except BaseException:
                session.rollback()
                raise
            session.commit()

    def transact(self, work: Callable[[Session], T], attempts: int = 3) -> T:
        """Run work in a write unit, again if PostgreSQL broke a deadlock by aborting it."""
        for attempt in range(attempts):
            try:
                with self.write() as session:
                    return work(session)
            except DBAPIError as e:
                if attempt + 1 < attempts and is_retryable(e):
                    continue
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        self.engine.dispose()
