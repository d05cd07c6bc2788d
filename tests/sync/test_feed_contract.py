"""What the offline tests feed the till is what the real service sends: one contract.

The feed items are declared once (posapp.wire.feed); the service's /v1/sync answers with
that response model, so its OpenAPI document and the tests' factory cannot drift apart.
"""

from __future__ import annotations

import pytest
from till_factories import FILLED_CURSOR, make_feed

from posapp.central.app import openapi_document
from posapp.wire.feed import SyncPage, read_item


def test_the_test_feed_validates_against_the_service_schema() -> None:
    feed = make_feed(per_rule=3)
    page = SyncPage.model_validate({"items": feed.items, "cursor": FILLED_CURSOR, "more": False})
    assert [i.type for i in page.items] == [item["type"] for item in feed.items]


def test_the_sync_endpoint_publishes_that_schema() -> None:
    doc = openapi_document()
    answer = doc["paths"]["/v1/sync"]["get"]["responses"]["200"]["content"]["application/json"]
    assert answer["schema"] == {"$ref": "#/components/schemas/SyncPage"}
    published = doc["components"]["schemas"]["SyncPage"]
    assert set(published["properties"]) == {"items", "cursor", "more", "reset"}
    kinds = {
        ref["$ref"].rsplit("/", 1)[-1] for ref in published["properties"]["items"]["items"]["oneOf"]
    }
    assert kinds == {
        "StoreItem",
        "KeyItem",
        "UserItem",
        "RuleItem",
        "RuleWithdrawnItem",
        "CodeItem",
        "ProductItem",
    }


def test_a_string_where_cents_are_expected_is_refused_not_cast() -> None:
    feed = make_feed(per_rule=1)
    code = next(i for i in feed.items if i["type"] == "code")
    bad = {"type": "code", "data": {**code["data"], "face_value_cents": "2000"}}
    with pytest.raises(ValueError, match="face_value_cents"):
        read_item(bad)
    assert read_item({"type": "coupon_of_the_future", "data": {}}) is None
