"""Settings: where posapp keeps its files, and the one way every program reads its settings.

Each program declares its settings once, as a frozen dataclass with types and defaults
(the till's `TillSettings`, the service's `CentralSettings`), and builds it with
`load_settings`: command line > environment variable > settings file > default, as in
Vorta's config.py. Paths come from platformdirs.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import platformdirs

log = logging.getLogger(__name__)

APP_NAME = "posapp"
APP_AUTHOR = "posapp"
DATA_DIR_ENV = "POSAPP_DATA_DIR"
LOG_DIR_ENV = "POSAPP_LOG_DIR"
# The key that seals the till's PIN hashes (posapp.domain.pins): beside the till's database
# and registration, never inside the database, readable by the owner only.
PIN_PEPPER_FILE = "till.pepper"

T = TypeVar("T")


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
    def pin_pepper(self) -> Path:
        return self.data_dir / PIN_PEPPER_FILE

    @property
    def settings_file(self) -> Path:
        return self.data_dir / "settings.json"

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


# --- loading declared settings ---------------------------------------------------------------


def env_name(field: dataclasses.Field[Any], prefix: str) -> str:
    """The environment variable of a settings field: metadata 'env', else PREFIX + NAME."""
    return str(field.metadata.get("env") or prefix + field.name.upper())


def read_settings_file(path: Path | None) -> dict[str, Any]:
    """A settings file's values (JSON or TOML by suffix); {} when there is none."""
    if path is None:
        return {}
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    try:
        data = tomllib.loads(raw.decode("utf-8")) if path.suffix == ".toml" else json.loads(raw)
    except (ValueError, UnicodeDecodeError) as e:
        raise ValueError(f"the settings file {path} is unreadable: {e}") from None
    if not isinstance(data, dict):
        raise ValueError(f"the settings file {path} must hold an object")
    return data


def _coerce(value: Any, kind: Any, where: str) -> Any:
    """Turn a value from the environment or a file into the field's declared type."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        if value is None or value == "":
            return None
        kind = args[0]
        origin = typing.get_origin(kind)
    if origin in (list, tuple):
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list | tuple):
            raise ValueError(f"{where} must be a list")
        return tuple(value) if origin is tuple else list(value)
    if kind is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off"):
            return False
        raise ValueError(f"{where} must be true or false, not {value!r}")
    if kind in (int, float):
        if isinstance(value, bool):
            raise ValueError(f"{where} must be a number, not {value!r}")
        try:
            return kind(value)
        except (TypeError, ValueError):
            raise ValueError(f"{where} must be a number, not {value!r}") from None
    if kind is Path:
        return Path(str(value)).expanduser()
    return str(value)


def load_settings(
    cls: type[T],
    *,
    cli: Mapping[str, Any] | None = None,
    env_prefix: str = "POSAPP_",
    file: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> T:
    """Build cls from command line > environment > settings file > the declared defaults.

    cli values that are None count as "not given". Unknown names in the file are ignored
    (an older program reading a newer file); a value that does not fit its type raises
    ValueError naming where it came from.
    """
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls.__name__} is not a settings dataclass")
    env = os.environ if environ is None else environ
    from_file = read_settings_file(file)
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        if not field.init:
            continue
        kind = hints[field.name]
        given = (cli or {}).get(field.name)
        if given is not None:
            values[field.name] = given
        elif (name := env_name(field, env_prefix)) in env:
            values[field.name] = _coerce(env[name], kind, f"${name}")
        elif field.name in from_file:
            values[field.name] = _coerce(from_file[field.name], kind, f"{file}: {field.name}")
    return cls(**values)


def save_settings_file(path: Path, values: Mapping[str, Any]) -> None:
    """Write a JSON settings file atomically (owner-only: it sits beside the till's secrets)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(dict(values), f, indent=2, ensure_ascii=False, default=str)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


# --- secrets a command is given ----------------------------------------------------------------
# Never as an argument: argv is world-readable in /proc/<pid>/cmdline and in `ps`. A file
# ("-": standard input), then an environment variable, then a prompt that does not echo.

ARGV_SECRET_WARNING = (
    "warning: {option} shows the secret to every user of this computer (ps, /proc); "
    "use {file_option}, ${env} or the prompt instead"
)


def read_secret(
    what: str,
    *,
    file: str | None,
    env: str,
    prompt: str,
    confirm: bool = False,
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """Read a secret from file ("-": stdin), else $env, else a no-echo prompt on a terminal.

    None when none of them gives one (no terminal to ask on). ValueError, in words, when the
    file cannot be read or is empty, or the two entries of a confirmed prompt differ.
    """
    import getpass
    import sys

    if file is not None:
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            reason = e.strerror if isinstance(e, OSError) and e.strerror else "not UTF-8 text"
            raise ValueError(f"cannot read {what} from {file}: {reason}") from None
        secret = text.strip()
        if not secret:
            raise ValueError(f"{file} holds no {what}")
        return secret
    value = (os.environ if environ is None else environ).get(env, "").strip()
    if value:
        return value
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return None
    secret = getpass.getpass(prompt).strip()
    if not secret:
        raise ValueError(f"no {what} was typed")
    if confirm and getpass.getpass("Again, to confirm: ").strip() != secret:
        raise ValueError(f"the two entries of {what} differ; nothing was changed")
    return secret


# --- the till's settings -----------------------------------------------------------------------

TILL_ENV_PREFIX = "POSAPP_"
LEGACY_PREFS = "ui.json"  # what the settings file was called before it held every setting


@dataclass(frozen=True)
class TillSettings:
    """What a till may be told, declared once (the registration, a credential, is apart).

    Built by `load`: command line > environment (POSAPP_LANGUAGE, POSAPP_CAMERA, ...) >
    settings.json in the data dir > these defaults. The settings screen saves the file.
    """

    language: str = "system"  # "system", "en" or "zh_CN"
    camera: str = "none"  # "none", "0", "1", ... or a folder of images (synthetic camera)
    scanner_prefix: str = ""  # escapes like \\r allowed, so the settings field can show them
    scanner_suffix: str = ""
    idle_lock_s: int = 300
    sync_interval_s: float = 15.0
    pos_port: int = 0  # the store's POS endpoint (posapp.pos) on 127.0.0.1; 0: off
    pos_host: str = "127.0.0.1"  # loopback only: anything else is refused
    recent_users: tuple[str, ...] = ()  # who logged in here lately, newest first

    @classmethod
    def load(
        cls,
        paths: Paths,
        cli: Mapping[str, Any] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> TillSettings:
        file = paths.settings_file
        if not file.exists() and (paths.data_dir / LEGACY_PREFS).exists():
            file = paths.data_dir / LEGACY_PREFS
        try:
            return load_settings(
                cls, cli=cli, env_prefix=TILL_ENV_PREFIX, file=file, environ=environ
            )
        except ValueError as e:
            # A damaged settings file must not stop the till: say so, and use the rest.
            log.warning("ignoring the settings file: %s", e)
            return load_settings(cls, cli=cli, env_prefix=TILL_ENV_PREFIX, environ=environ)

    def save(self, paths: Paths) -> None:
        save_settings_file(paths.settings_file, dataclasses.asdict(self))

    def remembering(self, user: str, keep: int = 6) -> TillSettings:
        """These settings with user first among the recent users."""
        recent = (user, *(u for u in self.recent_users if u != user))
        return dataclasses.replace(self, recent_users=recent[:keep])


def unescape(text: str) -> str:
    """Turn '\\r', '\\n', '\\t' typed in settings into the characters a scanner sends."""
    return text.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t")
