"""`posapp server` and `posapp admin`; heavy imports wait until a command runs."""

from __future__ import annotations

import argparse


def _server(args: argparse.Namespace) -> int:
    from posapp.central.server import serve

    return serve(args)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("server", help="run the central coupon service")
    p.add_argument(
        "--db", help="database URL (env POSAPP_CENTRAL_DB; default: SQLite in the data dir)"
    )
    p.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default 8000)")
    p.add_argument("--workers", type=int, help="worker processes (default 1)")
    p.add_argument("--config", help="a settings file, TOML or JSON (env POSAPP_CENTRAL_CONFIG)")
    p.set_defaults(func=_server)

    from posapp.central.admin_cli import register_admin

    register_admin(sub)
