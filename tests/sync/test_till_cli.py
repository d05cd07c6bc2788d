"""`posapp till ...` over the same service layer, with --json for scripts."""

from __future__ import annotations

import json
import stat
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from till_factories import files_in, fill, make_feed

from posapp.cli import main
from posapp.sync.config import TillConfig, load_config, save_config
from posapp.sync.service import TillService


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *argv: str) -> tuple[int, str]:
    code = main(["--data-dir", str(data_dir), "till", *argv])
    return code, capsys.readouterr().out


def test_check_redeem_queue_tally_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = make_feed(per_rule=2)
    till = TillService(files_in(tmp_path))
    fill(till, feed)
    till.close()
    code = feed.codes["red"][0]

    status, out = run(capsys, tmp_path, "check", code, "--amount", "150.00", "--json")
    assert status == 0 and json.loads(out)["quote"]["discount_cents"] == 2000

    status, out = run(
        capsys, tmp_path, "redeem", code, "--amount", "150.00", "--cashier", "u1", "--json"
    )
    redeemed = json.loads(out)
    assert status == 0 and redeemed["status"] == "pending"

    status, out = run(capsys, tmp_path, "redeem", code, "--amount", "150.00", "--json")
    assert status == 1 and json.loads(out)["verdict"]["reason"] == "already_redeemed"
    # In words, the refusal says when on the store's clock (the feed's store is in Shanghai).
    status, out = run(capsys, tmp_path, "redeem", code, "--amount", "150.00")
    at = datetime.fromisoformat(redeemed["redeemed_at"].replace("Z", "+00:00"))
    local = at.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")
    assert status == 1 and local in out and "UTC" not in out, out

    status, out = run(capsys, tmp_path, "check", "not a coupon")
    assert status == 1 and "not a coupon" in out

    status, out = run(capsys, tmp_path, "queue", "--json")
    assert [q["id"] for q in json.loads(out)] == [redeemed["redemption_id"]]

    status, out = run(capsys, tmp_path, "tally", "--csv")
    assert status == 0 and out.startswith("day,dimension,key,state")

    status, out = run(capsys, tmp_path, "conflicts")
    assert status == 0 and "No conflicts" in out

    status, out = run(capsys, tmp_path, "sync", "--json")
    assert status == 1 and "not registered" in json.loads(out)["message"]

    basket = tmp_path / "basket.json"
    basket.write_text(json.dumps([{"sku": "A", "unit_price_cents": 12000}]))
    status, out = run(capsys, tmp_path, "check", feed.codes["red"][1], "--basket", str(basket))
    assert status == 0 and "discount ¥20.00" in out


def test_registration_file_is_readable_by_the_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "till.json"
    save_config(path, TillConfig("http://127.0.0.1:8000/", "secret-token"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = load_config(path)
    assert loaded is not None and loaded.server == "http://127.0.0.1:8000"
    assert "secret-token" not in repr(loaded)
    with pytest.raises(ValueError):
        save_config(path, TillConfig("ftp://x", "t"))
