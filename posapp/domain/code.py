"""A coupon code (券码) as the rules see it: the code is the real coupon, the rule only logic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import NewType, Protocol

from posapp.domain.money import Cents
from posapp.domain.rule import RuleId

Code = NewType("Code", str)
BatchId = NewType("BatchId", str)
MemberId = NewType("MemberId", str)


class CodeState(StrEnum):
    """Stored states. 'expired' is never stored: it follows from validity and the clock."""

    UNISSUED = "unissued"  # generated, not bound to a member
    ISSUED = "issued"  # bound to a member (received)
    REDEEMED = "redeemed"
    VOIDED = "voided"


@dataclass(frozen=True)
class RedeemedAt:
    """Where and when a code was redeemed, for the 'already redeemed' message."""

    at: datetime
    store_name: str
    till_id: str


class StoredCode(Protocol):
    """A stored code's fields, as both the till's and the service's `CodeRow` name them."""

    @property
    def code(self) -> str: ...
    @property
    def rule_id(self) -> str: ...
    @property
    def batch_id(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def face_value_cents(self) -> int: ...
    @property
    def member_id(self) -> str | None: ...
    @property
    def received_at(self) -> datetime | None: ...
    @property
    def order_no(self) -> str | None: ...
    @property
    def redeemed_at(self) -> datetime | None: ...
    @property
    def redeemed_store(self) -> str | None: ...
    @property
    def redeemed_till(self) -> str | None: ...


@dataclass(frozen=True)
class CodeInfo:
    code: Code
    rule_id: RuleId
    batch_id: BatchId
    state: CodeState
    face_value_cents: Cents
    member_id: MemberId | None = None
    received_at: datetime | None = None
    redeemed: RedeemedAt | None = None
    order_no: str | None = None  # the order this voucher belongs to, if any

    @classmethod
    def from_row(cls, row: StoredCode) -> CodeInfo:
        """Build from a stored code row: the till cache's or the service's (same field names)."""
        return cls.from_stored(
            code=row.code,
            rule_id=row.rule_id,
            batch_id=row.batch_id,
            state=row.state,
            face_value_cents=row.face_value_cents,
            member_id=row.member_id,
            received_at=row.received_at,
            order_no=row.order_no,
            redeemed_at=row.redeemed_at,
            redeemed_store=row.redeemed_store,
            redeemed_till=row.redeemed_till,
        )

    @classmethod
    def from_stored(
        cls,
        *,
        code: str,
        rule_id: str,
        batch_id: str,
        state: str,
        face_value_cents: Cents,
        member_id: str | None,
        received_at: datetime | None,
        order_no: str | None,
        redeemed_at: datetime | None,
        redeemed_store: str | None,
        redeemed_till: str | None,
    ) -> CodeInfo:
        """Build from a stored code's plain fields: a row of the till's cache or the service's."""
        redeemed = None
        if redeemed_at is not None:
            redeemed = RedeemedAt(redeemed_at, redeemed_store or "", redeemed_till or "")
        return cls(
            code=Code(code),
            rule_id=RuleId(rule_id),
            batch_id=BatchId(batch_id),
            state=CodeState(state),
            face_value_cents=face_value_cents,
            member_id=MemberId(member_id) if member_id else None,
            received_at=received_at,
            redeemed=redeemed,
            order_no=order_no,
        )
