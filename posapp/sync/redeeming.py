"""Check a scan and write a coupon off: the cashier's two steps, local first.

A check is answered from the cache (posapp.sync.checker), online and offline alike; only a
code the cache does not know is, while online, looked up at the service (lookup.py).

A write-off (DESIGN.md §5) gets its redemption id, its lines and its body here, and is
committed locally together with its outbox row before any network call; the offline gate is
checked again inside that write transaction. Only then is it pushed, and the cashier waits
for the answer at most briefly.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from posapp.domain.apportion import check_shares
from posapp.domain.basket import Basket
from posapp.domain.codes import display_code, normalise_code
from posapp.domain.kinds import CouponKind
from posapp.domain.quote import Quote
from posapp.domain.verdicts import Reason, Verdict
from posapp.store.db import Database
from posapp.store.ledger import (
    CodeAlreadyRedeemedHere,
    NewLine,
    NewRedemption,
    add_redemption,
    get_redemption,
    make_all_due,
)
from posapp.store.models import RedemptionStatus
from posapp.sync.cache_view import CacheView, SessionView, Snapshot
from posapp.sync.changes import Change
from posapp.sync.checker import check_code, check_payload
from posapp.sync.context import Context
from posapp.sync.link import LOOKUP_DEADLINE_S, WRITE_OFF_DEADLINE_S, Link
from posapp.sync.lock import LockBusy
from posapp.sync.lookup import ask_about_voucher, ask_where_valid, catch_up
from posapp.sync.offline_gate import (
    gate_now,
    gate_refusal,
    give_back,
    may_be_back,
    offline_refusal,
    unconfirmed_refusal,
    write_off_value,
)
from posapp.sync.pusher import Pusher
from posapp.sync.results import (
    CheckResult,
    PayloadType,
    RedeemResult,
    RedeemStatus,
    ReverseResult,
)
from posapp.sync.wire import problem_verdict, redemption_body
from posapp.wire.errors import ServiceError
from posapp.wire.http import at_most, within

CHANNELS = ("store", "partner", "phone")
ORDER_NO = re.compile(r"^[A-Za-z0-9-]{1,32}$")  # as posapp.wire.fields.OrderNo
IMMEDIATE_PUSH_WAIT_S = 1.5  # how long a write-off waits for the push lock before queueing


def with_offline(view: CacheView, result: CheckResult, ctx: Context, now: datetime) -> CheckResult:
    """Add the offline gate's verdict (if any) to a check made while offline."""
    result = replace(result, online=ctx.online)
    if ctx.gate is None or result.quote is None or result.rule is None:
        return result
    face = result.info.face_value_cents if result.info else 0
    value = write_off_value(result.rule.kind, result.quote.discount_cents, face)
    refusal = gate_refusal(ctx.gate, result.rule.kind, value, now, view.exposure())
    return replace(result, offline_verdict=refusal)


class Redeemer:
    """Checks and write-offs of one till; `committed` is called after each local commit."""

    def __init__(
        self,
        db: Database,
        link: Link,
        clock: Callable[[], datetime],
        committed: Callable[[], None],
        changed: Callable[[Change], None],
    ) -> None:
        self.db = db
        self.link = link
        self.clock = clock
        self.committed = committed
        self.changed = changed
        self.snapshot = Snapshot(db.path)

    # checking ---------------------------------------------------------------------------

    def check(self, payload_text: str | bytes, basket: Basket | None = None) -> CheckResult:
        """Say whether a scan can be redeemed on this bill, now, from the local cache; a code
        the cache does not hold is asked about while online ("valid at Store 7")."""
        result = self.check_local(payload_text, basket)
        if not self._unknown_online(result):
            return _cannot_tell_offline(result)
        with within(LOOKUP_DEADLINE_S):  # the pull and the question together
            return self._look_up(payload_text, basket)

    def _look_up(self, payload_text: str | bytes, basket: Basket | None) -> CheckResult:
        catch_up(self.db, self.link, self.clock)
        self.changed(Change.CACHE | Change.STATUS)  # new codes, or the service found gone
        result = self.check_local(payload_text, basket)
        if not self._unknown_online(result):  # found now, or the pull found the service gone
            return _cannot_tell_offline(result)
        if result.kind is PayloadType.SIGNED:
            verdict = ask_about_voucher(self.link, payload_text)
        elif result.code is not None:
            verdict = ask_where_valid(self.link, result.code)
        else:
            verdict = None
        return replace(result, verdict=verdict) if verdict is not None else result

    def check_local(self, payload_text: str | bytes, basket: Basket | None) -> CheckResult:
        """The scan path: a snapshot of the cache, no session, no ORM (cache_view.py)."""
        now = self.clock()
        with self.snapshot as view:
            ctx = view.context(self.link.registered)
            found = check_payload(view, payload_text, basket, now, ctx.here)
            return with_offline(view, found, ctx, now)

    def _unknown_online(self, result: CheckResult) -> bool:
        return (
            result.online
            and result.verdict is not None
            and result.verdict.reason is Reason.UNKNOWN_CODE
            and self.link.registered
        )

    # writing off ------------------------------------------------------------------------

    def redeem(
        self,
        payload_text: str | bytes,
        basket: Basket | None,
        cashier_id: str,
        channel: str = "store",
        order_no: str | None = None,
        *,
        redemption_id: str | None = None,
        shares: Sequence[int] | None = None,
        adjusted_by: str | None = None,
    ) -> RedeemResult:
        """Write the coupon off (_redeem): the cashier waits for the service (a lookup, the
        push) WRITE_OFF_DEADLINE_S at most in all."""
        with within(WRITE_OFF_DEADLINE_S):
            return self._redeem(
                payload_text, basket, cashier_id, channel, order_no,
                redemption_id=redemption_id, shares=shares, adjusted_by=adjusted_by,
            )  # fmt: skip

    def _redeem(
        self,
        payload_text: str | bytes,
        basket: Basket | None,
        cashier_id: str,
        channel: str,
        order_no: str | None,
        *,
        redemption_id: str | None,
        shares: Sequence[int] | None,
        adjusted_by: str | None,
    ) -> RedeemResult:
        """Write the coupon off: commit locally with its outbox row, then push if online.

        redemption_id: the caller's idempotency key (a UUID, e.g. from the store's POS); a
        second call with it answers what the first did and writes nothing. shares: the
        discount spread by hand (a manager, adjusted_by), checked by the domain first.
        """
        if channel not in CHANNELS:
            raise ValueError(f"channel must be one of {', '.join(CHANNELS)}")
        if redemption_id is not None:
            redemption_id = str(uuid.UUID(redemption_id))  # ValueError for anything else
            done = self._already(redemption_id, payload_text)
            if done is not None:
                return done
        now = self.clock()
        order_no = order_no or (basket.order_no if basket else None)
        if order_no is not None and not ORDER_NO.match(order_no):
            raise ValueError("an order number is 1 to 32 letters, digits or '-'")
        if basket is not None and order_no is not None:
            basket = basket.with_order(order_no)
        with self.db.read() as s:
            view = SessionView(s)
            ctx = view.context(self.link.registered)
            found = check_payload(view, payload_text, basket, now, ctx.here)
            checked = with_offline(view, found, ctx, now)
        if self._unknown_online(checked):
            checked = self.check(payload_text, basket)
        if checked.kind is PayloadType.ORDER:
            return RedeemResult(
                RedeemStatus.REFUSED,
                note="This is an order's QR code. Open the order and pick the vouchers to redeem.",
                verdict=checked.verdict,
            )
        if checked.refusal is not None or checked.quote is None or checked.rule is None:
            return RedeemResult(
                RedeemStatus.REFUSED,
                code=checked.code,
                verdict=checked.refusal or Verdict(Reason.MALFORMED),
            )
        q, rule = checked.quote, checked.rule
        if shares is not None:
            amounts = [line.amount_cents for line in basket.lines] if basket else []
            why = check_shares(q.discount_cents, amounts, q.eligible_lines, list(shares))
            if why is not None or adjusted_by is None:
                why = why or "only a manager may set the shares by hand"
                return RedeemResult(
                    RedeemStatus.REFUSED,
                    code=q.code,
                    verdict=Verdict(Reason.BAD_SHARES, {"why": why}),
                )
            q = replace(q, shares=tuple(shares))
        face = checked.info.face_value_cents if checked.info else 0
        value = write_off_value(rule.kind, q.discount_cents, face)
        lines = basket.lines if basket is not None else ()
        new = NewRedemption(
            id=redemption_id or str(uuid.uuid4()),
            code=q.code,
            rule_id=rule.id,
            kind=rule.kind.value,
            cashier_id=cashier_id,
            channel=channel,
            order_no=order_no,
            amount_cents=basket.total_cents if basket is not None else 0,
            discount_cents=q.discount_cents,
            value_cents=value,
            redeemed_at=now,
            offline=not ctx.online,
            lines=tuple(
                NewLine(line.sku, line.name, line.quantity, line.amount_cents, share)
                for line, share in zip(lines, q.shares, strict=True)
            ),
        )
        body = redemption_body(new, basket, q, rule.head.version, adjusted_by)
        probe = False
        try:
            with self.db.write() as s:
                # Re-checked inside the write lock: an offline cap holds under concurrency too.
                if ctx.gate is not None and (
                    refusal := offline_refusal(s, ctx.gate, rule.kind, value, now)
                ):
                    return RedeemResult(RedeemStatus.REFUSED, code=q.code, verdict=refusal)
                add_redemption(s, new, body)
                probe = not ctx.online and self.link.registered and may_be_back(s, now)
        except CodeAlreadyRedeemedHere:
            with self.db.read() as s:
                again = check_code(SessionView(s), q.code, basket, now, ctx.here)
            return RedeemResult(
                RedeemStatus.REFUSED,
                code=q.code,
                verdict=again.verdict
                or Verdict(Reason.ALREADY_REDEEMED, {"code": display_code(q.code)}),
            )
        # Committed: from here on the write-off stands, whatever the network does.
        self.committed()
        self.changed(Change.LEDGER | Change.STATUS)
        if ctx.online or probe:
            return self._push_now(new, q, rule.kind, probe=probe)
        return RedeemResult(
            RedeemStatus.PENDING, new.id, q.code, quote=q, redeemed_at=now, note="queued"
        )

    def _already(self, redemption_id: str, payload_text: str | bytes) -> RedeemResult | None:
        """The result of an earlier write-off under this id; ValueError if it was another code."""
        with self.db.read() as s:
            red = get_redemption(s, redemption_id)
            if red is None:
                return None
            text = payload_text.decode() if isinstance(payload_text, bytes) else payload_text
            if normalise_code(text) != red.code and red.code not in text:
                raise ValueError("this key was already used for another coupon")
            status = {
                RedemptionStatus.CONFIRMED.value: RedeemStatus.CONFIRMED,
                RedemptionStatus.PENDING.value: RedeemStatus.PENDING,
                RedemptionStatus.CONFLICT.value: RedeemStatus.CONFLICT,
                RedemptionStatus.REJECTED.value: RedeemStatus.REJECTED,
            }.get(red.status, RedeemStatus.CONFIRMED)
            verdict = problem_verdict((red.server_answer or {}).get("problem"), red.code)
            return RedeemResult(
                status,
                red.id,
                red.code,
                verdict=verdict,
                redeemed_at=red.redeemed_at,
                note="replayed",
            )

    def _push_now(
        self, new: NewRedemption, q: Quote, kind: CouponKind, *, probe: bool = False
    ) -> RedeemResult:
        """Send the write-off the cashier waits for; probe: the till is offline, and this
        tries whether the service is back (then the queue is due at once)."""
        try:
            self.link.push_lock.acquire(timeout=at_most(IMMEDIATE_PUSH_WAIT_S))
        except LockBusy:
            # The sync worker is pushing; it will take this one too.
            return self._unanswered(new, q, kind)
        try:
            report = Pusher(self.db, self.link.client(), self.clock).push(
                only=[new.id], inbox=False
            )
        except ServiceError:
            return self._unanswered(new, q, kind)
        finally:
            self.link.push_lock.release()
        if probe and report.outcomes:
            self._back()
        for outcome in report.outcomes:
            if outcome.redemption_id != new.id:
                continue
            if outcome.status == RedemptionStatus.CONFIRMED.value:
                return RedeemResult(
                    RedeemStatus.CONFIRMED, new.id, new.code, quote=q, redeemed_at=new.redeemed_at
                )
            status = (
                RedeemStatus.CONFLICT
                if outcome.status == RedemptionStatus.CONFLICT.value
                else RedeemStatus.REJECTED
            )
            verdict = problem_verdict(outcome.problem, new.code)
            return RedeemResult(
                status, new.id, new.code, verdict=verdict, redeemed_at=new.redeemed_at
            )
        return self._unanswered(new, q, kind)

    def _back(self) -> None:
        """The service answered an offline till: what waits in the outbox is due now."""
        with self.db.write() as s:
            make_all_due(s, self.clock())
        self.committed()  # wakes the sync worker, which sends it

    def _unanswered(self, new: NewRedemption, q: Quote, kind: CouponKind) -> RedeemResult:
        """No answer while the cashier waited: the write-off stands only as an offline one.

        It is as unconfirmed as one made offline, so the store's offline policy decides it
        (the till thought it was online when it committed it). Refused, the coupon is given
        back here and the service is told so once it is back (offline_gate.give_back).
        """
        now = self.clock()
        with self.db.write() as s:
            red = get_redemption(s, new.id)
            if red is None or red.status != RedemptionStatus.PENDING.value:
                refusal = None  # answered meanwhile (the sync worker sent it)
            else:
                refusal = unconfirmed_refusal(s, gate_now(s), kind, new.value_cents, now)
                if refusal is not None:
                    give_back(s, red, now)
        if refusal is None:
            done = self._already(new.id, new.code)
            if done is not None and done.status is not RedeemStatus.PENDING:
                return done
            return RedeemResult(
                RedeemStatus.PENDING, new.id, new.code, quote=q, redeemed_at=new.redeemed_at
            )
        self.committed()  # the reversal waits in the outbox
        self.changed(Change.LEDGER | Change.STATUS)
        return RedeemResult(
            RedeemStatus.REFUSED, new.id, new.code, verdict=refusal, note="not_confirmed"
        )

    def online(self) -> bool:
        with self.db.read() as s:
            return SessionView(s).context(self.link.registered).online

    def queued(self, reversals: Sequence[ReverseResult]) -> None:
        """Reversals were recorded: wake the worker, and send them now if online."""
        ids = [r.redemption_id for r in reversals if r.ok]
        if ids:
            self.committed()
            self.changed(Change.LEDGER | Change.STATUS)
            if self.online():
                self.push_quietly(ids)

    def push_quietly(self, ids: list[str]) -> None:
        """Send these queued items now if the push lock is free; the worker does it otherwise."""
        try:
            self.link.push_lock.acquire(timeout=IMMEDIATE_PUSH_WAIT_S)
        except LockBusy:
            return
        try:
            with within(WRITE_OFF_DEADLINE_S):  # someone is waiting at the till
                Pusher(self.db, self.link.client(), self.clock).push(only=ids)
        except ServiceError:
            pass
        finally:
            self.link.push_lock.release()


def _cannot_tell_offline(result: CheckResult) -> CheckResult:
    """Offline, a code the cache does not hold may be another store's: say the till cannot
    tell, rather than that the coupon does not exist."""
    v = result.verdict
    if result.online or v is None or v.reason is not Reason.UNKNOWN_CODE:
        return result
    return replace(result, verdict=Verdict(Reason.UNKNOWN_OFFLINE, v.params))
