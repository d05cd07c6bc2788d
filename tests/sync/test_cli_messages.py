"""What `posapp till ...` says when something is wrong: plain words, exit 1 or 2, nothing written.

Each message is read as the operator reads it: no parser text, no KeyError, no regex, no
traceback, and nothing that is not true (a refused registration is not "offline").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from till_factories import Feed, files_in, fill, make_feed

from posapp.cli import main
from posapp.sync.service import TillService

# What Python's own texts look like; none may reach the operator.
PYTHON_TEXTS = ("Traceback", "Errno", "Expecting value", "invalid int value", "KeyError", "'\n")


def run(
    capsys: pytest.CaptureFixture[str], data_dir: Path, *argv: str
) -> tuple[int | str | None, str]:
    """Run `posapp till ...`; return the exit status and what it printed (out and err)."""
    try:
        status: int | str | None = main(["--data-dir", str(data_dir), "till", *argv])
    except SystemExit as e:  # argparse's bad usage
        status = e.code
    got = capsys.readouterr()
    return status, got.out + got.err


def plain(text: str) -> bool:
    return not any(p in text for p in PYTHON_TEXTS)


@pytest.fixture
def feed() -> Feed:
    return make_feed(per_rule=2)


@pytest.fixture
def data_dir(tmp_path: Path, feed: Feed) -> Path:
    """A till data dir whose cache holds the feed's codes (two of each rule)."""
    till = TillService(files_in(tmp_path))
    fill(till, feed)
    till.close()
    return tmp_path


@pytest.fixture
def code(data_dir: Path, feed: Feed) -> str:
    return feed.codes["red"][0]  # 满100减20


def queue_of(capsys: pytest.CaptureFixture[str], data_dir: Path) -> list[object]:
    status, out = run(capsys, data_dir, "queue", "--json")
    assert status == 0
    queued = json.loads(out)
    assert isinstance(queued, list)
    return queued


def test_a_basket_file_that_is_not_json_says_where_in_words(
    data_dir: Path, code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    basket = data_dir / "basket.json"
    basket.write_text('{"lines": [\n', encoding="utf-8")
    status, out = run(capsys, data_dir, "redeem", code, "--basket", str(basket))
    assert status == 1
    assert "basket.json is not valid JSON" in out and "line 2" in out, out
    assert plain(out), out
    assert queue_of(capsys, data_dir) == []  # nothing written off


def test_a_basket_line_without_a_price_names_the_line_and_the_field(
    data_dir: Path, code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    basket = data_dir / "basket.json"
    basket.write_text(json.dumps([{"sku": "A", "unit_price_cents": 12000}, {"sku": "B"}]))
    status, out = run(capsys, data_dir, "redeem", code, "--basket", str(basket))
    assert status == 1
    assert "line 2 (sku B)" in out and "unit_price_cents is missing" in out, out
    assert out.strip() != "'unit_price_cents'" and plain(out), out
    assert queue_of(capsys, data_dir) == []

    # Yuan where cents belong, a typo'd field and a missing file: each said in words.
    basket.write_text(json.dumps({"lines": [{"sku": "A", "unit_price_cents": 120.5}]}))
    status, out = run(capsys, data_dir, "check", code, "--basket", str(basket))
    assert status == 1 and "whole number of cents" in out and plain(out), out
    basket.write_text(json.dumps({"lines": [{"sku": "A", "price": 12000}]}))
    status, out = run(capsys, data_dir, "check", code, "--basket", str(basket))
    assert status == 1 and "'price' is not a basket field" in out and plain(out), out
    status, out = run(capsys, data_dir, "check", code, "--basket", str(data_dir / "none.json"))
    assert status == 1 and "cannot read the basket file" in out and plain(out), out
    assert queue_of(capsys, data_dir) == []


def test_amount_is_yuan_with_the_cents_written_out(
    data_dir: Path, code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = run(capsys, data_dir, "check", code, "--amount", "150.00", "--json")
    assert status == 0, out
    assert json.loads(out)["quote"]["discount_cents"] == 2000
    assert json.loads(out)["quote"]["pay_cents"] == 13000
    status, out = run(capsys, data_dir, "check", code, "--amount", "150.00")
    assert status == 0 and "discount ¥20.00, pay ¥130.00" in out, out

    # A whole number is what --amount meant in cents before: refused, never taken 100x.
    for bad, words in (
        ("15000", "yuan with two decimals"),
        ("1.234", "more than two decimals"),
        ("-5.00", "must not be negative"),
        ("abc", "not an amount"),
    ):
        status, out = run(capsys, data_dir, "redeem", code, "--amount", bad)
        assert status == 2, (bad, out)
        assert words in out and "150.00" in out and plain(out), (bad, out)
    assert queue_of(capsys, data_dir) == []


def test_a_date_that_is_not_a_date_says_the_format(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = run(capsys, data_dir, "tally", "--date", "2026-13-45")
    assert status == 2
    assert "not a date; use YYYY-MM-DD" in out and "month must be" not in out, out


def test_queue_has_a_header_row(
    data_dir: Path, code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, data_dir, "redeem", code, "--amount", "150.00")[0] == 0
    status, out = run(capsys, data_dir, "queue")
    assert status == 0
    header, row = out.strip().splitlines()
    assert header.split() == ["write-off", "code", "status", "discount", "tries", "last", "error"]
    assert code in row and "¥20.00" in row, out


def test_resolving_a_conflict_that_is_not_there(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = run(capsys, data_dir, "conflicts", "--resolve", "5")
    assert status == 1 and "There is no conflict 5 on this till" in out and plain(out), out
    status, out = run(capsys, data_dir, "conflicts", "--resolve", "five")
    assert status == 2 and "'five' is not a whole number" in out and plain(out), out


def test_a_damaged_till_database_is_said_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "till.sqlite3").write_bytes(b"not a database at all" * 100)
    status, out = run(capsys, tmp_path, "queue")
    assert status == 1 and "till.sqlite3" in out and "cannot be read" in out, out
    assert plain(out) and "sqlalche.me" not in out, out


def test_register_says_what_happened_and_that_nothing_was_registered(
    tmp_path: Path, central: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from posapp.central.runner import start_in_thread

    url = getattr(central, "url")  # noqa: B009
    status, out = run(capsys, tmp_path, "register", "--server", url, "--token", "wrong-token")
    assert status == 1
    assert "refused this device token" in out and "Nothing was registered" in out, out
    assert "register the till again" not in out and "offline" not in out, out
    assert not (tmp_path / "till.json").exists()

    stopped = start_in_thread(f"sqlite:///{tmp_path / 'stopped.sqlite3'}")
    stopped.stop()
    status, out = run(capsys, tmp_path, "register", "--server", stopped.url, "--token", "t")
    assert status == 1
    assert f"Cannot reach the coupon service at {stopped.url}" in out, out
    assert "Nothing was registered" in out and "offline" not in out, out
    assert not (tmp_path / "till.json").exists()

    status, out = run(capsys, tmp_path, "register", "--server", "central:8000", "--token", "t")
    assert status == 1 and "http://" in out and "Nothing was registered" in out, out
    assert plain(out), out


def test_pos_serve_says_why_it_cannot_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket
    import subprocess
    import sys

    def pos(*argv: str) -> tuple[int | str | None, str]:
        try:
            status: int | str | None = main(["--data-dir", str(tmp_path), "pos", *argv])
        except SystemExit as e:
            status = e.code
        got = capsys.readouterr()
        return status, got.out + got.err

    for bad in ("x", "70000"):
        status, out = pos("serve", "--port", bad)
        assert status == 2 and f"{bad!r} is not a port number (0 to 65535)" in out, out
    assert pos("token")[0] == 0
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # In a process of its own: were the port not refused, the endpoint would serve on.
        serve = ["pos", "serve", "--port", str(port)]
        done = subprocess.run(
            [sys.executable, "-m", "posapp", "--data-dir", str(tmp_path), *serve],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"cannot start on 127.0.0.1:{port}" in done.stderr, done.stderr
    assert "in use" in done.stderr and plain(done.stderr), done.stderr
