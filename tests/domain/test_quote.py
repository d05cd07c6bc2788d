"""Quote: the checks without a bill, then scope, stacking, threshold, discount and shares."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from domain_factories import (
    CTX,
    MERCHANT,
    NOW,
    basket,
    baskets,
    line,
    lines,
    make_info,
    make_rule,
    rules,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from posapp.domain.basket import Basket, Line, OrderCoupon
from posapp.domain.code import CodeState, RedeemedAt
from posapp.domain.codes import format_code
from posapp.domain.kinds import CouponKind, DiscountBody, ReductionBody
from posapp.domain.quote import Quote, QuoteContext, check_code, format_weight, quote
from posapp.domain.rule import CampaignStatus, FaceValue, Rule, RuleId
from posapp.domain.scope import ProductMode, ProductScope, StoreScope
from posapp.domain.threshold import Threshold, ThresholdKind
from posapp.domain.validity import FixedValidity, RelativeValidity, UnlimitedValidity
from posapp.domain.verdicts import Reason, Verdict
from tests.shown import shown

SPEND_300_GET_20 = make_rule(
    CouponKind.REDUCTION,
    threshold=Threshold(ThresholdKind.AMOUNT, 30000),
    face_value=FaceValue.fixed(2000),
)


def _verdict(result: Quote | Verdict | None) -> Verdict:
    assert isinstance(result, Verdict), result
    return result


def _quote(result: Quote | Verdict) -> Quote:
    assert isinstance(result, Quote), result
    return result


# --- the seed example ---------------------------------------------------------------------


def test_seed_7_items_at_promoted_price_miss_the_threshold_by_20() -> None:
    # Item A costs 50, promoted to 40: the threshold counts the promoted price.
    bill = basket(line("A", 4000, 7, promoted=True))
    v = _verdict(quote(SPEND_300_GET_20, make_info(SPEND_300_GET_20), bill, CTX))
    assert v.reason is Reason.THRESHOLD_NOT_MET
    assert v.params["missing"] == "¥20.00" and v.params["threshold"] == "¥300.00"
    assert v.params["missing_value"] == 2000
    assert bill.total_cents == 28000  # the customer pays 280
    assert "¥20.00" in v.message() and "¥20.00" in shown(v)


def test_seed_8_items_get_20_off_and_pay_300() -> None:
    bill = basket(line("A", 4000, 8, promoted=True))
    q = _quote(quote(SPEND_300_GET_20, make_info(SPEND_300_GET_20), bill, CTX))
    assert (q.discount_cents, q.pay_cents, q.eligible_cents) == (2000, 30000, 32000)
    assert q.shares == (2000,)


# --- checks that need no bill -------------------------------------------------------------


def test_already_redeemed_says_where_and_when() -> None:
    rule = make_rule()
    at = RedeemedAt(NOW - timedelta(hours=3), "Store 12", "till-3")
    info = make_info(rule, state=CodeState.REDEEMED, redeemed=at)
    v = _verdict(check_code(rule, info, CTX))
    assert v.reason is Reason.ALREADY_REDEEMED
    assert v.params["code"] == format_code(info.code)
    assert (v.params["store"], v.params["till"]) == ("Store 12", "till-3")
    assert v.params["when"] == "2024-05-01 03:00 UTC"
    assert "Store 12" in v.message() and format_code(info.code) in shown(v)


def test_voided_code_is_refused() -> None:
    rule = make_rule()
    v = _verdict(check_code(rule, make_info(rule, state=CodeState.VOIDED), CTX))
    assert v.reason is Reason.VOIDED


def test_unissued_code_needs_a_bearer_rule() -> None:
    rule = make_rule()
    info = make_info(rule, state=CodeState.UNISSUED, member_id=None, received_at=None)
    assert _verdict(check_code(rule, info, CTX)).reason is Reason.NOT_ISSUED
    bearer = make_rule(bearer=True)
    assert check_code(bearer, replace(info, rule_id=bearer.id), CTX) is None


def test_fixed_validity_not_yet_and_expired() -> None:
    rule = make_rule(validity=FixedValidity(NOW + timedelta(days=1), NOW + timedelta(days=2)))
    v = _verdict(check_code(rule, make_info(rule), CTX))
    assert v.reason is Reason.NOT_YET_VALID and v.params["start"] == "2024-05-02 06:00 UTC"
    later = replace(CTX, now=NOW + timedelta(days=2))
    v = _verdict(check_code(rule, make_info(rule), later))
    assert v.reason is Reason.EXPIRED and v.params["end"] == "2024-05-03 06:00 UTC"
    assert check_code(rule, make_info(rule), replace(CTX, now=NOW + timedelta(days=1))) is None


def test_relative_validity_counts_from_receipt_but_stops_at_the_deadline() -> None:
    rule = make_rule(validity=RelativeValidity(30, deadline=NOW + timedelta(days=5)))
    info = make_info(rule, received_at=NOW - timedelta(days=1))
    assert check_code(rule, info, replace(CTX, now=NOW + timedelta(days=4))) is None
    v = _verdict(check_code(rule, info, replace(CTX, now=NOW + timedelta(days=5))))
    assert v.reason is Reason.EXPIRED


def test_issued_code_outlives_its_ended_campaign() -> None:
    rule = make_rule(status=CampaignStatus.ENDED, issue_end=NOW - timedelta(days=30))
    assert check_code(rule, make_info(rule), CTX) is None


def test_wrong_store_lists_where_it_is_valid() -> None:
    rule = make_rule(stores=StoreScope(all_stores=False, store_ids=frozenset({"s2"})))
    v = _verdict(check_code(rule, make_info(rule), CTX))
    assert v.reason is Reason.WRONG_STORE and v.params["stores"] == "Store 2"


def test_merchant_accepts_only_gift_coupons_that_name_it() -> None:
    ctx = replace(CTX, acceptor=MERCHANT)
    named = StoreScope(all_stores=True, merchant_ids=frozenset({"m1"}))
    gift = make_rule(CouponKind.GIFT, stores=named)
    assert check_code(gift, make_info(gift), ctx) is None
    other_gift = make_rule(CouponKind.GIFT)  # all stores, no merchants
    assert _verdict(check_code(other_gift, make_info(other_gift), ctx)).reason is (
        Reason.MERCHANT_NOT_ALLOWED
    )
    reduction = make_rule(CouponKind.REDUCTION, stores=named)
    assert _verdict(check_code(reduction, make_info(reduction), ctx)).reason is (
        Reason.MERCHANT_NOT_ALLOWED
    )


def test_state_is_checked_before_validity() -> None:
    rule = make_rule(validity=FixedValidity(NOW - timedelta(days=9), NOW - timedelta(days=8)))
    info = make_info(rule, state=CodeState.REDEEMED)
    assert _verdict(check_code(rule, info, CTX)).reason is Reason.ALREADY_REDEEMED


def test_code_of_another_rule_is_a_programming_error() -> None:
    rule = make_rule()
    with pytest.raises(ValueError, match="belongs to rule"):
        check_code(rule, replace(make_info(rule), rule_id=RuleId("other")), CTX)


# --- kinds and the bill ---------------------------------------------------------------------


def test_gift_needs_no_bill() -> None:
    gift = make_rule(CouponKind.GIFT)
    q = _quote(quote(gift, make_info(gift), None, CTX))
    assert q.discount_cents == 0 and q.gift_items[0].sku == "GIFT-1" and q.shares == ()


def test_gift_with_a_spend_threshold_needs_the_bill() -> None:
    gift = make_rule(CouponKind.GIFT, threshold=Threshold(ThresholdKind.AMOUNT, 10000))
    assert _verdict(quote(gift, make_info(gift), None, CTX)).reason is Reason.NEEDS_BILL
    q = _quote(quote(gift, make_info(gift), basket(line("x", 10000)), CTX))
    assert q.gift_items and q.pay_cents == 10000


@pytest.mark.parametrize("kind", [CouponKind.DISCOUNT, CouponKind.REDUCTION])
def test_discount_and_reduction_need_a_bill(kind: CouponKind) -> None:
    rule = make_rule(kind)
    assert _verdict(quote(rule, make_info(rule), None, CTX)).reason is Reason.NEEDS_BILL


def test_discount_percent_with_cap() -> None:
    rule = make_rule(CouponKind.DISCOUNT, body=DiscountBody(off_bp=2000, cap_cents=1500))
    q = _quote(quote(rule, make_info(rule), basket(line("x", 5000)), CTX))
    assert q.discount_cents == 1000  # 20% of 50
    q = _quote(quote(rule, make_info(rule), basket(line("x", 50000)), CTX))
    assert q.discount_cents == 1500  # capped


def test_discount_above_a_threshold() -> None:
    rule = make_rule(
        CouponKind.DISCOUNT,
        body=DiscountBody(off_bp=1000),
        threshold=Threshold(ThresholdKind.AMOUNT, 10000),
    )
    assert _verdict(quote(rule, make_info(rule), basket(line("x", 9999)), CTX)).reason is (
        Reason.THRESHOLD_NOT_MET
    )
    assert (
        _quote(quote(rule, make_info(rule), basket(line("x", 10000)), CTX)).discount_cents == 1000
    )


def test_cash_coupon_has_no_threshold_and_never_exceeds_the_bill() -> None:
    cash = make_rule(CouponKind.REDUCTION, face_value=FaceValue.fixed(5000))
    q = _quote(quote(cash, make_info(cash), Basket.from_total(3000), CTX))
    assert (q.discount_cents, q.pay_cents) == (3000, 0)


def test_reduction_per_multiple_of_the_threshold() -> None:
    rule = make_rule(
        CouponKind.REDUCTION,
        body=ReductionBody(per_multiple=True, max_multiples=2),
        threshold=Threshold(ThresholdKind.AMOUNT, 10000),
    )
    info = make_info(rule)
    assert _quote(quote(rule, info, basket(line("x", 25000)), CTX)).discount_cents == 4000
    assert _quote(quote(rule, info, basket(line("x", 99000)), CTX)).discount_cents == 4000


def test_random_face_value_is_the_codes_own() -> None:
    rule = make_rule(face_value=FaceValue(500, 3000))
    q = _quote(quote(rule, make_info(rule, face_value_cents=1234), basket(line("x", 9000)), CTX))
    assert q.discount_cents == 1234


def test_product_scoped_coupon_on_a_total_needs_the_lines() -> None:
    rule = make_rule(products=ProductScope(ProductMode.CATEGORIES, frozenset({"drinks"})))
    v = _verdict(quote(rule, make_info(rule), Basket.from_total(50000), CTX))
    assert v.reason is Reason.NEEDS_LINES


def test_unscoped_coupon_works_on_a_total() -> None:
    rule = make_rule()
    q = _quote(quote(rule, make_info(rule), Basket.from_total(50000), CTX))
    assert (q.discount_cents, q.pay_cents, q.shares) == (2000, 48000, (2000,))


def test_category_scope_spreads_over_that_category_only() -> None:
    rule = make_rule(products=ProductScope(ProductMode.CATEGORIES, frozenset({"drinks"})))
    bill = basket(
        line("tea", 5000, category="drinks"),
        line("bread", 6000, category="bakery"),
        line("juice", 7000, category="drinks"),
    )
    q = _quote(quote(rule, make_info(rule), bill, CTX))
    assert q.eligible_cents == 12000
    assert q.shares == (833, 0, 1167) and sum(q.shares) == 2000
    assert q.pay_cents == 18000 - 2000


def test_sku_scope_puts_all_of_it_on_that_item() -> None:
    rule = make_rule(products=ProductScope(ProductMode.SKUS, frozenset({"juice"})))
    bill = basket(line("tea", 5000), line("juice", 7000), line("bread", 6000))
    assert _quote(quote(rule, make_info(rule), bill, CTX)).shares == (0, 2000, 0)


@pytest.mark.parametrize(
    "scope",
    [
        ProductScope(ProductMode.BRANDS, frozenset({"acme"})),
        ProductScope(ProductMode.TAGS, frozenset({"organic"})),
        ProductScope(exclude_skus=frozenset({"tea"})),
        ProductScope(exclude_categories=frozenset({"drinks"})),
        ProductScope(exclude_brands=frozenset({"other"})),
    ],
)
def test_brand_tag_and_exclusion_scopes_pick_the_one_matching_line(scope: ProductScope) -> None:
    rule = make_rule(products=scope)
    bill = basket(
        line("tea", 5000, category="drinks", brand="other"),
        line("oats", 7000, category="food", brand="acme", tags=frozenset({"organic"})),
    )
    assert _quote(quote(rule, make_info(rule), bill, CTX)).shares == (0, 2000)


def test_nothing_in_scope() -> None:
    rule = make_rule(products=ProductScope(ProductMode.SKUS, frozenset({"juice"})))
    v = _verdict(quote(rule, make_info(rule), basket(line("tea", 5000)), CTX))
    assert v.reason is Reason.NOTHING_QUALIFIES


def test_threshold_counts_only_eligible_lines() -> None:
    rule = make_rule(
        products=ProductScope(ProductMode.CATEGORIES, frozenset({"drinks"})),
        threshold=Threshold(ThresholdKind.AMOUNT, 10000),
    )
    bill = basket(line("tea", 5000, category="drinks"), line("tv", 900000, category="tech"))
    v = _verdict(quote(rule, make_info(rule), bill, CTX))
    assert v.params["missing"] == "¥50.00"


def test_item_and_weight_thresholds_are_shown_in_their_units() -> None:
    items = make_rule(threshold=Threshold(ThresholdKind.ITEMS, 5))
    v = _verdict(quote(items, make_info(items), basket(line("x", 9000, 3)), CTX))
    assert (v.params["threshold"], v.params["missing"]) == ("5", "2")
    weight = make_rule(threshold=Threshold(ThresholdKind.WEIGHT, 2000))
    v = _verdict(quote(weight, make_info(weight), basket(line("x", 9000, weight_g=500)), CTX))
    assert (v.params["threshold"], v.params["missing"]) == ("2 kg", "1.5 kg")
    q = quote(weight, make_info(weight), basket(line("x", 9000, weight_g=2000)), CTX)
    assert isinstance(q, Quote)


def test_format_weight() -> None:
    assert [format_weight(g) for g in (0, 999, 1000, 1050, 12345)] == [
        "0 g",
        "999 g",
        "1 kg",
        "1.05 kg",
        "12.345 kg",
    ]


def test_non_stackable_refuses_promoted_lines_or_order_promotions() -> None:
    rule = make_rule(stackable=False)
    info = make_info(rule)
    v = _verdict(quote(rule, info, basket(line("A", 4000, 8, promoted=True)), CTX))
    assert v.reason is Reason.NOT_COMBINABLE
    v = _verdict(quote(rule, info, basket(line("A", 4000), has_other_promotions=True), CTX))
    assert v.reason is Reason.NOT_COMBINABLE
    assert isinstance(quote(rule, info, basket(line("A", 4000)), CTX), Quote)


def test_stackable_rule_accepts_promoted_lines() -> None:
    rule = make_rule(stackable=True)
    bill = basket(line("A", 4000, promoted=True), has_other_promotions=True)
    assert isinstance(quote(rule, make_info(rule), bill, CTX), Quote)


def test_one_coupon_per_order_unless_the_rule_allows_more() -> None:
    one = make_rule()
    already = (OrderCoupon(one.id, True),)
    v = _verdict(quote(one, make_info(one), basket(line("x", 9000), order_coupons=already), CTX))
    assert v.reason is Reason.TOO_MANY_COUPONS and v.params["limit"] == 1
    assert "1" in v.message()
    two = make_rule(max_per_order=2)
    bill = basket(line("x", 9000), order_coupons=(OrderCoupon(two.id, True),))
    assert isinstance(quote(two, make_info(two), bill, CTX), Quote)


def test_quote_carries_the_codes_window() -> None:
    rule = make_rule(validity=RelativeValidity(30))
    info = make_info(rule, received_at=NOW - timedelta(days=1))
    q = _quote(quote(rule, info, basket(line("x", 9000)), CTX))
    assert q.window.end == NOW + timedelta(days=29)


def test_context_refuses_a_naive_now() -> None:
    with pytest.raises(ValueError):
        QuoteContext(now=NOW.replace(tzinfo=None), acceptor=CTX.acceptor)


# --- properties -----------------------------------------------------------------------------


def _usable_here(rule: Rule) -> Rule:
    """Make a random rule valid now and at this store, so the bill-side checks get exercised."""
    head = replace(rule.head, validity=UnlimitedValidity(), stores=StoreScope())
    return Rule(head, rule.body)


USABLE_RULES = rules().map(_usable_here)


@settings(max_examples=200, deadline=None)
@given(USABLE_RULES, baskets(), st.integers(0, 100_000))
def test_a_discount_never_exceeds_the_eligible_amount(rule: Rule, bill: Basket, face: int) -> None:
    result = quote(rule, make_info(rule, face_value_cents=face), bill, CTX)
    if isinstance(result, Quote):
        assert 0 <= result.discount_cents <= result.eligible_cents <= bill.total_cents
        assert sum(result.shares) == result.discount_cents
        assert len(result.shares) == len(bill.lines)
        pairs = zip(result.shares, bill.lines, strict=True)
        assert all(0 <= s <= ln.amount_cents for s, ln in pairs)
        assert result.pay_cents == bill.total_cents - result.discount_cents >= 0


@settings(max_examples=200, deadline=None)
@given(
    rules(kinds=(CouponKind.DISCOUNT, CouponKind.REDUCTION)).map(_usable_here),
    baskets(),
    lines(),
    st.integers(0, 7),
    st.integers(1, 50_000),
)
def test_raising_the_basket_never_unmeets_a_threshold(
    rule: Rule, bill: Basket, extra: Line, index: int, rise: int
) -> None:
    info = make_info(rule)
    if not isinstance(quote(rule, info, bill, CTX), Quote):
        return  # the threshold was not met (or never reached): nothing to keep
    bigger = [replace(bill, lines=(*bill.lines, extra))]
    if bill.lines:
        i = index % len(bill.lines)
        raised = replace(bill.lines[i], unit_price_cents=bill.lines[i].unit_price_cents + rise)
        bigger.append(replace(bill, lines=(*bill.lines[:i], raised, *bill.lines[i + 1 :])))
    for b in bigger:
        after = quote(rule, info, b, CTX)
        assert not (isinstance(after, Verdict) and after.reason is Reason.THRESHOLD_NOT_MET)
