"""`posapp till ...`: the till from the command line, over the same TillService as the GUI.

This module is the entry: `register` (the subcommands and their options) and one function per
subcommand. What the commands print and how a failure becomes a message is in
`posapp/sync/cli_output.py`; reading a `--basket FILE` is in `posapp/sync/basket_file.py`.

Exit status: 0 done, 1 refused or failed (the message says why), 2 bad usage.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from posapp.domain.money import Cents, parse_amount
from posapp.sync.basket_file import read_basket
from posapp.sync.cli_output import CliError, emit, guard, money, table

if TYPE_CHECKING:
    from posapp.domain.basket import Basket
    from posapp.sync.service import TillService

TOKEN_ENV = "POSAPP_TILL_TOKEN"
BASKET_HELP = (
    'the bill\'s lines as a JSON file: {"lines": [{"sku": "RICE-5KG", "unit_price_cents": 12000, '
    '"quantity": 1}]}, prices in cents after other promotions (README: "Basket files")'
)


# what the options take ------------------------------------------------------------------------


def yuan(text: str) -> Cents:
    """Read --amount: yuan with the cents written out ("150.00"), as cents."""
    example = "e.g. --amount 150.00 for ¥150"
    given = text.strip().removeprefix("¥")
    if re.fullmatch(r"-?\d+", given):
        # --amount used to take cents: a whole number is refused rather than taken as yuan,
        # so an old script's 15000 (¥150) never becomes a ¥15,000 bill.
        raise argparse.ArgumentTypeError(
            f"write the bill's total in yuan with two decimals, {example} (not {text!r})"
        )
    try:
        cents = parse_amount(given)
    except ValueError:
        if re.fullmatch(r"-?\d+\.\d{3,}", given):
            raise argparse.ArgumentTypeError(
                f"{text!r} has more than two decimals: yuan take at most two, {example}"
            ) from None
        raise argparse.ArgumentTypeError(f"{text!r} is not an amount in yuan, {example}") from None
    if cents < 0:
        raise argparse.ArgumentTypeError(f"the amount must not be negative, {example}")
    return cents


def business_day(text: str) -> date:
    """Read --date: a calendar day written YYYY-MM-DD."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD") from None


def whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `till` command and its subcommands."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print machine-readable JSON")

    till = sub.add_parser("till", help="the till: register, sync, check and redeem coupons")
    tsub = till.add_subparsers(dest="till_command", metavar="SUBCOMMAND", required=True)

    p = tsub.add_parser(
        "register",
        parents=[common],
        help="connect this till to a service",
        description="Connect this till to a service. The device token is read from "
        f"--token-file, else ${TOKEN_ENV}, else asked for (not echoed).",
    )
    p.add_argument("--server", required=True, help="the coupon service's address (http/https)")
    token = p.add_mutually_exclusive_group()
    token.add_argument(
        "--token-file",
        metavar="FILE",
        help="read the device token from FILE ('-': standard input)",
    )
    token.add_argument(
        "--token", help="the device token itself (avoid: other users can see it in ps)"
    )
    p.set_defaults(func=_register)

    p = tsub.add_parser("sync", parents=[common], help="pull changes and send queued write-offs")
    p.set_defaults(func=_sync)

    def bill_options(p: argparse.ArgumentParser) -> None:
        bill = p.add_mutually_exclusive_group()
        bill.add_argument(
            "--amount",
            type=yuan,
            metavar="YUAN",
            help="the bill's total in yuan with two decimals, e.g. 150.00",
        )
        bill.add_argument("--basket", type=Path, metavar="FILE", help=BASKET_HELP)

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
    p.add_argument(
        "--resolve", type=whole_number, metavar="N", help="mark conflict N as dealt with"
    )
    p.add_argument("--note", default="acknowledged", help="what was done (with --resolve)")
    p.add_argument("--by", default="cli", help="who resolved it (with --resolve)")
    p.set_defaults(func=_conflicts)

    p = tsub.add_parser("tally", parents=[common], help="the business day's write-offs")
    p.add_argument(
        "--date", type=business_day, metavar="YYYY-MM-DD", help="business day (default: today)"
    )
    p.add_argument("--csv", action="store_true", help="print CSV")
    p.set_defaults(func=_tally)


# commands ----------------------------------------------------------------------------------


def _open(args: argparse.Namespace) -> TillService:
    from sqlalchemy.exc import SQLAlchemyError

    from posapp.logs import setup_logging
    from posapp.settings import resolve_paths
    from posapp.sync.service import TillService

    paths = resolve_paths(args.data_dir)
    setup_logging(paths.log_dir, console=False)  # every till subcommand opens here, once
    try:
        return TillService.open(paths)
    except SQLAlchemyError as e:
        reason = str(getattr(e, "orig", None) or e).strip()
        raise CliError(
            f"The till's database {paths.till_db} cannot be read ({reason}). "
            "Nothing was changed; keep the file and ask support."
        ) from None


def _basket(args: argparse.Namespace) -> Basket | None:
    from posapp.domain.basket import Basket

    order_no = getattr(args, "order_no", None)
    if args.amount is not None:
        return Basket.from_total(args.amount, order_no=order_no)
    if args.basket is not None:
        basket = read_basket(Path(args.basket))
        return basket if order_no is None else basket.with_order(order_no)
    return None


def _device_token(args: argparse.Namespace) -> str:
    """The device token from --token-file, $POSAPP_TILL_TOKEN or a prompt (--token: warned)."""
    from posapp.settings import ARGV_SECRET_WARNING, read_secret

    if args.token is not None:
        warning = ARGV_SECRET_WARNING.format(
            option="--token", file_option="--token-file", env=TOKEN_ENV
        )
        print(warning, file=sys.stderr)
        return str(args.token)
    try:
        token = read_secret(
            "the device token", file=args.token_file, env=TOKEN_ENV, prompt="Device token: "
        )
    except ValueError as e:
        said = str(e)
        raise CliError(f"{said[:1].upper()}{said[1:]}. Nothing was registered.") from None
    if token is None:
        raise CliError(
            f"No device token: give --token-file FILE ('-' reads standard input), set "
            f"{TOKEN_ENV}, or run the command in a terminal to be asked. Nothing was registered."
        )
    return token


@guard
def _register(args: argparse.Namespace) -> int:
    from posapp.sync.client import OFFLINE_HINT
    from posapp.wire.errors import ServiceError, Unauthorized, Unreachable
    from posapp.wire.http import normalise_server_url

    try:
        server = normalise_server_url(args.server)
    except ValueError:
        raise CliError(
            f"{args.server!r} is not a service address: write it with http:// or https://, "
            "e.g. http://central:8000. Nothing was registered."
        ) from None
    token = _device_token(args)
    with _open(args) as till:
        before = till.status().server
        try:
            status = till.register(server, token)
        except ServiceError as e:
            if till.status().server != before:
                # Stored, but reading the till's profile afterwards failed: it is registered.
                raise CliError(
                    f"Registered with {server}, but the till's profile could not be read "
                    f"({e.message.removesuffix(' ' + OFFLINE_HINT)}). Run 'posapp till sync'."
                ) from None
            kept = (
                f" The till stays registered with {before}."
                if before
                else " Nothing was registered."
            )
            if isinstance(e, Unauthorized):
                what = (
                    "Head office has revoked this device token"
                    if e.revoked
                    else f"The coupon service at {server} refused this device token"
                )
                raise CliError(
                    f"{what}.{kept} Check the token (head office prints a till's token once, "
                    "with 'posapp admin tills register') and try again."
                ) from None
            if isinstance(e, Unreachable):
                raise CliError(
                    f"Cannot reach the coupon service at {server}.{kept} Check the address and "
                    "that the service is running, then try again."
                ) from None
            reason = e.message.removesuffix(" " + OFFLINE_HINT)
            raise CliError(f"{reason}{kept} Try again.") from None
    name = status.acceptor_name or (status.acceptor.id if status.acceptor else "?")
    emit(args, status.to_dict(), f"Registered as till {status.till_name} of {name}.")
    return 0


@guard
def _sync(args: argparse.Namespace) -> int:
    with _open(args) as till:
        result = till.sync_now()
        status = till.status()
    text = (
        f"{result.message} Pulled {result.pulled} changes; sent {result.pushed} write-offs "
        f"({result.confirmed} confirmed, {result.conflicts} conflicts, {result.rejected} "
        f"rejected); {result.outbox_length} waiting. Cache holds {status.codes_cached} codes."
    )
    emit(args, {"result": result.to_dict(), "status": status.to_dict()}, text)
    return 0 if result.ok else 1


@guard
def _check(args: argparse.Namespace) -> int:
    with _open(args) as till:
        result = till.check(args.payload, _basket(args))
        tz = till.status().timezone
    text = result.message(tz)
    if result.ok and result.quote is not None:
        q = result.quote
        text = f"OK: {q.kind.value}, discount {money(q.discount_cents)}, pay {money(q.pay_cents)}."
        if q.gift_items:
            text += " Hand over: " + ", ".join(f"{g.quantity} x {g.name}" for g in q.gift_items)
    emit(args, result.to_dict(), text)
    return 0 if result.ok or result.kind.value == "order" else 1


@guard
def _redeem(args: argparse.Namespace) -> int:
    with _open(args) as till:
        result = till.redeem(
            args.payload, _basket(args), args.cashier, args.channel, order_no=args.order_no
        )
        tz = till.status().timezone
    text = result.message(tz)
    if result.redemption_id:
        text += f" (id {result.redemption_id})"
    emit(args, result.to_dict(), text)
    return 0 if result.redeemed else 1


@guard
def _reverse(args: argparse.Namespace) -> int:
    with _open(args) as till:
        result = till.reverse(
            args.id, order_completed=args.completed, returned_skus=tuple(args.returned)
        )
        tz = till.status().timezone
    emit(args, result.to_dict(), result.message(tz))
    return 0 if result.ok else 1


@guard
def _queue(args: argparse.Namespace) -> int:
    with _open(args) as till:
        items = till.queue()
    rows = [
        (r.id, r.code, r.status, money(r.discount_cents), str(r.attempts), r.last_error or "")
        for r in items
    ]
    lines = table(("write-off", "code", "status", "discount", "tries", "last error"), rows)
    text = "\n".join(lines) if items else "Nothing waiting to be sent."
    emit(args, [r.to_dict() for r in items], text)
    return 0


@guard
def _conflicts(args: argparse.Namespace) -> int:
    with _open(args) as till:
        if args.resolve is not None:
            try:
                view = till.resolve_conflict(args.resolve, args.by, args.note)
            except KeyError:
                raise CliError(
                    f"There is no conflict {args.resolve} on this till; "
                    "'posapp till conflicts --all' lists them with their numbers."
                ) from None
            emit(args, view.to_dict(), f"Conflict {view.id} resolved: {view.resolution}")
            return 0
        items = till.conflicts(open_only=not args.all)
        tz = till.status().timezone
    lines = [
        f"#{c.id} {c.kind} {c.redemption.code} (write-off {c.redemption.id}): {c.message(tz)}"
        for c in items
    ]
    emit(args, [c.to_dict() for c in items], "\n".join(lines) or "No conflicts waiting.")
    return 0


@guard
def _tally(args: argparse.Namespace) -> int:
    day = args.date
    with _open(args) as till:
        tally = till.tally(day)
        csv_text = till.tally_csv(day) if args.csv else ""
    if args.csv and not args.json:
        sys.stdout.write(csv_text)
        return 0
    t = tally.total
    lines = [
        f"Business day {tally.day} ({tally.timezone}, cut-off {tally.cutoff_hour}:00)",
        f"  confirmed  {t.confirmed.count:>5}  discount {money(t.confirmed.discount_cents):>12}",
        f"  pending    {t.pending.count:>5}  discount {money(t.pending.discount_cents):>12}",
        f"  conflicted {t.conflicted.count:>5}  discount {money(t.conflicted.discount_cents):>12}",
        f"  reversed   {t.reversed.count:>5}",
    ]
    for row in tally.rows:
        c = row.cells
        lines.append(
            f"  {row.dimension:<8} {row.key:<24} confirmed {c['confirmed'].count:>4} "
            f"pending {c['pending'].count:>4} conflicted {c['conflicted'].count:>4}"
        )
    emit(args, tally.to_dict(), "\n".join(lines))
    return 0
