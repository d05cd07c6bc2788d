"""What the `posapp admin` commands share: the call they make, the secrets they are given,
reading an operator's CSV and writing an export file whole or not at all."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

T = TypeVar("T")


class Caller(Protocol):
    """The admin HTTP client, as the commands use it."""

    def call(self, method: str, path: str, body: Any = None, **params: Any) -> Any: ...


class InputError(Exception):
    """Input the operator has to give otherwise; the message says how."""


class FileError(InputError):
    """An operator's file that cannot be used; the message says where and why."""


def secret(
    what: str,
    given: str | None,
    *,
    option: str,
    file: str | None,
    env: str,
    prompt: str,
    confirm: bool = False,
) -> str:
    """A secret from its file option ("-": stdin), else $env, else a prompt; `option` (the
    secret itself on the command line) still works, with a warning."""
    import sys

    from posapp.settings import ARGV_SECRET_WARNING, read_secret

    file_option = f"{option}-file"
    if given is not None:
        warning = ARGV_SECRET_WARNING.format(option=option, file_option=file_option, env=env)
        print(warning, file=sys.stderr)
        return given
    try:
        value = read_secret(what, file=file, env=env, prompt=prompt, confirm=confirm)
    except ValueError as e:
        raise InputError(str(e)) from None
    if value is None:
        raise InputError(
            f"no {what}: give {file_option} FILE ('-' reads standard input), set {env}, "
            "or run the command in a terminal to be asked"
        )
    return value


def read_csv(path: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a CSV with a header line, each with its line number and stripped values."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")  # a spreadsheet's BOM is fine
    except OSError as e:
        raise FileError(f"cannot read {path}: {e.strerror}") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        names = ", ".join(f"'{c}'" for c in required)
        raise FileError(f"{path} needs a header line with the columns {names}")
    return [
        (n, {k: (v or "").strip() for k, v in row.items() if k is not None})
        for n, row in enumerate(reader, start=2)
    ]


def write_whole(path: str, write: Callable[[IO[bytes]], T]) -> T:
    """Write a file through write(out), in place of path only once all of it is written.

    A refused or cut-off export leaves whatever was at path (yesterday's export) as it was.
    """
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as e:
        raise FileError(f"cannot write {path}: {e.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(tmp, 0o666 & ~mask)  # as open() would have made it, not mkstemp's 0600
            result = write(out)
        os.replace(tmp, target)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise FileError(f"cannot write {path}: {e.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return result
