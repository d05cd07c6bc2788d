"""Scopes: which stores or merchants accept a coupon, which products count towards it."""

from __future__ import annotations

import pytest

from posapp.domain.basket import TOTAL_SKU, Line
from posapp.domain.scope import Acceptor, AcceptorKind, ProductMode, ProductScope, StoreScope

S1 = Acceptor(AcceptorKind.STORE, "s1")
M1 = Acceptor(AcceptorKind.MERCHANT, "m1")
TEA = Line("tea", 500, category="drinks", brand="leaf", tags=frozenset({"hot"}))


def test_all_stores_never_includes_a_partner_merchant() -> None:
    assert StoreScope().accepts(S1) and not StoreScope().accepts(M1)


def test_named_stores_and_merchants() -> None:
    scope = StoreScope(
        all_stores=False, store_ids=frozenset({"s2"}), merchant_ids=frozenset({"m1"})
    )
    assert not scope.accepts(S1) and scope.accepts(Acceptor(AcceptorKind.STORE, "s2"))
    assert scope.accepts(M1) and not scope.accepts(Acceptor(AcceptorKind.MERCHANT, "m2"))


@pytest.mark.parametrize(
    ("scope", "included"),
    [
        (ProductScope(), True),
        (ProductScope(ProductMode.CATEGORIES, frozenset({"drinks"})), True),
        (ProductScope(ProductMode.CATEGORIES, frozenset({"food"})), False),
        (ProductScope(ProductMode.BRANDS, frozenset({"leaf"})), True),
        (ProductScope(ProductMode.TAGS, frozenset({"hot", "new"})), True),
        (ProductScope(ProductMode.TAGS, frozenset({"cold"})), False),
        (ProductScope(ProductMode.SKUS, frozenset({"tea"})), True),
        (ProductScope(exclude_skus=frozenset({"tea"})), False),
        (
            ProductScope(
                ProductMode.CATEGORIES, frozenset({"drinks"}), exclude_brands=frozenset({"leaf"})
            ),
            False,
        ),
        (ProductScope(exclude_categories=frozenset({"drinks"})), False),
    ],
)
def test_product_scope(scope: ProductScope, included: bool) -> None:
    assert scope.includes(TEA) is included


def test_a_bill_entered_as_a_total_counts_only_for_unscoped_coupons() -> None:
    total = Line(TOTAL_SKU, 10000)
    assert ProductScope().includes(total)
    assert not ProductScope(exclude_skus=frozenset({"tv"})).includes(total)


def test_scoped_mode_needs_values() -> None:
    with pytest.raises(ValueError, match="at least one value"):
        ProductScope(ProductMode.BRANDS)


def test_dict_round_trips() -> None:
    p = ProductScope(ProductMode.TAGS, frozenset({"a", "b"}), exclude_skus=frozenset({"x"}))
    assert ProductScope.from_dict(p.to_dict()) == p
    s = StoreScope(False, frozenset({"s1"}), frozenset({"m1"}))
    assert StoreScope.from_dict(s.to_dict()) == s
