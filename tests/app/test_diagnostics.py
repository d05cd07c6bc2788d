"""Copy diagnostics: everything support needs, never the device token; the About box version."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from posapp import __version__
from posapp.diagnostics import diagnostics_text, gather
from posapp.settings import resolve_paths
from posapp.sync.config import TillConfig, save_config
from posapp.sync.service import TillService

TOKEN = "dev-tok-9f8e7d6c5b4a39281706"


def test_diagnostics_show_the_till_state_but_never_the_token(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path).ensure()
    save_config(paths.till_config, TillConfig("http://till:pw@127.0.0.1:8000", TOKEN))
    with TillService.open(paths) as service:
        assert service.registered
        text = gather(
            service,
            paths,
            settings={"language": "en", "camera": "0", "recent_users": ["ann", "bob"],
                      "device_token": TOKEN, "server_url": "http://till:pw@127.0.0.1:8000"},
            runtime={"qt": "6.x"},
        )  # fmt: skip
    assert TOKEN not in text and "pw@" not in text
    assert "token: set" in text
    assert "device_token: set" in text
    for expected in (
        f"version: {__version__}",
        f"data dir: {paths.data_dir}",
        f"log dir: {paths.log_dir}",
        "server: http://127.0.0.1:8000",
        "last sync: never",
        "cache age: never synced",
        "outbox (waiting to be sent): 0",
        "conflicts waiting: 0",
        "qt: 6.x",
        "recent_users: 2 names",
    ):
        assert expected in text, expected
    assert "ann" not in text


def test_diagnostics_without_a_service_still_say_where_things_are(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path)
    text = diagnostics_text(None, paths, problem="the till service is not open yet",
                            now=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC))  # fmt: skip
    assert "2025-01-02 03:04:05 UTC" in text
    assert "status: the till service is not open yet" in text
    assert f"till database: {paths.till_db}" in text


def test_help_menu_copies_diagnostics_and_about_shows_the_version(qtbot, till, world) -> None:
    from posapp.demo import _till_token

    menu = till.window.help_menu
    assert menu.title() == "Help"  # reachable on the login screen, before anyone logs in
    QGuiApplication.clipboard().clear()
    menu.copy_action.trigger()
    qtbot.waitUntil(lambda: "[till]" in QGuiApplication.clipboard().text(), timeout=10_000)
    text = QGuiApplication.clipboard().text()
    assert _till_token(world.seed) not in text
    assert "token: set" in text and "registered: yes" in text
    assert "last sync: never" not in text  # the world's till has synced
    assert "qt: " in text and "qt platform: offscreen" in text

    with qtbot.waitSignal(menu.about_opened) as opened:
        menu.about_action.trigger()
    dialog = opened.args[0]
    assert dialog.isVisible()
    assert __version__ in dialog.version.text()
    dialog.close()
