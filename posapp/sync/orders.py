"""An order QR's vouchers (the 'show the order's QR in the shop' pattern): checked here, and
written off together as one step."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from posapp.domain.basket import Basket
from posapp.domain.choose import rank
from posapp.domain.quote import QuoteContext
from posapp.domain.verdicts import Reason, Verdict
from posapp.store import cache
from posapp.store.db import Database
from posapp.store.ledger import redemptions_of_order
from posapp.sync.cache_view import SessionView
from posapp.sync.checker import check_code
from posapp.sync.context import read_context
from posapp.sync.link import Link
from posapp.sync.redeeming import Redeemer, with_offline
from posapp.sync.results import OrderResult, RedeemResult
from posapp.sync.views import redemption_view
from posapp.wire.errors import ServiceError

log = logging.getLogger(__name__)


def order(
    db: Database,
    link: Link,
    clock: Callable[[], datetime],
    online: bool,
    order_no: str,
    basket: Basket | None = None,
) -> OrderResult:
    """The vouchers of an order (from the service when online, else the cache), checked."""
    order_no = order_no.strip().upper()
    codes: list[str] = []
    from_server = False
    if online:
        try:
            answer = link.client().order(order_no)
            codes = [str(c) for c in answer.get("vouchers") or []]
            from_server = True
        except ServiceError as e:
            log.info("order %s from the service failed: %s", order_no, e.detail)
    now = clock()
    with db.read() as s:
        view = SessionView(s)
        ctx = view.context(link.registered)
        if not from_server:
            codes = [i.code for i in cache.codes_of_order(s, order_no)]
        vouchers = tuple(
            with_offline(view, check_code(view, c, basket, now, ctx.here), ctx, now) for c in codes
        )
        reds = tuple(redemption_view(r) for r in redemptions_of_order(s, order_no))
    found = bool(codes) or bool(reds)
    return OrderResult(
        order_no,
        found,
        vouchers,
        reds,
        None if found else Verdict(Reason.ORDER_NOT_FOUND, {"order": order_no}),
        from_server,
    )


@dataclass(frozen=True)
class OrderRedemption:
    """What writing off an order's chosen vouchers did: each one's result, best first."""

    order_no: str
    results: tuple[tuple[str, RedeemResult], ...]
    bill_cents: int

    @property
    def written_off(self) -> tuple[tuple[str, RedeemResult], ...]:
        return tuple((c, r) for c, r in self.results if r.redeemed)

    @property
    def refused(self) -> tuple[tuple[str, RedeemResult], ...]:
        return tuple((c, r) for c, r in self.results if not r.redeemed)

    @property
    def discount_cents(self) -> int:
        return sum(r.quote.discount_cents for _, r in self.written_off if r.quote is not None)

    @property
    def pay_cents(self) -> int:
        return self.bill_cents - self.discount_cents

    def to_dict(self) -> dict[str, object]:
        return {
            "order_no": self.order_no,
            "written_off": [c for c, _ in self.written_off],
            "refused": {c: r.message() for c, r in self.refused},
            "discount_cents": self.discount_cents,
            "pay_cents": self.pay_cents,
            "results": [{"code": c} | r.to_dict() for c, r in self.results],
        }


def redeem_order(
    db: Database,
    link: Link,
    clock: Callable[[], datetime],
    desk: Redeemer,
    order_no: str,
    codes: Sequence[str],
    basket: Basket | None,
    cashier_id: str,
    channel: str = "store",
) -> OrderRedemption:
    """Write off the chosen vouchers of one order as one step, the seeds' best first.

    Each is quoted on the same bill, in the order the seeds give (usable first, largest
    discount, earliest expiry), and written off in that order, so the coupons-per-order and
    stacking rules see the ones before it; the result says exactly what was and was not.
    """
    order_no = order_no.strip().upper()
    bill = basket.with_order(order_no) if basket is not None else None
    now = clock()
    with db.read() as s:
        ctx = read_context(s, link.registered)
        candidates = []
        for code in dict.fromkeys(codes):
            info = cache.get_code(s, code)
            rule = cache.get_rule(s, info.rule_id) if info is not None else None
            if info is not None and rule is not None and ctx.here.acceptor is not None:
                candidates.append((rule, info))
        ranked: list[str] = []
        if ctx.here.acceptor is not None:
            qctx = QuoteContext(now=now, acceptor=ctx.here.acceptor)
            ranked = [o.info.code for o in rank(candidates, bill, qctx)]
    order = ranked + [c for c in dict.fromkeys(codes) if c not in ranked]
    results = tuple(
        (code, desk.redeem(code, bill, cashier_id, channel, order_no=order_no)) for code in order
    )
    return OrderRedemption(order_no, results, bill.total_cents if bill is not None else 0)
