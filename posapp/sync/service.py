"""The till service: the one entry point of the GUI and `posapp till`, a thin facade over
modules named for what they hold — link (registration, clients, locks), redeeming (check,
write off, push), offline_gate, lookup, reversing, orders, cycle (pull then push), background
(the sync worker), login, inbox, queue, status, tally, day_book, wire (what is sent).

Every method opens its own database session, so any of them may be called from a worker
thread (never from the GUI thread: they do SQL and HTTP). No Qt here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from posapp.domain.basket import Basket
from posapp.domain.timeutil import utcnow
from posapp.settings import Paths
from posapp.store.db import Database
from posapp.sync import catalogue, cycle, login, orders, registration, reversing
from posapp.sync.back_office import BackOffice
from posapp.sync.background import Background
from posapp.sync.changes import Change, ChangeHub, after_sync
from posapp.sync.link import Link, TillFiles
from posapp.sync.member_coupons import MemberCoupons, member_coupons
from posapp.sync.redeeming import Redeemer
from posapp.sync.results import (
    BillLineView,
    CheckResult,
    LoginRefusal,
    OrderResult,
    RedeemResult,
    ReverseResult,
    SyncResult,
    TillStatus,
    User,
)
from posapp.sync.status import read_status


class TillService(BackOffice):
    """One till. Open it once per process, call it from worker threads, close it at exit.

    The manager's side (outbox, conflicts, tally, day book) is in `BackOffice`."""

    def __init__(self, files: TillFiles, clock: Callable[[], datetime] = utcnow) -> None:
        self.files = files
        self.clock = clock
        self.link = Link(files)
        self.db = Database(files.db)
        self.changes = ChangeHub()  # what each operation changed, for the GUI (changes.py)
        self._background = Background(self.db, self.link, clock, self.changes)
        self._desk = Redeemer(self.db, self.link, clock, self._background.nudge, self.changes.emit)

    @classmethod
    def open(cls, paths: Paths | TillFiles, clock: Callable[[], datetime] = utcnow) -> TillService:
        """Open (and migrate) the till database under paths."""
        files = paths if isinstance(paths, TillFiles) else TillFiles.from_paths(paths.ensure())
        return cls(files, clock)

    def close(self) -> None:
        self.stop_background()
        self.link.close()
        self._desk.snapshot.close()
        self.db.close()

    def __enter__(self) -> TillService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # registration and state -------------------------------------------------------------

    @property
    def registered(self) -> bool:
        return self.link.registered

    def register(self, server: str, token: str) -> TillStatus:
        """Check server and device token with the service, then store them (owner-only file)."""
        registration.register(self.db, self.link, self.clock, server, token)
        self.changes.emit(Change.STATUS | Change.CACHE)
        return self.status()

    def status(self) -> TillStatus:
        return read_status(self.db, self.link, self.clock(), self._background.running)

    def login(self, user: str, pin: str) -> User | LoginRefusal:
        return login.login(self.db, self.clock, user, pin)

    # the counter ------------------------------------------------------------------------

    def check(self, payload_text: str | bytes, basket: Basket | None = None) -> CheckResult:
        return self._desk.check(payload_text, basket)

    def redeem(
        self,
        payload_text: str | bytes,
        basket: Basket | None,
        cashier_id: str,
        channel: str = "store",
        order_no: str | None = None,
        **options: Any,
    ) -> RedeemResult:
        """Write a coupon off (redeeming.Redeemer.redeem: redemption_id, shares, adjusted_by)."""
        result = self._desk.redeem(payload_text, basket, cashier_id, channel, order_no, **options)
        if result.redemption_id:  # the push's answer may have changed it again
            self.changes.emit(Change.LEDGER | Change.STATUS)
        return result

    def write_off_lines(self, redemption_id: str) -> list[BillLineView]:
        """A write-off's bill lines, for picking what comes back (reversing.py)."""
        return reversing.lines_of(self.db, redemption_id)

    def reverse(
        self,
        redemption_id: str,
        order_completed: bool = False,
        returned_skus: tuple[str, ...] = (),
        returned: Mapping[int, int] | None = None,
    ) -> ReverseResult:
        """Undo a write-off for a cancelled order, or record returned goods (reversing.py)."""
        result = reversing.reverse(
            self.db, self.clock, redemption_id, order_completed, returned_skus, returned
        )
        self._desk.queued([result])
        return result

    def order(self, order_no: str, basket: Basket | None = None) -> OrderResult:
        online = self._desk.online()
        return orders.order(self.db, self.link, self.clock, online, order_no, basket)

    def redeem_order(
        self,
        order_no: str,
        codes: Sequence[str],
        basket: Basket | None,
        cashier_id: str,
        channel: str = "store",
    ) -> orders.OrderRedemption:
        """Write off an order's chosen vouchers as one step, best first (orders.py)."""
        args = (self.db, self.link, self.clock, self._desk, order_no, codes, basket)
        return orders.redeem_order(*args, cashier_id, channel)

    def product(self, barcode_or_sku: str) -> catalogue.Product | None:
        return catalogue.find(self.db, barcode_or_sku)

    def member_coupons(self, text: str, basket: Basket | None = None) -> MemberCoupons:
        """A member's coupons, ranked the seeds' way, the best combination chosen."""
        return member_coupons(self.db, self.link, self.clock, text, basket)

    def cancel_order(self, order_no: str) -> list[ReverseResult]:
        """The order was cancelled before completion: every coupon on it comes back at once."""
        results = reversing.cancel_order(self.db, self.clock, order_no)
        self._desk.queued(results)
        return results

    # sync -------------------------------------------------------------------------------

    def sync_now(
        self, *, pull: bool = True, push: bool = True, identity: bool = True
    ) -> SyncResult:
        """Pull the feed and push the outbox now, ignoring back-off waits."""
        parts = {"pull": pull, "push": push, "identity": identity}
        result = cycle.sync_now(self.db, self.link, self.clock, **parts)
        self.changes.emit(after_sync(pulled=result.pulled, pushed=result.pushed))
        return result

    # background -------------------------------------------------------------------------

    def start_background(self, interval_s: float = 15.0) -> None:
        """Run the sync worker thread (pull, push, retry with back-off) until stopped."""
        self._background.start(interval_s)

    def stop_background(self, timeout: float = 30.0) -> None:
        self._background.stop(timeout)
