"""The sync feed's contract: each kind of item a till receives, declared once.

The service builds its /v1/sync answer as a `SyncPage` (its response model and the
OpenAPI document come from here), the till reads each item with the same models, and the
tests' feed factory is checked against them, so the offline tests cannot drift from the
real server unnoticed.

Numbers and flags are strict: a JSON string where cents are expected is refused, never
cast. Instants are ISO 8601 with a zone. A till skips (and logs) an item it cannot read and
ignores item types it does not know yet, so one bad row never stops a sync.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    TypeAdapter,
    ValidationError,
)

from posapp.domain.rule import rule_from_dict

__all__ = [
    "CURSOR_PATTERN",
    "FEED_TYPES",
    "CodeData",
    "FeedItem",
    "KeyData",
    "OfflinePolicyData",
    "ProductData",
    "RedeemedData",
    "Reset",
    "RuleWithdrawnData",
    "StoreData",
    "SyncPage",
    "UserData",
    "ValidationError",
    "read_item",
]

Cents = Annotated[StrictInt, Field(ge=0, le=10**10)]


class _Data(BaseModel):
    # Unknown fields are ignored, not refused: a newer service may add one, and an older
    # till must keep syncing.
    model_config = ConfigDict(extra="ignore", frozen=True)


class OfflinePolicyData(_Data):
    """posapp.domain.offline_policy.OfflinePolicy as sent."""

    max_cache_age_s: Annotated[StrictInt, Field(ge=0)]
    max_key_age_s: Annotated[StrictInt, Field(ge=0)]
    offline_kinds: list[Literal["gift", "discount", "reduction"]]
    offline_value_cap_cents: Cents
    offline_count_cap: Annotated[StrictInt, Field(ge=0)]


class StoreData(_Data):
    """The till's own store or merchant: its name, business day and offline policy."""

    id: StrictStr
    name: StrictStr
    kind: Literal["store", "merchant"]
    timezone: StrictStr
    cutoff_hour: Annotated[StrictInt, Field(ge=0, le=23)]
    offline_policy: OfflinePolicyData


class KeyData(_Data):
    """A public key that signs vouchers (base64 raw Ed25519)."""

    kid: StrictStr
    public_key: StrictStr
    created_at: AwareDatetime
    revoked: StrictBool = False


class UserData(_Data):
    """A user who may log in at the till; the PIN travels only as its hash."""

    id: StrictStr
    name: StrictStr
    role: Literal["cashier", "manager", "partner"]
    pin_hash: StrictStr
    active: StrictBool = True


class RedeemedData(_Data):
    """Where and when a code was redeemed, for the 'already redeemed' message."""

    at: AwareDatetime
    store_name: StrictStr | None = None
    till_id: StrictStr | None = None


class CodeData(_Data):
    """A code this till may accept, with its state."""

    code: StrictStr
    rule_id: StrictStr
    batch_id: StrictStr
    state: Literal["unissued", "issued", "redeemed", "voided"]
    face_value_cents: Cents
    member_id: StrictStr | None = None
    received_at: AwareDatetime | None = None
    order_no: StrictStr | None = None
    redeemed: RedeemedData | None = None


class ProductData(_Data):
    """A product of the chain's catalogue, as a till fills a bill line from it."""

    sku: StrictStr
    barcode: StrictStr | None = None
    name: StrictStr
    category: StrictStr = ""
    brand: StrictStr = ""
    tags: list[StrictStr] = []
    weight_unit: Literal["g", "kg"] | None = None
    active: StrictBool = True


class RuleWithdrawnData(_Data):
    """A rule this till may no longer accept, and where it is valid now (names only)."""

    id: StrictStr
    stores: StrictStr = ""


def _readable_rule(data: dict[str, Any]) -> dict[str, Any]:
    rule_from_dict(data)  # refuse what the till could not read back later
    return data


RuleData = Annotated[dict[str, Any], AfterValidator(_readable_rule)]
"""A rule in posapp.domain.rule.rule_to_dict form; the domain reads and checks it."""


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StoreItem(_Item):
    type: Literal["store"]
    data: StoreData


class KeyItem(_Item):
    type: Literal["key"]
    data: KeyData


class UserItem(_Item):
    type: Literal["user"]
    data: UserData


class RuleItem(_Item):
    type: Literal["rule"]
    data: RuleData


class RuleWithdrawnItem(_Item):
    type: Literal["rule_withdrawn"]
    data: RuleWithdrawnData


class CodeItem(_Item):
    type: Literal["code"]
    data: CodeData


class ProductItem(_Item):
    type: Literal["product"]
    data: ProductData


FeedItem = Annotated[
    StoreItem | KeyItem | UserItem | RuleItem | RuleWithdrawnItem | CodeItem | ProductItem,
    Field(discriminator="type"),
]
FEED_TYPES = ("store", "key", "user", "rule", "rule_withdrawn", "code", "product")


class Reset(StrEnum):
    """Why a page starts from the beginning although the till sent a cursor."""

    OTHER_EPOCH = "other_epoch"  # the cursor is from another database (replaced, or restored)
    RESTORED = "restored"  # the cursor is ahead of the counter: the database went back in time
    UNREADABLE = "unreadable"  # not a cursor this service gave out


# "<epoch>.<change number>.<signature>": opaque to the till, which checks only its shape.
CURSOR_PATTERN = r"^[0-9a-f]{16}\.[0-9]{1,18}\.[0-9a-f]{16}$"


class SyncPage(BaseModel):
    """One page of /v1/sync: items in change order, the cursor to ask from next, and more."""

    model_config = ConfigDict(extra="forbid")

    items: list[FeedItem]
    cursor: Annotated[StrictStr, Field(pattern=CURSOR_PATTERN)] = Field(
        description="give it back as ?cursor= for the next page"
    )
    more: StrictBool = Field(description="true: ask again at once for the rest")
    reset: Reset | None = Field(
        None,
        description="set when the cursor sent could not be used: this page starts from the "
        "beginning, and the till drops what it holds that the feed does not send again",
    )


_ITEM: TypeAdapter[FeedItem] = TypeAdapter(FeedItem)


def read_item(raw: object) -> FeedItem | None:
    """Read one feed item; None for a type this till does not know (a newer service).

    Raise ValueError (pydantic's ValidationError is one) for anything else that does not
    fit its model.
    """
    if not isinstance(raw, dict):
        raise ValueError(f"a feed item must be an object, not {type(raw).__name__}")
    if raw.get("type") not in FEED_TYPES:
        return None
    return _ITEM.validate_python(raw)
