"""Money is int cents; one rounding rule (half away from zero)."""

from __future__ import annotations

import pytest

from posapp.domain.money import apply_rate, format_cents, parse_amount, round_half_up


def test_round_half_up() -> None:
    assert [round_half_up(n, 2) for n in (1, 3, -1, -3, 4)] == [1, 2, -1, -2, 2]
    assert round_half_up(2000 * 5000, 18000) == 556
    with pytest.raises(ValueError):
        round_half_up(1, 0)


def test_apply_rate_and_format() -> None:
    assert apply_rate(10000, 1500) == 1500
    assert format_cents(2000) == "20.00" and format_cents(-5) == "-0.05"


@pytest.mark.parametrize(("text", "cents"), [("12", 1200), ("12.3", 1230), (" 0.05 ", 5)])
def test_parse_amount(text: str, cents: int) -> None:
    assert parse_amount(text) == cents


@pytest.mark.parametrize("text", ["", "1.234", "abc", "1,00"])
def test_parse_amount_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)
