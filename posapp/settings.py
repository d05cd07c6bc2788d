"""Where posapp keeps its files: the one settings object for paths.

Precedence is command line > environment variable > platform default (platformdirs),
as in Vorta's config.py.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "posapp"
APP_AUTHOR = "posapp"
DATA_DIR_ENV = "POSAPP_DATA_DIR"
LOG_DIR_ENV = "POSAPP_LOG_DIR"


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    log_dir: Path

    @property
    def till_db(self) -> Path:
        return self.data_dir / "till.sqlite3"

    @property
    def till_config(self) -> Path:
        return self.data_dir / "till.json"

    @property
    def central_db(self) -> Path:
        return self.data_dir / "central.sqlite3"

    def ensure(self) -> Paths:
        """Create the folders, readable by the owner only (they hold tokens and PIN hashes)."""
        for d in (self.data_dir, self.log_dir):
            d.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """Return the paths to use, from the command line, the environment or the platform."""
    chosen = data_dir or os.environ.get(DATA_DIR_ENV)
    data = Path(chosen) if chosen else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    log_env = os.environ.get(LOG_DIR_ENV)
    if log_env:
        logs = Path(log_env)
    elif chosen:
        logs = data / "logs"
    else:
        logs = Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    return Paths(data_dir=data.expanduser(), log_dir=logs.expanduser())
