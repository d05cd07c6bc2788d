"""Choosing among a member's coupons: usable first, largest discount, then earliest expiry.

Every coupon that has not expired is shown; the unusable ones keep their reason so the
till can grey them out and say why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from posapp.domain.basket import Basket
from posapp.domain.code import CodeInfo
from posapp.domain.quote import Quote, QuoteContext, quote
from posapp.domain.rule import Rule
from posapp.domain.validity import window
from posapp.domain.verdicts import Reason, Verdict

# Sorts after every real instant: a coupon that never expires is the last to spend.
_NEVER = datetime.max


@dataclass(frozen=True)
class Option:
    """One coupon on the list: its quote when usable, else the verdict saying why not."""

    rule: Rule
    info: CodeInfo
    result: Quote | Verdict
    usable: bool

    @property
    def discount_cents(self) -> int:
        return self.result.discount_cents if isinstance(self.result, Quote) else 0

    @property
    def expires_at(self) -> datetime | None:
        return window(self.rule.head.validity, self.info.received_at).end


def _key(option: Option) -> tuple[bool, int, datetime, str]:
    end = option.expires_at
    return (
        not option.usable,
        -option.discount_cents,
        _NEVER if end is None else end.replace(tzinfo=None),
        option.info.code,
    )


def rank(
    candidates: Sequence[tuple[Rule, CodeInfo]], basket: Basket | None, ctx: QuoteContext
) -> list[Option]:
    """Quote every candidate on basket and order them for the cashier; drop expired ones."""
    options = []
    for rule, info in candidates:
        result = quote(rule, info, basket, ctx)
        if isinstance(result, Verdict) and result.reason is Reason.EXPIRED:
            continue
        options.append(Option(rule, info, result, usable=isinstance(result, Quote)))
    return sorted(options, key=_key)
