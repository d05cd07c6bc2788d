"""Turn the till service's results into what a screen shows. No Qt widgets, no I/O.

Typed against the result types of `posapp.sync.results`: this is the one place that reads their
fields, and the widgets only see the small dataclasses below. The day's write-offs and tally are
mapped in `tally_models`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from posapp.domain.basket import Basket
from posapp.domain.kinds import DiscountBody, GiftBody
from posapp.domain.payload import PayloadType
from posapp.domain.quote import Quote
from posapp.domain.validity import window
from posapp.domain.verdicts import Verdict, localised_params
from posapp.sync.results import (
    CheckResult,
    LoginRefusal,
    OrderResult,
    RedeemResult,
    RedeemStatus,
    TillStatus,
    User,
)
from posapp.ui.i18n import display_zone, fmt, translate


# --- status ---------------------------------------------------------------------------------
@dataclass
class StatusView:
    known: bool = False
    online: bool = False
    cache_age_s: float | None = None
    cache_stale: bool = False
    queued: int = 0
    conflicts: int = 0
    acceptor_name: str = ""
    acceptor_kind: str = ""
    registered: bool = False
    last_error: str = ""


def status_view(status: TillStatus | None, elapsed_s: float = 0.0) -> StatusView:
    """The status strip's content; elapsed_s: seconds since status was read (the cache ages)."""
    if status is None:
        return StatusView()
    age = None if status.cache_age_s is None else status.cache_age_s + max(0.0, elapsed_s)
    max_age = status.policy.max_cache_age_s
    return StatusView(
        known=True,
        online=status.online,
        cache_age_s=age,
        cache_stale=bool(max_age and age is not None and age > max_age),
        queued=status.outbox_length,
        conflicts=status.conflicts_waiting,
        acceptor_name=status.acceptor_name or status.till_name or "",
        acceptor_kind=status.acceptor.kind.value if status.acceptor is not None else "",
        registered=status.registered,
        last_error=status.last_error or "",
    )


# --- a checked coupon -----------------------------------------------------------------------
@dataclass
class ShareRow:
    label: str
    amount_cents: int
    share_cents: int


@dataclass
class QuoteView:
    total_cents: int
    discount_cents: int
    pay_cents: int
    shares: list[ShareRow] = field(default_factory=list)


@dataclass
class CouponFacts:
    code: str
    kind: str
    rule_name: str = ""
    face_value_cents: int | None = None
    off_bp: int | None = None
    cap_cents: int | None = None
    threshold_kind: str = "none"
    threshold_value: int = 0
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    all_stores: bool = True
    # Where it is valid, by name as far as this till knows names (its own acceptor's): the
    # other stores and partners are counted, never shown as IDs.
    store_names: list[str] = field(default_factory=list)
    other_stores: int = 0
    merchant_names: list[str] = field(default_factory=list)
    other_merchants: int = 0
    products_text: str = ""
    gift_items: list[tuple[str, int]] = field(default_factory=list)
    needs_bill: bool = False
    notes: str = ""


@dataclass
class VerdictView:
    ok: bool
    code: str = ""
    facts: CouponFacts | None = None
    message: str = ""  # why not, and what to do (already in the display language)
    reason: str = ""
    quote: QuoteView | None = None
    bill_problem: str = ""  # the coupon is fine but the bill is not (threshold, needs lines)
    bill_reason: str = ""
    shortfall: str = ""  # how much more the bill needs for the coupon ("¥20.00", "2 items")
    offline: bool = False
    is_order: bool = False
    order_no: str = ""


BILL_REASONS = {"threshold_not_met", "nothing_qualifies", "needs_lines", "needs_bill"}


def verdict_message(verdict: Verdict | None) -> str:
    """A refusal in the cashier's words and language, with instants in the store's time zone."""
    if verdict is None:
        return ""
    params = localised_params(verdict.params, display_zone())
    return fmt(translate("Reason", verdict.template), **params)


@dataclass(frozen=True)
class Here:
    """The till's own store or merchant, the one place whose name it always knows."""

    id: str
    name: str

    @classmethod
    def of(cls, status: TillStatus | None) -> Here | None:
        if status is None or status.acceptor is None:
            return None
        return cls(status.acceptor.id, status.acceptor_name)


def _named(ids: frozenset[str], here: Here | None) -> tuple[list[str], int]:
    """This till's own acceptor by name when it is among ids, and how many others there are."""
    if here is not None and here.id in ids:
        return [here.name or here.id], len(ids) - 1
    return [], len(ids)


def coupon_facts(result: CheckResult, here: Here | None = None) -> CouponFacts | None:
    """What the card shows about a coupon, from a CheckResult's rule and code info."""
    rule, info, quote = result.rule, result.info, result.quote
    if rule is None:
        return None
    head, body = rule.head, rule.body
    received = info.received_at if info is not None else None
    span = quote.window if quote is not None else window(head.validity, received)
    face = info.face_value_cents if info is not None else head.face_value.min_cents
    products_text = ""
    if not head.products.is_all and head.products.values:
        products_text = ", ".join(sorted(head.products.values))
    gift: list[tuple[str, int]] = []
    if isinstance(body, GiftBody):
        gift = [(i.name or i.sku, i.quantity) for i in body.items]
    stores, other_stores = _named(head.stores.store_ids, here)
    merchants, other_merchants = _named(head.stores.merchant_ids, here)
    return CouponFacts(
        code=result.code or (info.code if info is not None else ""),
        kind=head.kind.value,
        rule_name=head.name,
        face_value_cents=face,
        off_bp=body.off_bp if isinstance(body, DiscountBody) else None,
        cap_cents=body.cap_cents if isinstance(body, DiscountBody) else None,
        threshold_kind=head.threshold.kind.value,
        threshold_value=head.threshold.value,
        valid_from=span.start,
        valid_until=span.end,
        all_stores=head.stores.all_stores,
        store_names=stores,
        other_stores=other_stores,
        merchant_names=merchants,
        other_merchants=other_merchants,
        products_text=products_text,
        gift_items=gift,
        needs_bill=bool(body.needs_order or not head.threshold.is_none),
        notes=head.notes,
    )


def quote_view(quote: Quote | None, basket: Basket | None = None) -> QuoteView | None:
    if quote is None:
        return None
    lines = basket.lines if basket is not None else ()
    rows = []
    for i, share in enumerate(quote.shares):
        line = lines[i] if i < len(lines) else None
        if line is None:
            label, amount = str(i + 1), 0
        else:
            label = "—" if line.sku == "*" else (line.name or line.sku)
            amount = line.amount_cents
        rows.append(ShareRow(label=label, amount_cents=amount, share_cents=share))
    return QuoteView(
        total_cents=quote.pay_cents + quote.discount_cents,
        discount_cents=quote.discount_cents,
        pay_cents=quote.pay_cents,
        shares=rows,
    )


def check_view(
    result: CheckResult, basket: Basket | None = None, here: Here | None = None
) -> VerdictView:
    """The verdict card's content for a CheckResult."""
    code = result.code or ""
    order_no = result.order_no or ""
    if result.kind is PayloadType.ORDER:
        if result.verdict is not None and not result.vouchers:
            return VerdictView(
                ok=False,
                message=verdict_message(result.verdict),
                reason=result.verdict.reason.value,
                order_no=order_no,
            )
        return VerdictView(ok=True, is_order=True, order_no=order_no)
    facts = coupon_facts(result, here)
    verdict, offline = result.verdict, result.offline_verdict
    refusal = verdict or offline
    if refusal is None:
        needs_bill = facts is not None and facts.needs_bill
        return VerdictView(
            ok=True,
            code=code,
            facts=facts,
            quote=quote_view(result.quote, basket) if needs_bill else None,
        )
    reason = refusal.reason.value
    if verdict is not None and reason in BILL_REASONS and facts is not None:
        # the coupon itself is fine; the bill is not (yet) right for it
        return VerdictView(
            ok=True,
            code=code,
            facts=facts,
            bill_problem="" if reason == "needs_bill" else verdict_message(verdict),
            bill_reason=reason,
            shortfall=str(verdict.params.get("missing", "")),
        )
    return VerdictView(
        ok=False,
        code=code,
        facts=facts,
        message=verdict_message(refusal),
        reason=reason,
        offline=offline is not None,
    )


def redeem_outcome(result: RedeemResult, basket: Basket | None = None) -> VerdictView:
    """A RedeemResult as a card: ok when the write-off stands (confirmed or queued)."""
    verdict = result.verdict
    message = verdict_message(verdict)
    if not result.redeemed and not message:
        message = result.note or result.status.value
    return VerdictView(
        ok=result.redeemed,
        code=result.code or "",
        message=message,
        reason=verdict.reason.value if verdict is not None else "",
        quote=quote_view(result.quote, basket),
        offline=result.status is RedeemStatus.PENDING,
    )


def login_outcome(result: User | LoginRefusal) -> tuple[User | None, str]:
    """(user, "") for a login, (None, why) in the cashier's language for a refusal."""
    if isinstance(result, LoginRefusal):
        params = localised_params(result.params, display_zone())
        return None, fmt(translate("LoginProblem", result.template), **params)
    return result, ""


@dataclass
class OrderVoucher:
    code: str
    payload: str
    usable: bool
    what: str
    state_text: str
    view: VerdictView | None = None


def order_vouchers(
    result: OrderResult,
    describe: Callable[[CouponFacts], str] | None = None,
    here: Here | None = None,
) -> list[OrderVoucher]:
    out = []
    for v in result.vouchers:
        view = check_view(v, here=here)
        facts = view.facts
        what = ""
        if facts is not None:
            what = describe(facts) if describe is not None else facts.rule_name
        code = v.code or ""
        out.append(
            OrderVoucher(
                code=code,
                payload=code,
                usable=view.ok,
                what=what,
                state_text=view.bill_problem or view.message,
                view=view,
            )
        )
    return out
