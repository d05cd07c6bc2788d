"""The service database: SQLite (embedded, demo) or PostgreSQL (production), by URL.

Units of work (read, write, transact with retries) are posapp.dbkit's Database's, shared
with the till; migrations are run by posapp.central.bootstrap on start, not on open.
"""

from __future__ import annotations

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

from posapp import dbkit
from posapp.central.migrate import MIGRATIONS
from posapp.dbkit.sqlite import sqlite_engine


def make_engine(url: str) -> Engine:
    """Create the engine for url (sqlite:///... or postgresql+psycopg://...)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        return create_engine(parsed)  # only for building the OpenAPI document
    if parsed.get_backend_name() == "sqlite":
        return sqlite_engine(parsed, pool_size=8, max_overflow=16)
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    # No pre-ping: it would add a round trip to every unit of work; recycle stale ones instead.
    return create_engine(parsed, pool_size=10, max_overflow=20, pool_recycle=1800)


class Database(dbkit.Database):
    """The service database: open it once per process; take a session per unit of work."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(make_engine(url), MIGRATIONS)
