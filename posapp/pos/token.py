"""The POS endpoint's own token: made once, shown once, kept only as a hash (0600 file)."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

FILE_NAME = "pos-token.sha256"


def token_file(data_dir: Path) -> Path:
    return data_dir / FILE_NAME


def new_token(data_dir: Path) -> str:
    """Make a new token (the old one stops working); return it to show once."""
    token = secrets.token_hex(32)
    path = token_file(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(_digest(token))
    os.replace(tmp, path)
    return token


def stored_digest(data_dir: Path) -> str | None:
    try:
        return token_file(data_dir).read_text(encoding="ascii").strip() or None
    except FileNotFoundError:
        return None


def matches(given: str, digest: str) -> bool:
    return hmac.compare_digest(_digest(given), digest)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
