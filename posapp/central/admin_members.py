"""`posapp admin members import|qr`: members head office knows, and their signed codes."""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path
from typing import Any, Protocol


class Caller(Protocol):
    def call(self, method: str, path: str, body: Any = None, **params: Any) -> Any: ...


class MembersError(Exception):
    pass


def read_members(path: str) -> list[dict[str, str]]:
    """Members from a CSV with a header: id, and optionally phone."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as e:
        raise MembersError(f"cannot read {path}: {e.strerror}") from None
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or "id" not in rows[0]:
        raise MembersError(f"{path} needs a header line with an 'id' column (and 'phone')")
    out = []
    for n, row in enumerate(rows, start=2):
        member_id = (row.get("id") or "").strip()
        if not member_id:
            raise MembersError(f"{path} line {n}: no member id")
        phone = (row.get("phone") or "").strip()
        out.append({"id": member_id} | ({"phone": phone} if phone else {}))
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
    members = groups.add_parser("members", help="members and their signed codes")
    acts = members.add_subparsers(metavar="ACTION")
    p = cmd(acts, "import", members_import, "add or update members from a CSV (id, phone)")
    p.add_argument("file")
    p = cmd(acts, "qr", members_qr, "print a member's signed code (for a QR)")
    p.add_argument("member_id")
    p.add_argument("--hours", type=float, default=24.0, help="how long it is valid (24)")
