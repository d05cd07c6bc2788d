"""No device token and no PIN ever reaches the log file, through the CLI or the app."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from posapp.cli import main
from posapp.logs import LOG_FILE, setup_logging
from posapp.settings import resolve_paths
from posapp.ui.background import BackgroundRunner

WRONG_PIN = "739184"  # not the demo cashier's PIN, and unlikely to turn up in a timestamp
WRONG_TOKEN = "not-a-real-device-token-5f3c9a1e7b"


def _token(world: Any) -> str:
    from posapp.demo import _till_token

    return _till_token(world.seed)


def test_registration_and_wrong_pin_leave_no_secret_in_the_log(
    qtbot, world, tmp_path: Path, capsys
) -> None:
    token = _token(world)
    data = tmp_path / "till"
    url = world.server.url
    try:
        # the till CLI: a refused token, then the real one, then a sync (pulls the users)
        assert main(["--data-dir", str(data), "till", "register", "--server", url,
                     "--token", WRONG_TOKEN]) == 1  # fmt: skip
        assert main(["--data-dir", str(data), "till", "register", "--server", url,
                     "--token", token]) == 0  # fmt: skip
        assert main(["--data-dir", str(data), "till", "sync"]) == 0
        capsys.readouterr()
        log_file = resolve_paths(data).log_dir / LOG_FILE
        assert log_file.is_file()  # the CLI set up logging itself

        # the app: log at DEBUG (the most talkative level), then a wrong PIN on the login screen
        setup_logging(log_file.parent, level=logging.DEBUG, console=False)
        from posapp.ui.app import open_till

        till = open_till(resolve_paths(data), language="en", start_background=False)
        qtbot.waitUntil(lambda: till.session.service is not None, timeout=10_000)
        view = till.window.login
        view.user.setText(world.cashier[0])
        view.pin.setText(WRONG_PIN)
        with qtbot.waitSignal(view.refused, timeout=10_000) as refused:
            view.submit()
        assert "Wrong PIN" in refused.args[0]
        logging.getLogger("posapp.test").debug("login tried with a wrong PIN")
        till.close()
        assert BackgroundRunner._instance is None
    finally:
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = (resolve_paths(data).log_dir / LOG_FILE).read_text(encoding="utf-8")
        setup_logging(None, console=False)
    # the log did record these events (so the assertions below are not vacuous) ...
    assert "refused" in text and "login tried with a wrong PIN" in text
    # ... and holds neither secret, in any form
    for secret in (token, WRONG_TOKEN, WRONG_PIN):
        assert secret not in text
