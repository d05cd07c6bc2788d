"""`posapp db check` and `posapp db revision`: the schema commands of the till and the service.

Exit status: 0 the schema matches (or the revision was written), 1 it does not, 2 bad usage.
The till bundle leaves posapp.central out (build.spec), so the service's side is imported
only when asked for, and there `--target central` says it is not in this build.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Engine, MetaData

TARGETS = ("till", "central")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `db` command and its subcommands."""
    db = sub.add_parser("db", help="check the schema against the models; write the next migration")
    dsub = db.add_subparsers(dest="db_command", metavar="SUBCOMMAND", required=True)

    p = dsub.add_parser("check", help="say whether a database at head matches the models")
    p.add_argument(
        "--target", choices=TARGETS, help="which database (default: every one in this build)"
    )
    p.add_argument(
        "--db",
        metavar="URL",
        help="check this database, which must be at head (a till database may be given as a "
        "file path; default: a new SQLite database migrated from empty to head)",
    )
    p.set_defaults(func=_check)

    p = dsub.add_parser("revision", help="write a new migration from what the models changed")
    p.add_argument("--target", choices=TARGETS, required=True, help="whose migrations")
    p.add_argument("-m", "--message", required=True, help="what the change is for")
    p.add_argument(
        "--migrations",
        type=Path,
        metavar="DIR",
        help="write into this copy of the target's migrations folder instead of its own",
    )
    p.set_defaults(func=_revision)


class NotInBuild(Exception):
    """The target's package is not part of this build (the till bundle has no service)."""


class CannotOpen(Exception):
    """The database to check is not there or does not answer."""


@dataclass(frozen=True)
class Target:
    name: str
    migrations: Path
    metadata: MetaData
    engine: Callable[[str], Engine]  # for a database URL


def _till_engine(url: str) -> Engine:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    if make_url(url).get_backend_name() != "sqlite":
        raise ValueError(f"the till database is a SQLite file, not {url}")
    return create_engine(url)


def load_target(name: str) -> Target:
    """The target's migrations, models and engine; NotInBuild when its package is absent."""
    if name == "till":
        from posapp.store.migrate import MIGRATIONS
        from posapp.store.models import Base

        return Target("till", MIGRATIONS, Base.metadata, _till_engine)
    try:
        from posapp.central.db import make_engine
        from posapp.central.migrate import MIGRATIONS as SERVICE_MIGRATIONS
        from posapp.central.models import Base as ServiceBase
    except ModuleNotFoundError as e:
        if e.name == "posapp.central" or (e.name or "").startswith("posapp.central."):
            raise NotInBuild(name) from e
        raise
    return Target("central", SERVICE_MIGRATIONS, ServiceBase.metadata, make_engine)


def _as_url(target: Target, given: str) -> str:
    if target.name == "till" and "://" not in given:
        return f"sqlite:///{Path(given).expanduser().resolve()}"
    return given


def _check_database(target: Target, url: str) -> list[str]:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    from posapp.dbkit.autogen import check

    if make_url(url).get_backend_name() == "sqlite":
        path = make_url(url).database
        if not path or not Path(path).is_file():  # connecting would create an empty file
            raise CannotOpen(f"there is no database at {path or url}")
        # A plain engine: the applications' SQLite recipe would set WAL on the file.
        engine = create_engine(url)
    else:
        engine = target.engine(url)
    try:
        return check(engine, target.migrations, target.metadata)
    except OperationalError as e:
        raise CannotOpen(str(e.orig).strip()) from e
    finally:
        engine.dispose()


def _check(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from posapp.dbkit.autogen import check_migrations
    from posapp.dbkit.migrations import head_revision

    if args.db and not args.target:
        print("posapp db check: --db needs --target (till or central)", file=sys.stderr)
        return 2
    status = 0
    for name in [args.target] if args.target else TARGETS:
        try:
            target = load_target(name)
        except NotInBuild:
            if args.target:
                print(f"{name}: not in this build (the till bundle has no central service)")
                return 2
            continue
        if args.db:
            try:
                url = _as_url(target, args.db)
                where = make_url(url).render_as_string(hide_password=True)
                problems = _check_database(target, url)
            except ArgumentError:
                print(
                    f"posapp db check: {args.db!r} is not a database URL; use e.g. "
                    "postgresql+psycopg://user@dbhost/posapp or sqlite:////path/to/file.sqlite3",
                    file=sys.stderr,
                )
                return 2
            except ValueError as e:
                print(f"posapp db check: {e}", file=sys.stderr)
                return 2
            except CannotOpen as e:
                print(f"{name}: cannot check {where}: {e}")
                status = 1
                continue
        else:
            where = "a new database migrated to head"
            problems = check_migrations(target.migrations, target.metadata)
        if problems:
            status = 1
            print(f"{name}: {where} does not match the models:")
            for problem in problems:
                print(f"  - {problem}")
        else:
            head = head_revision(target.migrations)
            print(f"{name}: {where} matches the models (revision {head})")
    return status


def _revision(args: argparse.Namespace) -> int:
    from posapp.dbkit.autogen import write_revision

    try:
        target = load_target(args.target)
    except NotInBuild:
        print(f"{args.target}: not in this build (the till bundle has no central service)")
        return 2
    migrations = args.migrations or target.migrations
    if not (migrations / "env.py").is_file():
        print(f"posapp db revision: {migrations} is not a migrations folder", file=sys.stderr)
        return 2
    new = write_revision(migrations, target.metadata, args.message)
    print(new.path)
    if new.changes:
        for change in new.changes:
            print(f"  - {change}")
    else:
        print("  (empty: the models match head; fill in upgrade() and downgrade() by hand)")
    print("Read it through, then run `posapp db check` and the migration tests.")
    return 0
