"""`posapp db check` and `posapp db revision`, run as the shell runs them (posapp.cli.main)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from posapp.cli import build_parser, main
from posapp.dbkit.migrations import head_revision, revisions, script_directory
from posapp.store.db import Database
from posapp.store.migrate import MIGRATIONS as TILL_MIGRATIONS
from posapp.store.migrate import upgrade as upgrade_till


def test_check_says_a_migrated_till_database_matches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "till.sqlite3"
    Database(path).close()
    assert main(["db", "check", "--target", "till", "--db", str(path)]) == 0
    head = head_revision(TILL_MIGRATIONS)
    assert capsys.readouterr().out == (
        f"till: sqlite:///{path.resolve()} matches the models (revision {head})\n"
    )


def test_check_says_a_migrated_service_database_matches(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from posapp.central.db import Database as ServiceDatabase

    db = ServiceDatabase(db_url)
    db.upgrade()
    db.close()
    assert main(["db", "check", "--target", "central", "--db", db_url]) == 0
    head = head_revision(db.migrations)
    assert capsys.readouterr().out.endswith(f"matches the models (revision {head})\n")


def test_check_lists_the_differences_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "till.sqlite3"
    Database(path).close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:  # a hand-made change no migration knows about
        conn.exec_driver_sql("ALTER TABLE codes ADD COLUMN extra INTEGER")
        conn.exec_driver_sql("DROP INDEX ix_users_name")
    engine.dispose()
    assert main(["db", "check", "--target", "till", "--db", str(path)]) == 1
    out = capsys.readouterr().out
    assert "does not match the models:" in out
    assert "  - column codes.extra is in the database but not in the models" in out
    assert "  - index ix_users_name on users is in the models but not in the database" in out


def test_check_says_a_database_behind_head_needs_migrating(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = revisions(TILL_MIGRATIONS)[0]
    if first == head_revision(TILL_MIGRATIONS):
        pytest.skip("the till has a single revision")
    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    upgrade_till(engine, first)
    engine.dispose()
    assert main(["db", "check", "--target", "till", "--db", str(path)]) == 1
    assert f"at revision {first}; the migrations' head is" in capsys.readouterr().out


def test_check_of_a_missing_file_does_not_create_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "none.sqlite3"
    assert main(["db", "check", "--target", "till", "--db", str(path)]) == 1
    assert f"there is no database at {path}" in capsys.readouterr().out
    assert not path.exists()


def test_check_without_a_database_checks_the_migrations_of_every_part(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["db", "check"]) == 0
    out = capsys.readouterr().out
    assert "till: a new database migrated to head matches the models" in out
    assert "central: a new database migrated to head matches the models" in out


def test_revision_writes_a_file_alembic_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    in_repo = sorted(p.name for p in (TILL_MIGRATIONS / "versions").iterdir())
    old_head = head_revision(TILL_MIGRATIONS)
    copy = Path(
        shutil.copytree(
            TILL_MIGRATIONS, tmp_path / "migrations", ignore=shutil.ignore_patterns("__pycache__")
        )
    )
    argv = ["db", "revision", "--target", "till", "-m", "Keep a note", "--migrations", str(copy)]
    assert main(argv) == 0
    out = capsys.readouterr().out.splitlines()
    written = Path(out[0])
    assert written.parent == copy / "versions" and written.is_file()
    assert "empty: the models match head" in out[1]
    script = script_directory(copy).get_revision(head_revision(copy))
    assert script is not None and Path(script.path) == written
    assert script.down_revision == old_head and script.doc == "Keep a note"
    assert sorted(p.name for p in (TILL_MIGRATIONS / "versions").iterdir()) == in_repo


def test_revision_refuses_a_folder_that_is_not_migrations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["db", "revision", "--target", "till", "-m", "x", "--migrations", str(tmp_path)]
    assert main(argv) == 2
    assert "is not a migrations folder" in capsys.readouterr().err


def test_without_the_central_service_db_works_for_the_till_alone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # What the till bundle looks like: no posapp.central at all.
    for name in [m for m in sys.modules if m.startswith(("posapp.central", "posapp.demo"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "posapp.central", None)
    monkeypatch.setitem(sys.modules, "posapp.demo", None)
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert "db" in commands and "server" not in commands

    assert main(["db", "check"]) == 0
    out = capsys.readouterr().out
    assert "till: a new database migrated to head matches the models" in out
    assert "central" not in out
    assert main(["db", "check", "--target", "central"]) == 2
    assert "central: not in this build" in capsys.readouterr().out
    argv = ["db", "revision", "--target", "central", "-m", "x", "--migrations", str(tmp_path)]
    assert main(argv) == 2
    assert "central: not in this build" in capsys.readouterr().out
