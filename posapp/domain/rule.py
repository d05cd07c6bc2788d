"""A coupon rule = head (券头, what every coupon has) + body (券体, the kind's own rule)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, NewType

from posapp.domain.kinds import Body, CouponKind, body_from_dict
from posapp.domain.money import Cents
from posapp.domain.scope import ProductScope, StoreScope
from posapp.domain.threshold import Threshold
from posapp.domain.timeutil import from_iso, require_aware, to_iso
from posapp.domain.validity import (
    UnlimitedValidity,
    Validity,
    validity_from_dict,
    validity_to_dict,
)

RuleId = NewType("RuleId", str)


@dataclass(frozen=True)
class FaceValue:
    """Face value (面额) in cents: fixed, or drawn per code from [min, max] when generated.

    For a full-reduction coupon it is the amount off; for a gift coupon the gift's worth
    (for cost statistics); a discount coupon's rate is in its body.
    """

    min_cents: Cents
    max_cents: Cents

    def __post_init__(self) -> None:
        if self.min_cents < 0 or self.max_cents < self.min_cents:
            raise ValueError("face value must be 0 <= min <= max")

    @classmethod
    def fixed(cls, cents: Cents) -> FaceValue:
        return cls(cents, cents)

    @property
    def is_random(self) -> bool:
        return self.max_cents != self.min_cents

    def draw(self) -> Cents:
        """Pick one code's face value, uniformly in [min, max] (fixed per code from then on)."""
        return self.min_cents + secrets.randbelow(self.max_cents - self.min_cents + 1)


class CampaignStatus(StrEnum):
    """The campaign's state, apart from code validity: an issued code outlives its campaign."""

    DRAFT = "draft"
    ACTIVE = "active"
    ENDED = "ended"


class AudienceKind(StrEnum):
    ALL = "all"
    NEW_MEMBERS = "new"
    OLD_MEMBERS = "old"
    LEVELS = "levels"
    REGIONS = "regions"
    NAMED = "named"


@dataclass(frozen=True)
class Audience:
    """Who may receive the coupon (领取门槛)."""

    kind: AudienceKind = AudienceKind.ALL
    values: frozenset[str] = frozenset()  # levels, regions or member IDs

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "values": sorted(self.values)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Audience:
        return cls(AudienceKind(d.get("kind", "all")), frozenset(map(str, d.get("values", ()))))


@dataclass(frozen=True)
class RuleHead:
    id: RuleId
    name: str
    kind: CouponKind
    face_value: FaceValue
    validity: Validity = field(default_factory=UnlimitedValidity)
    stores: StoreScope = field(default_factory=StoreScope)
    products: ProductScope = field(default_factory=ProductScope)
    threshold: Threshold = field(default_factory=Threshold)
    stackable: bool = True  # combines with other promotions on the same order
    max_per_order: int = 1  # coupons of this rule on one order
    bearer: bool = False  # 不记名: usable without being bound to a member (printed vouchers)
    issue_start: datetime | None = None  # issuing window (发放时间), not validity
    issue_end: datetime | None = None
    status: CampaignStatus = CampaignStatus.ACTIVE
    total_issue: int | None = None  # 发放总量
    per_member_limit: int | None = None  # 限领数
    audience: Audience = field(default_factory=Audience)
    notes: str = ""  # 使用说明
    version: int = 1

    def issuing_open(self, now: datetime) -> bool:
        """Tell whether codes may be issued now: an active campaign inside its issuing window.

        This says nothing about using codes already issued; that is validity's job.
        """
        now = require_aware(now)
        return (
            self.status is CampaignStatus.ACTIVE
            and (self.issue_start is None or now >= self.issue_start)
            and (self.issue_end is None or now < self.issue_end)
        )

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a rule needs a name")
        if self.max_per_order < 1:
            raise ValueError("max_per_order must be at least 1")
        for attr in ("issue_start", "issue_end"):
            value = getattr(self, attr)
            if value is not None:
                object.__setattr__(self, attr, require_aware(value, attr))
        for attr in ("total_issue", "per_member_limit"):
            value = getattr(self, attr)
            if value is not None and value < 1:
                raise ValueError(f"{attr} must be at least 1 when set")


@dataclass(frozen=True)
class Rule:
    head: RuleHead
    body: Body

    def __post_init__(self) -> None:
        if self.body.kind is not self.head.kind:
            raise ValueError("the rule's body does not match its kind")

    @property
    def id(self) -> RuleId:
        return self.head.id

    @property
    def kind(self) -> CouponKind:
        return self.head.kind


def rule_to_dict(rule: Rule) -> dict[str, Any]:
    """Serialise a rule to JSON-safe data: the one wire and storage form of a rule."""
    h = rule.head
    return {
        "id": h.id,
        "name": h.name,
        "kind": h.kind.value,
        "face_value": {"min_cents": h.face_value.min_cents, "max_cents": h.face_value.max_cents},
        "validity": validity_to_dict(h.validity),
        "stores": h.stores.to_dict(),
        "products": h.products.to_dict(),
        "threshold": h.threshold.to_dict(),
        "stackable": h.stackable,
        "max_per_order": h.max_per_order,
        "bearer": h.bearer,
        "issue_start": to_iso(h.issue_start),
        "issue_end": to_iso(h.issue_end),
        "status": h.status.value,
        "total_issue": h.total_issue,
        "per_member_limit": h.per_member_limit,
        "audience": h.audience.to_dict(),
        "notes": h.notes,
        "version": h.version,
        "body": rule.body.to_dict(),
    }


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def rule_from_dict(d: dict[str, Any]) -> Rule:
    """Read a rule from its dict form; raise ValueError (with the field) on anything invalid."""
    if not isinstance(d, dict):
        raise ValueError(f"a rule must be a JSON object, not {type(d).__name__}")
    try:
        kind = CouponKind(d["kind"])
        fv = d.get("face_value") or {}
        head = RuleHead(
            id=RuleId(str(d["id"])),
            name=str(d["name"]),
            kind=kind,
            face_value=FaceValue(int(fv.get("min_cents", 0)), int(fv.get("max_cents", 0))),
            validity=validity_from_dict(d.get("validity") or {"type": "unlimited"}),
            stores=StoreScope.from_dict(d.get("stores") or {}),
            products=ProductScope.from_dict(d.get("products") or {}),
            threshold=Threshold.from_dict(d.get("threshold") or {}),
            stackable=bool(d.get("stackable", True)),
            max_per_order=int(d.get("max_per_order", 1)),
            bearer=bool(d.get("bearer", False)),
            issue_start=from_iso(d.get("issue_start"), "issue_start"),
            issue_end=from_iso(d.get("issue_end"), "issue_end"),
            status=CampaignStatus(d.get("status", "active")),
            total_issue=_optional_int(d.get("total_issue")),
            per_member_limit=_optional_int(d.get("per_member_limit")),
            audience=Audience.from_dict(d.get("audience") or {}),
            notes=str(d.get("notes", "")),
            version=int(d.get("version", 1)),
        )
        return Rule(head=head, body=body_from_dict(kind, d.get("body") or {}))
    except KeyError as e:
        raise ValueError(f"rule is missing the field {e.args[0]!r}") from None
    except (TypeError, AttributeError) as e:
        raise ValueError(f"rule is malformed: {e}") from None
