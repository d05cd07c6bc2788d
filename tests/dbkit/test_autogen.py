"""posapp.dbkit.autogen: differences said in plain words, and a revision written from them
that brings the migrations back in line with the models."""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest
from migration_rows import metadata_copy
from sqlalchemy import Column, Integer, MetaData, String, Table, inspect

from posapp.dbkit.autogen import check, check_migrations, describe, write_revision
from posapp.dbkit.migrations import head_revision, revisions, script_directory, upgrade
from posapp.dbkit.schema import UtcDateTime
from posapp.dbkit.sqlite import sqlite_engine


def _target(name: str) -> tuple[Path, MetaData]:
    if name == "till":
        from posapp.store.migrate import MIGRATIONS
        from posapp.store.models import Base
    else:
        from posapp.central.migrate import MIGRATIONS  # type: ignore[assignment]
        from posapp.central.models import Base  # type: ignore[assignment]
    return MIGRATIONS, Base.metadata


def copy_migrations(source: Path, into: Path) -> Path:
    """A copy of a migrations folder to write revisions into, leaving the repository alone."""
    return Path(shutil.copytree(source, into, ignore=shutil.ignore_patterns("__pycache__")))


@pytest.mark.parametrize(("target", "table"), [("till", "codes"), ("central", "stores")])
def test_a_revision_written_from_changed_models_makes_them_match_again(
    tmp_path: Path, target: str, table: str
) -> None:
    source, metadata = _target(target)
    in_repo = sorted(p.name for p in (source / "versions").iterdir())
    old_head = head_revision(source)
    assert old_head is not None
    migrations = copy_migrations(source, tmp_path / "migrations")
    models = metadata_copy(metadata)
    models.tables[table].append_column(Column("note", String(200)))
    models.tables[table].append_column(Column("noted_at", UtcDateTime()))
    Table("labels", models, Column("id", Integer, primary_key=True), Column("text", String(50)))

    new = write_revision(migrations, models, "Notes on codes, and labels")

    assert new.revision == f"{int(old_head) + 1:04d}"
    assert new.path == migrations / "versions" / f"{new.revision}_notes_on_codes_and_labels.py"
    assert sorted(new.changes) == [
        f"column {table}.note is in the models but not in the database",
        f"column {table}.noted_at is in the models but not in the database",
        "table labels is in the models but not in the database",
    ]
    # A snapshot in plain SQLAlchemy types: it must not import the models' code.
    text = new.path.read_text()
    assert "sa.DateTime(timezone=True)" in text and "posapp" not in text
    script = script_directory(migrations).get_revision(new.revision)
    assert script is not None and script.down_revision == old_head
    assert revisions(migrations)[-1] == new.revision
    assert check_migrations(migrations, models) == []  # the new revision closes the gap
    engine = sqlite_engine(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    try:
        upgrade(engine, migrations)
        assert "note" in {c["name"] for c in inspect(engine).get_columns(table)}
        assert check(engine, migrations, models) == []
    finally:
        engine.dispose()
    # Written into the copy only.
    assert sorted(p.name for p in (source / "versions").iterdir()) == in_repo


@pytest.mark.skipif(find_spec("ruff") is None, reason="ruff is not installed")
def test_a_written_revision_is_already_formatted(tmp_path: Path) -> None:
    source, metadata = _target("till")
    migrations = copy_migrations(source, tmp_path / "migrations")
    models = metadata_copy(metadata)
    models.tables["users"].append_column(Column("display_name", String(200)))
    new = write_revision(migrations, models, "user display names")
    lint = [sys.executable, "-m", "ruff"]
    assert subprocess.run([*lint, "format", "--check", str(new.path)]).returncode == 0
    assert subprocess.run([*lint, "check", str(new.path)]).returncode == 0


def test_an_empty_revision_is_written_when_nothing_changed(tmp_path: Path) -> None:
    source, metadata = _target("till")
    migrations = copy_migrations(source, tmp_path / "migrations")
    new = write_revision(migrations, metadata, "data only")
    assert new.changes == []
    upgrade_body = new.path.read_text().split("def upgrade")[1].split("def downgrade")[0]
    assert "pass" in upgrade_body and "op." not in upgrade_body
    assert head_revision(migrations) == new.revision


def test_differences_are_said_in_plain_words() -> None:
    models = MetaData()
    codes = Table("codes", models, Column("code", String(16)), Column("note", String(200)))
    assert describe(("add_table", codes)) == (
        "table codes is in the models but not in the database"
    )
    assert describe(("remove_column", None, "codes", codes.c.note)) == (
        "column codes.note is in the database but not in the models"
    )
    grouped = [
        ("modify_nullable", None, "codes", "code", {}, True, False),
        ("modify_type", None, "codes", "code", {}, String(12), String(16)),
    ]
    assert describe(grouped) == (
        "column codes.code is nullable in the database but NOT NULL in the models; "
        "column codes.code is VARCHAR(12) in the database but VARCHAR(16) in the models"
    )
