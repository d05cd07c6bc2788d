"""How `posapp till ...` answers: text or --json, and failures as a message with exit status 1.

`guard` wraps each command function (posapp/sync/cli.py) so that a refusal from the till service,
a file that cannot be used or a `CliError` prints its sentence, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from posapp.domain.money import format_cents


class CliError(Exception):
    """Input the command cannot use, said in the operator's words (exit status 1)."""


def emit(args: argparse.Namespace, data: Any, text: str) -> None:
    """Print `data` as JSON with --json, else `text`."""
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print(text)


def fail(args: argparse.Namespace, message: str, code: str = "error") -> int:
    """Say why the command failed (stderr, or JSON with --json) and return exit status 1."""
    if args.json:
        print(json.dumps({"ok": False, "error": code, "message": message}, ensure_ascii=False))
    else:
        print(message, file=sys.stderr)
    return 1


def _os_error_text(e: OSError) -> str:
    if e.filename:
        return f"cannot use {e.filename}: {e.strerror or e}"
    return e.strerror or str(e)


def guard(func: Any) -> Any:
    """Turn a service error into its message and exit status 1, never a traceback."""

    def run(args: argparse.Namespace) -> int:
        from posapp.wire.errors import ServiceError

        try:
            return int(func(args) or 0)
        except CliError as e:
            return fail(args, str(e))
        except ServiceError as e:
            return fail(args, e.message, type(e).__name__)
        except OSError as e:
            return fail(args, _os_error_text(e), type(e).__name__)
        except (ValueError, KeyError) as e:
            # The till service's own refusals: a sentence each (a KeyError's str() is its repr).
            return fail(args, str(e.args[0] if e.args else e), type(e).__name__)

    return run


def money(cents: int) -> str:
    """Write cents as yuan for the operator: "¥150.00"."""
    return "¥" + format_cents(cents)


def table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    """Rows under a header row, each column as wide as its widest cell (the last one free)."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    return [
        (
            "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=False)) + "  " + r[-1]
        ).rstrip()
        for r in [header, *rows]
    ]
