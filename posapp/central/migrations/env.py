"""Alembic environment: always run on the connection handed in by posapp.central.migrate."""

from __future__ import annotations

from alembic import context

from posapp.central.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable from a hand-run `alembic`
    raise RuntimeError("run service migrations through posapp.central.migrate.upgrade")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
