"""`posapp demo`: the whole system on one machine, so a newcomer redeems a coupon in a minute.

Starts the central service in this process on a loopback port, seeds it with demo stores, rules
of all three kinds, codes (some expired, redeemed or voided), an order and users; registers a
till in a demo data dir, opens the app logged in as the demo cashier, and shows a panel of demo
QR codes that are held up to a synthetic camera on click.

`posapp demo --check` does the same without a window: it redeems one demo coupon through the
real scan → check → write-off path, prints what happened and exits 0 (for tests and CI).

This is the only module outside posapp/central that imports posapp.central.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHECK_TIMEOUT_S = 60.0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="run the service and a till with demo data, and open the app")
    p.add_argument(
        "--check",
        action="store_true",
        help="run headless: redeem one demo coupon through the real path, print it, exit",
    )
    p.add_argument("--lang", choices=("en", "zh_CN"), help="the app's language")
    p.set_defaults(func=_run)


@dataclass
class DemoCodeSpec:
    key: str
    label: str
    payload: str


@dataclass
class DemoWorld:
    """The running demo: service, seeded data, and a registered, synced till."""

    root: Path
    server: Any
    seed: dict[str, Any]
    paths: Any
    service: Any
    cashier: tuple[str, str]  # name, PIN
    manager: tuple[str, str] | None = None
    codes: list[DemoCodeSpec] = field(default_factory=list)
    temporary: bool = False

    def data_names(self) -> list[str]:
        """Every text the demo's data holds (stores, rules, items, people): what a screen shows
        as it is, in any language. The screenshot check leaves these out of its English hunt."""
        from datetime import UTC, datetime

        from posapp.central import demo_seed

        names: list[str] = []

        def walk(v: object) -> None:
            if isinstance(v, dict):
                for x in v.values():
                    walk(x)
            elif isinstance(v, (list, tuple)):
                for x in v:
                    walk(x)
            elif isinstance(v, str) and len(v) > 1:
                names.append(v)

        walk([demo_seed.STORE, demo_seed.STORE2, demo_seed.MERCHANT, self.seed])
        walk(demo_seed.demo_rules(datetime.now(UTC)))
        return names

    def stop(self) -> None:
        try:
            self.service.close()
        finally:
            self.server.stop()
            if self.temporary:
                shutil.rmtree(self.root, ignore_errors=True)


def start_world(data_dir: str | None, say: Any = print) -> DemoWorld:
    """Start the service, seed it, register and sync a till. No Qt here."""
    from posapp.central.demo_seed import seed_demo
    from posapp.central.runner import start_in_thread
    from posapp.settings import resolve_paths
    from posapp.sync.service import TillService

    if data_dir:
        root = Path(data_dir).expanduser() / "demo"
        shutil.rmtree(root, ignore_errors=True)  # a fresh demo every time
        root.mkdir(parents=True, exist_ok=True)
        temporary = False
    else:
        root = Path(tempfile.mkdtemp(prefix="posapp-demo-"))
        temporary = True
    say(f"posapp demo: data in {root}")
    server = start_in_thread(f"sqlite:///{root / 'central.sqlite3'}")
    say(f"posapp demo: coupon service running at {server.url}")
    try:
        seed = seed_demo(server.url, server.admin_token)
        paths = resolve_paths(root / "till").ensure()
        service = TillService.open(paths)
        service.register(server.url, _till_token(seed))
        result = service.sync_now()
        say(f"posapp demo: till registered and synced ({result.pulled} items)")
    except BaseException:
        server.stop()
        raise
    world = DemoWorld(
        root=root,
        server=server,
        seed=seed,
        paths=paths,
        service=service,
        cashier=_user(seed, "cashier", "1234") or ("cashier", "1234"),
        manager=_user(seed, "manager", "9999"),
        codes=demo_codes(seed),
        temporary=temporary,
    )
    return world


def _till_token(seed: dict[str, Any]) -> str:
    """The device token of the demo's store till (seed_demo registers one per store/merchant)."""
    return str(seed["tills"]["store"]["token"])


def _user(seed: dict[str, Any], role: str, pin: str) -> tuple[str, str] | None:
    user = (seed.get("users") or {}).get(role)
    if not isinstance(user, dict):
        return None
    return str(user.get("name", role)), str(user.get("pin", pin))


def demo_codes(seed: dict[str, Any]) -> list[DemoCodeSpec]:
    """The panel's codes, from what seed_demo says is notable."""
    names = {"full_reduction": "reduction"}
    found = {names.get(k, k): str(v) for k, v in (seed.get("payloads") or {}).items()}
    codes = seed.get("codes") or {}
    if codes.get("redeemed"):
        found["redeemed"] = str(codes["redeemed"][0])
    if codes.get("wrong_store") and "wrong_store" not in found:
        found["wrong_store"] = str(codes["wrong_store"])
    order = seed.get("order") or {}
    if order.get("qr"):
        found["order"] = str(order["qr"])
    return [DemoCodeSpec(key, key, text) for key, text in found.items()]


def _run(args: argparse.Namespace) -> int:
    import os

    from posapp.ui.app import NO_DISPLAY_MESSAGE, has_display

    if args.check:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif not has_display():
        print(NO_DISPLAY_MESSAGE.format(command="posapp demo"), file=sys.stderr)
        print("To try the demo without a window:  posapp demo --check", file=sys.stderr)
        return 3
    world = start_world(args.data_dir)
    try:
        from posapp.ui.demo_panel import run_demo

        return run_demo(world, language=args.lang, check=args.check, timeout_s=CHECK_TIMEOUT_S)
    finally:
        world.stop()
