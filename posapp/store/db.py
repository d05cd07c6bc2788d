"""The till database: a SQLite file with the shared recipe, migrated to head when opened.

Units of work (read, write) are posapp.dbkit's Database's, shared with the service.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from posapp import dbkit
from posapp.dbkit.sqlite import sqlite_engine
from posapp.store.migrate import MIGRATIONS


def make_engine(path: Path) -> Engine:
    """Create the engine for the till database at path, with the transaction recipe."""
    # The GUI's lanes, the sync worker and the CLI may all hold a connection at once.
    return sqlite_engine(f"sqlite:///{path}", pool_size=8, max_overflow=8)


class Database(dbkit.Database):
    """The till database: open it once, then take a session per unit of work."""

    def __init__(self, path: Path, *, migrate: bool = True) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        super().__init__(make_engine(self.path), MIGRATIONS)
        if migrate:
            self.upgrade()

    def integrity_check(self) -> str:
        with self.engine.connect() as conn:
            return str(conn.exec_driver_sql("PRAGMA integrity_check").scalar())

    def pragma(self, name: str) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(text(f"PRAGMA {name}")).scalar()
