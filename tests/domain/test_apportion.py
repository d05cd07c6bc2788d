"""Apportionment: proportional, to the cent, last line takes the remainder, shares within lines."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from posapp.domain import adjust_shares, apportion

AMOUNTS = st.lists(st.integers(min_value=0, max_value=10_000_000), min_size=1, max_size=40)


def test_seed_example_50_60_70_with_20_off() -> None:
    assert apportion(2000, [5000, 6000, 7000]) == [556, 667, 777]


def test_one_line_takes_it_all() -> None:
    assert apportion(2000, [9900]) == [2000]


def test_zero_amount_lines_get_nothing_and_the_last_paying_line_takes_the_rest() -> None:
    assert apportion(1000, [0, 3000, 0, 3000, 0]) == [0, 500, 0, 500, 0]
    assert apportion(100, [100, 200, 0]) == [33, 67, 0]


def test_zero_discount_and_empty() -> None:
    assert apportion(0, [100, 200]) == [0, 0]
    assert apportion(0, []) == []


def test_rounding_up_everywhere_is_taken_back_from_earlier_lines() -> None:
    # Ten 1-cent lines and 5 off: each rounds 0.5 up to 1, which would total 9 without
    # the walk back; the shares must still add to 5 and stay within their lines.
    shares = apportion(5, [1] * 10)
    assert sum(shares) == 5 and all(0 <= s <= 1 for s in shares)


def test_remainder_that_overflows_the_last_line_moves_back() -> None:
    shares = apportion(1001, [1000, 1])  # last line can take only 1 cent
    assert shares == [1000, 1]
    shares = apportion(3, [2, 2, 1])  # 1.2 -> 1, 1.2 -> 1, remainder 1 fits
    assert sum(shares) == 3


@pytest.mark.parametrize(
    ("discount", "amounts", "match"),
    [
        (2001, [1000, 1000], "exceeds"),
        (-1, [1000], "negative"),
        (10, [100, -5], "negative"),
        (1, [], "exceeds"),
    ],
)
def test_bad_input_is_a_value_error(discount: int, amounts: list[int], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        apportion(discount, amounts)


@settings(max_examples=500, deadline=None)
@given(AMOUNTS, st.data())
def test_shares_sum_to_the_discount_and_stay_within_their_lines(
    amounts: list[int], data: st.DataObject
) -> None:
    discount = data.draw(st.integers(min_value=0, max_value=sum(amounts)))
    shares = apportion(discount, amounts)
    assert len(shares) == len(amounts)
    assert sum(shares) == discount
    assert all(0 <= s <= a for s, a in zip(shares, amounts, strict=True))
    assert all(s == 0 for s, a in zip(shares, amounts, strict=True) if a == 0)


@settings(max_examples=300, deadline=None)
@given(AMOUNTS, st.data())
def test_shares_before_the_last_line_are_the_rounded_proportions(
    amounts: list[int], data: st.DataObject
) -> None:
    total = sum(amounts)
    assume(total > 0)
    discount = data.draw(st.integers(min_value=0, max_value=total))
    shares = apportion(discount, amounts)
    last = max(i for i, a in enumerate(amounts) if a > 0)
    # Proportional to the cent: no share strays more than the rounding plus what the
    # final settling moved (which only happens when the last line cannot take it).
    exact = [discount * a / total for a in amounts]
    drift = sum(abs(s - e) for i, (s, e) in enumerate(zip(shares, exact, strict=True)) if i != last)
    assert drift <= 0.5 * len(amounts) + abs(shares[last] - exact[last])


def test_adjust_moves_the_difference_onto_the_other_lines() -> None:
    shares = apportion(2000, [5000, 6000, 7000])
    out = adjust_shares(shares, [5000, 6000, 7000], 0, 1000)
    assert out[0] == 1000 and sum(out) == 2000
    assert out[1] < 667 and out[2] < 777
    out = adjust_shares(shares, [5000, 6000, 7000], 2, 2000)
    assert out == [0, 0, 2000]
    out = adjust_shares(shares, [5000, 6000, 7000], 1, 0)
    assert out[1] == 0 and sum(out) == 2000


@pytest.mark.parametrize(
    ("shares", "amounts", "index", "new", "match"),
    [
        ([500, 500], [1000, 1000], 0, 1001, "between"),
        ([500, 500], [1000, 1000], 0, -1, "between"),
        ([500, 500], [1000, 1000], 2, 0, "no line"),
        ([900, 900], [1000, 1000], 0, 0, "no room"),
        ([500], [1000, 1000], 0, 0, "one share"),
    ],
)
def test_impossible_adjustments_are_refused(
    shares: list[int], amounts: list[int], index: int, new: int, match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        adjust_shares(shares, amounts, index, new)


@settings(max_examples=300, deadline=None)
@given(AMOUNTS, st.data())
def test_adjusting_keeps_the_sum_and_the_bounds(amounts: list[int], data: st.DataObject) -> None:
    discount = data.draw(st.integers(min_value=0, max_value=sum(amounts)))
    shares = apportion(discount, amounts)
    index = data.draw(st.integers(min_value=0, max_value=len(amounts) - 1))
    new = data.draw(st.integers(min_value=0, max_value=amounts[index]))
    try:
        out = adjust_shares(shares, amounts, index, new)
    except ValueError:
        others = [j for j in range(len(amounts)) if j != index]
        others_room = sum(amounts[j] - shares[j] for j in others)
        others_share = sum(shares[j] for j in others)
        assert new - shares[index] > others_share or shares[index] - new > others_room
        return
    assert out[index] == new and sum(out) == discount
    assert all(0 <= s <= a for s, a in zip(out, amounts, strict=True))
