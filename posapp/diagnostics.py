"""Support diagnostics: what a help desk needs to know about a till, as text, with no secret in it.

The text is built here, without Qt, so the CLI, the app and the tests share it; the app only adds
its Qt version and puts the text on the clipboard. The device token is never read: the text says
whether one is set (`token: set`). Every value still goes through `posapp.logs.redact`, the same
last line of defence the log files have (an error message may quote a header).
"""

from __future__ import annotations

import platform
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from posapp import __version__
from posapp.logs import redact
from posapp.settings import Paths

if TYPE_CHECKING:
    from posapp.sync.results import TillStatus

# Settings whose value is a secret: shown as "set" / "not set", never as the value.
SECRET_WORDS = ("token", "pin", "password", "secret", "key", "hash")


def gather(
    service: Any,
    paths: Paths,
    settings: Mapping[str, Any] | None = None,
    runtime: Mapping[str, str] | None = None,
) -> str:
    """Ask the till service for its status (SQL: call this off the GUI thread), return the text."""
    status: TillStatus | None = None
    problem: str | None = None
    if service is None:
        problem = "the till service is not open yet"
    else:
        try:
            status = service.status()
        except Exception as e:  # support wants the text most when the till is in trouble
            problem = f"status unavailable: {type(e).__name__}: {e}"
    return diagnostics_text(status, paths, settings, runtime, problem=problem)


def diagnostics_text(
    status: TillStatus | None,
    paths: Paths,
    settings: Mapping[str, Any] | None = None,
    runtime: Mapping[str, str] | None = None,
    *,
    problem: str | None = None,
    now: datetime | None = None,
) -> str:
    """Return the diagnostics as `key: value` lines under headings, secrets left out."""
    now = now or datetime.now(UTC)
    lines = [f"posapp {__version__} diagnostics, {now.strftime('%Y-%m-%d %H:%M:%S')} UTC", ""]
    lines += _section("app", _app(runtime or {}))
    lines += _section(
        "paths",
        {
            "data dir": str(paths.data_dir),
            "log dir": str(paths.log_dir),
            "till database": str(paths.till_db),
            "registration file": str(paths.till_config),
        },
    )
    lines += _section("till", _till(status, problem))
    lines += _section("settings", _settings(settings or {}))
    return "\n".join(lines).rstrip() + "\n"


def _section(title: str, rows: Mapping[str, Any]) -> list[str]:
    # Each value goes through the log files' redaction (an error message may quote a header).
    return [f"[{title}]", *(f"{k}: {redact(_text(v))}" for k, v in rows.items()), ""]


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return str(value).replace("\n", " ")


def _app(runtime: Mapping[str, str]) -> dict[str, Any]:
    frozen = bool(getattr(sys, "frozen", False))
    rows: dict[str, Any] = {
        "version": __version__,
        "install": "bundle (PyInstaller)" if frozen else "Python package",
        "python": f"{platform.python_version()} ({platform.python_implementation()})",
        "platform": platform.platform(),
        "machine": platform.machine(),
    }
    rows.update(runtime)
    return rows


def _till(status: TillStatus | None, problem: str | None) -> dict[str, Any]:
    if status is None:
        return {"status": problem or "unknown"}
    acceptor = status.acceptor
    rows: dict[str, Any] = {
        "registered": status.registered,
        "server": _server(status.server),
        # Never the token itself, not even a prefix: whether there is one is all support needs.
        "token": "set" if status.registered else "not set",
        "till": f"{status.till_name or '-'} ({status.till_id or '-'})",
        "accepts for": (
            "-"
            if acceptor is None
            else f"{acceptor.kind.value} {acceptor.id} {status.acceptor_name}".strip()
        ),
        "online": status.online,
        "last sync": status.last_sync_at or "never",
        "cache age": _age(status.cache_age_s),
        "last contact": status.last_contact_at or "never",
        "last error": status.last_error,
        "outbox (waiting to be sent)": status.outbox_length,
        "unconfirmed write-offs": (
            f"{status.unconfirmed_count} ({_cents(status.unconfirmed_value_cents)})"
        ),
        "conflicts waiting": status.conflicts_waiting,
        "codes cached": status.codes_cached,
        "background sync": "running" if status.background_running else "stopped",
        "time zone": f"{status.timezone}, business day starts {status.cutoff_hour}:00",
        "offline policy": _policy(status.policy),
    }
    if problem:
        rows["problem"] = problem
    return rows


def _settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    for key in sorted(settings):
        value = settings[key]
        if any(word in key.lower() for word in SECRET_WORDS):
            rows[key] = "set" if value else "not set"
        elif key == "recent_users" and isinstance(value, list | tuple):
            rows[key] = f"{len(value)} names"  # who works here is not support's business
        elif key == "server_url":
            rows[key] = _server(value)
        else:
            rows[key] = repr(value) if isinstance(value, str) else value
    return rows


def _server(url: str | None) -> str:
    """The server address without any user:password part."""
    if not url:
        return "-"
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "never synced"
    s = int(seconds)
    if s < 120:
        return f"{s} s"
    if s < 7200:
        return f"{s // 60} min"
    if s < 172_800:
        return f"{s // 3600} h"
    return f"{s // 86_400} days"


def _cents(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def _policy(policy: Any) -> str:
    to_dict = getattr(policy, "to_dict", None)
    data = to_dict() if callable(to_dict) else policy
    if isinstance(data, Mapping):
        return ", ".join(f"{k}={v}" for k, v in data.items())
    return str(data)
