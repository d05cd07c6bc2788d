"""Logging for every part: rotating files in the user log dir, secrets never written.

Tokens, PINs and PIN hashes can reach a log line through an exception message or a
careless f-string; the redacting filter is the last line of defence, installed on every
handler so no code path can bypass it.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

LOG_FILE = "posapp.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 5

_SECRET_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Authorization headers and bearer tokens
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]{8,}"), r"\1[redacted]"),
    # key=value or "key": "value" for secret-looking keys
    (
        re.compile(
            r"""(?ix)
            (["']?\b(?:token|device_token|admin_token|pin|pin_hash|password|secret|
                       private_key|authorization)\b["']?\s*[:=]\s*["']?)
            ([^"'\s,}&]+)
            """
        ),
        r"\1[redacted]",
    ),
    # scrypt PIN hashes wherever they appear
    (re.compile(r"scrypt\$[0-9$A-Za-z+/=]+"), "[redacted-pin-hash]"),
)


def redact(text: str) -> str:
    """Return text with anything that looks like a token, PIN or hash replaced."""
    for pattern, repl in _SECRET_PATTERNS:
        text = pattern.sub(repl, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrite each record's message (with its arguments and traceback) through `redact`."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad %-format must not lose the record
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def setup_logging(
    log_dir: Path | None, level: int = logging.INFO, console: bool = True
) -> Path | None:
    """Send posapp's logs to a rotating file in log_dir (and stderr); return the file's path."""
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_posapp", False):
            root.removeHandler(handler)
            handler.close()
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = []
    path: Path | None = None
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = log_dir / LOG_FILE
        handlers.append(
            logging.handlers.RotatingFileHandler(
                path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
            )
        )
    if console:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(fmt)
        handler.addFilter(RedactingFilter())
        handler._posapp = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    return path
