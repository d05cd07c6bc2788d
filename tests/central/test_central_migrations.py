"""Migrations take an empty database to head, and head matches the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from posapp.central.db import Database
from posapp.central.migrate import current_revision, head_revision, upgrade
from posapp.central.models import Base


def test_empty_database_migrates_to_head_matching_the_models(db_url: str) -> None:
    db = Database(db_url)
    try:
        assert current_revision(db.engine) is None
        upgrade(db.engine)
        assert current_revision(db.engine) == head_revision()
        upgrade(db.engine)  # again: a no-op
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
            assert diff == [], diff
            assert conn.execute(text("SELECT value FROM change_counter")).scalar_one() == 0
        tables = set(inspect(db.engine).get_table_names())
        assert {"codes", "redemptions", "idempotency_keys", "change_counter"} <= tables
    finally:
        db.close()
