"""Rule = head + body: the dict form round-trips, and bad dicts say what is wrong."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from domain_factories import NOW, make_rule, rules
from hypothesis import given, settings

from posapp.domain.kinds import BODIES, CouponKind, DiscountBody, GiftBody, ReductionBody
from posapp.domain.rule import (
    CampaignStatus,
    FaceValue,
    Rule,
    RuleHead,
    RuleId,
    rule_from_dict,
    rule_to_dict,
)


@settings(max_examples=200, deadline=None)
@given(rules())
def test_dict_form_round_trips_through_json(rule: Rule) -> None:
    data = json.loads(json.dumps(rule_to_dict(rule)))
    assert rule_from_dict(data) == rule


def test_each_kind_has_its_own_body() -> None:
    assert {
        CouponKind.GIFT: GiftBody,
        CouponKind.DISCOUNT: DiscountBody,
        CouponKind.REDUCTION: ReductionBody,
    } == BODIES
    for kind in CouponKind:
        d = rule_to_dict(make_rule(kind))
        assert d["kind"] == kind.value and set(d["body"]) == set(make_rule(kind).body.to_dict())


def test_body_must_match_the_kind() -> None:
    head = make_rule(CouponKind.GIFT).head
    with pytest.raises(ValueError, match="does not match"):
        Rule(head, ReductionBody())


def _good() -> dict[str, Any]:
    return rule_to_dict(make_rule())


def _with(**changes: Any) -> dict[str, Any]:
    d = _good()
    d.update(changes)
    return d


def _without(key: str) -> dict[str, Any]:
    d = _good()
    del d[key]
    return d


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (_without("kind"), "missing the field 'kind'"),
        (_without("name"), "missing the field 'name'"),
        (_with(kind="voucher"), "voucher"),
        (_with(name="  "), "needs a name"),
        (_with(face_value={"min_cents": 500, "max_cents": 100}), "face value"),
        (_with(validity={"type": "sometimes"}), "unknown validity type"),
        (_with(validity={"type": "fixed", "start": "2024-01-02T00:00:00Z"}), "missing the field"),
        (
            _with(
                validity={"type": "fixed", "start": "2024-01-02T00:00Z", "end": "2024-01-01T00:00Z"}
            ),
            "end after it starts",
        ),
        (_with(validity={"type": "relative", "days": 0}), "positive number of days"),
        (_with(threshold={"kind": "amount", "value": -1}), "negative"),
        (_with(threshold={"kind": "volume", "value": 1}), "volume"),
        (_with(products={"mode": "skus", "values": []}), "needs at least one value"),
        (_with(max_per_order=0), "max_per_order"),
        (_with(total_issue="lots"), "lots"),
        (_with(per_member_limit=0), "per_member_limit"),
        (_with(issue_start="yesterday"), "yesterday"),
        (_with(issue_start="2024-01-01T00:00:00"), "time zone"),
        (_with(face_value=[1, 2]), "malformed"),
        (_with(kind="discount", body={}), "missing the field 'off_bp'"),
        (_with(kind="discount", body={"off_bp": 10000}), "less than 100%"),
        (_with(kind="gift", body={"items": []}), "at least one product"),
    ],
)
def test_bad_dicts_raise_a_clear_value_error(data: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        rule_from_dict(data)


def test_missing_optional_parts_take_their_defaults() -> None:
    rule = rule_from_dict({"id": "r9", "name": "Cash 5", "kind": "reduction"})
    assert rule.head.max_per_order == 1 and rule.head.stackable and rule.head.products.is_all


@pytest.mark.parametrize("data", [None, [], "rule", 42])
def test_not_an_object_is_a_value_error(data: Any) -> None:
    with pytest.raises(ValueError, match="JSON object"):
        rule_from_dict(data)


def test_head_validates_its_fields() -> None:
    with pytest.raises(ValueError, match="max_per_order"):
        RuleHead(RuleId("r"), "n", CouponKind.GIFT, FaceValue.fixed(0), max_per_order=0)
    assert FaceValue(100, 500).is_random and not FaceValue.fixed(100).is_random


def test_random_face_value_is_drawn_within_the_range() -> None:
    drawn = {FaceValue(500, 510).draw() for _ in range(500)}
    assert drawn == set(range(500, 511))
    assert FaceValue.fixed(800).draw() == 800


def test_issuing_window_and_status_are_not_validity() -> None:
    rule = make_rule(issue_start=NOW - timedelta(days=2), issue_end=NOW - timedelta(days=1))
    assert not rule.head.issuing_open(NOW)
    assert rule.head.issuing_open(NOW - timedelta(days=1, seconds=1))
    ended = make_rule(status=CampaignStatus.ENDED)
    assert not ended.head.issuing_open(NOW)
    assert make_rule().head.issuing_open(NOW)
    # Using a code already issued is validity's business: see test_quote's
    # test_issued_code_outlives_its_ended_campaign.
