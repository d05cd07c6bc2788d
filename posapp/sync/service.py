"""The till service: everything the GUI and the `posapp till` command do, in one place.

Every method opens its own database session, so any of them may be called from a worker
thread (never from the GUI thread: they do SQL and HTTP). No Qt here.

The write-off rule (DESIGN.md §5): the redemption id is made and the write-off committed
locally together with its outbox row before any network call; only then is it pushed.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from posapp.domain.basket import Basket
from posapp.domain.code import BatchId, Code, CodeInfo, CodeState
from posapp.domain.codes import display_code
from posapp.domain.kinds import CouponKind, GiftBody
from posapp.domain.offline_policy import OfflinePolicy, check_offline
from posapp.domain.pins import verify_pin
from posapp.domain.reversal import decide_reversal
from posapp.domain.scope import Acceptor, AcceptorKind
from posapp.domain.timeutil import format_utc, to_iso, utcnow
from posapp.domain.verdicts import Reason, Verdict
from posapp.settings import Paths
from posapp.store import cache
from posapp.store.db import Database
from posapp.store.ledger import (
    CodeAlreadyRedeemedHere,
    NewRedemption,
    add_redemption,
    enqueue,
    get_redemption,
    make_all_due,
    open_conflict_count,
    outbox_items,
    outbox_length,
    redemptions_of_order,
    unconfirmed_exposure,
)
from posapp.store.ledger import conflicts as list_conflicts
from posapp.store.models import ConflictRow, RedemptionRow, RedemptionStatus
from posapp.store.state import (
    clear_wrong_pins,
    locked_until,
    peek_sync_state,
    record_wrong_pin,
    sync_state,
)
from posapp.sync.changes import Change, ChangeHub, after_sync
from posapp.sync.checker import Here, check_code, check_payload
from posapp.sync.client import CentralClient
from posapp.sync.config import TillConfig, load_config, save_config
from posapp.sync.day_book import DayBook, read_day_book
from posapp.sync.engine import SyncEngine
from posapp.sync.errors import NotRegistered, ProblemError, SyncError
from posapp.sync.lock import FileLock, LockBusy
from posapp.sync.pusher import Pusher
from posapp.sync.results import (
    CheckResult,
    ConflictView,
    LoginProblem,
    LoginRefusal,
    OrderResult,
    PayloadKind,
    RedeemResult,
    RedeemStatus,
    RedemptionView,
    ReverseResult,
    SyncResult,
    TillStatus,
    User,
)
from posapp.sync.tally import Tally, compute_tally, tally_to_csv

log = logging.getLogger(__name__)

MAX_WRONG_PINS = 5
LOCKOUT = timedelta(minutes=5)
CHANNELS = ("store", "partner", "phone")
IMMEDIATE_PUSH_WAIT_S = 1.5  # how long a write-off waits for the push lock before queueing
SYNC_LOCK_WAIT_S = 60.0
# A cashier is waiting on a scan of an unknown code: look it up quickly or not at all.
LOOKUP_LOCK_WAIT_S = 2.0
LOOKUP_MAX_PAGES = 3
LOOKUP_TIMEOUT = (3.05, 4.0)  # (connect, read) seconds


@dataclass(frozen=True)
class TillFiles:
    """Where one till keeps its database, registration and lock files."""

    db: Path
    config: Path
    lock_dir: Path

    @classmethod
    def from_paths(cls, paths: Paths) -> TillFiles:
        return cls(db=paths.till_db, config=paths.till_config, lock_dir=paths.data_dir)


class TillService:
    """One till. Open it once per process, call it from worker threads, close it at exit."""

    def __init__(self, files: TillFiles, clock: Callable[[], datetime] = utcnow) -> None:
        self.files = files
        self.clock = clock
        files.lock_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.db = Database(files.db)
        self.pull_lock = FileLock(files.lock_dir / "till.pull.lock")
        self.push_lock = FileLock(files.lock_dir / "till.push.lock")
        self._client_lock = threading.Lock()
        self._client: CentralClient | None = None
        self._config: TillConfig | None = load_config(files.config)
        self._worker: Any = None
        self.changes = ChangeHub()  # what each operation changed, for the GUI (changes.py)

    # life cycle -------------------------------------------------------------------------------

    @classmethod
    def open(cls, paths: Paths | TillFiles, clock: Callable[[], datetime] = utcnow) -> TillService:
        """Open (and migrate) the till database under paths."""
        files = paths if isinstance(paths, TillFiles) else TillFiles.from_paths(paths.ensure())
        return cls(files, clock)

    def close(self) -> None:
        self.stop_background()
        with self._client_lock:
            if self._client is not None:
                self._client.close()
                self._client = None
        self.db.close()

    def __enter__(self) -> TillService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # registration and state -------------------------------------------------------------------

    def register(self, server: str, token: str) -> TillStatus:
        """Check server and device token with the service, then store them (owner-only file)."""
        config = TillConfig(server=server.strip(), token=token.strip())
        client = CentralClient(config.server, config.token)
        try:
            me = client.me()
        finally:
            client.close()
        with self.db.write() as s:
            state = sync_state(s)
            if state.till_id and state.till_id != str(me.get("till_id")):
                # Another till identity: its cursor and cached acceptor are not ours.
                state.cursor = None
                state.last_sync_at = None
                state.keys_synced_at = None
        save_config(self.files.config, config)
        with self._client_lock:
            if self._client is not None:
                self._client.close()
            self._client = None
            self._config = load_config(self.files.config)
        SyncEngine(self.db, self._require_client(), self.clock).refresh_identity()
        self.changes.emit(Change.STATUS | Change.CACHE)
        return self.status()

    @property
    def registered(self) -> bool:
        return self._config is not None

    def _require_client(self) -> CentralClient:
        with self._client_lock:
            if self._config is None:
                raise NotRegistered()
            if self._client is None:
                self._client = CentralClient(self._config.server, self._config.token)
            return self._client

    def status(self) -> TillStatus:
        now = self.clock()
        with self.db.read() as s:
            st = peek_sync_state(s)
            count, value = unconfirmed_exposure(s)
            acceptor = _acceptor(st.acceptor)
            return TillStatus(
                registered=self.registered,
                server=self._config.server if self._config else None,
                online=bool(st.online) and self.registered,
                till_id=st.till_id,
                till_name=st.till_name,
                acceptor=acceptor,
                acceptor_name=str((st.acceptor or {}).get("name") or ""),
                timezone=st.timezone,
                cutoff_hour=st.cutoff_hour,
                policy=_policy(st.policy),
                last_sync_at=st.last_sync_at,
                cache_age_s=(now - st.last_sync_at).total_seconds() if st.last_sync_at else None,
                last_contact_at=st.last_contact_at,
                last_error=st.last_error,
                outbox_length=outbox_length(s),
                conflicts_waiting=open_conflict_count(s),
                unconfirmed_count=count,
                unconfirmed_value_cents=value,
                codes_cached=cache.count_codes(s),
                background_running=self._worker is not None and self._worker.running,
            )

    # users ------------------------------------------------------------------------------------

    def login(self, user: str, pin: str) -> User | LoginRefusal:
        """Check a PIN against the cached users; works offline. Locks out after 5 wrong PINs."""
        now = self.clock()
        with self.db.read() as s:
            row = cache.find_user(s, user)
            if row is None:
                return LoginRefusal(LoginProblem.UNKNOWN_USER, {"user": user})
            found = User(row.id, row.name, row.role)
            pin_hash = row.pin_hash
            until = locked_until(s, row.id, now)
        if until is not None:
            return LoginRefusal(LoginProblem.LOCKED, {"until": format_utc(until)}, until)
        if verify_pin(pin, pin_hash):
            with self.db.write() as s:
                clear_wrong_pins(s, found.id)
            return found
        with self.db.write() as s:
            failures, until = record_wrong_pin(s, found.id, now, MAX_WRONG_PINS, LOCKOUT)
        if until is not None:
            return LoginRefusal(LoginProblem.LOCKED, {"until": format_utc(until)}, until)
        return LoginRefusal(LoginProblem.WRONG_PIN, {"left": MAX_WRONG_PINS - failures})

    # checking and redeeming -------------------------------------------------------------------

    def check(self, payload_text: str | bytes, basket: Basket | None = None) -> CheckResult:
        """Say whether a scan can be redeemed on this bill, now, from the local cache.

        A code the cache does not know is, while online, looked up once more: a coupon a
        customer claimed a minute ago is accepted without waiting for the next sync, and a
        signed voucher of another store is named as such instead of "not known here".
        """
        result = self._check_local(payload_text, basket)
        if not self._unknown_online(result):
            return result
        self._catch_up()
        result = self._check_local(payload_text, basket)
        if not self._unknown_online(result):  # found now, or the pull found the service gone
            return result
        if result.kind is PayloadKind.SIGNED:
            verdict = self._ask_about_voucher(payload_text)
            if verdict is not None:
                from dataclasses import replace

                return replace(result, verdict=verdict)
        return result

    def _check_local(self, payload_text: str | bytes, basket: Basket | None) -> CheckResult:
        now = self.clock()
        with self.db.read() as s:
            here, online, gate = self._context(s)
            result = check_payload(s, payload_text, basket, now, here)
            return self._with_offline(s, result, online, gate, now)

    def _unknown_online(self, result: CheckResult) -> bool:
        return (
            result.online
            and result.verdict is not None
            and result.verdict.reason is Reason.UNKNOWN_CODE
            and self._config is not None
        )

    def _catch_up(self) -> None:
        """Pull what changed since the last sync, briefly."""
        try:
            self.pull_lock.acquire(timeout=LOOKUP_LOCK_WAIT_S)
        except LockBusy:
            return  # a sync is running; it will bring the code if there is one
        client = self._lookup_client()
        try:
            SyncEngine(self.db, client, self.clock).pull(max_pages=LOOKUP_MAX_PAGES)
        except SyncError:
            pass  # pull() has recorded it: the till now shows itself offline
        finally:
            client.close()
            self.pull_lock.release()
            self.changes.emit(Change.CACHE | Change.STATUS)

    def _lookup_client(self) -> CentralClient:
        # Its own short read timeout: a hanging service must not hold the cashier for the
        # background sync's 20 s; a failed pull also marks the till offline for next scans.
        config = self._config
        if config is None:
            raise NotRegistered()
        return CentralClient(config.server, config.token, timeout=LOOKUP_TIMEOUT)

    def _ask_about_voucher(self, payload_text: str | bytes) -> Verdict | None:
        text = (
            payload_text.decode("utf-8", "replace")
            if isinstance(payload_text, bytes)
            else payload_text
        )
        client = self._lookup_client()
        try:
            client.verify_voucher(text.strip())
        except ProblemError as e:
            return e.verdict  # only ever a refusal: a server cannot talk a till into accepting
        except SyncError:
            return None
        finally:
            client.close()
        return None

    def redeem(
        self,
        payload_text: str | bytes,
        basket: Basket | None,
        cashier_id: str,
        channel: str = "store",
        order_no: str | None = None,
    ) -> RedeemResult:
        """Write the coupon off: commit locally with its outbox row, then push if online."""
        if channel not in CHANNELS:
            raise ValueError(f"channel must be one of {', '.join(CHANNELS)}")
        now = self.clock()
        order_no = order_no or (basket.order_no if basket else None)
        with self.db.read() as s:
            here, online, gate = self._context(s)
            checked = self._with_offline(
                s, check_payload(s, payload_text, basket, now, here), online, gate, now
            )
        if self._unknown_online(checked):
            checked = self.check(payload_text, basket)
        if checked.kind is PayloadKind.ORDER:
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
        lines = basket.lines if basket is not None else ()
        value = q.discount_cents
        if isinstance(rule.body, GiftBody) or value == 0:
            value = checked.info.face_value_cents if checked.info else 0
        new = NewRedemption(
            id=str(uuid.uuid4()),
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
            offline=not online,
            lines=tuple(
                (line.sku, line.amount_cents, share)
                for line, share in zip(lines, q.shares, strict=True)
            ),
        )
        body = redemption_body(new)
        try:
            with self.db.write() as s:
                # Re-checked inside the write lock: an offline cap holds under concurrency too.
                if gate is not None and (
                    refusal := self._offline_refusal(s, rule.kind, value, now, gate)
                ):
                    return RedeemResult(RedeemStatus.REFUSED, code=q.code, verdict=refusal)
                add_redemption(s, new, body)
        except CodeAlreadyRedeemedHere:
            with self.db.read() as s:
                again = check_code(s, q.code, basket, now, here)
            return RedeemResult(
                RedeemStatus.REFUSED,
                code=q.code,
                verdict=again.verdict
                or Verdict(Reason.ALREADY_REDEEMED, {"code": display_code(q.code)}),
            )
        # Committed: from here on the write-off stands, whatever the network does.
        self.changes.emit(Change.LEDGER | Change.STATUS)
        if self._worker is not None:
            self._worker.nudge()
        if online:
            return self._push_now(new, q)
        return RedeemResult(
            RedeemStatus.PENDING, new.id, q.code, quote=q, redeemed_at=now, note="queued"
        )

    def _push_now(self, new: NewRedemption, q: Any) -> RedeemResult:
        pending = RedeemResult(
            RedeemStatus.PENDING, new.id, new.code, quote=q, redeemed_at=new.redeemed_at
        )
        try:
            self.push_lock.acquire(timeout=IMMEDIATE_PUSH_WAIT_S)
        except LockBusy:
            return pending  # the sync worker is pushing; it will take this one too
        try:
            report = Pusher(self.db, self._require_client(), self.clock).push(
                only=[new.id], inbox=False
            )
        except SyncError:
            return pending
        finally:
            self.push_lock.release()
            self.changes.emit(Change.LEDGER | Change.STATUS)
        for outcome in report.outcomes:
            if outcome.redemption_id != new.id:
                continue
            if outcome.status == RedemptionStatus.CONFIRMED.value:
                return RedeemResult(
                    RedeemStatus.CONFIRMED, new.id, new.code, quote=q, redeemed_at=new.redeemed_at
                )
            verdict = _problem_verdict(outcome.problem, new.code)
            status = (
                RedeemStatus.CONFLICT
                if outcome.status == RedemptionStatus.CONFLICT.value
                else RedeemStatus.REJECTED
            )
            return RedeemResult(
                status, new.id, new.code, verdict=verdict, redeemed_at=new.redeemed_at
            )
        return pending

    def reverse(
        self,
        redemption_id: str,
        order_completed: bool = False,
        returned_skus: tuple[str, ...] = (),
    ) -> ReverseResult:
        """Undo a write-off for a cancelled order, or record returned goods.

        Cancelled before completion: the coupon is given back here at once if still valid
        (the code can be used again) and the reversal is queued for the service. Completed,
        or goods returned: the coupon stays used; each returned line refunds its amount less
        its share of the discount (posapp.domain.reversal).
        """
        now = self.clock()
        with self.db.write() as s:
            red = get_redemption(s, redemption_id)
            if red is None:
                return ReverseResult(
                    False,
                    redemption_id,
                    "refused",
                    note=f"No write-off {redemption_id} on this till.",
                )
            if red.status not in (RedemptionStatus.PENDING.value, RedemptionStatus.CONFIRMED.value):
                return ReverseResult(
                    False,
                    redemption_id,
                    "refused",
                    verdict=Verdict(Reason.NOT_REVERSIBLE, {"why": f"it is {red.status}"}),
                )
            rule = cache.get_rule(s, red.rule_id)
            cached = cache.get_code(s, red.code)
            if rule is None:
                return ReverseResult(
                    False,
                    redemption_id,
                    "refused",
                    verdict=Verdict(
                        Reason.NOT_REVERSIBLE, {"why": "its coupon rule is not known here"}
                    ),
                )
            info = CodeInfo(
                code=Code(red.code),
                rule_id=rule.id,
                batch_id=BatchId(cached.batch_id if cached else ""),
                state=CodeState.REDEEMED,
                face_value_cents=cached.face_value_cents if cached else red.value_cents,
                member_id=cached.member_id if cached else None,
                received_at=cached.received_at if cached else None,
            )
            idxs: list[int] = []
            for sku in returned_skus:
                idx = next(
                    (ln.idx for ln in red.lines if ln.sku == sku and ln.idx not in idxs), None
                )
                if idx is None:
                    return ReverseResult(
                        False,
                        redemption_id,
                        "refused",
                        verdict=Verdict(
                            Reason.NOT_REVERSIBLE, {"why": f"{sku} is not on the bill"}
                        ),
                    )
                idxs.append(idx)
            decision = decide_reversal(
                rule,
                info,
                now,
                order_completed,
                idxs,
                [ln.amount_cents for ln in red.lines],
                [ln.share_cents for ln in red.lines],
            )
            body = {
                "reason": "returned" if order_completed else "cancelled",
                "order_completed": order_completed,
                "returned_skus": list(returned_skus),
            }
            red.reversal = {
                **body,
                "at": to_iso(now),
                "refund_cents": decision.refund_cents,
                "coupon_returned": decision.return_coupon,
            }
            if decision.return_coupon:
                red.status = RedemptionStatus.REVERSED.value
                red.reversed_at = now
            enqueue(s, red.id, "reverse", body, now)
        self.changes.emit(Change.LEDGER | Change.STATUS)
        if self._worker is not None:
            self._worker.nudge()
        if self.status().online:
            self._push_quietly([redemption_id])
        if decision.return_coupon:
            note = "Coupon given back: it can be used again."
        else:
            note = "Coupon kept."
        return ReverseResult(
            True,
            redemption_id,
            "reversed" if decision.return_coupon else "kept",
            refund_cents=decision.refund_cents,
            verdict=decision.reason,
            note=note,
        )

    def _push_quietly(self, ids: list[str]) -> None:
        try:
            self.push_lock.acquire(timeout=IMMEDIATE_PUSH_WAIT_S)
        except LockBusy:
            return  # the worker is pushing and will take these too
        try:
            Pusher(self.db, self._require_client(), self.clock).push(only=ids)
        except SyncError:
            pass
        finally:
            self.push_lock.release()
            self.changes.emit(Change.LEDGER | Change.STATUS)

    def order(self, order_no: str, basket: Basket | None = None) -> OrderResult:
        """The vouchers of an order (from the service when online, else the cache), checked."""
        order_no = order_no.strip().upper()
        codes: list[str] = []
        from_server = False
        if self.status().online:
            try:
                answer = self._require_client().order(order_no)
                codes = [str(c) for c in answer.get("vouchers") or []]
                from_server = True
            except SyncError as e:
                log.info("order %s from the service failed: %s", order_no, e.detail)
        now = self.clock()
        with self.db.read() as s:
            here, online, gate = self._context(s)
            if not from_server:
                codes = [i.code for i in cache.codes_of_order(s, order_no)]
            vouchers = tuple(
                self._with_offline(s, check_code(s, c, basket, now, here), online, gate, now)
                for c in codes
            )
            reds = tuple(_view(r) for r in redemptions_of_order(s, order_no))
        found = bool(codes) or bool(reds)
        return OrderResult(
            order_no,
            found,
            vouchers,
            reds,
            None if found else Verdict(Reason.ORDER_NOT_FOUND, {"order": order_no}),
            from_server,
        )

    # sync -------------------------------------------------------------------------------------

    def sync_now(
        self, *, pull: bool = True, push: bool = True, identity: bool = True
    ) -> SyncResult:
        """Pull the feed and push the outbox now, ignoring back-off waits."""
        client = self._require_client()
        pulled = pages = 0
        error: SyncError | None = None
        if pull:
            try:
                self.pull_lock.acquire(timeout=SYNC_LOCK_WAIT_S)
            except LockBusy:
                return SyncResult(False, message="Another sync is running on this till.")
            try:
                engine = SyncEngine(self.db, client, self.clock)
                if identity:
                    engine.refresh_identity()
                report = engine.pull()
                pulled, pages, error = report.items, report.pages, report.error
            except SyncError as e:
                error = e
            finally:
                self.pull_lock.release()
        confirmed = conflicts = rejected = pushed = 0
        if push and (error is None or not error.transient or not pull):
            try:
                self.push_lock.acquire(timeout=SYNC_LOCK_WAIT_S)
            except LockBusy:
                return SyncResult(False, pulled, pages, message="Another sync is running.")
            try:
                with self.db.write() as s:
                    make_all_due(s, self.clock())
                pr = Pusher(self.db, client, self.clock).push(force=True)
                pushed, confirmed, conflicts, rejected = (
                    pr.sent,
                    pr.confirmed,
                    pr.conflicts,
                    pr.rejected,
                )
                error = error or pr.error
            finally:
                self.push_lock.release()
        with self.db.read() as s:
            left = outbox_length(s)
        self.changes.emit(after_sync(pulled=pulled, pushed=pushed))
        return SyncResult(
            ok=error is None,
            pulled=pulled,
            pages=pages,
            pushed=pushed,
            confirmed=confirmed,
            conflicts=conflicts,
            rejected=rejected,
            outbox_length=left,
            message=error.message if error else "Up to date.",
        )

    def queue(self) -> list[RedemptionView]:
        """Write-offs waiting to be sent, oldest first, with their retry state."""
        with self.db.read() as s:
            out = []
            for item in outbox_items(s, limit=100_000):
                red = get_redemption(s, item.redemption_id)
                if red is not None:
                    out.append(
                        _view(
                            red,
                            attempts=item.attempts,
                            last_error=item.last_error,
                            next_attempt_at=item.next_attempt_at,
                            op=item.op,
                        )
                    )
            return out

    def conflicts(self, open_only: bool = True) -> list[ConflictView]:
        with self.db.read() as s:
            return [_conflict_view(s, c) for c in list_conflicts(s, open_only=open_only)]

    def resolve_conflict(self, conflict_id: int, by: str, resolution: str) -> ConflictView:
        """Close a conflict with what the manager did about it (e.g. 'customer paid in full')."""
        with self.db.write() as s:
            row = s.get(ConflictRow, conflict_id)
            if row is None:
                raise KeyError(f"no conflict {conflict_id}")
            row.resolved_at = self.clock()
            row.resolved_by = by
            row.resolution = resolution.strip() or "acknowledged"
            s.flush()
            view = _conflict_view(s, row)
        self.changes.emit(Change.CONFLICTS | Change.STATUS)
        return view

    def acknowledge_conflict(self, conflict_id: int, by: str) -> ConflictView:
        return self.resolve_conflict(conflict_id, by, "acknowledged")

    # tally ------------------------------------------------------------------------------------

    def tally(self, day: date | None = None) -> Tally:
        """The business day's tally (today's by default) in the store's time zone."""
        with self.db.read() as s:
            st = peek_sync_state(s)
            return compute_tally(s, day, st.timezone, st.cutoff_hour, self.clock())

    def tally_csv(self, day: date | None = None) -> str:
        return tally_to_csv(self.tally(day))

    # background -------------------------------------------------------------------------------

    def start_background(self, interval_s: float = 15.0) -> None:
        """Run the sync worker thread (pull, push, retry with back-off) until stopped."""
        from posapp.sync.worker import SyncWorker

        if self._worker is not None and self._worker.running:
            return
        self._worker = SyncWorker(self, interval_s=interval_s)
        self._worker.start()

    def stop_background(self, timeout: float = 30.0) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.stop(timeout)

    # helpers ----------------------------------------------------------------------------------

    def _context(self, s: Any) -> tuple[Here, bool, _Gate | None]:
        st = peek_sync_state(s)
        here = Here(
            acceptor=_acceptor(st.acceptor),
            acceptor_name=str((st.acceptor or {}).get("name") or ""),
            till_name=st.till_name or st.till_id or "",
        )
        online = bool(st.online) and self.registered
        gate = None if online else _Gate(_policy(st.policy), st.last_sync_at, st.keys_synced_at)
        return here, online, gate

    def _with_offline(
        self, s: Any, result: CheckResult, online: bool, gate: _Gate | None, now: datetime
    ) -> CheckResult:
        from dataclasses import replace

        result = replace(result, online=online)
        if gate is None or result.quote is None or result.rule is None:
            return result
        value = result.quote.discount_cents
        if result.rule.kind is CouponKind.GIFT or value == 0:
            value = result.info.face_value_cents if result.info else 0
        refusal = self._offline_refusal(s, result.rule.kind, value, now, gate)
        return replace(result, offline_verdict=refusal)

    def _offline_refusal(
        self, s: Any, kind: CouponKind, value: int, now: datetime, gate: _Gate
    ) -> Verdict | None:
        count, total = unconfirmed_exposure(s)
        return check_offline(
            gate.policy, kind, value, now, gate.last_sync_at, gate.keys_synced_at, count, total
        )

    # day book: the business day's write-offs (today's by default), tally and names ------------

    def day_book(self, day: date | None = None) -> DayBook:
        return read_day_book(self.db, self.tally(day), _view)


@dataclass(frozen=True)
class _Gate:
    policy: OfflinePolicy
    last_sync_at: datetime | None
    keys_synced_at: datetime | None


def redemption_body(new: NewRedemption) -> dict[str, Any]:
    """The Redemption body of docs/API.md, as queued and resent unchanged."""
    return {
        "code": new.code,
        "channel": new.channel,
        "cashier_id": new.cashier_id,
        "order_no": new.order_no,
        "redeemed_at": to_iso(new.redeemed_at),
        "amount_cents": new.amount_cents,
        "discount_cents": new.discount_cents,
        "lines": [
            {"sku": sku, "amount_cents": amount, "share_cents": share}
            for sku, amount, share in new.lines
        ],
    }


def _acceptor(d: dict[str, Any] | None) -> Acceptor | None:
    if not d:
        return None
    try:
        return Acceptor(AcceptorKind(d["kind"]), str(d["id"]))
    except (KeyError, ValueError):
        return None


def _policy(d: dict[str, Any] | None) -> OfflinePolicy:
    try:
        return OfflinePolicy.from_dict(d)
    except ValueError:
        log.warning("unreadable offline policy %r; using the defaults", d)
        return OfflinePolicy()


def _problem_verdict(problem: dict[str, Any] | None, code: str) -> Verdict | None:
    if not problem:
        return None
    params = dict(problem.get("params") or {})
    params.setdefault("code", display_code(code))
    if "when" in params and isinstance(params["when"], str) and "T" in params["when"]:
        from posapp.domain.timeutil import from_iso

        try:
            when = from_iso(params["when"])
            params["when_iso"], params["when"] = params["when"], format_utc(when)
        except ValueError:
            pass
    try:
        return Verdict(Reason(str(problem.get("code"))), params)
    except ValueError:
        return None


def _view(red: RedemptionRow, **extra: Any) -> RedemptionView:
    extra.pop("op", None)
    return RedemptionView(
        id=red.id,
        code=red.code,
        rule_id=red.rule_id,
        kind=red.kind,
        cashier_id=red.cashier_id,
        channel=red.channel,
        order_no=red.order_no,
        amount_cents=red.amount_cents,
        discount_cents=red.discount_cents,
        value_cents=red.value_cents,
        redeemed_at=red.redeemed_at,
        status=red.status,
        offline=red.offline,
        **extra,
    )


def _conflict_view(s: Any, row: ConflictRow) -> ConflictView:
    red = get_redemption(s, row.redemption_id)
    assert red is not None
    return ConflictView(
        id=row.id,
        kind=row.kind,
        reason=row.reason,
        verdict=_problem_verdict(row.problem, red.code),
        redemption=_view(red),
        created_at=row.created_at,
        resolved_at=row.resolved_at,
        resolved_by=row.resolved_by,
        resolution=row.resolution,
    )
