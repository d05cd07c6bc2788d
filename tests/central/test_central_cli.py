"""`posapp admin` over HTTP, and `posapp server` as a process that can be killed and restarted."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import requests
from central_helpers import REDUCTION_RULE, Api, build_world

from posapp.central.auth import new_token
from posapp.central.runner import free_port, start_process
from posapp.cli import main


def admin(server: Any, *args: str) -> list[str]:
    return ["admin", "--server", server.url, "--token", server.admin_token, *args]


def test_admin_cli_end_to_end(
    central_server: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rule_file = tmp_path / "rule.toml"
    rule_file.write_text(
        '[[rules]]\nid = "T1"\nname = "满100减10"\nkind = "reduction"\n'
        "face_value = { min_cents = 1000, max_cents = 1000 }\n"
        'threshold = { kind = "amount", value = 10000 }\nbody = {}\n',
        encoding="utf-8",
    )
    json_file = tmp_path / "rule.json"
    json_file.write_text(json.dumps(REDUCTION_RULE), encoding="utf-8")
    assert main(admin(central_server, "rules", "create", str(rule_file))) == 0
    assert main(admin(central_server, "rules", "create", str(json_file))) == 0
    assert main(admin(central_server, "rules", "list")) == 0
    assert main(admin(central_server, "batches", "generate", "T1", "25")) == 0
    members = tmp_path / "members.txt"
    members.write_text("m1\nm2\n\nm3\n", encoding="utf-8")
    assert main(admin(central_server, "issue", "T1", "m4", "--file", str(members))) == 0
    out = capsys.readouterr().out
    assert "created rule T1" in out and out.count("issued  ") == 4
    csv_path = tmp_path / "codes.csv"
    for _ in range(2):  # any number of times
        assert main(admin(central_server, "export", "--rule", "T1", "-o", str(csv_path))) == 0
        rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
        assert len(rows) == 25
        assert {r["state"] for r in rows} == {"issued", "unissued"}
        assert all(r["qr_payload"].startswith("PV1.") for r in rows)
    assert main(admin(central_server, "stats", "--rule", "T1", "--json")) == 0
    assert json.loads(capsys.readouterr().out)["issued"] == 4
    assert main(admin(central_server, "stores", "create", "S9", "Store 9")) == 0
    assert main(admin(central_server, "tills", "register", "front", "--store", "S9")) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert requests.get(
        central_server.url + "/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=10
    ).ok
    assert (
        main(
            admin(
                central_server,
                "users",
                "create",
                "Li",
                "--role",
                "cashier",
                "--pin",
                "1234",
                "--store",
                "S9",
            )
        )
        == 0
    )
    assert "pin" not in capsys.readouterr().out.lower()


def test_stats_and_the_ledger_read_as_a_table_and_as_csv(
    central_server: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    world = build_world(central_server.url, central_server.admin_token, n_codes=3)
    for code in world.codes[:2]:
        assert world.till.redeem(code, order_no="ORD-1" if code == world.codes[0] else None).ok
    assert main(admin(central_server, "stats", "--rule", "R-300-20")) == 0
    table = capsys.readouterr().out
    assert "codes redeemed" in table and "discount given (after returns)" in table
    assert "¥40.00" in table and "66.67%" in table  # 2 of 3 codes used
    assert main(admin(central_server, "stats", "--rule", "R-300-20", "--csv")) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert ["discount given (after returns)", "¥40.00", "4000"] in rows
    assert main(admin(central_server, "redemptions", "list", "--rule", "R-300-20")) == 0
    listing = capsys.readouterr().out
    assert "2 write-off(s)" in listing and "ORD-1" in listing and "Store 1" in listing
    out = tmp_path / "ledger.csv"
    assert (
        main(admin(central_server, "redemptions", "export", "--order", "ORD-1", "-o", str(out)))
        == 0
    )
    exported = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["code"], r["discount_cents"], r["status"]) for r in exported] == [
        (world.codes[0], "2000", "accepted")
    ]


def test_admin_cli_prints_the_problem_not_a_traceback(
    central_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(admin(central_server, "batches", "generate", "NOPE", "5")) == 1
    err = capsys.readouterr().err
    # --token's warning (the token shows in ps) comes first; then the problem, in one line.
    assert err.splitlines()[-1].startswith("error: No rule 'NOPE'") and "not_found" in err
    assert "Traceback" not in err
    assert main(["admin", "--server", central_server.url, "--token", "wrong", "rules", "list"]) == 1
    assert "unauthorized" in capsys.readouterr().err
    assert main(["admin", "--server", "http://127.0.0.1:1", "--token", "x", "rules", "list"]) == 1
    assert "cannot reach" in capsys.readouterr().err


@pytest.mark.slow
def test_server_process_can_be_killed_and_restarted_on_the_same_port_and_db(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    proc = start_process(db_url, free_port(), new_token(), tmp_path / "data")
    try:
        api = Api(proc.url, proc.admin_token)
        api.ok("post", "/v1/stores", {"id": "S1", "name": "Store 1"})
        proc.kill()
        with pytest.raises(requests.ConnectionError):
            requests.get(proc.url + "/v1/health", timeout=2)
        proc.start()
        assert [s["id"] for s in api.ok("get", "/v1/stores")] == ["S1"]
        proc.restart()
        assert api.get("/v1/health").json()["status"] == "ok"
    finally:
        proc.stop()
    assert not proc.running


def test_tokens_can_be_pasted_after_token_on_a_command_line() -> None:
    # A token that began with '-' made `till register --token -abc…` fail as a missing value.
    tokens = {new_token() for _ in range(500)}
    assert len(tokens) == 500
    assert all(len(t) == 64 and t.isalnum() and not t.startswith("-") for t in tokens)
