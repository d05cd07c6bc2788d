"""`posapp admin stats` and `posapp admin redemptions`: the figures head office reads.

Tables for a person, CSV (`--csv`, or `export`) for a spreadsheet, JSON (`--json`) for a
script. Money is shown in yuan with two decimals; CSV carries cents beside it.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterator
from typing import IO, Any

from posapp.central.admin_args import day
from posapp.central.admin_io import Caller, write_whole
from posapp.domain.money import format_cents

# (field, label, kind): kind "n" a count, "c" cents, "r" a ratio, "t" text
STAT_ROWS = (
    ("generated", "codes generated", "n"),
    ("issued", "codes issued", "n"),
    ("received", "codes received by members", "n"),
    ("receive_rate", "receive rate", "r"),
    ("redeemed", "codes redeemed", "n"),
    ("use_rate", "use rate", "r"),
    ("write_offs", "write-offs standing", "n"),
    ("cancelled", "write-offs cancelled", "n"),
    ("orders", "orders with the coupon", "n"),
    ("order_total_cents", "order total (after returns)", "c"),
    ("discount_cents", "discount given (after returns)", "c"),
    ("cost_ratio", "cost ratio (discount / order total)", "r"),
    ("avg_order_cents", "average order", "c"),
    ("returned_cents", "goods returned", "c"),
    ("items_sold", "items sold", "n"),
    ("members", "members who used it", "n"),
    ("new_members", "  of them new (first write-off anywhere)", "n"),
    ("returning_members", "  of them returning", "n"),
    ("first_uses", "first uses in this campaign", "n"),
    ("repeat_uses", "repeat uses", "n"),
)


def _show(value: Any, kind: str) -> str:
    if kind == "c":
        return "¥" + format_cents(int(value))
    if kind == "r":
        return f"{float(value) * 100:.2f}%"
    return str(value)


def stats_table(s: dict[str, Any]) -> str:
    what = f"rule {s['rule_id']}" if "rule_id" in s else f"batch {s.get('batch_id')}"
    width = max(len(label) for _, label, _ in STAT_ROWS)
    lines = [f"Campaign statistics of {what}", ""]
    lines += [f"  {label:<{width}}  {_show(s[k], kind):>14}" for k, label, kind in STAT_ROWS]
    lines += ["", "  per business day       write-offs  orders    order total       discount"]
    for d in s["per_day"]:
        lines.append(
            f"  {d['date']:<20} {d['redeemed']:>11} {d['orders']:>7}"
            f" {_show(d['order_total_cents'], 'c'):>14} {_show(d['discount_cents'], 'c'):>14}"
        )
    if not s["per_day"]:
        lines.append("  (no write-offs yet)")
    return "\n".join(lines)


def stats_csv(s: dict[str, Any], out: IO[str]) -> None:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(("figure", "value", "cents"))
    for k, label, kind in STAT_ROWS:
        w.writerow((label.strip(), _show(s[k], kind), s[k] if kind == "c" else ""))
    w.writerow(())
    w.writerow(
        (
            "date",
            "write_offs",
            "orders",
            "order_total",
            "discount",
            "order_total_cents",
            "discount_cents",
        )
    )
    for d in s["per_day"]:
        w.writerow(
            (
                d["date"],
                d["redeemed"],
                d["orders"],
                format_cents(d["order_total_cents"]),
                format_cents(d["discount_cents"]),
                d["order_total_cents"],
                d["discount_cents"],
            )
        )


def stats(c: Caller, a: argparse.Namespace) -> None:
    path = f"/v1/stats/batches/{a.batch}" if a.batch else f"/v1/stats/rules/{a.rule}"
    s = c.call("GET", path)
    if a.json:
        print(json.dumps(s, ensure_ascii=False, indent=2))
    elif a.csv:
        stats_csv(s, sys.stdout)
    else:
        print(stats_table(s))


LEDGER_COLUMNS = (
    "redeemed_at", "business_day", "code", "rule_id", "batch_id", "member_id", "acceptor_name",
    "store_id", "merchant_id", "till_id", "cashier_id", "channel", "order_no", "status",
    "amount_cents", "discount_cents", "returned_cents", "kept_on_returns_cents", "items", "id",
)  # fmt: skip

FILTERS = ("rule", "batch", "store", "merchant", "till", "cashier", "day", "status", "order")


def _params(a: argparse.Namespace) -> dict[str, Any]:
    names = {"rule": "rule_id", "batch": "batch_id", "store": "store_id", "day": "day",
             "merchant": "merchant_id", "till": "till_id", "cashier": "cashier_id",
             "status": "status", "order": "order_no"}  # fmt: skip
    return {names[f]: getattr(a, f) for f in FILTERS if getattr(a, f, None)}


def entries(
    c: Caller, params: dict[str, Any], limit: int | None = None
) -> Iterator[dict[str, Any]]:
    """Every ledger row matching params, page after page (up to limit rows)."""
    after: str | None = None
    n = 0
    while True:
        page = c.call(
            "GET", "/v1/redemptions", **params, limit=1000, **({"after": after} if after else {})
        )
        for item in page["items"]:
            yield item
            n += 1
            if limit is not None and n >= limit:
                return
        after = page.get("next")
        if not after:
            return


def redemptions_list(c: Caller, a: argparse.Namespace) -> None:
    rows = list(entries(c, _params(a), limit=a.limit))
    if a.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    print(f"{'redeemed at (UTC)':<20} {'code':<14} {'rule':<16} {'where':<24} "
          f"{'cashier':<12} {'order':<14} {'discount':>10} status")  # fmt: skip
    for r in rows:
        print(
            f"{r['redeemed_at'][:16].replace('T', ' '):<20} {r['code']:<14} {r['rule_id']:<16} "
            f"{r['acceptor_name'][:24]:<24} {r['cashier_id']:<12} {(r['order_no'] or '-'):<14} "
            f"{'¥' + format_cents(r['discount_cents']):>10} {r['status']}"
        )
    print(f"{len(rows)} write-off(s)" + (" (more: raise --limit)" if len(rows) == a.limit else ""))


def _write_ledger(c: Caller, a: argparse.Namespace, out: IO[str]) -> int:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(LEDGER_COLUMNS)
    n = 0
    for r in entries(c, _params(a)):
        w.writerow(["" if r.get(k) is None else r[k] for k in LEDGER_COLUMNS])
        n += 1
    return n


def redemptions_export(c: Caller, a: argparse.Namespace) -> None:
    if a.output == "-":
        _write_ledger(c, a, sys.stdout)
        return

    def write(out: IO[bytes]) -> int:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        n = _write_ledger(c, a, text)
        text.flush()
        text.detach()  # out is closed by write_whole
        return n

    n = write_whole(a.output, write)
    print(f"exported {n} write-offs to {a.output}", file=sys.stderr)


def add_filters(p: argparse.ArgumentParser) -> None:
    for f in FILTERS:
        if f == "status":
            p.add_argument("--status", choices=("accepted", "reversed"))
        elif f == "day":
            p.add_argument("--day", type=day, help="the store's business day, YYYY-MM-DD")
        else:
            p.add_argument(f"--{f}", help=f"only this {f}'s write-offs")
