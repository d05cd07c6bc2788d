"""The service decides the money: every write-off is quoted again, here, with the domain's code.

A till proposes a discount; the service runs posapp.domain.quote on the basket the till
sent, at the rule version the till quoted at (while that version may still be in a till's
cache), with the order's coupons as the service knows them, and accepts only its own
figures: the discount and every line's share to the cent. Anything else is refused with a
stable code carrying both figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from posapp.central.auth import TillPrincipal
from posapp.central.models import RuleVersion
from posapp.central.rules import parse_rule
from posapp.domain.apportion import check_shares
from posapp.domain.basket import OrderCoupon
from posapp.domain.code import CodeInfo
from posapp.domain.codes import display_code
from posapp.domain.kinds import CouponKind
from posapp.domain.offline_policy import OfflinePolicy
from posapp.domain.quote import Quote, QuoteContext, format_money, quote
from posapp.domain.rule import Rule
from posapp.domain.timeutil import format_utc, to_iso
from posapp.domain.verdicts import Reason, Verdict
from posapp.wire.redemption import RedemptionIn


@dataclass(frozen=True)
class Requoted:
    """The service's own quote of a write-off, at the rule version the till used."""

    rule: Rule
    quote: Quote


def max_offline_age(till: TillPrincipal, skew_s: int) -> timedelta:
    """How far back a write-off may be dated: as long as the store lets a till work offline."""
    try:
        policy = OfflinePolicy.from_dict(till.offline_policy)
    except ValueError:
        policy = OfflinePolicy()
    return timedelta(seconds=policy.max_cache_age_s + skew_s)


def too_old(body: RedemptionIn, code: str, now: datetime, limit: timedelta) -> Verdict | None:
    """Refuse a write-off dated earlier than any till could have made it offline."""
    if body.redeemed_at >= now - limit:
        return None
    return Verdict(
        Reason.REDEEMED_TOO_LONG_AGO,
        {
            "code": display_code(code),
            "when": format_utc(body.redeemed_at),
            "when_iso": to_iso(body.redeemed_at),
            "limit_s": int(limit.total_seconds()),
        },
    )


def rule_at(
    session: Session, current: Rule, asked: int, redeemed_at: datetime, cache_limit: timedelta
) -> Rule | Verdict:
    """The rule as the till saw it: version `asked`, if a till could still hold it then."""
    if asked == current.head.version:
        return current
    row = session.scalars(
        select(RuleVersion).where(RuleVersion.rule_id == current.id, RuleVersion.version == asked)
    ).first()
    stale = Verdict(
        Reason.RULE_CHANGED,
        {"rule": current.id, "version": asked, "current": current.head.version},
    )
    if row is None:
        return stale
    # A till writes off from a cache at most cache_limit old: a version replaced longer
    # ago than that before the write-off cannot have been in its cache.
    if row.superseded_at is not None and row.superseded_at < redeemed_at - cache_limit:
        return stale
    return parse_rule(row.rule_id, row.version, row.data)


def requote(
    rule: Rule,
    info: CodeInfo,
    body: RedemptionIn,
    ctx: QuoteContext,
    on_order: tuple[OrderCoupon, ...],
) -> Requoted | Verdict:
    """Quote the write-off here and compare with the till's figures."""
    basket = body.basket()
    if basket is not None:
        basket = basket.with_order(body.order_no, on_order)
    result = quote(rule, info, basket, ctx)
    if isinstance(result, Verdict):
        return result
    mismatch = _compare(rule, result, body)
    return mismatch if mismatch is not None else Requoted(rule, result)


def _compare(rule: Rule, q: Quote, body: RedemptionIn) -> Verdict | None:
    claimed = body.shares
    if rule.kind is CouponKind.GIFT:
        given = sorted((g.sku, g.quantity) for g in body.gift_items)
        due = sorted((g.sku, g.quantity) for g in q.gift_items)
        if body.discount_cents == 0 and given == due:
            return None
        return _mismatch(q, body, why="gift")
    if body.discount_cents != q.discount_cents:
        return _mismatch(q, body, why="discount")
    if body.shares_adjusted_by is not None:
        amounts = [x.amount_cents for x in body.lines]
        why = check_shares(q.discount_cents, amounts, q.eligible_lines, claimed)
        return None if why is None else _mismatch(q, body, why=why)
    if claimed != q.shares:
        return _mismatch(q, body, why="shares")
    return None


def _gifts(items: list[tuple[str, int]]) -> str:
    return ", ".join(f"{n} × {sku}" for sku, n in items) or "-"


def _mismatch(q: Quote, body: RedemptionIn, *, why: str) -> Verdict:
    if why == "gift":  # a gift's worth is what is handed over, not money off
        expected = _gifts([(g.sku, g.quantity) for g in q.gift_items])
        claimed = _gifts([(g.sku, g.quantity) for g in body.gift_items])
        if body.discount_cents:
            claimed += f" + {format_money(body.discount_cents)}"
    else:
        expected, claimed = format_money(q.discount_cents), format_money(body.discount_cents)
    return Verdict(
        Reason.QUOTE_MISMATCH,
        {
            "code": display_code(q.code),
            "expected": expected,
            "claimed": claimed,
            "expected_cents": q.discount_cents,
            "claimed_cents": body.discount_cents,
            "expected_shares": list(q.shares),
            "claimed_shares": list(body.shares),
            "expected_gift": [{"sku": g.sku, "quantity": g.quantity} for g in q.gift_items],
            "why": why,
        },
    )
