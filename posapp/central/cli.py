"""`posapp server` and `posapp admin`; heavy imports wait until a command runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from posapp.central.admin_args import whole_number

DB_EXAMPLES = "sqlite:////srv/posapp/central.sqlite3 or postgresql+psycopg://user@dbhost/posapp"


def _server(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, OperationalError

    from posapp.central.server import serve

    def fail(message: str) -> int:
        print(f"posapp server: {message}", file=sys.stderr)
        return 1

    if args.config and not Path(args.config).is_file():
        # The settings loader takes a missing file as "no settings": a typo would go unseen.
        return fail(f"there is no settings file at {args.config}")
    try:
        return serve(args)
    except ArgumentError:
        what = repr(args.db) if args.db else "the database setting (POSAPP_CENTRAL_DB or --config)"
        return fail(f"{what} is not a database URL; use e.g. {DB_EXAMPLES}")
    except OperationalError as e:
        where = "the database"
        if args.db:
            where += " " + make_url(args.db).render_as_string(hide_password=True)
        reason = " ".join(str(e.orig or e).split())  # the driver's words, on one line
        return fail(f"cannot open {where}: {reason}")
    except ValueError as e:  # a settings file or value that cannot be used; says which
        return fail(str(e))


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("server", help="run the central coupon service")
    p.add_argument(
        "--db", help="database URL (env POSAPP_CENTRAL_DB; default: SQLite in the data dir)"
    )
    p.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=whole_number, help="port (default 8000)")
    p.add_argument("--workers", type=whole_number, help="worker processes (default 1)")
    p.add_argument("--config", help="a settings file, TOML or JSON (env POSAPP_CENTRAL_CONFIG)")
    p.set_defaults(func=_server)

    from posapp.central.admin_cli import register_admin

    register_admin(sub)
