"""The Database both the till and the service open: one engine, one session factory, and a
session per unit of work.

SQLite: write units ``BEGIN IMMEDIATE`` (posapp.dbkit.sqlite), so writers queue on the
database lock up front; reads ``BEGIN DEFERRED`` and, in WAL, never block the writer.
PostgreSQL: READ COMMITTED; races are settled by conditional updates, unique constraints and
row locks, never by reading first and writing later, and ``transact`` runs a unit again when
PostgreSQL aborted it to break a deadlock or a serialization failure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from posapp.dbkit.migrations import current_revision, upgrade
from posapp.dbkit.sqlite import BEGIN_OPTION

# PostgreSQL errors a transaction may simply be run again after.
RETRYABLE_PGCODES = frozenset({"40001", "40P01"})  # serialization failure, deadlock
T = TypeVar("T")


def is_retryable(error: BaseException) -> bool:
    """Tell whether error is a PostgreSQL deadlock or serialization failure."""
    if not isinstance(error, DBAPIError):
        return False
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return code in RETRYABLE_PGCODES


class Database:
    """Open it once per process on an engine and its migrations; take a session per unit."""

    def __init__(self, engine: Engine, migrations: Path) -> None:
        self.engine = engine
        self.migrations = migrations
        self.is_sqlite = engine.dialect.name == "sqlite"
        # Not expired on commit: what a unit returns stays readable after the unit ends.
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def upgrade(self, revision: str = "head") -> None:
        """Migrate to revision (head by default); a no-op when already there."""
        upgrade(self.engine, self.migrations, revision)

    def revision(self) -> str | None:
        """The revision the database is at (None when it was never migrated)."""
        return current_revision(self.engine)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit: one consistent snapshot on SQLite, read committed on PostgreSQL.

        The unit ends by closing the session, not by Session.rollback(): closing rolls the
        connection's transaction back and returns it to the pool just the same, but rollback()
        would also expire every loaded object, and callers read the rows they got after the
        block, when the session is gone and an expired attribute can no longer be loaded.
        """
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
