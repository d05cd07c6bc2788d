"""One sync cycle — pull the feed, then push the outbox — used by `sync now` and the worker.

Each half runs under its own lock file, so a cycle never overlaps another pull or push of
the same till (another thread, or another process on the same data dir). The background
worker waits briefly and skips a busy half; a cashier's "sync now" waits longer and says
so when another sync holds the lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from posapp.store.db import Database
from posapp.store.ledger import make_all_due, outbox_length
from posapp.sync.engine import SyncEngine
from posapp.sync.link import Link
from posapp.sync.lock import LockBusy
from posapp.sync.pusher import Pusher
from posapp.sync.results import SyncResult
from posapp.wire.errors import ServiceError
from posapp.wire.feed import Reset
from posapp.wire.http import at_most, within


@dataclass
class CycleReport:
    pulled: int = 0
    pages: int = 0
    pushed: int = 0
    confirmed: int = 0
    conflicts: int = 0
    rejected: int = 0
    reset: Reset | None = None  # the pull started over from empty: why
    error: ServiceError | None = None
    busy: str | None = None  # "pull" or "push" when another sync held that lock

    @property
    def ok(self) -> bool:
        return self.error is None and self.busy is None


def run_cycle(
    db: Database,
    link: Link,
    clock: Callable[[], datetime],
    *,
    lock_wait_s: float,
    pull: bool = True,
    push: bool = True,
    identity: bool = False,
    force: bool = False,
) -> CycleReport:
    """Pull, then push; identity: refresh the till's profile first; force: ignore back-off.

    The push is skipped after a pull that failed for want of a network: it would fail too.
    """
    client = link.client()
    report = CycleReport()
    if pull:
        try:
            link.pull_lock.acquire(timeout=at_most(lock_wait_s))
        except LockBusy:
            report.busy = "pull"
            return report
        try:
            engine = SyncEngine(db, client, clock)
            if identity:
                engine.refresh_identity()
            pulled = engine.pull()
            report.pulled, report.pages, report.error = pulled.items, pulled.pages, pulled.error
            report.reset = pulled.reset
        except ServiceError as e:
            report.error = e
        finally:
            link.pull_lock.release()
    if not push or (pull and report.error is not None and report.error.transient):
        return report
    try:
        link.push_lock.acquire(timeout=at_most(lock_wait_s))
    except LockBusy:
        report.busy = "push"
        return report
    try:
        if force:
            with db.write() as s:
                make_all_due(s, clock())
        pushed = Pusher(db, client, clock, link.batch_sizer).push(force=force)
        report.pushed, report.confirmed = pushed.sent, pushed.confirmed
        report.conflicts, report.rejected = pushed.conflicts, pushed.rejected
        report.error = report.error or pushed.error
    finally:
        link.push_lock.release()
    return report


SYNC_LOCK_WAIT_S = 30.0  # a cashier's "sync now" waits this long for a running sync
WORKER_LOCK_WAIT_S = 0.5  # the worker skips a half another sync is running
IDENTITY_EVERY = 20  # background cycles between /v1/me refreshes (policy, acceptor changes)
# The whole of one "sync now" (lock waits and every call), and of one background cycle. What
# was pulled before the deadline is kept: the next sync goes on from there.
SYNC_NOW_DEADLINE_S = 60.0
CYCLE_DEADLINE_S = 120.0


def sync_now(
    db: Database,
    link: Link,
    clock: Callable[[], datetime],
    *,
    pull: bool = True,
    push: bool = True,
    identity: bool = True,
) -> SyncResult:
    """Pull the feed and push the outbox now, ignoring back-off waits."""
    with within(SYNC_NOW_DEADLINE_S):
        report = run_cycle(
            db,
            link,
            clock,
            lock_wait_s=SYNC_LOCK_WAIT_S,
            pull=pull,
            push=push,
            identity=identity and pull,
            force=True,
        )
    if report.busy == "pull":
        return SyncResult(False, message="Another sync is running on this till.")
    if report.busy == "push":
        return SyncResult(False, report.pulled, report.pages, message="Another sync is running.")
    with db.read() as s:
        left = outbox_length(s)
    return SyncResult(
        ok=report.error is None,
        pulled=report.pulled,
        pages=report.pages,
        pushed=report.pushed,
        confirmed=report.confirmed,
        conflicts=report.conflicts,
        rejected=report.rejected,
        outbox_length=left,
        message=report.error.message if report.error else "Up to date.",
        resync=report.reset.value if report.reset else None,
    )


def background_cycle(
    db: Database, link: Link, clock: Callable[[], datetime], number: int
) -> CycleReport:
    """The worker's cycle (nothing to do before the till is registered)."""
    if not link.registered:
        return CycleReport()
    with within(CYCLE_DEADLINE_S):
        return run_cycle(
            db, link, clock, lock_wait_s=WORKER_LOCK_WAIT_S, identity=number % IDENTITY_EVERY == 0
        )
