"""Choosing among coupons: all unexpired shown, usable first, largest discount, earliest expiry."""

from __future__ import annotations

from datetime import timedelta

from domain_factories import CTX, NOW, basket, line, make_info, make_rule

from posapp.domain.choose import rank
from posapp.domain.kinds import CouponKind, DiscountBody
from posapp.domain.rule import FaceValue, RuleId
from posapp.domain.threshold import Threshold, ThresholdKind
from posapp.domain.validity import FixedValidity, RelativeValidity
from posapp.domain.verdicts import Reason, Verdict

BILL = basket(line("x", 10000))


def _fixed(days: int) -> FixedValidity:
    return FixedValidity(NOW - timedelta(days=10), NOW + timedelta(days=days))


def test_usable_first_then_largest_discount_then_earliest_expiry() -> None:
    small = make_rule(id=RuleId("small"), face_value=FaceValue.fixed(500), validity=_fixed(3))
    big_late = make_rule(id=RuleId("big-late"), validity=_fixed(30))
    big_soon = make_rule(id=RuleId("big-soon"), validity=_fixed(2))
    percent = make_rule(  # 25% of 100 = 25.00, the largest
        CouponKind.DISCOUNT, body=DiscountBody(off_bp=2500), id=RuleId("pct"), validity=_fixed(90)
    )
    too_high = make_rule(id=RuleId("needs-500"), threshold=Threshold(ThresholdKind.AMOUNT, 50000))
    candidates = [(r, make_info(r)) for r in (too_high, small, big_late, percent, big_soon)]
    options = rank(candidates, BILL, CTX)
    assert [o.rule.id for o in options] == ["pct", "big-soon", "big-late", "small", "needs-500"]
    assert [o.usable for o in options] == [True, True, True, True, False]
    assert [o.discount_cents for o in options] == [2500, 2000, 2000, 500, 0]


def test_unusable_keep_their_reason_and_expired_are_not_shown() -> None:
    expired = make_rule(id=RuleId("old"), validity=RelativeValidity(1))
    old_info = make_info(expired, received_at=NOW - timedelta(days=2))
    too_high = make_rule(id=RuleId("high"), threshold=Threshold(ThresholdKind.AMOUNT, 50000))
    options = rank([(expired, old_info), (too_high, make_info(too_high))], BILL, CTX)
    assert [o.rule.id for o in options] == ["high"]
    result = options[0].result
    assert isinstance(result, Verdict) and result.reason is Reason.THRESHOLD_NOT_MET
    assert result.params["missing"] == "¥400.00"


def test_coupons_that_never_expire_come_after_those_that_do() -> None:
    forever = make_rule(id=RuleId("forever"))
    soon = make_rule(id=RuleId("soon"), validity=_fixed(1))
    options = rank([(forever, make_info(forever)), (soon, make_info(soon))], BILL, CTX)
    assert [o.rule.id for o in options] == ["soon", "forever"]
    assert options[0].expires_at == NOW + timedelta(days=1) and options[1].expires_at is None


def test_without_a_bill_gifts_are_usable_and_the_rest_need_the_bill() -> None:
    gift = make_rule(CouponKind.GIFT, id=RuleId("gift"))
    cash = make_rule(id=RuleId("cash"))
    options = rank([(cash, make_info(cash)), (gift, make_info(gift))], None, CTX)
    assert [o.rule.id for o in options] == ["gift", "cash"]
    assert isinstance(options[1].result, Verdict)
    assert options[1].result.reason is Reason.NEEDS_BILL
