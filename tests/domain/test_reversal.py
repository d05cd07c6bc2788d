"""Reversal: cancelled before completion returns a valid coupon; otherwise the share is kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from domain_factories import NOW, make_info, make_rule

from posapp.domain import apportion
from posapp.domain.code import CodeState
from posapp.domain.reversal import decide_reversal
from posapp.domain.validity import FixedValidity
from posapp.domain.verdicts import Reason

AMOUNTS = [5000, 6000, 7000]
SHARES = apportion(2000, AMOUNTS)  # [556, 667, 777]
RULE = make_rule(validity=FixedValidity(NOW - timedelta(days=5), NOW + timedelta(days=5)))
REDEEMED = make_info(RULE, state=CodeState.REDEEMED)


def test_cancelled_before_completion_gives_a_valid_coupon_back() -> None:
    d = decide_reversal(RULE, REDEEMED, NOW, False, [], AMOUNTS, SHARES)
    assert d.return_coupon and d.code_state is CodeState.ISSUED and d.reason is None
    assert d.refund_cents == 18000 - 2000  # everything the customer paid


def test_cancelled_after_the_coupon_expired_does_not_give_it_back() -> None:
    d = decide_reversal(RULE, REDEEMED, NOW + timedelta(days=6), False, [], AMOUNTS, SHARES)
    assert not d.return_coupon and d.code_state is CodeState.REDEEMED
    assert d.reason is not None and d.reason.reason is Reason.EXPIRED
    assert d.refund_cents == 16000


def test_bearer_code_goes_back_to_unissued() -> None:
    bearer = make_rule(bearer=True)
    info = make_info(bearer, state=CodeState.REDEEMED, member_id=None, received_at=None)
    d = decide_reversal(bearer, info, NOW, False, [], AMOUNTS, SHARES)
    assert d.return_coupon and d.code_state is CodeState.UNISSUED


def test_completed_order_keeps_the_coupon() -> None:
    d = decide_reversal(RULE, REDEEMED, NOW, True, [], AMOUNTS, SHARES)
    assert not d.return_coupon and d.refund_cents == 0 and d.code_state is CodeState.REDEEMED
    assert d.reason is not None and d.reason.reason is Reason.COUPON_KEPT


def test_partial_return_refunds_the_line_less_its_share() -> None:
    d = decide_reversal(RULE, REDEEMED, NOW, True, [1], AMOUNTS, SHARES)
    assert not d.return_coupon
    assert d.refund_cents == 6000 - 667
    assert d.reason is not None and d.reason.params["kept"] == "¥6.67"
    assert "¥6.67" in d.reason.message("en") and "¥53.33" in d.reason.message("zh_CN")


def test_returning_every_line_refunds_what_was_paid_but_keeps_the_coupon() -> None:
    d = decide_reversal(RULE, REDEEMED, NOW, True, [0, 1, 2], AMOUNTS, SHARES)
    assert not d.return_coupon and d.refund_cents == 16000


@pytest.mark.parametrize(
    ("returned", "amounts", "shares", "match"),
    [
        ([3], AMOUNTS, SHARES, "not on the order"),
        ([1, 1], AMOUNTS, SHARES, "twice"),
        ([], AMOUNTS, [1, 2], "one share"),
        ([], [100], [101], "within"),
    ],
)
def test_bad_input_is_refused(
    returned: list[int], amounts: list[int], shares: list[int], match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        decide_reversal(RULE, REDEEMED, NOW, True, returned, amounts, shares)


def test_a_code_that_was_not_redeemed_has_nothing_to_reverse() -> None:
    with pytest.raises(ValueError, match="no write-off"):
        decide_reversal(RULE, make_info(RULE), NOW, False, [], AMOUNTS, SHARES)


def test_returned_skus_map_to_the_first_free_line_of_each_sku() -> None:
    from posapp.domain.reversal import SkuNotOnBill, returned_lines

    lines = ["A", "B", "A", "C"]
    assert returned_lines(lines, ["A"]) == [0]
    assert returned_lines(lines, ["A", "A"]) == [0, 2]  # the same SKU twice takes two lines
    assert returned_lines(lines, ["C", "B"]) == [3, 1]
    assert returned_lines(lines, []) == []
    with pytest.raises(SkuNotOnBill) as e:
        returned_lines(lines, ["A", "A", "A"])  # only two lines of A were bought
    assert e.value.sku == "A"
    with pytest.raises(SkuNotOnBill):
        returned_lines(lines, ["Z"])
