"""What a check reads of the till's cache and ledger, from a session or from a snapshot.

checker.py decides a scan against a `CacheView`. Two kinds serve it:

- `SessionView`: the ORM session of a unit of work. A write-off checks again inside its own
  transaction with it, so what it decides and what it writes see the same rows.
- `Snapshot`: the cashier's scans. A scan must answer in well under a millisecond on a
  million-code cache, so it reads through one plain read-only connection with two index
  lookups, and keeps the parsed rules, the keys and the till's state in memory. SQLite's
  `PRAGMA data_version` tells when any other connection committed: only then is the state
  read again, and the rules and keys only when a sync brought new ones.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import threading
from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.orm import Session

from posapp.domain.basket import OrderCoupon
from posapp.domain.code import CodeInfo, CodeState
from posapp.domain.rule import Rule, rule_from_dict
from posapp.store import cache
from posapp.store.ledger import live_on_order, live_redemption, unconfirmed_exposure
from posapp.store.models import RedemptionStatus
from posapp.sync.context import Context, context_from, read_context


@dataclass(frozen=True)
class Mine:
    """A write-off of the code on this till that still stands."""

    id: str
    redeemed_at: datetime


class CacheView(Protocol):
    def context(self, registered: bool) -> Context: ...
    def mine(self, code: str) -> Mine | None: ...
    def code(self, code: str) -> CodeInfo | None: ...
    def rule(self, rule_id: str) -> Rule | None: ...
    def withdrawal(self, rule_id: str) -> dict[str, Any] | None: ...
    def public_keys(self) -> Mapping[str, bytes]: ...
    def revoked_kids(self) -> frozenset[str]: ...
    def voided(self) -> Container[str]: ...
    def codes_of_order(self, order_no: str) -> list[CodeInfo]: ...
    def on_order(self, order_no: str, but: str) -> tuple[OrderCoupon, ...]: ...
    def exposure(self) -> tuple[int, int]: ...


class _Voided:
    def __init__(self, view: CacheView) -> None:
        self._view = view

    def __contains__(self, code: object) -> bool:
        info = self._view.code(str(code))
        return info is not None and info.state is CodeState.VOIDED


class SessionView:
    """The cache as one unit of work's session sees it."""

    def __init__(self, s: Session) -> None:
        self.s = s

    def context(self, registered: bool) -> Context:
        return read_context(self.s, registered)

    def mine(self, code: str) -> Mine | None:
        red = live_redemption(self.s, code)
        return None if red is None else Mine(red.id, red.redeemed_at)

    def code(self, code: str) -> CodeInfo | None:
        return cache.get_code(self.s, code)

    def rule(self, rule_id: str) -> Rule | None:
        return cache.get_rule(self.s, rule_id)

    def withdrawal(self, rule_id: str) -> dict[str, Any] | None:
        return cache.withdrawal(self.s, rule_id)

    def public_keys(self) -> Mapping[str, bytes]:
        return cache.public_keys(self.s)

    def revoked_kids(self) -> frozenset[str]:
        return cache.revoked_kids(self.s)

    def voided(self) -> Container[str]:
        return _Voided(self)

    def codes_of_order(self, order_no: str) -> list[CodeInfo]:
        return cache.codes_of_order(self.s, order_no)

    def on_order(self, order_no: str, but: str) -> tuple[OrderCoupon, ...]:
        out = []
        for red in live_on_order(self.s, order_no):
            if red.code != but:
                rule = self.rule(red.rule_id)
                out.append(OrderCoupon(red.rule_id, rule.head.stackable if rule else True))
        return tuple(out)

    def exposure(self) -> tuple[int, int]:
        return unconfirmed_exposure(self.s)


# --- the scan path ---------------------------------------------------------------------------

_LIVE = tuple(s.value for s in (RedemptionStatus.PENDING, RedemptionStatus.CONFIRMED))
_CODE_COLUMNS = (
    "code, rule_id, batch_id, state, face_value_cents, member_id, received_at, order_no,"
    " redeemed_at, redeemed_store, redeemed_till"
)


def _instant(text: str | None) -> datetime | None:
    """An instant as SQLAlchemy stores one in SQLite (naive UTC text)."""
    if text is None:
        return None
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


class Snapshot:
    """A read-only view for scans: plain queries, and what rarely changes kept in memory."""

    def __init__(self, path: Path) -> None:
        # Read-only and autocommit: each statement sees the newest committed data (WAL).
        self._conn = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, check_same_thread=False, isolation_level=None
        )
        self._lock = threading.RLock()
        self._version: int | None = None
        self._marks: tuple[object, ...] | None = None
        self._state: tuple[Any, ...] = ()
        self._rules: dict[str, tuple[Rule, dict[str, Any] | None]] = {}
        self._parsed: dict[tuple[str, int], Rule] = {}
        self._keys: dict[str, bytes] = {}
        self._revoked: frozenset[str] = frozenset()
        self._exposure: tuple[int, int] | None = None
        self._contexts: dict[bool, Context] = {}

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Snapshot:
        self._lock.acquire()
        self._fresh()
        return self

    def __exit__(self, *exc: object) -> None:
        self._lock.release()

    def _fresh(self) -> None:
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        if version == self._version:
            return
        self._version = version
        self._exposure = None
        self._contexts = {}
        row = self._conn.execute(
            "SELECT acceptor, till_name, till_id, online, policy, last_sync_at, keys_synced_at,"
            " timezone, cursor FROM sync_state WHERE id = 1"
        ).fetchone()
        if row is None:
            row = (None, None, None, 0, None, None, None, "Asia/Shanghai", None)
        self._state = row
        marks = (row[5], row[6], row[8])  # a pull moves one of these: rules and keys change
        if marks != self._marks:
            self._marks = marks
            self._load_rules_and_keys()

    def _load_rules_and_keys(self) -> None:
        rules: dict[str, tuple[Rule, dict[str, Any] | None]] = {}
        for rule_id, version, data, withdrawn in self._conn.execute(
            "SELECT id, version, data, withdrawn FROM rules"
        ):
            rule = self._parsed.get((rule_id, version))
            if rule is None:
                rule = self._parsed[(rule_id, version)] = rule_from_dict(json.loads(data))
            rules[rule_id] = (rule, _json(withdrawn))
        self._rules = rules
        keys = self._conn.execute("SELECT kid, public_key, revoked FROM public_keys").fetchall()
        self._keys = {kid: base64.b64decode(pk) for kid, pk, revoked in keys if not revoked}
        self._revoked = frozenset(kid for kid, _, revoked in keys if revoked)

    # CacheView ---------------------------------------------------------------------------

    def context(self, registered: bool) -> Context:
        known = self._contexts.get(registered)
        if known is None:
            known = self._contexts[registered] = self._context(registered)
        return known

    def _context(self, registered: bool) -> Context:
        acceptor, till_name, till_id, online, policy, last_sync, keys_synced, tz, _ = self._state
        return context_from(
            _json(acceptor), till_name, till_id, bool(online), registered, _json(policy),
            _instant(last_sync), _instant(keys_synced), tz or "Asia/Shanghai",
        )  # fmt: skip

    def mine(self, code: str) -> Mine | None:
        row = self._conn.execute(
            "SELECT id, redeemed_at FROM redemptions WHERE code = ? AND status IN (?, ?)",
            (code, *_LIVE),
        ).fetchone()
        if row is None:
            return None
        at = _instant(row[1])
        assert at is not None
        return Mine(row[0], at)

    def code(self, code: str) -> CodeInfo | None:
        row = self._conn.execute(
            f"SELECT {_CODE_COLUMNS} FROM codes WHERE code = ?", (code,)
        ).fetchone()
        return None if row is None else _code_info(row)

    def rule(self, rule_id: str) -> Rule | None:
        found = self._rules.get(rule_id)
        return None if found is None else found[0]

    def withdrawal(self, rule_id: str) -> dict[str, Any] | None:
        found = self._rules.get(rule_id)
        return None if found is None else found[1]

    def public_keys(self) -> Mapping[str, bytes]:
        return self._keys

    def revoked_kids(self) -> frozenset[str]:
        return self._revoked

    def voided(self) -> Container[str]:
        return _Voided(self)

    def codes_of_order(self, order_no: str) -> list[CodeInfo]:
        rows = self._conn.execute(
            f"SELECT {_CODE_COLUMNS} FROM codes WHERE order_no = ? ORDER BY code", (order_no,)
        ).fetchall()
        return [_code_info(r) for r in rows]

    def on_order(self, order_no: str, but: str) -> tuple[OrderCoupon, ...]:
        rows = self._conn.execute(
            "SELECT rule_id FROM redemptions WHERE order_no = ? AND status IN (?, ?) AND code != ?",
            (order_no, *_LIVE, but),
        ).fetchall()
        out = []
        for (rule_id,) in rows:
            rule = self.rule(rule_id)
            out.append(OrderCoupon(rule_id, rule.head.stackable if rule else True))
        return tuple(out)

    def exposure(self) -> tuple[int, int]:
        if self._exposure is None:
            count, value = self._conn.execute(
                "SELECT count(*), coalesce(sum(value_cents), 0) FROM redemptions WHERE status = ?",
                (RedemptionStatus.PENDING.value,),
            ).fetchone()
            self._exposure = (int(count), int(value))
        return self._exposure


def _code_info(row: tuple[Any, ...]) -> CodeInfo:
    return CodeInfo.from_stored(
        code=row[0],
        rule_id=row[1],
        batch_id=row[2],
        state=row[3],
        face_value_cents=row[4],
        member_id=row[5],
        received_at=_instant(row[6]),
        order_no=row[7],
        redeemed_at=_instant(row[8]),
        redeemed_store=row[9],
        redeemed_till=row[10],
    )
