"""`posapp admin members import|qr`: members head office knows, and their signed codes."""

from __future__ import annotations

import argparse
from typing import Any

from posapp.central.admin_args import group, hours
from posapp.central.admin_io import Caller, FileError, read_csv


def read_members(path: str) -> list[dict[str, str]]:
    """Members from a CSV with a header: id, and optionally phone."""
    out = []
    for n, row in read_csv(path, ("id",)):
        if not row.get("id"):
            raise FileError(f"{path} line {n}: no member id")
        out.append({"id": row["id"]} | ({"phone": row["phone"]} if row.get("phone") else {}))
    return out


def members_import(c: Caller, a: argparse.Namespace) -> None:
    members = read_members(a.file)
    done = 0
    for i in range(0, len(members), 10_000):
        done += int(c.call("POST", "/v1/members", {"members": members[i : i + 10_000]})["members"])
    print(f"imported {done} members")


def members_qr(c: Caller, a: argparse.Namespace) -> None:
    got = c.call("GET", f"/v1/members/{a.member_id}/qr", valid_for_s=int(a.hours * 3600))
    print(got["payload"])
    print(f"(valid until {got['expires_at']})")


def register(groups: Any, cmd: Any) -> None:
    acts = group(groups, "members", "members and their signed codes")
    p = cmd(acts, "import", members_import, "add or update members from a CSV (id, phone)")
    p.add_argument("file")
    p = cmd(acts, "qr", members_qr, "print a member's signed code (for a QR)")
    p.add_argument("member_id")
    p.add_argument("--hours", type=hours, default=24.0, help="how long it is valid (24)")
