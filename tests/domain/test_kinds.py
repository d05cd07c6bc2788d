"""Coupon kinds: gift, discount (percent, cap), full reduction (spend X get Y; X = 0 is cash)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posapp.domain.kinds import DiscountBody, GiftBody, GiftItem, ReductionBody
from posapp.domain.threshold import Threshold, ThresholdKind

NO_THRESHOLD = Threshold()
AMOUNT_300 = Threshold(ThresholdKind.AMOUNT, 30000)


def test_gift_takes_nothing_off_and_needs_no_order() -> None:
    gift = GiftBody((GiftItem("mug", "Mug", 2),))
    assert not gift.needs_order and gift.discount_cents(50000, 3000, NO_THRESHOLD) == 0
    assert GiftBody.from_dict(gift.to_dict()) == gift


def test_gift_needs_products() -> None:
    with pytest.raises(ValueError):
        GiftBody(())
    with pytest.raises(ValueError):
        GiftItem("mug", "Mug", 0)


def test_discount_is_a_percentage_rounded_half_up_and_capped() -> None:
    body = DiscountBody(off_bp=1500)  # 85折
    assert body.needs_order
    assert body.discount_cents(10000, 0, NO_THRESHOLD) == 1500
    assert body.discount_cents(3, 0, NO_THRESHOLD) == 0  # 0.45 -> 0
    assert body.discount_cents(10, 0, NO_THRESHOLD) == 2  # 1.5 -> 2
    assert DiscountBody(1500, cap_cents=1000).discount_cents(10000, 0, NO_THRESHOLD) == 1000


@pytest.mark.parametrize(("bp", "cap"), [(0, None), (10000, None), (500, 0)])
def test_discount_bounds(bp: int, cap: int | None) -> None:
    with pytest.raises(ValueError):
        DiscountBody(bp, cap)


def test_reduction_takes_the_face_value_off() -> None:
    assert ReductionBody().discount_cents(32000, 2000, AMOUNT_300) == 2000


def test_cash_coupon_never_takes_more_than_the_bill() -> None:
    assert ReductionBody().discount_cents(1500, 2000, NO_THRESHOLD) == 1500


def test_reduction_per_full_multiple_with_a_limit() -> None:
    body = ReductionBody(per_multiple=True, max_multiples=3)
    assert body.discount_cents(65000, 2000, AMOUNT_300) == 4000
    assert body.discount_cents(1_000_000, 2000, AMOUNT_300) == 6000
    assert ReductionBody.from_dict(body.to_dict()) == body


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 10**7),
    st.integers(0, 10**6),
    st.one_of(
        st.builds(DiscountBody, st.integers(1, 9999), st.none() | st.integers(1, 10**6)),
        st.builds(ReductionBody, st.booleans(), st.none() | st.integers(1, 20)),
        st.just(GiftBody((GiftItem("g", "G"),))),
    ),
    st.sampled_from([NO_THRESHOLD, AMOUNT_300, Threshold(ThresholdKind.ITEMS, 3)]),
)
def test_no_kind_takes_more_than_the_eligible_amount(
    eligible: int, face: int, body: DiscountBody | ReductionBody | GiftBody, threshold: Threshold
) -> None:
    assert 0 <= body.discount_cents(eligible, face, threshold) <= eligible
