"""Coupon kinds. Each kind's own rule (券体) lives in its own module and registers here,
so adding or changing one kind never touches the others."""

from __future__ import annotations

from typing import Any

from posapp.domain.kinds.base import Body, CouponKind
from posapp.domain.kinds.discount import DiscountBody
from posapp.domain.kinds.gift import GiftBody, GiftItem
from posapp.domain.kinds.reduction import ReductionBody

BODIES: dict[CouponKind, type[Body]] = {
    CouponKind.GIFT: GiftBody,
    CouponKind.DISCOUNT: DiscountBody,
    CouponKind.REDUCTION: ReductionBody,
}


def body_from_dict(kind: CouponKind, d: dict[str, Any]) -> Body:
    return BODIES[kind].from_dict(d)


__all__ = [
    "BODIES",
    "Body",
    "CouponKind",
    "DiscountBody",
    "GiftBody",
    "GiftItem",
    "ReductionBody",
    "body_from_dict",
]
