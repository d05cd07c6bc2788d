"""The `posapp` command. Each part registers its own subcommands; heavy imports wait until run."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from posapp import __version__

# Modules that define `register(subparsers)`. Each keeps its heavy imports inside the command
# functions, so `posapp decode` never loads FastAPI and `posapp server` never loads Qt.
COMMAND_MODULES = (
    "posapp.central.cli",  # server, admin
    "posapp.db_cli",  # db (its central side is imported only when asked for)
    "posapp.sync.cli",  # till
    "posapp.pos.cli",  # pos: the store's POS endpoint
    "posapp.scan.cli",  # decode
    "posapp.demo",  # demo
    "posapp.ui.cli",  # app
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="posapp", description="Coupon redemption for shops.")
    parser.add_argument("--version", action="version", version=f"posapp {__version__}")
    parser.add_argument(
        "--data-dir", help="where the till and service keep their files (env POSAPP_DATA_DIR)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            # A part left out (the till bundle has no posapp.central: the error then names the
            # package, not its cli module) is skipped; a real missing dependency is an error.
            if e.name is None or not (name == e.name or name.startswith(e.name + ".")):
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        return 130
