"""Alembic, run the one way both databases need: on our own connection, under a lock.

``upgrade`` opens the connection itself and hands it to the migrations folder's env.py
through the Alembic config's attributes, so migrations run with the same transaction
recipe as the application and nothing reads an alembic.ini. Several processes starting on
one fresh database migrate one after the other: on SQLite ``BEGIN IMMEDIATE`` takes the
write lock up front; on PostgreSQL a transaction-scoped advisory lock does, released by the
commit that publishes the new schema (DDL is transactional there).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, TypeDecorator, text

from posapp.dbkit.sqlite import BEGIN_OPTION

# Any constant: serialises migrations of several workers starting on one PostgreSQL database.
PG_LOCK_ID = 0x706F7361


def alembic_config(migrations: Path) -> Config:
    """An Alembic config for the migrations folder (its env.py, script template, versions)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations))
    return cfg


def script_directory(migrations: Path) -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config(migrations))


def head_revision(migrations: Path) -> str | None:
    return script_directory(migrations).get_current_head()


def revisions(migrations: Path) -> list[str]:
    """Every revision of the folder, the first one first and head last."""
    walked = script_directory(migrations).walk_revisions()  # head first
    return [script.revision for script in reversed(list(walked))]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, migrations: Path, revision: str = "head") -> None:
    """Migrate to revision (head by default); a no-op when already there."""
    if revision == "head" and current_revision(engine) == head_revision(migrations):
        return
    cfg = alembic_config(migrations)
    with engine.connect().execution_options(**{BEGIN_OPTION: "IMMEDIATE"}) as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_ID})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()


def _render_item(kind: str, obj: Any, _context: Any) -> str | Literal[False]:
    """Write our column types (UtcDateTime) as the SQLAlchemy type they store as.

    A revision is a snapshot: it must not import the models' code, which changes later.
    """
    if kind == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl_instance!r}"
    return False  # Alembic's own rendering


def run_env(metadata: MetaData) -> None:
    """Run the migrations (or autogenerate) on the connection handed in; env.py's whole body.

    ``target_metadata`` in the config's attributes, when set, stands in for the models'
    metadata: ``posapp db revision`` and the tests compare against a changed copy that way.
    """
    from alembic import context

    attributes = context.config.attributes
    connection = attributes.get("connection")
    if connection is None:  # pragma: no cover - only reachable from a hand-run `alembic`
        raise RuntimeError(
            "run migrations through posapp.dbkit.migrations.upgrade or `posapp db revision`"
        )
    context.configure(
        connection=connection,
        target_metadata=attributes.get("target_metadata", metadata),
        render_as_batch=True,  # SQLite alters tables by copying them
        render_item=_render_item,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()
