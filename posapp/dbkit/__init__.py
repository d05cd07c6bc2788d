"""The database kit the till (posapp.store) and the service (posapp.central) both build on.

- ``sqlite``: SQLite's transaction recipe (explicit BEGINs, WAL, synchronous=FULL)
- ``schema``: constraint names and the aware-UTC instant column type
- ``database``: ``Database``, one engine and one session factory, a session per unit of work
- ``migrations``: the Alembic runner and the body of every env.py
- ``autogen``: models against a migrated database, and the next revision from the difference

It imports SQLAlchemy, Alembic and posapp.domain only, never the parts built on it.
"""

from posapp.dbkit.database import Database, is_retryable
from posapp.dbkit.migrations import alembic_config, current_revision, head_revision, upgrade
from posapp.dbkit.schema import NAMING, UtcDateTime
from posapp.dbkit.sqlite import BEGIN_OPTION, BUSY_TIMEOUT_S, explicit_begins, sqlite_engine

__all__ = [
    "BEGIN_OPTION",
    "BUSY_TIMEOUT_S",
    "NAMING",
    "Database",
    "UtcDateTime",
    "alembic_config",
    "current_revision",
    "explicit_begins",
    "head_revision",
    "is_retryable",
    "sqlite_engine",
    "upgrade",
]
