"""`posapp admin`: the operations staff's command line over the service's HTTP API.

Errors print the problem document's message (and exit 1), never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from posapp.central import admin_members, admin_products, admin_users
from posapp.central import admin_reports as reports
from posapp.central.admin_args import group, whole_number
from posapp.central.admin_io import InputError, secret, write_whole

SERVER_ENV = "POSAPP_SERVER"
TOKEN_ENV = "POSAPP_ADMIN_TOKEN"
DEFAULT_SERVER = "http://127.0.0.1:8000"


class AdminError(Exception):
    """A refusal or failure to show the operator as one line."""


class Client:
    """The operator's calls, over the one HTTP client, bound to one server and admin token."""

    def __init__(self, server: str, token: str) -> None:
        from posapp import __version__
        from posapp.wire.http import HttpClient

        # Long read timeout: generating or issuing 100,000 codes is one call.
        self.http = HttpClient(
            server, token, agent=f"posapp-admin/{__version__}", timeout=(3.05, 600.0)
        )
        self.base = self.http.base_url

    def call(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        from posapp.wire.errors import ServiceError

        try:
            return self.http.call(method, path, json_body=body, params=params or None)
        except ServiceError as e:
            raise AdminError(_error_text(e, self.base)) from None

    def stream_to(self, path: str, out: Any) -> int:
        from posapp.wire.errors import ServiceError

        try:
            return self.http.stream_to(path, out)
        except ServiceError as e:
            raise AdminError(_error_text(e, self.base)) from None


def _error_text(e: Exception, base: str) -> str:
    from posapp.wire.errors import ProblemError, Unreachable

    if isinstance(e, Unreachable):
        if "in time" in e.message:  # reached, but no answer before the deadline
            return f"the central service at {base} did not answer in time; try again"
        return f"cannot reach the central service at {base}: is it running?"
    if isinstance(e, ProblemError):
        said = _invalid_fields(e.body.get("errors")) if e.code == "validation_error" else None
        return f"{said or e.body.get('detail') or e.title or e} ({e.code}, HTTP {e.status})"
    return str(e)


# The request models' patterns (posapp.wire.fields), in words.
_ID_WORDS = "1 to 64 letters, digits, '_', '.', ':' or '-', starting with a letter or digit"
_PATTERN_WORDS = {
    r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$": _ID_WORDS,
    r"^[A-Za-z0-9-]{1,32}$": "1 to 32 letters, digits or '-'",
}


def _field_problem(field: str, msg: str, kind: str) -> str:
    name = "the PIN" if field == "pin" else field
    if kind == "string_pattern_mismatch":
        pattern = msg.partition("pattern ")[2].strip("'")
        if digits := re.fullmatch(r"\^\[0-9\]\{(\d+),(\d+)\}\$", pattern):
            return f"{name} must be {digits[1]} to {digits[2]} digits"
        if pattern in _PATTERN_WORDS:
            return f"{name} must be {_PATTERN_WORDS[pattern]}"
        return f"{name} must not be empty or hold control characters (tabs, line breaks)"
    if kind == "missing":
        return f"{name} is missing"
    if kind == "extra_forbidden":
        return f"{name} is not a field here"
    words = msg.removeprefix("Value error, ").replace("Input should be", "must be")
    return f"{name} {words.replace('String should', 'must')}" if field else words


def _invalid_fields(errors: Any) -> str | None:
    """The service's validation errors, each as a field and what it must be; None if none."""
    if not isinstance(errors, list) or not errors:
        return None
    said = []
    for err in errors[:5]:
        if not isinstance(err, dict):
            return None
        loc = [str(x) for x in err.get("loc", ())]
        field = ".".join(loc[1:] if loc[:1] in (["body"], ["query"], ["path"]) else loc)
        said.append(_field_problem(field, str(err.get("msg", "")), str(err.get("type", ""))))
    return "; ".join(said)


def _client(args: argparse.Namespace) -> Client:
    token = secret(
        "admin token",
        args.token,
        option="--token",
        file=args.token_file,
        env=TOKEN_ENV,
        prompt="Admin token: ",
    )
    server = args.server or os.environ.get(SERVER_ENV) or DEFAULT_SERVER
    try:
        return Client(server, token)
    except ValueError:
        raise AdminError(
            f"{server!r} is not a service address: write it with http:// or https://, "
            f"e.g. {DEFAULT_SERVER}"
        ) from None


def _print(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _load_rules(path: str) -> list[dict[str, Any]]:
    """Read one rule or a list of rules from JSON, or from TOML ([[rules]] or one table)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise AdminError(f"cannot read {path}: {e.strerror}") from None
    try:
        if p.suffix.lower() == ".toml":
            import tomllib

            data: Any = tomllib.loads(raw.decode("utf-8"))
            if isinstance(data, dict) and "rules" in data:
                data = data["rules"]
        else:
            data = json.loads(raw)
    except json.JSONDecodeError as e:
        raise AdminError(
            f"{path} is not valid JSON: the first problem is at line {e.lineno}, column {e.colno}"
        ) from None
    except UnicodeDecodeError:
        raise AdminError(f"{path} is not a text file (UTF-8)") from None
    except ValueError as e:  # TOML: its message says what was expected, and where
        raise AdminError(f"{path} is not valid TOML: {e}") from None
    rules = data if isinstance(data, list) else [data]
    if not all(isinstance(r, dict) for r in rules):
        raise AdminError(f"{path} must hold a rule object or a list of them")
    return rules


def _members(args: argparse.Namespace) -> list[str]:
    members = list(args.members)
    if args.file:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except OSError as e:
            raise AdminError(f"cannot read {args.file}: {e.strerror}") from None
        members += [line.strip() for line in text.splitlines() if line.strip()]
    if not members:
        raise AdminError("no member IDs: give them as arguments or with --file")
    return members


# --- commands ----------------------------------------------------------------------------


def rules_create(c: Client, a: argparse.Namespace) -> None:
    for rule in _load_rules(a.file):
        made = c.call("POST", "/v1/rules", rule)
        print(f"created rule {made['id']} ({made['kind']}): {made['name']}")


def rules_list(c: Client, a: argparse.Namespace) -> None:
    rows = c.call("GET", "/v1/rules")
    if a.json:
        _print(rows)
        return
    for r in rows:
        print(
            f"{r['id']:<16} {r['kind']:<10} v{r['version']:<3} "
            f"issued {r['issued_count']:<7} {r['name']}"
        )


def rules_show(c: Client, a: argparse.Namespace) -> None:
    _print(c.call("GET", f"/v1/rules/{a.rule_id}"))


def batches_generate(c: Client, a: argparse.Namespace) -> None:
    made = c.call("POST", f"/v1/rules/{a.rule_id}/batches", {"count": a.count})
    print(f"batch {made['batch_id']}: {made['count']} codes for rule {made['rule_id']}")


def export(c: Client, a: argparse.Namespace) -> None:
    path = f"/v1/batches/{a.batch}/export" if a.batch else f"/v1/rules/{a.rule}/export"
    if a.output and a.output != "-":
        n = write_whole(a.output, lambda out: c.stream_to(path, out))
        print(f"exported {n} codes to {a.output}", file=sys.stderr)
    else:
        c.stream_to(path, sys.stdout.buffer)
        sys.stdout.flush()


def issue(c: Client, a: argparse.Namespace) -> None:
    result = c.call("POST", "/v1/issues", {"rule_id": a.rule_id, "member_ids": _members(a)})
    for row in result["issued"]:
        print(f"issued  {row['code']} -> {row['member_id']}")
    for row in result["refused"]:
        print(f"refused {row['member_id']}: {row['code']}")


def void(c: Client, a: argparse.Namespace) -> None:
    row = c.call("POST", f"/v1/codes/{a.code}/void")
    print(f"{row['code']} is now {row['state']}")


def qr(c: Client, a: argparse.Namespace) -> None:
    print(c.call("GET", f"/v1/codes/{a.code}/qr")["payload"])


def acceptor_create(c: Client, a: argparse.Namespace) -> None:
    body: dict[str, Any] = {"id": a.id, "name": a.name}
    if a.timezone:
        body["timezone"] = a.timezone
    if a.cutoff_hour is not None:
        body["cutoff_hour"] = a.cutoff_hour
    _print(c.call("POST", f"/v1/{a.kind}", body))


def listing(c: Client, a: argparse.Namespace) -> None:
    _print(c.call("GET", f"/v1/{a.kind}"))


def tills_register(c: Client, a: argparse.Namespace) -> None:
    body = {"name": a.name, "store_id": a.store, "merchant_id": a.merchant}
    made = c.call("POST", "/v1/tills", {k: v for k, v in body.items() if v is not None})
    print(f"till {made['till_id']} registered. Its device token (shown once):")
    print(made["token"])


def tills_revoke(c: Client, a: argparse.Namespace) -> None:
    made = c.call("POST", f"/v1/tills/{a.till_id}/revoke")
    print(f"till {made['till_id']} revoked")


# --- wiring ------------------------------------------------------------------------------


def _run(args: argparse.Namespace) -> int:
    try:
        args.admin_func(_client(args), args)
    except (AdminError, InputError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except OSError as e:  # writing to stdout or a file the command names
        where = f"{e.filename}: " if e.filename else ""
        print(f"error: {where}{e.strerror or e}", file=sys.stderr)
        return 1
    return 0


def _cmd(sub: Any, name: str, func: Any, help: str, **defaults: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(name, help=help)
    p.set_defaults(func=_run, admin_func=func, **defaults)
    return p


def register_admin(sub: argparse._SubParsersAction) -> None:
    admin = sub.add_parser("admin", help="head office commands over the service's API")
    admin.add_argument("--server", help=f"service URL (env {SERVER_ENV}; default {DEFAULT_SERVER})")
    token = admin.add_mutually_exclusive_group()
    token.add_argument(
        "--token-file",
        metavar="FILE",
        help=f"read the admin token from FILE ('-': standard input); else env {TOKEN_ENV}, "
        "else asked for",
    )
    token.add_argument("--token", help="the admin token itself (avoid: visible in ps)")
    admin.set_defaults(func=lambda _a: (admin.print_help(sys.stderr), 2)[1])
    groups = admin.add_subparsers(dest="admin_command", metavar="WHAT")

    rules = group(groups, "rules", "coupon rules")
    p = _cmd(rules, "create", rules_create, "create rules from a JSON or TOML file")
    p.add_argument("file")
    p = _cmd(rules, "list", rules_list, "list rules")
    p.add_argument("--json", action="store_true")
    p = _cmd(rules, "show", rules_show, "show one rule")
    p.add_argument("rule_id")

    batches = group(groups, "batches", "code batches")
    p = _cmd(batches, "generate", batches_generate, "generate N codes for a rule")
    p.add_argument("rule_id")
    p.add_argument("count", type=whole_number, help="how many codes")

    p = _cmd(
        groups, "export", export, "export codes as CSV (code, face value, batch, state, member, QR)"
    )
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--batch")
    g.add_argument("--rule")
    p.add_argument("-o", "--output", help="file to write (default: stdout)")

    p = _cmd(groups, "issue", issue, "bind codes of a rule to member IDs")
    p.add_argument("rule_id")
    p.add_argument("members", nargs="*", help="member IDs")
    p.add_argument("--file", help="a file of member IDs, one a line")

    p = _cmd(groups, "stats", reports.stats, "campaign statistics of a rule or batch")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--batch")
    g.add_argument("--rule")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--csv", action="store_true", help="print CSV")
    fmt.add_argument("--json", action="store_true", help="print JSON")

    admin_members.register(groups, _cmd)
    admin_products.register(groups, _cmd)

    acts = group(groups, "redemptions", "the write-off ledger")
    p = _cmd(acts, "list", reports.redemptions_list, "list write-offs, oldest first")
    reports.add_filters(p)
    p.add_argument("--limit", type=whole_number, default=200, help="at most this many rows (200)")
    p.add_argument("--json", action="store_true")
    p = _cmd(acts, "export", reports.redemptions_export, "export write-offs as CSV")
    reports.add_filters(p)
    p.add_argument("-o", "--output", default="-", help="file to write (default: stdout)")

    p = _cmd(groups, "void", void, "void a code")
    p.add_argument("code")
    p = _cmd(groups, "qr", qr, "print a code's signed voucher text")
    p.add_argument("code")

    for kind in ("stores", "merchants"):
        acts = group(groups, kind, kind)
        p = _cmd(acts, "create", acceptor_create, f"add one of the {kind}", kind=kind)
        p.add_argument("id")
        p.add_argument("name")
        p.add_argument("--timezone")
        p.add_argument("--cutoff-hour", type=whole_number, help="the business day's first hour")
        _cmd(acts, "list", listing, f"list {kind}", kind=kind)

    tills = group(groups, "tills", "tills")
    p = _cmd(tills, "register", tills_register, "register a till; prints its device token")
    p.add_argument("name")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--store")
    g.add_argument("--merchant")
    p = _cmd(tills, "revoke", tills_revoke, "revoke a till's token")
    p.add_argument("till_id")
    _cmd(tills, "list", listing, "list tills", kind="tills")

    admin_users.register(groups, _cmd, listing)
