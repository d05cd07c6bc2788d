"""Where the models and a migrated database disagree, said in plain words; and the next
revision, written by Alembic's autogenerate from that difference.

Both compare against a database migrated to head: the given one, or a fresh SQLite file in
a temporary folder (what ``posapp db check`` and ``posapp db revision`` use by default).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, MetaData

from posapp.dbkit.migrations import (
    alembic_config,
    current_revision,
    head_revision,
    script_directory,
    upgrade,
)
from posapp.dbkit.sqlite import sqlite_engine

_IN_MODELS = "is in the models but not in the database"
_IN_DATABASE = "is in the database but not in the models"


@dataclass(frozen=True)
class NewRevision:
    """A revision file just written, and the differences it was generated from."""

    path: Path
    revision: str
    changes: list[str]


def differences(conn: Connection, metadata: MetaData) -> list[Any]:
    """Alembic's list of what would turn conn's schema into metadata ([] when they match)."""
    return list(compare_metadata(MigrationContext.configure(conn), metadata))


def _type(value: Any) -> str:
    try:
        return str(value)
    except Exception:  # a dialect-only type the generic compiler cannot print
        return repr(value)


def _null(nullable: Any) -> str:
    return "nullable" if nullable else "NOT NULL"


def describe(diff: Any) -> str:
    """Say one of compare_metadata's differences in plain words."""
    if isinstance(diff, list):  # changes to one column come grouped
        return "; ".join(describe(d) for d in diff)
    kind = diff[0]
    if kind in ("add_table", "remove_table"):
        where = _IN_MODELS if kind == "add_table" else _IN_DATABASE
        return f"table {diff[1].name} {where}"
    if kind in ("add_column", "remove_column"):
        where = _IN_MODELS if kind == "add_column" else _IN_DATABASE
        return f"column {diff[2]}.{diff[3].name} {where}"
    if kind in ("add_index", "remove_index"):
        where = _IN_MODELS if kind == "add_index" else _IN_DATABASE
        return f"index {diff[1].name} on {diff[1].table.name} {where}"
    if kind in ("add_constraint", "remove_constraint", "add_fk", "remove_fk"):
        where = _IN_MODELS if kind.startswith("add") else _IN_DATABASE
        what = "foreign key" if kind.endswith("fk") else "constraint"
        return f"{what} {diff[1].name} on {diff[1].table.name} {where}"
    if kind.startswith("modify_"):
        _, _schema, table, column, _existing, old, new = diff
        column = f"column {table}.{column}"
        if kind == "modify_nullable":
            return f"{column} is {_null(old)} in the database but {_null(new)} in the models"
        if kind == "modify_type":
            return f"{column} is {_type(old)} in the database but {_type(new)} in the models"
        what = kind.removeprefix("modify_")
        return f"{column} has {what} {old!r} in the database but {new!r} in the models"
    return f"{kind}: {diff[1:]!r}"


def check(engine: Engine, migrations: Path, metadata: MetaData) -> list[str]:
    """Say what is wrong with engine's database: not at head, or not the models ([]: neither)."""
    current, head = current_revision(engine), head_revision(migrations)
    if current != head:
        at = f"revision {current}" if current else "no revision (never migrated)"
        # Comparing would only list what the missing migrations add.
        return [f"the database is at {at}; the migrations' head is {head}"]
    with engine.connect() as conn:
        return [describe(d) for d in differences(conn, metadata)]


@contextmanager
def database_at_head(migrations: Path) -> Iterator[Engine]:
    """A new SQLite database in a temporary folder, migrated from empty to head."""
    with tempfile.TemporaryDirectory(prefix="posapp-db-") as folder:
        engine = sqlite_engine(f"sqlite:///{Path(folder) / 'head.sqlite3'}", pool_size=1)
        try:
            upgrade(engine, migrations)
            yield engine
        finally:
            engine.dispose()  # before the folder goes: Windows keeps open files


def check_migrations(migrations: Path, metadata: MetaData) -> list[str]:
    """Say where migrating an empty database to head does not give metadata ([]: it does)."""
    with database_at_head(migrations) as engine:
        return check(engine, migrations, metadata)


def next_revision_id(migrations: Path) -> str | None:
    """The numbered id after head ("0002" -> "0003"), or None to let Alembic draw one."""
    heads: Sequence[str] = script_directory(migrations).get_heads()
    if not heads:
        return "0001"
    if len(heads) == 1 and heads[0].isdigit():
        return f"{int(heads[0]) + 1:0{len(heads[0])}d}"
    return None


def _format_with_ruff(cfg: Config) -> None:
    """Have Alembic run ruff on the new file, so it is written the way the linters want it."""
    if importlib.util.find_spec("ruff") is None:  # e.g. the till bundle
        return
    hooks = {"ruff_fix": "check --fix --quiet", "ruff_format": "format --quiet"}
    cfg.set_section_option("post_write_hooks", "hooks", ", ".join(hooks))
    for name, options in hooks.items():
        cfg.set_section_option("post_write_hooks", f"{name}.type", "module")
        cfg.set_section_option("post_write_hooks", f"{name}.module", "ruff")
        cfg.set_section_option(
            "post_write_hooks", f"{name}.options", f"{options} REVISION_SCRIPT_FILENAME"
        )


def write_revision(migrations: Path, metadata: MetaData, message: str) -> NewRevision:
    """Write the revision that takes head to metadata into migrations' versions folder."""
    with database_at_head(migrations) as engine:
        with engine.connect() as conn:
            changes = [describe(d) for d in differences(conn, metadata)]
        cfg = alembic_config(migrations)
        cfg.cmd_opts = argparse.Namespace(quiet=True)  # we say what was written ourselves
        _format_with_ruff(cfg)
        # Alembic's hooks print progress whatever "quiet" says; the caller reports instead.
        with engine.connect() as conn, contextlib.redirect_stdout(io.StringIO()):
            cfg.attributes["connection"] = conn
            cfg.attributes["target_metadata"] = metadata
            written = command.revision(
                cfg, message=message, autogenerate=True, rev_id=next_revision_id(migrations)
            )
    script = written[0] if isinstance(written, list) else written
    if script is None:  # pragma: no cover - Alembic returns None only for --sql
        raise RuntimeError("Alembic wrote no revision")
    return NewRevision(Path(script.path), script.revision, changes)
