"""What `posapp admin ...` and `posapp server` say when something is wrong: plain words, exit 1
or 2, no traceback, and no file written or overwritten by a command that failed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from posapp.central.runner import start_in_thread
from posapp.cli import main

PYTHON_TEXTS = (
    "Traceback",
    "Errno",
    "HTTPConnectionPool",
    "Max retries",
    "invalid int value",
    "invalid float value",
    "should match pattern",
    "^[",
    "Input should be",
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int | str | None, str]:
    try:
        status: int | str | None = main(list(argv))
    except SystemExit as e:  # argparse's bad usage
        status = e.code
    got = capsys.readouterr()
    return status, got.out + got.err


def admin(server: Any, *args: str) -> list[str]:
    return ["admin", "--server", server.url, "--token", server.admin_token, *args]


def plain(text: str) -> bool:
    return not any(p in text for p in PYTHON_TEXTS)


def test_a_stopped_service_is_named_with_its_address(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stopped = start_in_thread(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    stopped.stop()
    out_file = tmp_path / "codes.csv"
    for argv in (["rules", "list"], ["export", "--rule", "R1", "-o", str(out_file)]):
        status, out = run(capsys, *admin(stopped, *argv))
        assert status == 1, out
        assert f"cannot reach the central service at {stopped.url}: is it running?" in out, out
        assert plain(out), out
    assert not out_file.exists()  # nothing written for a failed export


def test_a_short_pin_and_a_bad_id_are_said_in_words(
    central_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, *admin(central_server, "stores", "create", "S1", "Store 1"))[0] == 0
    status, out = run(
        capsys,
        *admin(central_server, "users", "create", "Li", "--role", "cashier"),
        *("--pin", "12", "--store", "S1"),
    )
    assert status == 1 and "the PIN must be 4 to 8 digits" in out and plain(out), out
    assert "'12'" not in out  # the PIN itself is never echoed

    status, out = run(capsys, *admin(central_server, "stores", "create", "S 2", "Store 2"))
    assert status == 1 and "id must be 1 to 64 letters, digits" in out and plain(out), out


def test_a_bad_server_address_is_said_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "admin", "--server", "central:8000", "--token", "t", "rules", "list")
    assert status == 1 and "http://" in out and plain(out), out


def test_a_failed_export_leaves_the_file_as_it_was(
    central_server: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = tmp_path / "codes.csv"
    kept.write_text("yesterday's export\n", encoding="utf-8")
    status, out = run(capsys, *admin(central_server, "export", "--rule", "NOPE", "-o", str(kept)))
    assert status == 1 and "No rule 'NOPE'" in out, out
    assert kept.read_text(encoding="utf-8") == "yesterday's export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["codes.csv"]  # no temporary file left

    status, out = run(
        capsys, *admin(central_server, "export", "--rule", "NOPE", "-o", "/nonexistent/dir/x.csv")
    )
    assert status == 1 and "cannot write /nonexistent/dir/x.csv" in out and plain(out), out
    status, out = run(
        capsys, *admin(central_server, "redemptions", "export", "-o", "/nonexistent/dir/x.csv")
    )
    assert status == 1 and "cannot write /nonexistent/dir/x.csv" in out and plain(out), out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["batches", "generate", "R1", "abc"], "'abc' is not a whole number"),
        (["stores", "create", "S1", "Store", "--cutoff-hour", "x"], "'x' is not a whole number"),
        (["redemptions", "list", "--limit", "x"], "'x' is not a whole number"),
        (["members", "qr", "m1", "--hours", "x"], "'x' is not a number of hours"),
        (["redemptions", "list", "--day", "2026-13-45"], "not a date; use YYYY-MM-DD"),
    ],
)
def test_options_of_the_wrong_kind_are_said_in_words(
    argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = run(capsys, "admin", "--server", "http://127.0.0.1:1", "--token", "t", *argv)
    assert status == 2 and words in out and plain(out), out


def test_a_group_without_an_action_shows_its_own_actions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out = run(capsys, "admin", "rules")
    assert status == 2 and "show one rule" in out and "create rules from" in out, out


@pytest.fixture
def server_logging() -> Iterator[None]:
    """`posapp server` logs to stderr: take its handler away again, for the tests after."""
    import logging

    from posapp.logs import setup_logging

    level = logging.getLogger().level
    yield
    setup_logging(None, level=level, console=False)  # removes posapp's handlers, adds none


@pytest.mark.usefixtures("server_logging")
def test_the_server_command_says_what_is_wrong_with_its_database_or_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    status, out = run(capsys, *data, "server", "--db", "nonsense")
    assert status == 1 and "'nonsense' is not a database URL" in out and plain(out), out
    status, out = run(
        capsys, *data, "server", "--db", "postgresql+psycopg://postgres@127.0.0.1:1/none"
    )
    assert status == 1 and "cannot open the database" in out and plain(out), out
    assert "sqlalche.me" not in out, out
    # (--db too, so that a server that took the missing file as "no settings" cannot start)
    missing = str(tmp_path / "none.toml")
    status, out = run(capsys, *data, "server", "--config", missing, "--db", "nonsense")
    assert status == 1 and "there is no settings file" in out and plain(out), out


def test_a_rules_file_that_is_not_json_says_where_in_words(
    central_server: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rule = tmp_path / "rule.json"
    rule.write_text('{"id": "R1",\n "name": }', encoding="utf-8")
    status, out = run(capsys, *admin(central_server, "rules", "create", str(rule)))
    assert status == 1, out
    assert "rule.json is not valid JSON" in out and "line 2, column 10" in out, out
    assert "Expecting value" not in out and plain(out), out

    rule.write_text('{"id": "R1", "name": "x", "kind": "reduction"}', encoding="utf-8")
    status, out = run(capsys, *admin(central_server, "rules", "create", str(rule)))
    assert status == 1 and "validation_error" in out and plain(out), out
