"""An order QR's vouchers (the 'show the order's QR in the shop' pattern), each checked here."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from posapp.domain.basket import Basket
from posapp.domain.verdicts import Reason, Verdict
from posapp.store import cache
from posapp.store.db import Database
from posapp.store.ledger import redemptions_of_order
from posapp.sync.checker import check_code
from posapp.sync.context import read_context
from posapp.sync.link import Link
from posapp.sync.redeeming import with_offline
from posapp.sync.results import OrderResult
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
        ctx = read_context(s, link.registered)
        if not from_server:
            codes = [i.code for i in cache.codes_of_order(s, order_no)]
        vouchers = tuple(
            with_offline(s, check_code(s, c, basket, now, ctx.here), ctx, now) for c in codes
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
