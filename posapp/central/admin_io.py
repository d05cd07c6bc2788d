"""What the `posapp admin` commands share: the call they make, and reading an operator's CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Protocol


class Caller(Protocol):
    """The admin HTTP client, as the commands use it."""

    def call(self, method: str, path: str, body: Any = None, **params: Any) -> Any: ...


class FileError(Exception):
    """An operator's file that cannot be used; the message says where and why."""


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
