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

from posapp.domain.timeutil import format_instant, store_zone
from posapp.domain.translatable import QT_TRANSLATE_NOOP


class Reason(StrEnum):
    UNKNOWN_CODE = "unknown_code"
    UNKNOWN_OFFLINE = "unknown_offline"  # not in the cache, and no service to ask where it is
    PARTNER_ONLY = "partner_only"  # a partner merchant's gift scanned in one of our stores
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


# English source text, one per reason. The translations live in resources/i18n/posapp_<lang>.ts
# (context "Reason"): the marker lets pyside6-lupdate collect them; the GUI translates them
# through Qt and the CLI and logs speak English.
MESSAGES: dict[Reason, str] = {
    Reason.UNKNOWN_CODE: QT_TRANSLATE_NOOP(
        "Reason",
        "Coupon {code} is not known here. Check the code, or sync the till and scan again.",
    ),
    Reason.UNKNOWN_OFFLINE: QT_TRANSLATE_NOOP(
        "Reason",
        "Coupon {code} is not in this till's list, and the till is offline, so it cannot ask "
        "head office whether it is valid in another store. Check the code, or scan it again "
        "when the till is online.",
    ),
    Reason.PARTNER_ONLY: QT_TRANSLATE_NOOP(
        "Reason",
        "Coupon {code} is a gift from a partner and can only be used there: {merchants}.",
    ),
    Reason.CHECK_FAILED: QT_TRANSLATE_NOOP(
        "Reason",
        "Code {code} has a typo (its check character does not match). Type it again.",
    ),
    Reason.NOT_ISSUED: QT_TRANSLATE_NOOP(
        "Reason",
        "Coupon {code} has not been issued to a customer yet and cannot be used.",
    ),
    Reason.NOT_YET_VALID: QT_TRANSLATE_NOOP(
        "Reason",
        "Coupon {code} is not valid yet: it can be used from {start}.",
    ),
    Reason.EXPIRED: QT_TRANSLATE_NOOP(
        "Reason",
        "Coupon {code} expired on {end}.",
    ),
    # Where and when is what the customer is told; the till's id meant nothing to anyone, so
    # it stays in the params (inbox, audit) and out of the words.
    Reason.ALREADY_REDEEMED: QT_TRANSLATE_NOOP(
        "Reason",
        "Coupon {code} was already redeemed at {store} on {when}.",
    ),
    Reason.VOIDED: QT_TRANSLATE_NOOP(
        "Reason",
        "Coupon {code} has been cancelled by head office and cannot be used.",
    ),
    Reason.REVOKED: QT_TRANSLATE_NOOP(
        "Reason",
        "Coupon {code} has been withdrawn by head office and cannot be used.",
    ),
    Reason.WRONG_STORE: QT_TRANSLATE_NOOP(
        "Reason",
        "Coupon {code} cannot be used in this store. It is valid at: {stores}.",
    ),
    Reason.MERCHANT_NOT_ALLOWED: QT_TRANSLATE_NOOP(
        "Reason",
        "Coupon {code} is not a gift coupon for this merchant.",
    ),
    Reason.THRESHOLD_NOT_MET: QT_TRANSLATE_NOOP(
        "Reason",
        "Coupon {code} needs {threshold} of eligible items; {missing} more is needed.",
    ),
    Reason.NOTHING_QUALIFIES: QT_TRANSLATE_NOOP(
        "Reason",
        "Nothing on this bill counts towards coupon {code}.",
    ),
    Reason.NEEDS_LINES: QT_TRANSLATE_NOOP(
        "Reason",
        "Coupon {code} applies to some products only. Enter the bill's items, not just the total.",
    ),
    Reason.NEEDS_BILL: QT_TRANSLATE_NOOP(
        "Reason",
        "Coupon {code} takes money off a bill. Enter the bill first.",
    ),
    Reason.NOT_COMBINABLE: QT_TRANSLATE_NOOP(
        "Reason",
        "Coupon {code} cannot be combined with other promotions on this order.",
    ),
    Reason.TOO_MANY_COUPONS: QT_TRANSLATE_NOOP(
        "Reason",
        "Only {limit} coupon(s) of this kind may be used on one order.",
    ),
    Reason.MALFORMED: QT_TRANSLATE_NOOP(
        "Reason",
        "This is not a coupon code.",
    ),
    Reason.FORGED: QT_TRANSLATE_NOOP(
        "Reason",
        "This voucher's signature is not valid. It may be forged; do not accept it.",
    ),
    Reason.UNKNOWN_KEY: QT_TRANSLATE_NOOP(
        "Reason",
        "This voucher was signed with a key this till does not know. Sync the till and scan again.",
    ),
    Reason.ORDER_NOT_FOUND: QT_TRANSLATE_NOOP(
        "Reason",
        "Order {order} was not found.",
    ),
    Reason.OFFLINE_KIND_NOT_ALLOWED: QT_TRANSLATE_NOOP(
        "Reason",
        "The till is offline and this kind of coupon cannot be redeemed offline. "
        "Try again when online.",
    ),
    Reason.OFFLINE_LIMIT_REACHED: QT_TRANSLATE_NOOP(
        "Reason",
        "The till has reached its offline limit ({limit}). Reconnect before redeeming more.",
    ),
    Reason.CACHE_TOO_OLD: QT_TRANSLATE_NOOP(
        "Reason",
        "The till has not synced since {since}; offline redemption is stopped. Reconnect the till.",
    ),
    Reason.NOT_REVERSIBLE: QT_TRANSLATE_NOOP(
        "Reason",
        "This write-off cannot be reversed: {why}.",
    ),
    Reason.COUPON_KEPT: QT_TRANSLATE_NOOP(
        "Reason",
        "Coupon {code} is not given back: "
        "the order was completed or goods were returned. "
        "The refund keeps the coupon's share ({kept}); refund {refund}.",
    ),
    Reason.ALREADY_RETURNED: QT_TRANSLATE_NOOP(
        "Reason",
        "Line {line} of this bill cannot be returned again: "
        "{returned} of {bought} unit(s) already came back.",
    ),
    Reason.QUOTE_MISMATCH: QT_TRANSLATE_NOOP(
        "Reason",
        "Head office works out {expected} for coupon {code} on this bill, not {claimed}. "
        "The coupon was not written off there.",
    ),
    Reason.MEMBER_NOT_FOUND: QT_TRANSLATE_NOOP(
        "Reason",
        "No member {member} is known here. Check the number, or scan the member's code.",
    ),
    Reason.MEMBER_LOOKUP_OFFLINE: QT_TRANSLATE_NOOP(
        "Reason",
        "The till is offline and cannot look up a phone number. "
        "Scan the member's code or type the member ID.",
    ),
    Reason.BAD_SHARES: QT_TRANSLATE_NOOP(
        "Reason",
        "The discount cannot be spread that way: {why}.",
    ),
    Reason.RULE_CHANGED: QT_TRANSLATE_NOOP(
        "Reason",
        "This coupon's rules changed at head office since the till last synced. "
        "Sync the till and scan the coupon again.",
    ),
    Reason.REDEEMED_TOO_LONG_AGO: QT_TRANSLATE_NOOP(
        "Reason",
        "Coupon {code} was written off on {when}, longer ago than a till may work offline. "
        "Head office did not record it.",
    ),
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
    if store_zone(tz) is None:
        return params  # the `x` params already say UTC
    out = dict(params)
    for key, value in params.items():
        if key.endswith("_iso") and isinstance(value, str):
            try:
                instant = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
            if instant.tzinfo is not None:
                out[key.removesuffix("_iso")] = format_instant(instant, tz)
    return out


@dataclass(frozen=True)
class Verdict:
    """A refusal with its reason and the facts the message needs."""

    reason: Reason
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def template(self) -> str:
        """The English source text; the GUI translates it in context "Reason"."""
        return MESSAGES[self.reason]

    def message(self, tz: str | None = None) -> str:
        """In English, for the CLI, logs and problem bodies; with tz, instants in that zone."""
        return render(self.template, localised_params(self.params, tz))

    def to_dict(self) -> dict[str, Any]:
        return {"reason": self.reason.value, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Verdict:
        return cls(Reason(d["reason"]), dict(d.get("params") or {}))
