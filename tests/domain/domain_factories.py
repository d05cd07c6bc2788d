"""Builders and hypothesis strategies for domain tests (imported by the test modules)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from posapp.domain.basket import Basket, Line, OrderCoupon
from posapp.domain.code import BatchId, Code, CodeInfo, CodeState, MemberId
from posapp.domain.codes import generate_code
from posapp.domain.kinds import Body, CouponKind, DiscountBody, GiftBody, GiftItem, ReductionBody
from posapp.domain.quote import QuoteContext
from posapp.domain.rule import (
    Audience,
    AudienceKind,
    CampaignStatus,
    FaceValue,
    Rule,
    RuleHead,
    RuleId,
)
from posapp.domain.scope import Acceptor, AcceptorKind, ProductMode, ProductScope, StoreScope
from posapp.domain.threshold import Threshold, ThresholdKind
from posapp.domain.validity import FixedValidity, RelativeValidity, UnlimitedValidity, Validity

NOW = datetime(2024, 5, 1, 6, 0, tzinfo=UTC)
STORE = Acceptor(AcceptorKind.STORE, "s1")
MERCHANT = Acceptor(AcceptorKind.MERCHANT, "m1")
CTX = QuoteContext(now=NOW, acceptor=STORE, store_names={"s1": "Store 1", "s2": "Store 2"})


def make_rule(
    kind: CouponKind = CouponKind.REDUCTION, body: Body | None = None, **head: Any
) -> Rule:
    """Make a rule of kind with sensible defaults; head fields override."""
    if body is None:
        defaults: dict[CouponKind, Body] = {
            CouponKind.GIFT: GiftBody((GiftItem("GIFT-1", "Tote bag"),)),
            CouponKind.DISCOUNT: DiscountBody(off_bp=2000),
            CouponKind.REDUCTION: ReductionBody(),
        }
        body = defaults[kind]
    fields: dict[str, Any] = {
        "id": RuleId("r1"),
        "name": "Test rule",
        "kind": kind,
        "face_value": FaceValue.fixed(2000),
    }
    fields.update(head)
    return Rule(RuleHead(**fields), body)


def make_info(rule: Rule, **fields: Any) -> CodeInfo:
    """Make an issued code of rule; fields override."""
    values: dict[str, Any] = {
        "code": Code(generate_code()),
        "rule_id": rule.id,
        "batch_id": BatchId("b1"),
        "state": CodeState.ISSUED,
        "face_value_cents": rule.head.face_value.min_cents,
        "member_id": MemberId("m-1"),
        "received_at": NOW - timedelta(days=1),
    }
    values.update(fields)
    return CodeInfo(**values)


def line(sku: str, price: int, qty: int = 1, **fields: Any) -> Line:
    return Line(sku=sku, unit_price_cents=price, quantity=qty, **fields)


def basket(*lines: Line, **fields: Any) -> Basket:
    return Basket(lines=tuple(lines), **fields)


# --- strategies -------------------------------------------------------------------------

_words = st.sampled_from(["a", "b", "c", "d"])
_ids = st.frozensets(_words, max_size=3)
_instants = st.integers(min_value=0, max_value=10**9).map(
    lambda s: datetime(2020, 1, 1, tzinfo=UTC) + timedelta(seconds=s)
)


@st.composite
def validities(draw: st.DrawFn) -> Validity:
    choice = draw(st.sampled_from(["fixed", "relative", "unlimited"]))
    if choice == "fixed":
        start = draw(_instants)
        return FixedValidity(start, start + timedelta(seconds=draw(st.integers(1, 10**8))))
    if choice == "relative":
        return RelativeValidity(draw(st.integers(1, 400)), draw(st.none() | _instants))
    return UnlimitedValidity()


@st.composite
def product_scopes(draw: st.DrawFn) -> ProductScope:
    if draw(st.booleans()):
        return ProductScope()  # the common case, and one that leaves lines to discount
    mode = draw(st.sampled_from(list(ProductMode)))
    values = frozenset() if mode is ProductMode.ALL else draw(_ids.filter(bool))
    return ProductScope(
        mode=mode,
        values=values,
        exclude_skus=draw(_ids),
        exclude_categories=draw(_ids),
        exclude_brands=draw(_ids),
    )


@st.composite
def thresholds(draw: st.DrawFn) -> Threshold:
    kind = draw(st.sampled_from(list(ThresholdKind)))
    if kind is ThresholdKind.NONE:
        return Threshold()
    return Threshold(kind, draw(st.integers(0, 50_000)))


@st.composite
def bodies(draw: st.DrawFn, kind: CouponKind) -> Body:
    if kind is CouponKind.GIFT:
        items = draw(
            st.lists(
                st.builds(GiftItem, _words, st.text(max_size=5), st.integers(1, 5)),
                min_size=1,
                max_size=3,
            )
        )
        return GiftBody(tuple(items))
    if kind is CouponKind.DISCOUNT:
        cap = draw(st.none() | st.integers(1, 100_000))
        return DiscountBody(off_bp=draw(st.integers(1, 9999)), cap_cents=cap)
    return ReductionBody(
        per_multiple=draw(st.booleans()), max_multiples=draw(st.none() | st.integers(1, 10))
    )


@st.composite
def rules(draw: st.DrawFn, kinds: tuple[CouponKind, ...] = tuple(CouponKind)) -> Rule:
    kind = draw(st.sampled_from(kinds))
    low = draw(st.integers(0, 100_000))
    high = low + draw(st.integers(0, 50_000))
    issue_start = draw(st.none() | _instants)
    head = RuleHead(
        id=RuleId(draw(st.text(alphabet="abcdef0123456789-", min_size=1, max_size=12))),
        name=draw(st.text(min_size=1, max_size=20).filter(lambda s: s.strip() != "")),
        kind=kind,
        face_value=FaceValue(low, draw(st.sampled_from([low, high]))),
        validity=draw(validities()),
        stores=StoreScope(draw(st.booleans()), draw(_ids), draw(_ids)),
        products=draw(product_scopes()),
        threshold=draw(thresholds()),
        stackable=draw(st.booleans()),
        max_per_order=draw(st.integers(1, 5)),
        bearer=draw(st.booleans()),
        issue_start=issue_start,
        issue_end=draw(st.none() | _instants),
        status=draw(st.sampled_from(list(CampaignStatus))),
        total_issue=draw(st.none() | st.integers(1, 10**6)),
        per_member_limit=draw(st.none() | st.integers(1, 10)),
        audience=Audience(draw(st.sampled_from(list(AudienceKind))), draw(_ids)),
        notes=draw(st.text(max_size=30)),
        version=draw(st.integers(1, 100)),
    )
    return Rule(head, draw(bodies(kind)))


@st.composite
def lines(draw: st.DrawFn) -> Line:
    return Line(
        sku=draw(_words),
        unit_price_cents=draw(st.integers(0, 100_000)),
        quantity=draw(st.integers(0, 20)),
        category=draw(_words),
        brand=draw(_words),
        tags=draw(_ids),
        weight_g=draw(st.integers(0, 5000)),
        promoted=draw(st.booleans()),
    )


@st.composite
def baskets(draw: st.DrawFn) -> Basket:
    return Basket(
        lines=tuple(draw(st.lists(lines(), min_size=0, max_size=8))),
        order_coupons=tuple(
            OrderCoupon(draw(_words), draw(st.booleans())) for _ in range(draw(st.integers(0, 2)))
        ),
        has_other_promotions=draw(st.booleans()),
    )
