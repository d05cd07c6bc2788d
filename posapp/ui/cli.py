"""`posapp app`: open the till app on the till registered in the data dir."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("app", help="open the till app (cashier, partner and manager screens)")
    p.add_argument(
        "--lang", choices=("en", "zh_CN"), help="language (default: settings, then system)"
    )
    p.set_defaults(func=_run)
    p = sub.add_parser(
        "selfcheck", help="check this installation offscreen: window, QR decoding, database"
    )
    p.set_defaults(func=_selfcheck)


def _run(args: argparse.Namespace) -> int:
    from posapp.settings import resolve_paths
    from posapp.ui.app import NO_DISPLAY_MESSAGE, has_display

    if not has_display():
        print(NO_DISPLAY_MESSAGE.format(command="posapp app"), file=sys.stderr)
        return 3
    from posapp.logs import setup_logging
    from posapp.ui.app import run

    paths = resolve_paths(args.data_dir).ensure()
    setup_logging(paths.log_dir)
    return run(paths, language=args.lang)


def _selfcheck(_args: argparse.Namespace) -> int:
    from posapp.ui.selfcheck import main

    return main()
