"""One way to read settings: command line > environment > settings file > declared default."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from posapp.central.settings import CentralSettings
from posapp.settings import load_settings


@dataclass(frozen=True)
class Demo:
    name: str = "default"
    port: int = 8000
    ratio: float = 0.5
    on: bool = False
    tags: list[str] = field(default_factory=list)
    token: str | None = field(default=None, metadata={"env": "DEMO_SECRET"})


def test_each_source_wins_over_the_next(tmp_path: Path) -> None:
    file = tmp_path / "demo.toml"
    file.write_text('name = "from file"\nport = 1\nratio = 0.25\nunknown = "ignored"\n')
    env = {"DEMO_PORT": "2", "DEMO_ON": "yes", "DEMO_TAGS": "a, b", "DEMO_SECRET": "s3"}
    got = load_settings(
        Demo, cli={"port": 3, "name": None}, env_prefix="DEMO_", file=file, environ=env
    )
    assert got == Demo(name="from file", port=3, ratio=0.25, on=True, tags=["a", "b"], token="s3")
    assert load_settings(Demo, env_prefix="DEMO_", environ={}) == Demo()


def test_a_value_that_does_not_fit_says_where_it_came_from(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\$DEMO_PORT must be a number"):
        load_settings(Demo, env_prefix="DEMO_", environ={"DEMO_PORT": "eighty"})
    file = tmp_path / "demo.json"
    file.write_text('{"on": "maybe"}')
    with pytest.raises(ValueError, match=r"demo\.json: on must be true or false"):
        load_settings(Demo, env_prefix="DEMO_", file=file, environ={})
    file.write_text("{not json")
    with pytest.raises(ValueError, match="unreadable"):
        load_settings(Demo, env_prefix="DEMO_", file=file, environ={})


def test_the_service_settings_hide_the_admin_token_and_pass_to_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("POSAPP_CENTRAL_DB", raising=False)
    monkeypatch.setenv("POSAPP_ADMIN_TOKEN", "t0ps3cret")
    config = tmp_path / "central.toml"
    config.write_text("workers = 4\nmax_clock_skew_s = 30\n")
    settings = CentralSettings.load({"port": 9000}, config=config, default_db="sqlite:///x.db")
    assert (settings.db_url, settings.port, settings.workers) == ("sqlite:///x.db", 9000, 4)
    assert settings.max_clock_skew_s == 30 and settings.admin_token == "t0ps3cret"
    assert "t0ps3cret" not in repr(settings)
    env = settings.to_environ()
    assert env["POSAPP_CENTRAL_DB"] == "sqlite:///x.db" and env["POSAPP_CENTRAL_WORKERS"] == "4"
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert CentralSettings.load() == settings  # what a worker process builds


def test_the_till_s_settings_come_from_the_command_line_env_and_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from posapp.settings import TillSettings, resolve_paths

    paths = resolve_paths(tmp_path)
    assert TillSettings.load(paths, environ={}) == TillSettings()
    TillSettings(language="zh_CN", idle_lock_s=120).remembering("Li Na").save(paths)
    assert (paths.settings_file.stat().st_mode & 0o777) == 0o600
    saved = TillSettings.load(paths, environ={})
    assert (saved.language, saved.idle_lock_s, saved.recent_users) == ("zh_CN", 120, ("Li Na",))
    env = TillSettings.load(paths, environ={"POSAPP_LANGUAGE": "en", "POSAPP_IDLE_LOCK_S": "60"})
    assert (env.language, env.idle_lock_s) == ("en", 60)
    cli = TillSettings.load(paths, cli={"language": "zh_CN"}, environ={"POSAPP_LANGUAGE": "en"})
    assert cli.language == "zh_CN"
    # A damaged file does not stop the till: the defaults (and the environment) still apply.
    paths.settings_file.write_text("{nope", encoding="utf-8")
    assert TillSettings.load(paths, environ={"POSAPP_CAMERA": "0"}) == TillSettings(camera="0")


def test_a_till_s_old_ui_json_is_read_until_settings_are_saved(tmp_path: Path) -> None:
    from posapp.settings import TillSettings, resolve_paths

    paths = resolve_paths(tmp_path)
    (tmp_path / "ui.json").write_text(
        '{"language": "en", "cutoff_hour": 3, "server_url": "http://x", "idle_lock_s": 90}'
    )
    got = TillSettings.load(paths, environ={})
    assert (got.language, got.idle_lock_s) == ("en", 90)  # the unused old fields are ignored
