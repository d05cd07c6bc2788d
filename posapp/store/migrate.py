"""Which migrations the till database runs (posapp/store/migrations); posapp.dbkit runs them."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from posapp.dbkit import migrations
from posapp.dbkit.migrations import current_revision

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

__all__ = ["MIGRATIONS", "current_revision", "head_revision", "upgrade"]


def head_revision() -> str | None:
    return migrations.head_revision(MIGRATIONS)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate to revision (head by default); a no-op when already there."""
    migrations.upgrade(engine, MIGRATIONS, revision)
