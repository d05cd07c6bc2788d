"""What the `posapp admin` options take, each type saying in words what is wrong with a value,
and command groups that list their own actions when none is given."""

from __future__ import annotations

import argparse
import math
import sys
from datetime import date
from typing import Any


def whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def hours(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of hours, e.g. 24 or 0.5")
    return value


def day(text: str) -> str:
    """A business day, checked here and sent as written."""
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD") from None


def group(groups: Any, name: str, help: str) -> Any:
    """Add a command group; given no action, it prints its own actions (exit status 2)."""
    parser: argparse.ArgumentParser = groups.add_parser(name, help=help)

    def show_actions(_args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return 2

    parser.set_defaults(func=show_actions)
    return parser.add_subparsers(metavar="ACTION")
