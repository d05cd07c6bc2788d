"""Reversal (退还) of a write-off: who gets the coupon back, and how much money goes back.

- An order cancelled before completion gives the coupon back if it is still valid (the code
  returns to 'issued'); the customer gets back everything paid.
- After completion, or on a goods return, the coupon stays used. Each returned unit refunds
  its price less its share of the discount: that share is kept by the shop. A unit comes
  back at most once: a line is returned at most for the quantity bought.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from posapp.domain.code import CodeInfo, CodeState
from posapp.domain.codes import display_code
from posapp.domain.money import Cents, round_half_up
from posapp.domain.quote import format_money
from posapp.domain.rule import Rule
from posapp.domain.timeutil import format_utc, require_aware, to_iso
from posapp.domain.validity import window
from posapp.domain.verdicts import Reason, Verdict


@dataclass(frozen=True)
class BillLine:
    """One line of a written-off bill, as a reversal sees it."""

    amount_cents: Cents
    share_cents: Cents  # its share of the coupon's discount
    quantity: int = 1  # units bought
    returned: int = 0  # units returned already

    def kept_for(self, units: int) -> Cents:
        """The share kept by the shop when `units` of this line have come back in all.

        Rounded on the running total, so returning a line unit by unit keeps exactly as
        much as returning it at once.
        """
        return round_half_up(self.share_cents * units, max(1, self.quantity))

    def paid_for(self, units: int) -> Cents:
        return round_half_up(self.amount_cents * units, max(1, self.quantity))


@dataclass(frozen=True)
class ReversalDecision:
    """What the reversal does: give the coupon back or not, and the refund."""

    return_coupon: bool
    refund_cents: Cents
    reason: Verdict | None  # why the coupon is not given back; None when it is
    code_state: CodeState  # the code's state after the reversal
    returned: dict[int, int] = field(default_factory=dict)  # units coming back, by line


def _check(lines: Sequence[BillLine], returns: Mapping[int, int]) -> None:
    for line in lines:
        if not 0 <= line.share_cents <= line.amount_cents:
            raise ValueError("each share must be within 0 and its line amount")
        if line.quantity < 0 or not 0 <= line.returned <= max(line.quantity, 1):
            raise ValueError("a line's returned units must be within what was bought")
    for i, units in returns.items():
        if not 0 <= i < len(lines):
            raise ValueError("a returned line is not on the order")
        if units < 1:
            raise ValueError("return at least one unit of a line")


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


def whole_lines(indexes: Sequence[int], lines: Sequence[BillLine]) -> dict[int, int]:
    """Every unit not yet returned of each line in indexes (a return 'by line')."""
    out: dict[int, int] = {}
    for i in indexes:
        if not 0 <= i < len(lines):
            raise ValueError("a returned line is not on the order")
        if i in out:
            raise ValueError("a line cannot be returned twice")
        left = max(lines[i].quantity, 1) - lines[i].returned
        # A line already back in full asks for all of it again: decide_reversal refuses
        # that with ALREADY_RETURNED, which is what the cashier needs to hear.
        out[i] = left if left > 0 else max(lines[i].quantity, 1)
    return out


def decide_reversal(
    rule: Rule,
    info: CodeInfo,
    now: datetime,
    order_completed: bool,
    returns: Mapping[int, int],
    lines: Sequence[BillLine],
) -> ReversalDecision | Verdict:
    """Decide a reversal of info's write-off: units returned by line (after completion).

    A Verdict refuses it: goods returned once cannot come back again, and an order whose
    goods came back cannot be cancelled any more.
    """
    _check(lines, returns)
    if info.state is not CodeState.REDEEMED:
        raise ValueError(f"code {info.code} is {info.state.value}: no write-off to reverse")
    shown = display_code(info.code)
    if not order_completed:
        if any(line.returned for line in lines):
            why = "goods of this order were already returned"
            return Verdict(Reason.NOT_REVERSIBLE, {"why": why, "code": shown})
        paid = sum(line.amount_cents - line.share_cents for line in lines)
        span = window(rule.head.validity, info.received_at)
        if span.is_after(require_aware(now)):
            expired = Verdict(
                Reason.EXPIRED,
                {"code": shown, "end": format_utc(span.end), "end_iso": to_iso(span.end)},
            )
            return ReversalDecision(False, paid, expired, CodeState.REDEEMED)
        back = CodeState.UNISSUED if info.member_id is None else CodeState.ISSUED
        return ReversalDecision(True, paid, None, back)
    refund = kept = 0
    for i, units in sorted(returns.items()):
        line = lines[i]
        bought = max(line.quantity, 1)
        if line.returned + units > bought:
            return Verdict(
                Reason.ALREADY_RETURNED,
                {
                    "code": shown,
                    "line": i + 1,
                    "returned": line.returned,
                    "bought": bought,
                    "asked": units,
                },
            )
        after = line.returned + units
        line_kept = line.kept_for(after) - line.kept_for(line.returned)
        refund += line.paid_for(after) - line.paid_for(line.returned) - line_kept
        kept += line_kept
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
    return ReversalDecision(False, refund, verdict, CodeState.REDEEMED, dict(returns))


def needs_manager(role: str, order_completed: bool, goods_returned: bool) -> bool:
    """Whether a reversal asks for a manager's PIN. A cancelled order only gives the coupon
    back; after completion, or with goods coming back, money goes back to the customer, and a
    cashier does not refund money on their own say."""
    return role != "manager" and (order_completed or goods_returned)
