"""The wire format of the till's calls (docs/API.md): what is sent, and reading problems back.

A write-off's body is built once, when it is committed, stored in its outbox row and resent
unchanged on every retry: the service fingerprints it with the idempotency key.
"""

from __future__ import annotations

import contextlib
from typing import Any

from posapp.domain.basket import Basket
from posapp.domain.codes import display_code
from posapp.domain.quote import Quote
from posapp.domain.timeutil import format_utc, from_iso
from posapp.domain.verdicts import Reason, Verdict
from posapp.store.ledger import NewRedemption
from posapp.wire.redemption import (
    BasketLineIn,
    GiftItemOut,
    RedemptionIn,
    ReturnedLineIn,
    ReverseIn,
)


def redemption_body(
    new: NewRedemption,
    basket: Basket | None,
    quote: Quote,
    rule_version: int,
    shares_adjusted_by: str | None = None,
) -> dict[str, Any]:
    """The write-off as posapp.wire.redemption.RedemptionIn, queued and resent unchanged.

    It carries the whole basket as quoted, each line's share, and the rule version, so
    the service can re-quote it with the same domain code.
    """
    lines = basket.lines if basket is not None else ()
    body = RedemptionIn(
        code=new.code,
        channel=new.channel,  # type: ignore[arg-type]  # checked by the model
        cashier_id=new.cashier_id,
        order_no=new.order_no,
        redeemed_at=new.redeemed_at,
        rule_version=rule_version,
        lines=[BasketLineIn.of(x, share) for x, share in zip(lines, quote.shares, strict=True)],
        has_other_promotions=basket.has_other_promotions if basket is not None else False,
        amount_cents=new.amount_cents,
        discount_cents=new.discount_cents,
        gift_items=[GiftItemOut(sku=g.sku, quantity=g.quantity) for g in quote.gift_items],
        shares_adjusted_by=shares_adjusted_by,
    )
    return body.model_dump(mode="json", exclude_none=True)


def reversal_body(order_completed: bool, returned: dict[int, int] | None = None) -> dict[str, Any]:
    """The Reverse body of docs/API.md: units back by line (all of them when None)."""
    body = ReverseIn(
        reason="returned" if order_completed else "cancelled",
        order_completed=order_completed,
        returned_lines=None
        if returned is None
        else [ReturnedLineIn(line=i, quantity=n) for i, n in sorted(returned.items())],
    )
    return body.model_dump(mode="json", exclude_none=True)


def problem_verdict(problem: dict[str, Any] | None, code: str) -> Verdict | None:
    """The domain verdict a stored problem document carries, or None when it has none."""
    if not problem:
        return None
    params = dict(problem.get("params") or {})
    params.setdefault("code", display_code(code))
    when = params.get("when")
    if isinstance(when, str) and "T" in when:
        with contextlib.suppress(ValueError):
            params["when_iso"], params["when"] = when, format_utc(from_iso(when))
    try:
        return Verdict(Reason(str(problem.get("code"))), params)
    except ValueError:
        return None
