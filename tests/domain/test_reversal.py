"""Reversal: cancelled before completion returns a valid coupon; otherwise the share is kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from domain_factories import NOW, make_info, make_rule

from posapp.domain import apportion
from posapp.domain.code import CodeState
from posapp.domain.reversal import BillLine, ReversalDecision, decide_reversal, whole_lines
from posapp.domain.validity import FixedValidity
from posapp.domain.verdicts import Reason, Verdict
from tests.shown import shown

AMOUNTS = [5000, 6000, 7000]
SHARES = apportion(2000, AMOUNTS)  # [556, 667, 777]
RULE = make_rule(validity=FixedValidity(NOW - timedelta(days=5), NOW + timedelta(days=5)))
REDEEMED = make_info(RULE, state=CodeState.REDEEMED)


def bill(amounts: list[int], shares: list[int]) -> list[BillLine]:
    return [BillLine(a, s) for a, s in zip(amounts, shares, strict=True)]


def decide(now, completed, returned, amounts=AMOUNTS, shares=SHARES, rule=RULE, info=REDEEMED):
    """decide_reversal with whole lines returned, as the seed example bills them."""
    lines = bill(amounts, shares)
    d = decide_reversal(rule, info, now, completed, whole_lines(returned, lines), lines)
    assert isinstance(d, ReversalDecision)
    return d


def test_cancelled_before_completion_gives_a_valid_coupon_back() -> None:
    d = decide(NOW, False, [])
    assert d.return_coupon and d.code_state is CodeState.ISSUED and d.reason is None
    assert d.refund_cents == 18000 - 2000  # everything the customer paid


def test_cancelled_after_the_coupon_expired_does_not_give_it_back() -> None:
    d = decide(NOW + timedelta(days=6), False, [])
    assert not d.return_coupon and d.code_state is CodeState.REDEEMED
    assert d.reason is not None and d.reason.reason is Reason.EXPIRED
    assert d.refund_cents == 16000


def test_bearer_code_goes_back_to_unissued() -> None:
    bearer = make_rule(bearer=True)
    info = make_info(bearer, state=CodeState.REDEEMED, member_id=None, received_at=None)
    d = decide(NOW, False, [], rule=bearer, info=info)
    assert d.return_coupon and d.code_state is CodeState.UNISSUED


def test_completed_order_keeps_the_coupon() -> None:
    d = decide(NOW, True, [])
    assert not d.return_coupon and d.refund_cents == 0 and d.code_state is CodeState.REDEEMED
    assert d.reason is not None and d.reason.reason is Reason.COUPON_KEPT


def test_partial_return_refunds_the_line_less_its_share() -> None:
    d = decide(NOW, True, [1])
    assert not d.return_coupon
    assert d.refund_cents == 6000 - 667
    assert d.reason is not None and d.reason.params["kept"] == "¥6.67"
    assert "¥6.67" in d.reason.message() and "¥53.33" in shown(d.reason)


def test_returning_every_line_refunds_what_was_paid_but_keeps_the_coupon() -> None:
    d = decide(NOW, True, [0, 1, 2])
    assert not d.return_coupon and d.refund_cents == 16000


@pytest.mark.parametrize(
    ("returned", "amounts", "shares", "match"),
    [
        ([3], AMOUNTS, SHARES, "not on the order"),
        ([1, 1], AMOUNTS, SHARES, "twice"),
        ([], [100], [101], "within"),
    ],
)
def test_bad_input_is_refused(
    returned: list[int], amounts: list[int], shares: list[int], match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        decide(NOW, True, returned, amounts, shares)


def test_a_code_that_was_not_redeemed_has_nothing_to_reverse() -> None:
    with pytest.raises(ValueError, match="no write-off"):
        decide(NOW, False, [], info=make_info(RULE))


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


def test_a_line_comes_back_unit_by_unit_at_most_for_what_was_bought() -> None:
    # 3 units at 20.00, the line's share of the discount 10.00: each unit keeps 3.33/3.33/3.34
    line = BillLine(amount_cents=6000, share_cents=1000, quantity=3)
    kept = refunded = 0
    for already in range(3):
        d = decide_reversal(RULE, REDEEMED, NOW, True, {0: 1}, [replace(line, returned=already)])
        assert isinstance(d, ReversalDecision) and d.returned == {0: 1}
        refunded += d.refund_cents
        kept += d.reason.params["kept_cents"] if d.reason else 0
    assert (kept, refunded) == (1000, 5000)  # exactly what returning all three at once gives
    at_once = decide_reversal(RULE, REDEEMED, NOW, True, {0: 3}, [line])
    assert isinstance(at_once, ReversalDecision) and at_once.refund_cents == 5000
    again = decide_reversal(RULE, REDEEMED, NOW, True, {0: 1}, [replace(line, returned=3)])
    assert isinstance(again, Verdict) and again.reason is Reason.ALREADY_RETURNED
    assert again.params["returned"] == 3 and again.params["bought"] == 3


def test_an_order_whose_goods_came_back_cannot_be_cancelled() -> None:
    lines = [BillLine(5000, 556, quantity=1, returned=1), BillLine(6000, 667)]
    d = decide_reversal(RULE, REDEEMED, NOW, False, {}, lines)
    assert isinstance(d, Verdict) and d.reason is Reason.NOT_REVERSIBLE
