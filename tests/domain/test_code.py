"""CodeInfo.from_stored: the one way a stored code (till cache or service) becomes a CodeInfo."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from posapp.domain.code import BatchId, Code, CodeInfo, CodeState, MemberId, RedeemedAt
from posapp.domain.rule import RuleId

AT = datetime(2026, 11, 23, 6, 2, tzinfo=UTC)


def _fields(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "code": "Q7KX3MPA2B9C",
        "rule_id": "R1",
        "batch_id": "B1",
        "state": "issued",
        "face_value_cents": 2000,
        "member_id": "M1",
        "received_at": AT,
        "order_no": "O-1",
        "redeemed_at": None,
        "redeemed_store": None,
        "redeemed_till": None,
    }
    fields.update(changes)
    return fields


def test_an_issued_code_has_its_member_and_no_redemption() -> None:
    info = CodeInfo.from_stored(**_fields())
    assert info == CodeInfo(
        code=Code("Q7KX3MPA2B9C"),
        rule_id=RuleId("R1"),
        batch_id=BatchId("B1"),
        state=CodeState.ISSUED,
        face_value_cents=2000,
        member_id=MemberId("M1"),
        received_at=AT,
        order_no="O-1",
    )


def test_a_redeemed_code_says_where_and_when() -> None:
    info = CodeInfo.from_stored(
        **_fields(state="redeemed", redeemed_at=AT, redeemed_store="Store 12", redeemed_till="T1")
    )
    assert info.state is CodeState.REDEEMED
    assert info.redeemed == RedeemedAt(AT, "Store 12", "T1")


def test_missing_names_of_a_redemption_read_as_empty_and_no_member_as_none() -> None:
    info = CodeInfo.from_stored(**_fields(member_id="", redeemed_at=AT))
    assert info.member_id is None
    assert info.redeemed == RedeemedAt(AT, "", "")


def test_an_unknown_state_is_refused() -> None:
    with pytest.raises(ValueError):
        CodeInfo.from_stored(**_fields(state="lost"))
