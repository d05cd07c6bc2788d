"""The till's display and input preferences, kept beside the till's data as `ui.json`."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

log = logging.getLogger(__name__)

FILE_NAME = "ui.json"


@dataclass
class UiPrefs:
    language: str = "system"  # "system", "en" or "zh_CN"
    camera: str = "none"  # "none", "0", "1", ... or a folder of images (synthetic camera)
    scanner_prefix: str = ""
    scanner_suffix: str = ""  # escapes like \\r allowed, so the settings field can show it
    cutoff_hour: int | None = None  # None: the store's own cut-off from the service
    idle_lock_s: int = 300
    server_url: str = ""
    recent_users: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, data_dir: Path) -> UiPrefs:
        path = data_dir / FILE_NAME
        try:
            raw: object = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as e:
            log.warning("ignoring unreadable %s: %s", path, e)
            return cls()
        if not isinstance(raw, dict):
            log.warning("ignoring %s: not a JSON object", path)
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})

    def save(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        tmp = data_dir / (FILE_NAME + ".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2, ensure_ascii=False), encoding="utf-8")
        tmp.replace(data_dir / FILE_NAME)


def unescape(text: str) -> str:
    """Turn '\\r', '\\n', '\\t' typed in settings into the characters a scanner sends."""
    return text.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t")
