"""Bring the till database to the newest schema with Alembic, on open."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from posapp.store.db import BEGIN_OPTION

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


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
