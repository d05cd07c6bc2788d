"""Bring the service database to the newest schema with Alembic, on start."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

from posapp import dbkit
from posapp.dbkit import BEGIN_OPTION, current_revision

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant: serialises migrations of several workers starting on one PostgreSQL database.
_PG_LOCK_ID = 0x706F7361


def alembic_config() -> Config:
    return dbkit.alembic_config(MIGRATIONS)


def head_revision() -> str | None:
    return dbkit.head_revision(MIGRATIONS)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate to revision (head by default); a no-op when already there."""
    if revision == "head" and current_revision(engine) == head_revision():
        return
    cfg = alembic_config()
    with engine.connect().execution_options(**{BEGIN_OPTION: "IMMEDIATE"}) as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_ID})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()
