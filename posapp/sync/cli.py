"""`posapp till ...`: the till from the command line, over the same TillService as the GUI.

Exit status: 0 done, 1 refused or failed (the message says why), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from posapp.domain.basket import Basket
    from posapp.sync.service import TillService


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `till` command and its subcommands."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print machine-readable JSON")

    till = sub.add_parser("till", help="the till: register, sync, check and redeem coupons")
    tsub = till.add_subparsers(dest="till_command", metavar="SUBCOMMAND", required=True)

    p = tsub.add_parser("register", parents=[common], help="connect this till to a service")
    p.add_argument("--server", required=True, help="the coupon service's address (http/https)")
    p.add_argument("--token", required=True, help="the device token from head office")
    p.set_defaults(func=_register)

    p = tsub.add_parser("sync", parents=[common], help="pull changes and send queued write-offs")
    p.set_defaults(func=_sync)

    def bill_options(p: argparse.ArgumentParser) -> None:
        bill = p.add_mutually_exclusive_group()
        bill.add_argument("--amount", type=int, metavar="CENTS", help="the bill's total in cents")
        bill.add_argument("--basket", type=Path, metavar="FILE", help="the bill's lines as JSON")

    p = tsub.add_parser("check", parents=[common], help="say whether a coupon can be used")
    p.add_argument("payload", metavar="PAYLOAD", help="the scanned or typed code")
    bill_options(p)
    p.set_defaults(func=_check)

    p = tsub.add_parser("redeem", parents=[common], help="write a coupon off")
    p.add_argument("payload", metavar="PAYLOAD", help="the scanned or typed code")
    bill_options(p)
    p.add_argument("--cashier", default="cli", help="who redeems it (user id)")
    p.add_argument("--channel", default="store", choices=("store", "partner", "phone"))
    p.add_argument("--order", dest="order_no", help="the order number")
    p.set_defaults(func=_redeem)

    p = tsub.add_parser("reverse", parents=[common], help="give a coupon back (cancelled order)")
    p.add_argument("id", metavar="ID", help="the write-off's id")
    p.add_argument(
        "--completed", action="store_true", help="the order was completed (coupon is kept)"
    )
    p.add_argument("--returned", nargs="*", default=[], metavar="SKU", help="returned lines")
    p.set_defaults(func=_reverse)

    p = tsub.add_parser("queue", parents=[common], help="write-offs waiting to be sent")
    p.set_defaults(func=_queue)

    p = tsub.add_parser("conflicts", parents=[common], help="write-offs the service refused")
    p.add_argument("--all", action="store_true", help="include resolved ones")
    p.add_argument("--resolve", type=int, metavar="N", help="mark conflict N as dealt with")
    p.add_argument("--note", default="acknowledged", help="what was done (with --resolve)")
    p.add_argument("--by", default="cli", help="who resolved it (with --resolve)")
    p.set_defaults(func=_conflicts)

    p = tsub.add_parser("tally", parents=[common], help="the business day's write-offs")
    p.add_argument("--date", help="business day YYYY-MM-DD (default: today)")
    p.add_argument("--csv", action="store_true", help="print CSV")
    p.set_defaults(func=_tally)


# commands ----------------------------------------------------------------------------------


def _open(args: argparse.Namespace) -> TillService:
    from posapp.logs import setup_logging
    from posapp.settings import resolve_paths
    from posapp.sync.service import TillService

    paths = resolve_paths(args.data_dir)
    setup_logging(paths.log_dir, console=False)  # every till subcommand opens here, once
    return TillService.open(paths)


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print(text)


def _fail(args: argparse.Namespace, message: str, code: str = "error") -> int:
    if args.json:
        print(json.dumps({"ok": False, "error": code, "message": message}, ensure_ascii=False))
    else:
        print(message, file=sys.stderr)
    return 1


def _guard(func: Any) -> Any:
    """Turn a service error into its message and exit status 1, never a traceback."""

    def run(args: argparse.Namespace) -> int:
        from posapp.wire.errors import ServiceError

        try:
            return int(func(args) or 0)
        except ServiceError as e:
            return _fail(args, e.message, type(e).__name__)
        except (ValueError, KeyError, OSError) as e:
            return _fail(args, str(e), type(e).__name__)

    return run


def _basket(args: argparse.Namespace) -> Basket | None:
    from posapp.domain.basket import Basket

    order_no = getattr(args, "order_no", None)
    if args.amount is not None:
        if args.amount < 0:
            raise ValueError("the amount must not be negative")
        return Basket.from_total(args.amount, order_no=order_no)
    if args.basket is not None:
        data = json.loads(Path(args.basket).read_text(encoding="utf-8"))
        if isinstance(data, list):
            data = {"lines": data}
        basket = Basket.from_dict(data)
        return basket if order_no is None else basket.with_order(order_no)
    return None


@_guard
def _register(args: argparse.Namespace) -> int:
    with _open(args) as till:
        status = till.register(args.server, args.token)
    name = status.acceptor_name or (status.acceptor.id if status.acceptor else "?")
    _emit(args, status.to_dict(), f"Registered as till {status.till_name} of {name}.")
    return 0


@_guard
def _sync(args: argparse.Namespace) -> int:
    with _open(args) as till:
        result = till.sync_now()
        status = till.status()
    text = (
        f"{result.message} Pulled {result.pulled} changes; sent {result.pushed} write-offs "
        f"({result.confirmed} confirmed, {result.conflicts} conflicts, {result.rejected} "
        f"rejected); {result.outbox_length} waiting. Cache holds {status.codes_cached} codes."
    )
    _emit(args, {"result": result.to_dict(), "status": status.to_dict()}, text)
    return 0 if result.ok else 1


@_guard
def _check(args: argparse.Namespace) -> int:
    with _open(args) as till:
        result = till.check(args.payload, _basket(args))
        tz = till.status().timezone
    text = result.message(tz)
    if result.ok and result.quote is not None:
        q = result.quote
        text = f"OK: {q.kind.value}, discount {q.discount_cents} cents, pay {q.pay_cents} cents."
        if q.gift_items:
            text += " Hand over: " + ", ".join(f"{g.quantity} x {g.name}" for g in q.gift_items)
    _emit(args, result.to_dict(), text)
    return 0 if result.ok or result.kind.value == "order" else 1


@_guard
def _redeem(args: argparse.Namespace) -> int:
    with _open(args) as till:
        result = till.redeem(
            args.payload, _basket(args), args.cashier, args.channel, order_no=args.order_no
        )
        tz = till.status().timezone
    text = result.message(tz)
    if result.redemption_id:
        text += f" (id {result.redemption_id})"
    _emit(args, result.to_dict(), text)
    return 0 if result.redeemed else 1


@_guard
def _reverse(args: argparse.Namespace) -> int:
    with _open(args) as till:
        result = till.reverse(
            args.id, order_completed=args.completed, returned_skus=tuple(args.returned)
        )
        tz = till.status().timezone
    _emit(args, result.to_dict(), result.message(tz))
    return 0 if result.ok else 1


@_guard
def _queue(args: argparse.Namespace) -> int:
    with _open(args) as till:
        items = till.queue()
    lines = [
        f"{r.id}  {r.code}  {r.status:<9} {r.discount_cents:>8}  tries {r.attempts}"
        + (f"  ({r.last_error})" if r.last_error else "")
        for r in items
    ]
    _emit(args, [r.to_dict() for r in items], "\n".join(lines) or "Nothing waiting to be sent.")
    return 0


@_guard
def _conflicts(args: argparse.Namespace) -> int:
    with _open(args) as till:
        if args.resolve is not None:
            view = till.resolve_conflict(args.resolve, args.by, args.note)
            _emit(args, view.to_dict(), f"Conflict {view.id} resolved: {view.resolution}")
            return 0
        items = till.conflicts(open_only=not args.all)
        tz = till.status().timezone
    lines = [
        f"#{c.id} {c.kind} {c.redemption.code} (write-off {c.redemption.id}): {c.message(tz)}"
        for c in items
    ]
    _emit(args, [c.to_dict() for c in items], "\n".join(lines) or "No conflicts waiting.")
    return 0


@_guard
def _tally(args: argparse.Namespace) -> int:
    from datetime import date

    day = date.fromisoformat(args.date) if args.date else None
    with _open(args) as till:
        tally = till.tally(day)
        csv_text = till.tally_csv(day) if args.csv else ""
    if args.csv and not args.json:
        sys.stdout.write(csv_text)
        return 0
    t = tally.total
    lines = [
        f"Business day {tally.day} ({tally.timezone}, cut-off {tally.cutoff_hour}:00)",
        f"  confirmed  {t.confirmed.count:>5}  discount {t.confirmed.discount_cents:>10}",
        f"  pending    {t.pending.count:>5}  discount {t.pending.discount_cents:>10}",
        f"  conflicted {t.conflicted.count:>5}  discount {t.conflicted.discount_cents:>10}",
        f"  reversed   {t.reversed.count:>5}",
    ]
    for row in tally.rows:
        c = row.cells
        lines.append(
            f"  {row.dimension:<8} {row.key:<24} confirmed {c['confirmed'].count:>4} "
            f"pending {c['pending'].count:>4} conflicted {c['conflicted'].count:>4}"
        )
    _emit(args, tally.to_dict(), "\n".join(lines))
    return 0
