"""Money is integer cents (分). Every rounding in the project happens here."""

from __future__ import annotations

import re
from typing import TypeAlias

Cents: TypeAlias = int
"""An amount of money in cents (分). Never a float."""

BASIS_POINTS = 10_000
"""100% in basis points; discount rates are whole basis points (8折 = 2000 bp off)."""

_AMOUNT_RE = re.compile(r"^\s*(?P<sign>-)?(?P<whole>\d{1,12})(?:\.(?P<frac>\d{1,2}))?\s*$")


def round_half_up(numerator: int, denominator: int) -> int:
    """Divide and round half away from zero: the one rounding rule for money."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    sign = -1 if numerator < 0 else 1
    q, r = divmod(abs(numerator), denominator)
    if 2 * r >= denominator:
        q += 1
    return sign * q


def apply_rate(amount: Cents, basis_points: int) -> Cents:
    """Return basis_points/10000 of amount, rounded to the cent."""
    return round_half_up(amount * basis_points, BASIS_POINTS)


def format_cents(amount: Cents) -> str:
    """Show cents as yuan with two decimals: 1234 -> '12.34'."""
    sign = "-" if amount < 0 else ""
    whole, frac = divmod(abs(amount), 100)
    return f"{sign}{whole}.{frac:02d}"


def parse_amount(text: str) -> Cents:
    """Read '12', '12.3' or '12.34' (yuan) as cents; raise ValueError on anything else."""
    m = _AMOUNT_RE.match(text)
    if not m:
        raise ValueError(f"not an amount: {text!r}")
    cents = int(m["whole"]) * 100 + int((m["frac"] or "0").ljust(2, "0"))
    return -cents if m["sign"] else cents
