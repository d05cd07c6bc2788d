"""Which migrations the service database runs (posapp/central/migrations); posapp.dbkit runs
them, one worker after the other when several start at once."""

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
