"""Turn the till service's results into what a screen shows. No Qt widgets, no I/O.

This is the one place that knows the shapes of `posapp.sync.service` results; the widgets only
see the small dataclasses below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from posapp.domain.verdicts import Verdict
from posapp.ui.i18n import display_zone


def _get(obj: Any, *names: str, default: Any = None) -> Any:
    """Read the first attribute (or key) present; results may be dataclasses or dicts."""
    for name in names:
        if isinstance(obj, dict):
            if name in obj:
                return obj[name]
        elif obj is not None and hasattr(obj, name):
            return getattr(obj, name)
    return default


def _str_value(x: Any) -> str:
    return str(getattr(x, "value", x) if x is not None else "")


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


def status_view(status: Any) -> StatusView:
    if status is None:
        return StatusView()
    acceptor = _get(status, "acceptor")
    age = _get(status, "cache_age_s", "cache_age_seconds", "cache_age")
    if hasattr(age, "total_seconds"):
        age = age.total_seconds()
    policy = _get(status, "policy")
    max_age = _get(policy, "max_cache_age_s")
    return StatusView(
        known=True,
        online=bool(_get(status, "online", default=False)),
        cache_age_s=None if age is None else float(age),
        cache_stale=bool(max_age and age is not None and float(age) > float(max_age)),
        queued=int(_get(status, "outbox_length", default=0) or 0),
        conflicts=int(_get(status, "conflicts_waiting", default=0) or 0),
        acceptor_name=str(
            _get(status, "acceptor_name", default="") or _get(status, "till_name", default="") or ""
        ),
        acceptor_kind=_str_value(_get(acceptor, "kind", default="")),
        registered=bool(_get(status, "registered", default=acceptor is not None)),
        last_error=str(_get(status, "last_error", default="") or ""),
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
    store_names: list[str] = field(default_factory=list)
    merchant_names: list[str] = field(default_factory=list)
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
    offline: bool = False
    is_order: bool = False
    order_no: str = ""
    raw: Any = None  # the service's result, for redeem


BILL_REASONS = {"threshold_not_met", "nothing_qualifies", "needs_lines", "needs_bill"}


def verdict_message(verdict: Any, lang: str) -> str:
    if verdict is None:
        return ""
    if isinstance(verdict, Verdict):
        return verdict.message(lang, tz=display_zone())
    msg = getattr(verdict, "message", None)
    return str(msg(lang) if callable(msg) else msg or verdict)


def coupon_facts(result: Any) -> CouponFacts | None:
    """What the card shows about a coupon, from a CheckResult's rule and code info."""
    from posapp.domain.kinds import DiscountBody, GiftBody
    from posapp.domain.validity import window

    rule = _get(result, "rule")
    info = _get(result, "info")
    code = _get(result, "code") or _get(info, "code") or ""
    if rule is None:
        return None
    head = rule.head
    quote = _get(result, "quote")
    span = _get(quote, "window")
    if span is None:
        span = window(head.validity, _get(info, "received_at"))
    face = _get(info, "face_value_cents")
    if face is None:
        face = head.face_value.min_cents
    body = rule.body
    products = head.products
    products_text = ""
    if not products.is_all:
        products_text = ", ".join(sorted(products.values)) if products.values else ""
    gift: list[tuple[str, int]] = []
    if isinstance(body, GiftBody):
        gift = [(i.name or i.sku, i.quantity) for i in body.items]
    return CouponFacts(
        code=str(code),
        kind=_str_value(head.kind),
        rule_name=head.name,
        face_value_cents=int(face),
        off_bp=body.off_bp if isinstance(body, DiscountBody) else None,
        cap_cents=body.cap_cents if isinstance(body, DiscountBody) else None,
        threshold_kind=_str_value(head.threshold.kind),
        threshold_value=head.threshold.value,
        valid_from=span.start,
        valid_until=span.end,
        all_stores=head.stores.all_stores,
        store_names=sorted(head.stores.store_ids),
        merchant_names=sorted(head.stores.merchant_ids),
        products_text=products_text,
        gift_items=gift,
        needs_bill=bool(body.needs_order or not head.threshold.is_none),
        notes=head.notes,
    )


def quote_view(quote: Any, basket: Any = None) -> QuoteView | None:
    if quote is None:
        return None
    shares = list(_get(quote, "shares", default=()) or ())
    lines = list(_get(basket, "lines", default=()) or ())
    rows = []
    for i, share in enumerate(shares):
        line = lines[i] if i < len(lines) else None
        label = (line.name or line.sku) if line is not None else str(i + 1)
        if line is not None and line.sku == "*":
            label = "—"
        amount = line.amount_cents if line is not None else 0
        rows.append(ShareRow(label=label, amount_cents=amount, share_cents=int(share)))
    discount = int(_get(quote, "discount_cents", default=0))
    pay = int(_get(quote, "pay_cents", default=0))
    return QuoteView(
        total_cents=pay + discount, discount_cents=discount, pay_cents=pay, shares=rows
    )


def check_view(result: Any, lang: str, basket: Any = None) -> VerdictView:
    """The verdict card's content for a CheckResult."""
    kind = _str_value(_get(result, "kind"))
    code = str(_get(result, "code") or "")
    if kind == "order":
        verdict = _get(result, "verdict")
        if verdict is not None and not _get(result, "vouchers"):
            return VerdictView(
                ok=False,
                message=verdict_message(verdict, lang),
                reason=_str_value(verdict.reason),
                order_no=str(_get(result, "order_no") or ""),
                raw=result,
            )
        return VerdictView(
            ok=True, is_order=True, order_no=str(_get(result, "order_no") or ""), raw=result
        )
    facts = coupon_facts(result)
    verdict = _get(result, "verdict")
    offline = _get(result, "offline_verdict")
    if verdict is None and offline is None:
        return VerdictView(
            ok=True,
            code=code,
            facts=facts,
            quote=quote_view(_get(result, "quote"), basket) if facts and facts.needs_bill else None,
            raw=result,
        )
    refusal = verdict or offline
    reason = _str_value(refusal.reason)
    if verdict is not None and reason in BILL_REASONS and facts is not None:
        # the coupon itself is fine; the bill is not (yet) right for it
        return VerdictView(
            ok=True,
            code=code,
            facts=facts,
            bill_problem="" if reason == "needs_bill" else verdict_message(verdict, lang),
            bill_reason=reason,
            raw=result,
        )
    return VerdictView(
        ok=False,
        code=code,
        facts=facts,
        message=verdict_message(refusal, lang),
        reason=reason,
        offline=offline is not None,
        raw=result,
    )


def redeem_outcome(result: Any, lang: str, basket: Any = None) -> VerdictView:
    """A RedeemResult as a card: ok when the write-off stands (confirmed or queued)."""
    status = _str_value(_get(result, "status"))
    ok = bool(_get(result, "redeemed", default=status in ("confirmed", "pending")))
    verdict = _get(result, "verdict")
    message = verdict_message(verdict, lang) if verdict is not None else ""
    if not ok and not message:
        note = _get(result, "note", default="")
        message = str(note or status)
    return VerdictView(
        ok=ok,
        code=str(_get(result, "code") or ""),
        message=message,
        reason=_str_value(getattr(verdict, "reason", "")),
        quote=quote_view(_get(result, "quote"), basket),
        offline=status == "pending",
        raw=result,
    )


def login_outcome(result: Any, lang: str) -> tuple[Any, str]:
    """(user, "") for a login, (None, why) for a refusal."""
    if hasattr(result, "problem"):
        return None, verdict_message(result, lang)
    return result, ""


@dataclass
class OrderVoucher:
    code: str
    payload: str
    usable: bool
    what: str
    state_text: str
    view: VerdictView | None = None


def order_vouchers(result: Any, lang: str, describe: Any = None) -> list[OrderVoucher]:
    out = []
    for v in _get(result, "vouchers", default=()) or ():
        view = check_view(v, lang)
        code = str(_get(v, "code") or "")
        what = (
            describe(view.facts)
            if describe and view.facts
            else (view.facts.rule_name if view.facts else "")
        )
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


# --- tally ----------------------------------------------------------------------------------
GROUPINGS = ("kind", "rule", "cashier", "channel", "hour")
STATES = ("confirmed", "pending", "conflicted", "reversed")


@dataclass
class TallyRow:
    """One write-off, as the history and reversal screens list it."""

    id: str
    code: str
    rule_name: str
    kind: str
    cashier: str
    channel: str
    at: datetime | None
    discount_cents: int
    amount_cents: int
    state: str  # confirmed | pending | conflicted | reversed
    order_no: str = ""


@dataclass
class TallyGroup:
    key: str
    label: str
    counts: dict[str, int] = field(default_factory=dict)
    discounts: dict[str, int] = field(default_factory=dict)  # money off bills, per state
    values: dict[str, int] = field(default_factory=dict)  # what the coupons were worth

    @property
    def count(self) -> int:
        return sum(v for k, v in self.counts.items() if k != "reversed")

    @property
    def discount_cents(self) -> int:
        return sum(v for k, v in self.discounts.items() if k != "reversed")


@dataclass
class TallyData:
    day: Any = None
    total: TallyGroup | None = None
    groups: dict[str, list[TallyGroup]] = field(default_factory=dict)


def state_of(status: str) -> str:
    if status in ("confirmed", "accepted", "duplicate"):
        return "confirmed"
    if status in ("conflict", "conflicted", "rejected"):
        return "conflicted"
    if status == "reversed":
        return "reversed"
    return "pending"


def tally_row(r: Any, rule_names: dict[str, str], user_names: dict[str, str]) -> TallyRow:
    rule_id = str(r.rule_id)
    return TallyRow(
        id=str(r.id),
        code=str(r.code),
        rule_name=rule_names.get(rule_id, rule_id),
        kind=str(r.kind),
        cashier=user_names.get(str(r.cashier_id), str(r.cashier_id)),
        channel=str(r.channel),
        at=r.redeemed_at,
        discount_cents=int(r.discount_cents),
        amount_cents=int(r.amount_cents),
        state=state_of(str(r.status)),
        order_no=str(r.order_no or ""),
    )


def _group(row: Any, label: str) -> TallyGroup:
    g = TallyGroup(str(row.key), label)
    for state, cell in row.cells.items():
        g.counts[state] = cell.count
        g.discounts[state] = cell.discount_cents
        g.values[state] = cell.value_cents
    return g


def tally_data(book: Any) -> TallyData:
    """The tally screen's content from a DayBook (the service's Tally plus names)."""
    tally = book.tally
    names = {"rule": book.rule_names, "cashier": book.user_names}
    groups = {
        dim: [_group(r, names.get(dim, {}).get(r.key, r.key)) for r in tally.by(dim)]
        for dim in GROUPINGS
    }
    return TallyData(day=tally.day, total=_group(tally.total, ""), groups=groups)


class NoCodeInImage(Exception):
    """The picture was read, but no QR code was found in it."""


def decode_image(path: str | None = None, data: bytes | None = None) -> str:
    """Read the first QR code in a dropped file or image bytes (runs in the background).

    Raises the scan layer's ImageError (unreadable picture) or NoCodeInImage.
    """
    from posapp.scan.images import decode_image_bytes, decode_image_file

    scan = decode_image_file(path) if path is not None else decode_image_bytes(data or b"")
    if not scan.results:
        raise NoCodeInImage()
    return scan.results[0].text
