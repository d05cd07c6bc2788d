"""The till's registration: which service to talk to, with which device token.

Kept in its own file (not the database) and readable by the owner only: the token is a
credential.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from posapp.wire.http import normalise_server_url


@dataclass(frozen=True)
class TillConfig:
    server: str
    token: str

    def __repr__(self) -> str:  # never print the token
        return f"TillConfig(server={self.server!r}, token=<hidden>)"


def load_config(path: Path) -> TillConfig | None:
    """Read the registration; None when the till was never registered."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as e:
        raise ValueError(f"the till's registration file {path} is unreadable: {e}") from None
    if not isinstance(data, dict) or not data.get("server") or not data.get("token"):
        raise ValueError(f"the till's registration file {path} is incomplete")
    return TillConfig(server=str(data["server"]), token=str(data["token"]))


def save_config(path: Path, config: TillConfig) -> None:
    """Write the registration atomically, mode 0600 from the first byte."""
    server = normalise_server_url(config.server)
    if not config.token.strip():
        raise ValueError("the device token is empty")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)  # an old tmp file may have had a wider mode
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"server": server, "token": config.token.strip()}, f)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)
