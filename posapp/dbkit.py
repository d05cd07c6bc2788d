"""What the service's and the till's databases share: SQLite's transaction recipe,
constraint names, and reading Alembic revisions.

pysqlite's own transaction handling begins transactions lazily and commits before DDL;
we switch it off (``isolation_level = None``) and emit BEGIN ourselves, as the SQLAlchemy
pysqlite docs advise ("Serializable isolation / Savepoints / Transactional DDL"). A unit of
work says how to begin through the ``BEGIN_OPTION`` execution option: write units use
``BEGIN IMMEDIATE`` so two writers queue on the database lock up front instead of failing
half-way when a read lock cannot be upgraded.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, event

BEGIN_OPTION = "posapp_begin"
BUSY_TIMEOUT_S = 30.0

# Constraint and index names Alembic can find again on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


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


def explicit_begins(engine: Engine) -> Engine:
    """Give a SQLite engine WAL, synchronous=FULL, foreign keys and our own BEGINs."""
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def alembic_config(migrations: Path) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations))
    return cfg


def head_revision(migrations: Path) -> str | None:
    return ScriptDirectory.from_config(alembic_config(migrations)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
