"""Reversal (退还) of a write-off: who gets the coupon back, and how much money goes back.

- An order cancelled before completion gives the coupon back if it is still valid (the code
  returns to 'issued'); the customer gets back everything paid.
- After completion, or on a goods return, the coupon stays used. Each returned line refunds
  its amount less its share of the discount: that share is kept by the shop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from posapp.domain.code import CodeInfo, CodeState
from posapp.domain.codes import display_code
from posapp.domain.money import Cents
from posapp.domain.quote import format_money
from posapp.domain.rule import Rule
from posapp.domain.timeutil import format_utc, require_aware, to_iso
from posapp.domain.validity import window
from posapp.domain.verdicts import Reason, Verdict


@dataclass(frozen=True)
class ReversalDecision:
    """What the reversal does: give the coupon back or not, and the refund."""

    return_coupon: bool
    refund_cents: Cents
    reason: Verdict | None  # why the coupon is not given back; None when it is
    code_state: CodeState  # the code's state after the reversal


def _check(line_amounts: Sequence[Cents], shares: Sequence[Cents], returned: Sequence[int]) -> None:
    if len(line_amounts) != len(shares):
        raise ValueError("one share per line is needed")
    if any(not 0 <= s <= a for s, a in zip(shares, line_amounts, strict=True)):
        raise ValueError("each share must be within 0 and its line amount")
    if len(set(returned)) != len(returned):
        raise ValueError("a line cannot be returned twice")
    if any(not 0 <= i < len(line_amounts) for i in returned):
        raise ValueError("a returned line is not on the order")


class SkuNotOnBill(ValueError):
    """A returned SKU matches no line of the write-off (or all its lines are taken)."""

    def __init__(self, sku: str) -> None:
        super().__init__(f"{sku} is not on the bill")
        self.sku = sku


def returned_lines(line_skus: Sequence[str], returned_skus: Sequence[str]) -> list[int]:
    """Map returned SKUs to the bill's lines: each takes the first line of its SKU not yet taken.

    The same SKU returned twice takes two lines of that SKU; raise SkuNotOnBill when a
    returned SKU has no line left.
    """
    taken: list[int] = []
    for sku in returned_skus:
        idx = next(
            (i for i, line_sku in enumerate(line_skus) if line_sku == sku and i not in taken),
            None,
        )
        if idx is None:
            raise SkuNotOnBill(sku)
        taken.append(idx)
    return taken


def decide_reversal(
    rule: Rule,
    info: CodeInfo,
    now: datetime,
    order_completed: bool,
    returned_line_indexes: Sequence[int],
    line_amounts: Sequence[Cents],
    shares: Sequence[Cents],
) -> ReversalDecision:
    """Decide a reversal of info's write-off; returned_line_indexes only matter once completed."""
    _check(line_amounts, shares, returned_line_indexes)
    if info.state is not CodeState.REDEEMED:
        raise ValueError(f"code {info.code} is {info.state.value}: no write-off to reverse")
    shown = display_code(info.code)
    if not order_completed:
        paid = sum(line_amounts) - sum(shares)
        span = window(rule.head.validity, info.received_at)
        if span.is_after(require_aware(now)):
            expired = Verdict(
                Reason.EXPIRED,
                {"code": shown, "end": format_utc(span.end), "end_iso": to_iso(span.end)},
            )
            return ReversalDecision(False, paid, expired, CodeState.REDEEMED)
        back = CodeState.UNISSUED if info.member_id is None else CodeState.ISSUED
        return ReversalDecision(True, paid, None, back)
    refund = sum(line_amounts[i] - shares[i] for i in returned_line_indexes)
    kept = sum(shares[i] for i in returned_line_indexes)
    verdict = Verdict(
        Reason.COUPON_KEPT,
        {
            "code": shown,
            "kept": format_money(kept),
            "refund": format_money(refund),
            "kept_cents": kept,
            "refund_cents": refund,
        },
    )
    return ReversalDecision(False, refund, verdict, CodeState.REDEEMED)
