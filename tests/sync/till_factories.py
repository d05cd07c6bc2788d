"""Builders for till tests: feed items in the service's sync format, and a settable clock."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from posapp.domain.codes import generate_code
from posapp.domain.kinds import CouponKind, DiscountBody, GiftBody, GiftItem, ReductionBody
from posapp.domain.pins import hash_pin
from posapp.domain.rule import FaceValue, Rule, RuleHead, RuleId, rule_to_dict
from posapp.domain.signing import generate_keypair, sign_voucher
from posapp.domain.threshold import Threshold, ThresholdKind
from posapp.domain.timeutil import to_iso
from posapp.store.state import sync_state
from posapp.sync.engine import apply_page
from posapp.sync.service import TillFiles, TillService

NOW = datetime(2024, 5, 1, 6, 0, tzinfo=UTC)  # 14:00 in Shanghai
STORE_ID = "s1"
# A cursor of the feed's form (posapp.wire.feed.CURSOR_PATTERN) that no service gave out.
FILLED_CURSOR = f"{'0' * 16}.1.{'0' * 16}"


@dataclass
class Clock:
    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


def rule_dict(rule_id: str, kind: CouponKind = CouponKind.REDUCTION, **head: Any) -> dict[str, Any]:
    body = {
        CouponKind.GIFT: GiftBody((GiftItem("GIFT-1", "Tote bag"),)),
        CouponKind.DISCOUNT: DiscountBody(off_bp=2000),
        CouponKind.REDUCTION: ReductionBody(),
    }[kind]
    fields: dict[str, Any] = {
        "id": RuleId(rule_id),
        "name": f"{kind.value} {rule_id}",
        "kind": kind,
        "face_value": FaceValue.fixed(2000),
    }
    if kind is CouponKind.REDUCTION:
        fields["threshold"] = Threshold(ThresholdKind.AMOUNT, 10000)
    fields.update(head)
    return rule_to_dict(Rule(RuleHead(**fields), body))


def code_dict(code: str, rule_id: str, **extra: Any) -> dict[str, Any]:
    d: dict[str, Any] = {
        "code": code,
        "rule_id": rule_id,
        "batch_id": "b1",
        "state": "issued",
        "face_value_cents": 2000,
        "member_id": "m1",
        "received_at": to_iso(NOW - timedelta(days=1)),
        "order_no": None,
        "redeemed": None,
    }
    d.update(extra)
    return d


@dataclass
class Feed:
    """A small store's worth of sync items, with the signing key kept for signed vouchers."""

    codes: dict[str, list[str]] = field(default_factory=dict)  # rule id -> codes
    items: list[dict[str, Any]] = field(default_factory=list)
    kid: str = ""
    private_key: bytes = b""

    def sign(self, code: str, rule_id: str) -> str:
        return sign_voucher(self.private_key, self.kid, code, rule_id, None)


def make_feed(per_rule: int = 5, policy: dict[str, Any] | None = None) -> Feed:
    feed = Feed()
    kid, private, public = generate_keypair()
    feed.kid, feed.private_key = kid, private
    items: list[dict[str, Any]] = [
        {
            "type": "key",
            "data": {
                "kid": kid,
                "public_key": base64.b64encode(public).decode(),
                "created_at": to_iso(NOW - timedelta(days=30)),
                "revoked": False,
            },
        },
        {
            "type": "store",
            "data": {
                "id": STORE_ID,
                "name": "Store 1",
                "kind": "store",
                "timezone": "Asia/Shanghai",
                "cutoff_hour": 4,
                "offline_policy": policy
                or {
                    "max_cache_age_s": 86400,
                    "max_key_age_s": 7 * 86400,
                    "offline_kinds": ["gift", "discount", "reduction"],
                    "offline_value_cap_cents": 1_000_000,
                    "offline_count_cap": 100,
                },
            },
        },
        {
            "type": "user",
            "data": {
                "id": "u1",
                "name": "Li Na",
                "role": "cashier",
                "pin_hash": hash_pin("1234"),
                "active": True,
            },
        },
    ]
    for rule_id, kind in (("red", CouponKind.REDUCTION), ("gift", CouponKind.GIFT)):
        items.append({"type": "rule", "data": rule_dict(rule_id, kind)})
        codes = [str(generate_code()) for _ in range(per_rule)]
        feed.codes[rule_id] = codes
        items.extend({"type": "code", "data": code_dict(c, rule_id)} for c in codes)
    feed.items = items
    return feed


def files_in(path: Path) -> TillFiles:
    return TillFiles(db=path / "till.sqlite3", config=path / "till.json", lock_dir=path)


def fill(till: TillService, feed: Feed) -> None:
    """Load feed into the till as a completed pull would, with the till's identity."""
    with till.db.write() as s:
        st = sync_state(s)
        st.till_id, st.till_name = "t1", "Till 1"
        st.acceptor = {"kind": "store", "id": STORE_ID, "name": "Store 1"}
    apply_page(till.db, feed.items, FILLED_CURSOR, False, till.clock())
