"""Quote: what a coupon takes off a bill, line by line, or why it cannot be used.

`check_code` holds the checks that need no bill (state, validity, where it may be used);
`quote` adds the bill: product scope, stacking, coupons per order, threshold, discount
and its apportionment over the eligible lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from posapp.domain.apportion import apportion
from posapp.domain.basket import Basket, Line
from posapp.domain.code import CodeInfo, CodeState
from posapp.domain.codes import display_code
from posapp.domain.kinds import CouponKind, GiftBody, GiftItem
from posapp.domain.money import Cents, format_cents
from posapp.domain.rule import Rule, RuleId
from posapp.domain.scope import Acceptor, AcceptorKind
from posapp.domain.threshold import Threshold, ThresholdKind
from posapp.domain.timeutil import format_utc, require_aware, to_iso
from posapp.domain.validity import Window, window
from posapp.domain.verdicts import Reason, Verdict


@dataclass(frozen=True)
class QuoteContext:
    """Where and when the coupon is being used; store_names turns ids into names for messages."""

    now: datetime
    acceptor: Acceptor
    store_names: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "now", require_aware(self.now, "now"))


@dataclass(frozen=True)
class Quote:
    """A usable coupon on a bill: the discount, its share per basket line, what is left to pay."""

    rule_id: RuleId
    code: str
    kind: CouponKind
    eligible_cents: Cents
    discount_cents: Cents
    shares: tuple[Cents, ...]  # one per basket line, 0 outside the product scope
    pay_cents: Cents
    gift_items: tuple[GiftItem, ...]
    window: Window
    eligible_lines: tuple[int, ...] = ()  # the basket lines the discount may fall on


def format_money(cents: Cents) -> str:
    """Show cents as the cashier reads them: 2000 -> '¥20.00'."""
    return f"¥{format_cents(cents)}"


def format_weight(grams: int) -> str:
    """Show a weight: below a kilo in grams, else in kg: 1500 -> '1.5 kg'."""
    if grams < 1000:
        return f"{grams} g"
    kilos, rest = divmod(grams, 1000)
    return f"{kilos} kg" if rest == 0 else f"{kilos}.{rest:03d}".rstrip("0") + " kg"


def format_threshold_value(kind: ThresholdKind, value: int) -> str:
    """Show a threshold amount in its unit: money, a count of items, or a weight."""
    if kind is ThresholdKind.AMOUNT:
        return format_money(value)
    if kind is ThresholdKind.WEIGHT:
        return format_weight(value)
    return str(value)


def _names(ids: frozenset[str], names: Mapping[str, str]) -> str:
    return ", ".join(sorted(names.get(i, i) for i in ids))


def _redeemed(info: CodeInfo, shown: str) -> Verdict:
    r = info.redeemed
    return Verdict(
        Reason.ALREADY_REDEEMED,
        {
            "code": shown,
            "code_raw": info.code,
            "when": format_utc(r.at) if r else "?",
            "when_iso": to_iso(r.at) if r else None,
            "store": r.store_name if r else "?",
            "till": r.till_id if r else "?",
        },
    )


def _acceptor_verdict(rule: Rule, ctx: QuoteContext, shown: str) -> Verdict | None:
    stores = rule.head.stores
    if ctx.acceptor.kind is AcceptorKind.MERCHANT:
        # A partner merchant may write off gift coupons that name it, and nothing else.
        if rule.kind is not CouponKind.GIFT or not stores.accepts(ctx.acceptor):
            return Verdict(
                Reason.MERCHANT_NOT_ALLOWED, {"code": shown, "merchant": ctx.acceptor.id}
            )
        return None
    if stores.accepts(ctx.acceptor):
        return None
    where = _names(stores.store_ids, ctx.store_names) or "-"
    return Verdict(
        Reason.WRONG_STORE, {"code": shown, "stores": where, "store_ids": sorted(stores.store_ids)}
    )


def check_code(rule: Rule, info: CodeInfo, ctx: QuoteContext) -> Verdict | None:
    """Refuse a code for what needs no bill (state, validity, acceptor); None when it passes."""
    if info.rule_id != rule.id:
        raise ValueError(f"code {info.code} belongs to rule {info.rule_id}, not {rule.id}")
    shown = display_code(info.code)
    if info.state is CodeState.REDEEMED:
        return _redeemed(info, shown)
    if info.state is CodeState.VOIDED:
        return Verdict(Reason.VOIDED, {"code": shown})
    if info.state is CodeState.UNISSUED and not rule.head.bearer:
        return Verdict(Reason.NOT_ISSUED, {"code": shown})
    span = window(rule.head.validity, info.received_at)
    if span.is_before(ctx.now):
        return Verdict(
            Reason.NOT_YET_VALID,
            {"code": shown, "start": format_utc(span.start), "start_iso": to_iso(span.start)},
        )
    if span.is_after(ctx.now):
        return Verdict(
            Reason.EXPIRED,
            {"code": shown, "end": format_utc(span.end), "end_iso": to_iso(span.end)},
        )
    return _acceptor_verdict(rule, ctx, shown)


def _threshold_verdict(threshold: Threshold, lines: list[Line], shown: str) -> Verdict | None:
    missing = threshold.measure_missing(
        amount=sum(line.amount_cents for line in lines),
        items=sum(line.quantity for line in lines),
        weight_g=sum(line.weight_g for line in lines),
    )
    if missing == 0:
        return None
    return Verdict(
        Reason.THRESHOLD_NOT_MET,
        {
            "code": shown,
            "threshold": format_threshold_value(threshold.kind, threshold.value),
            "missing": format_threshold_value(threshold.kind, missing),
            "kind": threshold.kind.value,
            "threshold_value": threshold.value,
            "missing_value": missing,
        },
    )


def _gift_quote(rule: Rule, info: CodeInfo, basket: Basket | None, span: Window) -> Quote:
    assert isinstance(rule.body, GiftBody)
    lines = basket.lines if basket else ()
    return Quote(
        rule_id=rule.id,
        code=info.code,
        kind=rule.kind,
        eligible_cents=0,
        discount_cents=0,
        shares=tuple(0 for _ in lines),
        pay_cents=basket.total_cents if basket else 0,
        gift_items=rule.body.items,
        window=span,
    )


def quote(rule: Rule, info: CodeInfo, basket: Basket | None, ctx: QuoteContext) -> Quote | Verdict:
    """Work out the coupon on this bill: a Quote with the discount and shares, or a Verdict."""
    refusal = check_code(rule, info, ctx)
    if refusal is not None:
        return refusal
    head = rule.head
    shown = display_code(info.code)
    span = window(head.validity, info.received_at)
    # A gift needs no bill, unless its rule sets a spend to earn it (满额赠).
    if rule.kind is CouponKind.GIFT and head.threshold.is_none:
        return _gift_quote(rule, info, basket, span)
    if basket is None:
        return Verdict(Reason.NEEDS_BILL, {"code": shown})
    if not head.products.is_all and basket.is_total_only:
        return Verdict(Reason.NEEDS_LINES, {"code": shown})
    same_rule = sum(1 for c in basket.order_coupons if c.rule_id == rule.id)
    if same_rule >= head.max_per_order:
        return Verdict(Reason.TOO_MANY_COUPONS, {"code": shown, "limit": head.max_per_order})
    others = [c for c in basket.order_coupons if c.rule_id != rule.id]
    # A coupon that does not stack excludes the others, whichever came first.
    if any(not c.stackable for c in others) or (others and not head.stackable):
        return Verdict(Reason.NOT_COMBINABLE, {"code": shown})
    picked = [
        i
        for i, line in enumerate(basket.lines)
        if line.quantity > 0 and head.products.includes(line)
    ]
    eligible = [basket.lines[i] for i in picked]
    if not eligible:
        return Verdict(Reason.NOTHING_QUALIFIES, {"code": shown})
    if not head.stackable and (basket.has_other_promotions or any(x.promoted for x in eligible)):
        return Verdict(Reason.NOT_COMBINABLE, {"code": shown})
    unmet = _threshold_verdict(head.threshold, eligible, shown)
    if unmet is not None:
        return unmet
    if rule.kind is CouponKind.GIFT:
        return _gift_quote(rule, info, basket, span)
    eligible_cents = sum(line.amount_cents for line in eligible)
    # Kinds promise to stay within the eligible amount; clamp anyway, a bill never goes negative.
    discount = rule.body.discount_cents(eligible_cents, info.face_value_cents, head.threshold)
    discount = max(0, min(discount, eligible_cents))
    shares = [0] * len(basket.lines)
    for i, share in zip(
        picked, apportion(discount, [x.amount_cents for x in eligible]), strict=True
    ):
        shares[i] = share
    return Quote(
        rule_id=rule.id,
        code=info.code,
        kind=rule.kind,
        eligible_cents=eligible_cents,
        discount_cents=discount,
        shares=tuple(shares),
        pay_cents=basket.total_cents - discount,
        gift_items=(),
        window=span,
        eligible_lines=tuple(picked),
    )
