"""Request bodies of the admin API: strict pydantic models over posapp.wire.fields
(unknown fields refused, every number a bounded JSON integer)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, StrictBool, StrictInt, model_validator

from posapp.wire.fields import (
    MAX_CENTS,
    Cents,
    CodeText,
    Id,
    Instant,
    Name,
    OrderNo,
    Sku,
    Strict,
    Text,
)

# --- acceptors, tills, users ---------------------------------------------------------


class OfflinePolicyIn(Strict):
    max_cache_age_s: StrictInt = Field(ge=0, le=365 * 86400)
    max_key_age_s: StrictInt = Field(ge=0, le=365 * 86400)
    offline_kinds: list[Literal["gift", "discount", "reduction"]] = Field(max_length=3)
    offline_value_cap_cents: Cents
    offline_count_cap: StrictInt = Field(ge=0, le=1_000_000)


class StoreIn(Strict):
    id: Id
    name: Name
    timezone: str = Field(default="Asia/Shanghai", max_length=64)
    cutoff_hour: StrictInt = Field(default=4, ge=0, le=23)
    offline_policy: OfflinePolicyIn | None = None


class MerchantIn(Strict):
    id: Id
    name: Name
    timezone: str = Field(default="Asia/Shanghai", max_length=64)
    cutoff_hour: StrictInt = Field(default=4, ge=0, le=23)
    offline_policy: OfflinePolicyIn | None = None


class TillIn(Strict):
    name: Name
    store_id: Id | None = None
    merchant_id: Id | None = None

    @model_validator(mode="after")
    def _one_acceptor(self) -> TillIn:
        if (self.store_id is None) == (self.merchant_id is None):
            raise ValueError("a till belongs to exactly one of store_id or merchant_id")
        return self


class UserIn(Strict):
    id: Id | None = None
    name: Name
    role: Literal["cashier", "manager", "partner"]
    pin: str = Field(pattern=r"^[0-9]{4,8}$", description="4 to 8 digits; stored hashed only")
    store_id: Id | None = None
    merchant_id: Id | None = None

    @model_validator(mode="after")
    def _acceptor_fits_role(self) -> UserIn:
        if self.role == "partner" and (self.merchant_id is None or self.store_id is not None):
            raise ValueError("a partner user belongs to a merchant_id (and no store)")
        if self.role != "partner" and (self.store_id is None or self.merchant_id is not None):
            raise ValueError("cashiers and managers belong to a store_id (and no merchant)")
        return self


class UserPatch(Strict):
    name: Name | None = None
    pin: str | None = Field(default=None, pattern=r"^[0-9]{4,8}$")
    active: StrictBool | None = None


# --- rules -----------------------------------------------------------------------------


class FaceValueIn(Strict):
    min_cents: Cents = 0
    max_cents: Cents = 0


class ValidityIn(Strict):
    type: Literal["fixed", "relative", "unlimited"] = "unlimited"
    start: Instant | None = None
    end: Instant | None = None
    days: StrictInt | None = Field(default=None, ge=1, le=3650)
    deadline: Instant | None = None


class StoreScopeIn(Strict):
    all_stores: StrictBool = True
    store_ids: list[Id] = Field(default_factory=list, max_length=1000)
    merchant_ids: list[Id] = Field(default_factory=list, max_length=1000)


class ProductScopeIn(Strict):
    mode: Literal["all", "categories", "brands", "tags", "skus"] = "all"
    values: list[Sku] = Field(default_factory=list, max_length=1000)
    exclude_skus: list[Sku] = Field(default_factory=list, max_length=1000)
    exclude_categories: list[Sku] = Field(default_factory=list, max_length=1000)
    exclude_brands: list[Sku] = Field(default_factory=list, max_length=1000)


class ThresholdIn(Strict):
    kind: Literal["none", "amount", "items", "weight"] = "none"
    value: StrictInt = Field(default=0, ge=0, le=MAX_CENTS)


class AudienceIn(Strict):
    kind: Literal["all", "new", "old", "levels", "regions", "named"] = "all"
    values: list[Id] = Field(default_factory=list, max_length=10000)


class GiftItemIn(Strict):
    sku: Sku
    name: Name
    quantity: StrictInt = Field(default=1, ge=1, le=1000)


class GiftBodyIn(Strict):
    items: list[GiftItemIn] = Field(min_length=1, max_length=50)


class DiscountBodyIn(Strict):
    off_bp: StrictInt = Field(ge=1, le=9999, description="basis points off: 8折 is 2000")
    cap_cents: StrictInt | None = Field(default=None, ge=1, le=MAX_CENTS)


class ReductionBodyIn(Strict):
    per_multiple: StrictBool = False
    max_multiples: StrictInt | None = Field(default=None, ge=1, le=1000)


BODY_MODELS: dict[str, type[BaseModel]] = {
    "gift": GiftBodyIn,
    "discount": DiscountBodyIn,
    "reduction": ReductionBodyIn,
}


class RuleIn(Strict):
    """A rule in `posapp.domain.rule.rule_to_dict` form; `id` and `version` are optional."""

    id: Id | None = None
    name: Name
    kind: Literal["gift", "discount", "reduction"]
    face_value: FaceValueIn = Field(default_factory=FaceValueIn)
    validity: ValidityIn = Field(default_factory=ValidityIn)
    stores: StoreScopeIn = Field(default_factory=StoreScopeIn)
    products: ProductScopeIn = Field(default_factory=ProductScopeIn)
    threshold: ThresholdIn = Field(default_factory=ThresholdIn)
    stackable: StrictBool = True
    max_per_order: StrictInt = Field(default=1, ge=1, le=100)
    bearer: StrictBool = False
    issue_start: Instant | None = None
    issue_end: Instant | None = None
    status: Literal["draft", "active", "ended"] = "active"
    total_issue: StrictInt | None = Field(default=None, ge=1, le=10**9)
    per_member_limit: StrictInt | None = Field(default=None, ge=1, le=10**6)
    audience: AudienceIn = Field(default_factory=AudienceIn)
    notes: Text = ""
    version: StrictInt | None = Field(
        default=None, ge=1, le=10**9, description="ignored: the service counts"
    )
    body: GiftBodyIn | DiscountBodyIn | ReductionBodyIn

    @model_validator(mode="after")
    def _body_fits_kind(self) -> RuleIn:
        if not isinstance(self.body, BODY_MODELS[self.kind]):
            raise ValueError(f"body does not fit a {self.kind} coupon")
        return self

    def to_rule_dict(self, rule_id: str, version: int) -> dict[str, Any]:
        d = self.model_dump(mode="json")
        d["id"] = rule_id
        d["version"] = version
        return d


class BatchIn(Strict):
    count: StrictInt = Field(ge=1, le=100_000)


class IssueIn(Strict):
    rule_id: Id
    member_ids: list[Id] = Field(min_length=1, max_length=10_000)


class ProfileIn(Strict):
    """What the member app knows of the member, for audience checks (领取门槛)."""

    is_new: StrictBool | None = None
    level: Id | None = None
    region: Id | None = None


class ClaimIn(Strict):
    rule_id: Id
    member_id: Id
    profile: ProfileIn | None = None


class OrderIn(Strict):
    order_no: OrderNo
    member_id: Id | None = None
    codes: list[CodeText] = Field(min_length=1, max_length=50)


class VerifyIn(Strict):
    payload: str = Field(min_length=1, max_length=2048)


class WhereIn(Strict):
    code: str = Field(min_length=1, max_length=64)
