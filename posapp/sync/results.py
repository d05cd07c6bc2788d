"""What the till service hands back to the GUI and the CLI: plain dataclasses.

Refusals carry a domain `Verdict`; the GUI translates its template (Qt, context "Reason") and
`message()` gives the English for the CLI and logs. Other outcomes carry a short English `note`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from posapp.domain.code import CodeInfo
from posapp.domain.offline_policy import OfflinePolicy
from posapp.domain.payload import PayloadType
from posapp.domain.quote import Quote
from posapp.domain.rule import Rule
from posapp.domain.scope import Acceptor
from posapp.domain.timeutil import to_iso
from posapp.domain.translatable import QT_TRANSLATE_NOOP
from posapp.domain.verdicts import Verdict, localised_params, render


def _iso(value: datetime | None) -> str | None:
    return to_iso(value)


@dataclass(frozen=True)
class TillStatus:
    registered: bool
    server: str | None
    online: bool
    till_id: str | None
    till_name: str | None
    acceptor: Acceptor | None
    acceptor_name: str
    timezone: str
    cutoff_hour: int
    policy: OfflinePolicy
    last_sync_at: datetime | None
    cache_age_s: float | None  # None: never synced
    last_contact_at: datetime | None
    last_error: str | None
    outbox_length: int
    conflicts_waiting: int
    unconfirmed_count: int  # write-offs the service has not confirmed (offline risk)
    unconfirmed_value_cents: int
    codes_cached: int
    background_running: bool
    # The last re-sync from empty (the service's database restored or replaced): why, and
    # when it completed; resyncing while its pages are still coming in.
    resync_reason: str | None = None
    resynced_at: datetime | None = None
    resyncing: bool = False

    @property
    def resync_notice(self) -> str | None:
        """What to tell the till's user about the last re-sync (English; context
        "ResyncNotice"), or None when the till never had to re-sync."""
        return resync_notice(self.resync_reason, self.resyncing)

    def to_dict(self) -> dict[str, Any]:
        return {
            "registered": self.registered,
            "server": self.server,
            "online": self.online,
            "till_id": self.till_id,
            "till_name": self.till_name,
            "acceptor": (
                None
                if self.acceptor is None
                else {"kind": self.acceptor.kind.value, "id": self.acceptor.id}
            ),
            "acceptor_name": self.acceptor_name,
            "timezone": self.timezone,
            "cutoff_hour": self.cutoff_hour,
            "policy": self.policy.to_dict(),
            "last_sync_at": _iso(self.last_sync_at),
            "cache_age_s": self.cache_age_s,
            "last_contact_at": _iso(self.last_contact_at),
            "last_error": self.last_error,
            "outbox_length": self.outbox_length,
            "conflicts_waiting": self.conflicts_waiting,
            "unconfirmed_count": self.unconfirmed_count,
            "unconfirmed_value_cents": self.unconfirmed_value_cents,
            "codes_cached": self.codes_cached,
            "background_running": self.background_running,
            "resync_reason": self.resync_reason,
            "resynced_at": _iso(self.resynced_at),
            "resyncing": self.resyncing,
            "resync_notice": self.resync_notice,
        }


@dataclass(frozen=True)
class User:
    id: str
    name: str
    role: str  # cashier | manager | partner

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"


class LoginProblem(StrEnum):
    UNKNOWN_USER = "unknown_user"
    WRONG_PIN = "wrong_pin"
    LOCKED = "locked"


# English source text; translations in resources/i18n/posapp_<lang>.ts (see domain/translatable).
LOGIN_MESSAGES: dict[LoginProblem, str] = {
    LoginProblem.UNKNOWN_USER: QT_TRANSLATE_NOOP(
        "LoginProblem", "No active user {user} on this till. Check the name, or sync the till."
    ),
    LoginProblem.WRONG_PIN: QT_TRANSLATE_NOOP(
        "LoginProblem", "Wrong PIN. {left} more tries before the account is locked for a while."
    ),
    LoginProblem.LOCKED: QT_TRANSLATE_NOOP(
        "LoginProblem", "Too many wrong PINs. Try again after {until}, or ask a manager."
    ),
}


@dataclass(frozen=True)
class LoginRefusal:
    problem: LoginProblem
    params: dict[str, Any] = field(default_factory=dict)
    locked_until: datetime | None = None

    @property
    def template(self) -> str:
        """The English source text; the GUI translates it in context "LoginProblem"."""
        return LOGIN_MESSAGES[self.problem]

    def message(self, tz: str | None = None) -> str:
        """In English, for the CLI and logs; with tz, the lock's end in that zone."""
        return render(self.template, localised_params(self.params, tz))


@dataclass(frozen=True)
class CheckResult:
    """What a scan means here and now. ok: the coupon can be redeemed on this bill."""

    kind: PayloadType
    code: str | None = None
    order_no: str | None = None
    verdict: Verdict | None = None  # why not, when it cannot be used
    quote: Quote | None = None
    rule: Rule | None = None
    info: CodeInfo | None = None
    offline_verdict: Verdict | None = None  # why it cannot be redeemed now, while offline
    online: bool = False
    vouchers: tuple[CheckResult, ...] = ()  # for an order QR: each voucher of the order

    @property
    def ok(self) -> bool:
        return self.verdict is None and self.quote is not None and self.offline_verdict is None

    @property
    def refusal(self) -> Verdict | None:
        return self.verdict or self.offline_verdict

    def message(self, tz: str | None = None) -> str:
        """In English, for the CLI and logs (the GUI builds its own card from the fields)."""
        refusal = self.refusal
        if refusal is not None:
            return refusal.message(tz)
        if self.kind is PayloadType.ORDER:
            return f"Order {self.order_no}: {len(self.vouchers)} voucher(s)."
        return "OK"

    def to_dict(self) -> dict[str, Any]:
        q = self.quote
        return {
            "kind": self.kind.value,
            "ok": self.ok,
            "code": self.code,
            "order_no": self.order_no,
            "online": self.online,
            "verdict": self.verdict.to_dict() if self.verdict else None,
            "offline_verdict": self.offline_verdict.to_dict() if self.offline_verdict else None,
            "message": self.message(),
            "rule": None
            if self.rule is None
            else {"id": self.rule.id, "name": self.rule.head.name},
            "quote": None
            if q is None
            else {
                "kind": q.kind.value,
                "eligible_cents": q.eligible_cents,
                "discount_cents": q.discount_cents,
                "pay_cents": q.pay_cents,
                "shares": list(q.shares),
                "gift_items": [
                    {"sku": g.sku, "name": g.name, "quantity": g.quantity} for g in q.gift_items
                ],
            },
            "vouchers": [v.to_dict() for v in self.vouchers],
        }


class RedeemStatus(StrEnum):
    CONFIRMED = "confirmed"  # the service accepted it
    PENDING = "pending"  # written off here, queued for the service
    REFUSED = "refused"  # not written off: see verdict
    CONFLICT = "conflict"  # the service says someone redeemed it first
    REJECTED = "rejected"  # the service refused it: see verdict


@dataclass(frozen=True)
class RedeemResult:
    status: RedeemStatus
    redemption_id: str | None = None
    code: str | None = None
    verdict: Verdict | None = None
    quote: Quote | None = None
    redeemed_at: datetime | None = None
    note: str = ""

    @property
    def redeemed(self) -> bool:
        """True when the write-off stands (confirmed, or committed here and queued)."""
        return self.status in (RedeemStatus.CONFIRMED, RedeemStatus.PENDING)

    def message(self, tz: str | None = None) -> str:
        """In English, for the CLI and logs (the GUI builds its own card from the fields)."""
        if self.verdict is not None:
            return self.verdict.message(tz)
        if self.status is RedeemStatus.CONFIRMED:
            return "Redeemed."
        if self.status is RedeemStatus.PENDING:
            return "Redeemed (offline: will be sent to head office when the till reconnects)."
        return self.note

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "redeemed": self.redeemed,
            "redemption_id": self.redemption_id,
            "code": self.code,
            "verdict": self.verdict.to_dict() if self.verdict else None,
            "discount_cents": self.quote.discount_cents if self.quote else None,
            "pay_cents": self.quote.pay_cents if self.quote else None,
            "redeemed_at": _iso(self.redeemed_at),
            "message": self.message(),
        }


@dataclass(frozen=True)
class BillLineView:
    """One line of a written-off bill, as the reversal screen offers it for return."""

    index: int
    sku: str
    name: str
    quantity: int
    returned: int  # units that came back before
    amount_cents: int

    @property
    def returnable(self) -> int:
        return max(0, self.quantity - self.returned)


@dataclass(frozen=True)
class ReverseResult:
    ok: bool
    redemption_id: str
    status: str  # reversed | kept | refused | queued
    refund_cents: int = 0
    verdict: Verdict | None = None
    note: str = ""

    def message(self, tz: str | None = None) -> str:
        if self.verdict is not None:
            return self.verdict.message(tz)
        return self.note

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "redemption_id": self.redemption_id,
            "status": self.status,
            "refund_cents": self.refund_cents,
            "verdict": self.verdict.to_dict() if self.verdict else None,
            "message": self.message(),
        }


@dataclass(frozen=True)
class RedemptionView:
    """One write-off as the queue, order and tally screens show it."""

    id: str
    code: str
    rule_id: str
    kind: str
    cashier_id: str
    channel: str
    order_no: str | None
    amount_cents: int
    discount_cents: int
    value_cents: int
    redeemed_at: datetime
    status: str
    offline: bool
    attempts: int = 0
    last_error: str | None = None
    next_attempt_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "code": self.code,
            "rule_id": self.rule_id,
            "kind": self.kind,
            "cashier_id": self.cashier_id,
            "channel": self.channel,
            "order_no": self.order_no,
            "amount_cents": self.amount_cents,
            "discount_cents": self.discount_cents,
            "value_cents": self.value_cents,
            "redeemed_at": _iso(self.redeemed_at),
            "status": self.status,
            "offline": self.offline,
            "attempts": self.attempts,
            "last_error": self.last_error,
            "next_attempt_at": _iso(self.next_attempt_at),
        }


@dataclass(frozen=True)
class ConflictView:
    """A write-off the service did not take, with what the manager needs to act on it."""

    id: int
    kind: str  # conflict | rejected
    reason: str
    verdict: Verdict | None  # e.g. already redeemed: where, when, by which till
    redemption: RedemptionView
    created_at: datetime
    resolved_at: datetime | None
    resolved_by: str | None
    resolution: str | None
    cashier_name: str = ""  # who wrote it off, by name (the id when the till no longer knows it)

    def message(self, tz: str | None = None) -> str:
        if self.verdict is not None:
            return self.verdict.message(tz)
        return f"{self.kind}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "reason": self.reason,
            "verdict": self.verdict.to_dict() if self.verdict else None,
            "message": self.message(),
            "redemption": self.redemption.to_dict(),
            "created_at": _iso(self.created_at),
            "resolved_at": _iso(self.resolved_at),
            "resolved_by": self.resolved_by,
            "resolution": self.resolution,
        }


# English source text; the GUI translates it in context "ResyncNotice" (no placeholders).
RESYNC_MESSAGES: dict[str, str] = {
    "restored": QT_TRANSLATE_NOOP(
        "ResyncNotice",
        "Head office's coupon service was restored from a backup. This till has reloaded "
        "its coupons from it; write-offs waiting to be sent are kept and will be sent.",
    ),
    "other_epoch": QT_TRANSLATE_NOOP(
        "ResyncNotice",
        "Head office's coupon service now runs on another database (restored or replaced). "
        "This till has reloaded its coupons from it; write-offs waiting to be sent are kept "
        "and will be sent.",
    ),
    "unreadable": QT_TRANSLATE_NOOP(
        "ResyncNotice",
        "This till's place in head office's updates could not be used, so it has reloaded "
        "its coupons from the coupon service; write-offs waiting to be sent are kept and "
        "will be sent.",
    ),
}
RESYNCING_MESSAGE = QT_TRANSLATE_NOOP(
    "ResyncNotice",
    "This till is reloading its coupons from head office's coupon service, whose database "
    "was restored or replaced. Write-offs waiting to be sent are kept.",
)


def resync_notice(reason: str | None, in_progress: bool = False) -> str | None:
    """The English notice for a re-sync from empty (see RESYNC_MESSAGES), or None."""
    if in_progress:
        return RESYNCING_MESSAGE
    if reason is None:
        return None
    return RESYNC_MESSAGES.get(reason, RESYNC_MESSAGES["other_epoch"])


@dataclass(frozen=True)
class SyncResult:
    ok: bool
    pulled: int = 0
    pages: int = 0
    pushed: int = 0
    confirmed: int = 0
    conflicts: int = 0
    rejected: int = 0
    outbox_length: int = 0
    message: str = ""
    resync: str | None = None  # this sync started over from empty: why (RESYNC_MESSAGES)

    @property
    def notice(self) -> str | None:
        """What to tell the user about a re-sync this sync began, or None."""
        return resync_notice(self.resync)

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "notice": self.notice}


@dataclass(frozen=True)
class OrderResult:
    order_no: str
    found: bool
    vouchers: tuple[CheckResult, ...] = ()
    redemptions: tuple[RedemptionView, ...] = ()
    verdict: Verdict | None = None
    from_server: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "order_no": self.order_no,
            "found": self.found,
            "from_server": self.from_server,
            "verdict": self.verdict.to_dict() if self.verdict else None,
            "vouchers": [v.to_dict() for v in self.vouchers],
            "redemptions": [r.to_dict() for r in self.redemptions],
        }
