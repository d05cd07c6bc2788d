"""Why a coupon cannot be used: a closed set of reasons, each in words a cashier understands.

Messages use named placeholders only ({code}, {missing}); a translation that drops or
misspells one still formats (the placeholder is left visible) instead of crashing.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class Reason(StrEnum):
    UNKNOWN_CODE = "unknown_code"
    CHECK_FAILED = "check_failed"  # typed code fails its check character
    NOT_ISSUED = "not_issued"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    ALREADY_REDEEMED = "already_redeemed"
    VOIDED = "voided"
    REVOKED = "revoked"
    WRONG_STORE = "wrong_store"
    MERCHANT_NOT_ALLOWED = "merchant_not_allowed"
    THRESHOLD_NOT_MET = "threshold_not_met"
    NOTHING_QUALIFIES = "nothing_qualifies"
    NEEDS_LINES = "needs_lines"  # a product-scoped coupon on a bill entered only as a total
    NEEDS_BILL = "needs_bill"
    NOT_COMBINABLE = "not_combinable"
    TOO_MANY_COUPONS = "too_many_coupons"
    MALFORMED = "malformed"
    FORGED = "forged"
    UNKNOWN_KEY = "unknown_key"
    ORDER_NOT_FOUND = "order_not_found"
    OFFLINE_KIND_NOT_ALLOWED = "offline_kind_not_allowed"
    OFFLINE_LIMIT_REACHED = "offline_limit_reached"
    CACHE_TOO_OLD = "cache_too_old"
    NOT_REVERSIBLE = "not_reversible"
    COUPON_KEPT = "coupon_kept"  # reversal after completion or a return: the coupon stays used
    ALREADY_RETURNED = "already_returned"  # those units came back before
    QUOTE_MISMATCH = "quote_mismatch"  # the service worked out another discount on the bill
    REDEEMED_TOO_LONG_AGO = "redeemed_too_long_ago"  # older than a till may work offline
    RULE_CHANGED = "rule_changed"  # quoted at a rule version no till can still hold
    BAD_SHARES = "bad_shares"  # a discount spread by hand that does not add up
    MEMBER_NOT_FOUND = "member_not_found"
    MEMBER_LOOKUP_OFFLINE = "member_lookup_offline"  # a phone number needs the service


LANGUAGES = ("en", "zh_CN")

MESSAGES: dict[Reason, dict[str, str]] = {
    Reason.UNKNOWN_CODE: {
        "en": "Coupon {code} is not known here. Check the code, or sync the till and scan again.",
        "zh_CN": "券码 {code} 不存在。请核对券码，或同步后重新扫码。",
    },
    Reason.CHECK_FAILED: {
        "en": "Code {code} has a typo (its check character does not match). Type it again.",
        "zh_CN": "券码 {code} 输入有误（校验位不符），请重新输入。",
    },
    Reason.NOT_ISSUED: {
        "en": "Coupon {code} has not been issued to a customer yet and cannot be used.",
        "zh_CN": "券码 {code} 尚未发放给顾客，不能使用。",
    },
    Reason.NOT_YET_VALID: {
        "en": "Coupon {code} is not valid yet: it can be used from {start}.",
        "zh_CN": "券码 {code} 尚未生效，{start} 起可用。",
    },
    Reason.EXPIRED: {
        "en": "Coupon {code} expired on {end}.",
        "zh_CN": "券码 {code} 已于 {end} 过期。",
    },
    Reason.ALREADY_REDEEMED: {
        "en": "Coupon {code} was already redeemed at {store} on {when} (till {till}).",
        "zh_CN": "券码 {code} 已于 {when} 在 {store}（收银台 {till}）核销。",
    },
    Reason.VOIDED: {
        "en": "Coupon {code} has been cancelled by head office and cannot be used.",
        "zh_CN": "券码 {code} 已被总部作废，不能使用。",
    },
    Reason.REVOKED: {
        "en": "Coupon {code} has been withdrawn by head office and cannot be used.",
        "zh_CN": "券码 {code} 已被总部撤销，不能使用。",
    },
    Reason.WRONG_STORE: {
        "en": "Coupon {code} cannot be used in this store. It is valid at: {stores}.",
        "zh_CN": "券码 {code} 不能在本店使用，适用门店：{stores}。",
    },
    Reason.MERCHANT_NOT_ALLOWED: {
        "en": "Coupon {code} is not a gift coupon for this merchant.",
        "zh_CN": "券码 {code} 不是本商家可核销的礼品券。",
    },
    Reason.THRESHOLD_NOT_MET: {
        "en": "Coupon {code} needs {threshold} of eligible items; {missing} more is needed.",
        "zh_CN": "券码 {code} 需满 {threshold} 方可使用，还差 {missing}。",
    },
    Reason.NOTHING_QUALIFIES: {
        "en": "Nothing on this bill counts towards coupon {code}.",
        "zh_CN": "本单没有适用券码 {code} 的商品。",
    },
    Reason.NEEDS_LINES: {
        "en": (
            "Coupon {code} applies to some products only. "
            "Enter the bill's items, not just the total."
        ),
        "zh_CN": "券码 {code} 仅限部分商品使用，请录入商品明细而非总额。",
    },
    Reason.NEEDS_BILL: {
        "en": "Coupon {code} takes money off a bill. Enter the bill first.",
        "zh_CN": "券码 {code} 需要结合订单使用，请先录入账单。",
    },
    Reason.NOT_COMBINABLE: {
        "en": "Coupon {code} cannot be combined with other promotions on this order.",
        "zh_CN": "券码 {code} 不能与本单其他优惠同时使用。",
    },
    Reason.TOO_MANY_COUPONS: {
        "en": "Only {limit} coupon(s) of this kind may be used on one order.",
        "zh_CN": "每单最多使用 {limit} 张此类券。",
    },
    Reason.MALFORMED: {
        "en": "This is not a coupon code.",
        "zh_CN": "这不是有效的券码。",
    },
    Reason.FORGED: {
        "en": "This voucher's signature is not valid. It may be forged; do not accept it.",
        "zh_CN": "该券签名无效，可能是伪造券，请勿核销。",
    },
    Reason.UNKNOWN_KEY: {
        "en": (
            "This voucher was signed with a key this till does not know. "
            "Sync the till and scan again."
        ),
        "zh_CN": "该券的签名密钥未知，请同步后重新扫码。",
    },
    Reason.ORDER_NOT_FOUND: {
        "en": "Order {order} was not found.",
        "zh_CN": "未找到订单 {order}。",
    },
    Reason.OFFLINE_KIND_NOT_ALLOWED: {
        "en": (
            "The till is offline and this kind of coupon cannot be redeemed offline. "
            "Try again when online."
        ),
        "zh_CN": "收银台离线，此类券不支持离线核销，请联网后再试。",
    },
    Reason.OFFLINE_LIMIT_REACHED: {
        "en": "The till has reached its offline limit ({limit}). Reconnect before redeeming more.",
        "zh_CN": "收银台已达离线核销上限（{limit}），请联网后再核销。",
    },
    Reason.CACHE_TOO_OLD: {
        "en": (
            "The till has not synced since {since}; offline redemption is stopped. "
            "Reconnect the till."
        ),
        "zh_CN": "收银台自 {since} 起未同步，已暂停离线核销，请联网。",
    },
    Reason.NOT_REVERSIBLE: {
        "en": "This write-off cannot be reversed: {why}.",
        "zh_CN": "该核销不能撤销：{why}。",
    },
    Reason.COUPON_KEPT: {
        "en": (
            "Coupon {code} is not given back: the order was completed or goods were returned. "
            "The refund keeps the coupon's share ({kept}); refund {refund}."
        ),
        "zh_CN": (
            "订单已完成或已退货，券码 {code} 不予退还；退款扣除该券分摊的 {kept}，应退 {refund}。"
        ),
    },
    Reason.ALREADY_RETURNED: {
        "en": (
            "Line {line} of this bill cannot be returned again: {returned} of {bought} "
            "unit(s) already came back."
        ),
        "zh_CN": "本单第 {line} 行不能再次退货：已退 {returned}/{bought} 件。",
    },
    Reason.QUOTE_MISMATCH: {
        "en": (
            "Head office works out {expected} for coupon {code} on this bill, not {claimed}. "
            "The coupon was not written off there."
        ),
        "zh_CN": "总部核算券码 {code} 在本单应为 {expected}，而非 {claimed}，未予核销。",
    },
    Reason.MEMBER_NOT_FOUND: {
        "en": "No member {member} is known here. Check the number, or scan the member's code.",
        "zh_CN": "未找到会员 {member}。请核对号码，或扫描会员码。",
    },
    Reason.MEMBER_LOOKUP_OFFLINE: {
        "en": (
            "The till is offline and cannot look up a phone number. "
            "Scan the member's code or type the member ID."
        ),
        "zh_CN": "收银台离线，无法按手机号查找会员。请扫描会员码或输入会员号。",
    },
    Reason.BAD_SHARES: {
        "en": "The discount cannot be spread that way: {why}.",
        "zh_CN": "优惠不能这样分摊：{why}。",
    },
    Reason.RULE_CHANGED: {
        "en": (
            "This coupon's rules changed at head office since the till last synced. "
            "Sync the till and scan the coupon again."
        ),
        "zh_CN": "总部已修改该券的规则，本收银台尚未同步。请同步后重新扫码。",
    },
    Reason.REDEEMED_TOO_LONG_AGO: {
        "en": (
            "Coupon {code} was written off on {when}, longer ago than a till may work offline. "
            "Head office did not record it."
        ),
        "zh_CN": "券码 {code} 的核销时间 {when} 早于离线核销的时限，总部未予记录。",
    },
}


class _KeepMissing(string.Formatter):
    def get_value(self, key: int | str, args: Any, kwargs: Any) -> Any:
        if isinstance(key, str) and key not in kwargs:
            return "{" + key + "}"
        return super().get_value(key, args, kwargs)


_FORMATTER = _KeepMissing()


def render(template: str, params: dict[str, Any]) -> str:
    """Fill named placeholders; unknown ones stay visible, never raise."""
    try:
        return _FORMATTER.format(template, **params)
    except (ValueError, IndexError):
        return template


def localised_params(params: dict[str, Any], tz: str | None) -> dict[str, Any]:
    """Replace each `x` that has an `x_iso` twin by that instant in zone tz ('2026-11-23 14:02')."""
    if not tz:
        return params
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return params
    out = dict(params)
    for key, value in params.items():
        if key.endswith("_iso") and isinstance(value, str):
            try:
                instant = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
            if instant.tzinfo is not None:
                out[key.removesuffix("_iso")] = instant.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    return out


@dataclass(frozen=True)
class Verdict:
    """A refusal with its reason and the facts the message needs."""

    reason: Reason
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "en", tz: str | None = None) -> str:
        """Render for a cashier; with tz, instants show in the store's zone instead of UTC."""
        table = MESSAGES[self.reason]
        return render(table.get(lang) or table["en"], localised_params(self.params, tz))

    def to_dict(self) -> dict[str, Any]:
        return {"reason": self.reason.value, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Verdict:
        return cls(Reason(d["reason"]), dict(d.get("params") or {}))
