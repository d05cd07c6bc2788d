"""`posapp admin users create|set-pin|list`: till users and their PINs.

A PIN is read from --pin-file ("-": standard input), else $POSAPP_USER_PIN, else asked for
twice without echo; never needed on the command line, where every user of the computer
could read it (/proc/<pid>/cmdline). The service answers with the user, never the PIN.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from posapp.central.admin_args import group
from posapp.central.admin_io import Caller, secret

PIN_ENV = "POSAPP_USER_PIN"


def _pin(a: argparse.Namespace, who: str) -> str:
    return secret(
        "PIN",
        a.pin,
        option="--pin",
        file=a.pin_file,
        env=PIN_ENV,
        prompt=f"PIN for {who} (4 to 8 digits): ",
        confirm=True,
    )


def users_create(c: Caller, a: argparse.Namespace) -> None:
    body = {
        "id": a.id,
        "name": a.name,
        "role": a.role,
        "pin": _pin(a, a.name),
        "store_id": a.store,
        "merchant_id": a.merchant,
    }
    made = c.call("POST", "/v1/users", {k: v for k, v in body.items() if v is not None})
    print(json.dumps(made, ensure_ascii=False, indent=2))


def users_set_pin(c: Caller, a: argparse.Namespace) -> None:
    made = c.call("PATCH", f"/v1/users/{a.user_id}", {"pin": _pin(a, a.user_id)})
    print(f"PIN of {made['name']} ({made['id']}) changed; tills use it after their next sync")


def _pin_options(p: argparse.ArgumentParser) -> None:
    pin = p.add_mutually_exclusive_group()
    pin.add_argument(
        "--pin-file", metavar="FILE", help="read the PIN from FILE ('-': standard input)"
    )
    pin.add_argument("--pin", help="the PIN itself (avoid: other users can see it in ps)")


def register(groups: Any, cmd: Any, listing: Any) -> None:
    users = group(groups, "users", "till users")
    about = f"The PIN is read from --pin-file, else ${PIN_ENV}, else asked for (not echoed)."
    p = cmd(users, "create", users_create, "add a cashier, manager or partner user")
    p.description = f"Add a cashier, manager or partner user. {about}"
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=["cashier", "manager", "partner"])
    _pin_options(p)
    p.add_argument("--id")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--store")
    g.add_argument("--merchant")
    p = cmd(users, "set-pin", users_set_pin, "give a user a new PIN")
    p.description = f"Give a user a new PIN. {about}"
    p.add_argument("user_id", metavar="USER_ID")
    _pin_options(p)
    cmd(users, "list", listing, "list users", kind="users")
