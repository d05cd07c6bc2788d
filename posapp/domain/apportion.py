"""Apportionment (分摊): spread a discount over the lines it came from, to the cent.

Each line gets its share in proportion to its amount, rounded half up; the last line with
an amount takes the remainder so the shares add up exactly (seed: lines 50/60/70 and 20
off give 5.56/6.67/7.77). No share is negative or above its line: when rounding would
push the remainder outside the last line, the excess moves on to the lines before it.
"""

from __future__ import annotations

from collections.abc import Sequence

from posapp.domain.money import Cents, round_half_up


def _check(discount_cents: Cents, line_amounts_cents: Sequence[Cents]) -> None:
    if discount_cents < 0:
        raise ValueError("a discount must not be negative")
    if any(a < 0 for a in line_amounts_cents):
        raise ValueError("a line amount must not be negative")
    total = sum(line_amounts_cents)
    if discount_cents > total:
        raise ValueError(f"a discount of {discount_cents} exceeds the lines' total of {total}")


def apportion(discount_cents: Cents, line_amounts_cents: Sequence[Cents]) -> list[Cents]:
    """Split discount_cents over the lines in proportion to their amounts; shares sum exactly."""
    _check(discount_cents, line_amounts_cents)
    amounts = list(line_amounts_cents)
    shares = [0] * len(amounts)
    eligible = [i for i, a in enumerate(amounts) if a > 0]
    if discount_cents == 0 or not eligible:
        return shares
    total = sum(amounts)
    for i in eligible[:-1]:
        shares[i] = min(amounts[i], round_half_up(discount_cents * amounts[i], total))
    remainder = discount_cents - sum(shares)
    # Walk back from the last line: it takes the remainder first, and whatever does not fit
    # (too much, or too little when earlier lines rounded up) is settled on the lines before.
    for i in reversed(eligible):
        if remainder == 0:
            break
        if remainder > 0:
            moved = min(remainder, amounts[i] - shares[i])
        else:
            moved = -min(-remainder, shares[i])
        shares[i] += moved
        remainder -= moved
    return shares


def adjust_shares(
    shares: Sequence[Cents], line_amounts: Sequence[Cents], index: int, new_share: Cents
) -> list[Cents]:
    """Set one line's share by hand and move the difference onto the other lines.

    The other lines give up (or take on) the difference in proportion to their current
    shares (or to their room left), so the total stays the discount and every share stays
    within [0, line]; ValueError when the other lines cannot absorb it.
    """
    if len(shares) != len(line_amounts):
        raise ValueError("one share per line is needed")
    if not 0 <= index < len(shares):
        raise ValueError(f"no line {index}")
    _check(sum(shares), line_amounts)
    if any(not 0 <= s <= a for s, a in zip(shares, line_amounts, strict=True)):
        raise ValueError("each share must be within 0 and its line amount")
    if not 0 <= new_share <= line_amounts[index]:
        raise ValueError(f"a share must be between 0 and the line amount {line_amounts[index]}")
    out = list(shares)
    diff = new_share - out[index]
    out[index] = new_share
    others = [j for j in range(len(out)) if j != index]
    if diff > 0:
        give = [out[j] for j in others]
        if diff > sum(give):
            raise ValueError("the other lines carry too little discount to move")
        for j, cut in zip(others, apportion(diff, give), strict=True):
            out[j] -= cut
    elif diff < 0:
        room = [line_amounts[j] - out[j] for j in others]
        if -diff > sum(room):
            raise ValueError("the other lines have no room for the rest of the discount")
        for j, add in zip(others, apportion(-diff, room), strict=True):
            out[j] += add
    return out


def check_shares(
    discount_cents: Cents,
    line_amounts: Sequence[Cents],
    eligible: Sequence[int],
    shares: Sequence[Cents],
) -> str | None:
    """Why shares set by hand cannot stand, or None: one per line, adding up to the discount,
    none negative or above its line, and nothing on a line the coupon does not cover."""
    if len(shares) != len(line_amounts):
        return "one share per line is needed"
    if sum(shares) != discount_cents:
        return f"the shares add up to {sum(shares)}, not the discount of {discount_cents}"
    for i, (share, amount) in enumerate(zip(shares, line_amounts, strict=True)):
        if not 0 <= share <= amount:
            return f"line {i + 1}'s share must be between 0 and its amount {amount}"
        if share and i not in eligible:
            return f"line {i + 1} does not count towards this coupon"
    return None
