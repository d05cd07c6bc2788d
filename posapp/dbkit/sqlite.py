"""SQLite's transaction recipe, the one both the till and the service use.

pysqlite's own transaction handling begins transactions lazily and commits before DDL;
we switch it off (``isolation_level = None``) and emit BEGIN ourselves, as the SQLAlchemy
pysqlite docs advise ("Serializable isolation / Savepoints / Transactional DDL"). A unit of
work says how to begin through the ``BEGIN_OPTION`` execution option: write units use
``BEGIN IMMEDIATE`` so two writers queue on the database lock up front instead of failing
half-way when a read lock cannot be upgraded. WAL lets readers run beside the one writer,
and ``synchronous=FULL`` makes a commit that returned survive a power cut.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event

BEGIN_OPTION = "posapp_begin"
BUSY_TIMEOUT_S = 30.0


def _switch_to_wal(cur: sqlite3.Cursor) -> None:
    """Put the database in WAL mode, waiting while another connection has it locked.

    Switching needs the database to itself and SQLite does not wait for that: two processes
    opening a new file at once (service workers, the till app and its CLI) would otherwise get
    "database is locked" while the first one creates the schema.
    """
    if cur.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        return  # every open but the first: nothing to switch
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    pause = 0.005
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
    cur = dbapi_connection.cursor()
    _switch_to_wal(cur)
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


def sqlite_engine(url: str | URL, *, pool_size: int = 8, max_overflow: int = 8) -> Engine:
    """Create a pooled engine for the SQLite file at url, with the recipe."""
    engine = create_engine(
        url,
        # Threads share the pool; the busy timeout is where a second writer waits its turn.
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
        pool_size=pool_size,
        max_overflow=max_overflow,
    )
    return explicit_begins(engine)
