"""Bring the till database to the newest schema with Alembic, on open."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from posapp import dbkit
from posapp.dbkit import BEGIN_OPTION, current_revision

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    return dbkit.alembic_config(MIGRATIONS)


def head_revision() -> str | None:
    return dbkit.head_revision(MIGRATIONS)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate to revision (head by default); a no-op when already there."""
    if revision == "head" and current_revision(engine) == head_revision():
        return
    cfg = alembic_config()
    # BEGIN IMMEDIATE: two processes opening a fresh database migrate one after the other.
    with engine.connect().execution_options(**{BEGIN_OPTION: "IMMEDIATE"}) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()
