"""A till's queued write-offs replayed as a batch: decided and written in one transaction.

Each item gets the answer a single write-off would (accepted, duplicate, conflict,
rejected), exactly once under concurrency with other tills and with the same batch sent
again; but the batch costs a few statements, not a dozen per item: its idempotency keys
are read and claimed together, its codes read with their rules in one query, the money
re-quoted in process (requote.py), and the winners written with one conditional UPDATE
(its RETURNING says who won), one INSERT and one UPDATE of the keys.

An item that needs more than that is decided on its own, in the same transaction, by
writeoff.decide_and_write: one on an order (the order's limits), one whose code changed
underneath, and the second of two items for one code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from posapp.central import idempotency
from posapp.central.auth import TillPrincipal
from posapp.central.changes import next_seqs
from posapp.central.db import Database
from posapp.central.models import CodeRow, IdempotencyKey, Redemption
from posapp.central.requote import Requoted
from posapp.central.settings import CentralSettings
from posapp.central.writeoff import (
    Outcome,
    decide_and_write,
    decide_loaded,
    load_codes,
    redemption_to_dict,
)
from posapp.domain.code import CodeState
from posapp.domain.codes import normalise_code
from posapp.domain.timeutil import utcnow
from posapp.domain.verdicts import Verdict
from posapp.wire.redemption import RedemptionIn


@dataclass(frozen=True)
class Item:
    key: str
    body: RedemptionIn
    fingerprint: str


def redeem(
    db: Database, settings: CentralSettings, till: TillPrincipal, key: str, body: RedemptionIn
) -> Outcome:
    """One write-off under its idempotency key, in one transaction with its claim.

    A second request with the same key waits for this one to end, then gets its stored
    answer; a key another request holds longer than a moment gets 409 in use.
    """
    fp = idempotency.fingerprint(body.model_dump(mode="json", exclude={"idempotency_key"}))
    try:
        return replay(db, settings, till, [Item(key, body, fp)])[key]
    except IntegrityError:
        with db.read() as s:
            other = s.get(Redemption, key)
            if other is not None and other.till_id != till.till_id:
                # Keys are UUIDs: only a till replaying another till's ID gets here.
                return Outcome("rejected", 422, idempotency.reused().to_dict())
        raise


def replay(
    db: Database, settings: CentralSettings, till: TillPrincipal, items: list[Item]
) -> dict[str, Outcome]:
    """Decide a batch (distinct keys); return each key's outcome."""
    if not items:
        return {}
    return db.transact(lambda s: _replay(s, settings, till, items))


def _replay(
    s: Session, settings: CentralSettings, till: TillPrincipal, items: list[Item]
) -> dict[str, Outcome]:
    outcomes: dict[str, Outcome] = {}
    fresh = _claim(s, settings, till, items, outcomes)
    loaded = load_codes(s, [i.body.code for i in fresh])
    alone: list[Item] = []  # decided one by one, after the set
    winners: list[tuple[Item, CodeRow, Requoted]] = []
    seen_codes: set[str] = set()
    for item in fresh:
        code = normalise_code(item.body.code)
        if item.body.order_no is not None or code in seen_codes:
            alone.append(item)
            continue
        seen_codes.add(code)
        decided = decide_loaded(s, settings, till, item.body, loaded.get(code))
        if isinstance(decided, Verdict):
            outcomes[item.key] = Outcome.refused(decided)
        else:
            winners.append((item, *decided))
    lost = _write(s, till, winners, outcomes)
    for item in [*lost, *alone]:
        outcomes[item.key] = decide_and_write(s, settings, till, item.key, item.body)
    _finish(s, till, [i for i in fresh if i not in lost and i not in alone], outcomes)
    return outcomes


def _claim(
    s: Session,
    settings: CentralSettings,
    till: TillPrincipal,
    items: list[Item],
    outcomes: dict[str, Outcome],
) -> list[Item]:
    """Take the batch's keys: answer the done ones, claim the new ones; return those to do.

    Claimed inside this transaction: a single request with one of these keys waits for it
    to end, then finds the stored answer.
    """
    now = utcnow()
    lease = now - timedelta(seconds=settings.idempotency_lease_s)
    rows = {
        r.key: r
        for r in s.scalars(
            select(IdempotencyKey).where(
                IdempotencyKey.till_id == till.till_id,
                IdempotencyKey.key.in_([i.key for i in items]),
            )
        )
    }
    new: list[Item] = []
    taken: list[Item] = []
    for item in items:
        row = rows.get(item.key)
        if row is None:
            new.append(item)
        elif row.fingerprint != item.fingerprint:
            outcomes[item.key] = Outcome("rejected", 422, idempotency.reused().to_dict())
        elif row.state == "done" and row.status_code is not None and row.response is not None:
            outcomes[item.key] = Outcome.from_stored(
                idempotency.Stored(row.status_code, row.response)
            )
        elif row.locked_at < lease:  # left in flight by a crashed request: take it over
            row.locked_at = now
            taken.append(item)
        else:
            outcomes[item.key] = Outcome("rejected", 409, idempotency.in_use().to_dict())
    if new:
        expires = now + timedelta(days=settings.idempotency_ttl_days)
        claimed = _insert_keys(s, till, new, now, expires)
        for item in new:
            if item.key not in claimed:  # another request claimed it since we looked
                outcomes[item.key] = Outcome("rejected", 409, idempotency.in_use().to_dict())
        taken += [i for i in new if i.key in claimed]
    return taken


_CLAIM_PG = text(
    "INSERT INTO idempotency_keys"
    " (till_id, key, fingerprint, state, created_at, locked_at, expires_at)"
    " SELECT :till, k, f, 'in_flight', :now, :now, :expires"
    " FROM unnest(CAST(:keys AS text[]), CAST(:fps AS text[])) AS v(k, f)"
    " ON CONFLICT DO NOTHING RETURNING key"
)


def _insert_keys(
    s: Session, till: TillPrincipal, items: list[Item], now: Any, expires: Any
) -> set[str]:
    """Claim new keys in one statement; return the ones this request holds."""
    if s.get_bind().dialect.name == "postgresql":
        got = s.execute(
            _CLAIM_PG,
            {
                "till": till.till_id,
                "now": now,
                "expires": expires,
                "keys": [i.key for i in items],
                "fps": [i.fingerprint for i in items],
            },
        )
        return set(got.scalars())
    # SQLite: the transaction began IMMEDIATE and the keys were just read: none can clash.
    s.execute(
        insert(IdempotencyKey),
        [
            {
                "till_id": till.till_id,
                "key": i.key,
                "fingerprint": i.fingerprint,
                "state": "in_flight",
                "created_at": now,
                "locked_at": now,
                "expires_at": expires,
            }
            for i in items
        ],
    )
    return {i.key for i in items}


_WIN_PG = text(
    "UPDATE codes SET state = 'redeemed', redeemed_at = v.at, redeemed_store_name = :store,"
    " redeemed_till_id = :till, redemption_id = v.k, seq = v.q"
    " FROM unnest(CAST(:codes AS text[]), CAST(:seen AS text[]),"
    " CAST(:ats AS timestamptz[]), CAST(:keys AS text[]), CAST(:seqs AS bigint[]))"
    " AS v(c, seen, at, k, q)"
    " WHERE codes.code = v.c AND codes.state = v.seen RETURNING codes.code"
)


def _write(
    s: Session,
    till: TillPrincipal,
    winners: list[tuple[Item, CodeRow, Requoted]],
    outcomes: dict[str, Outcome],
) -> list[Item]:
    """Take the winners' codes in one statement and insert their write-offs; return the
    items whose code changed underneath (decided again on their own)."""
    if not winners:
        return []
    first = next_seqs(s, len(winners))
    seqs = range(first, first + len(winners))
    if s.get_bind().dialect.name == "postgresql":
        won = set(
            s.execute(
                _WIN_PG,
                {
                    "store": till.acceptor_name,
                    "till": till.till_id,
                    "codes": [row.code for _, row, _ in winners],
                    "seen": [row.state for _, row, _ in winners],
                    "ats": [i.body.redeemed_at for i, _, _ in winners],
                    "keys": [i.key for i, _, _ in winners],
                    "seqs": list(seqs),
                },
            ).scalars()
        )
    else:  # SQLite: this transaction began IMMEDIATE, nobody else writes; all win
        table = cast(Table, CodeRow.__table__)
        s.execute(
            update(table)
            .where(table.c.code == bindparam("c"), table.c.state == bindparam("seen"))
            .values(
                state=CodeState.REDEEMED.value,
                redeemed_at=bindparam("at"),
                redeemed_store_name=till.acceptor_name,
                redeemed_till_id=till.till_id,
                redemption_id=bindparam("k"),
                seq=bindparam("q"),
            ),
            [
                {"c": row.code, "seen": row.state, "at": i.body.redeemed_at, "k": i.key, "q": q}
                for (i, row, _), q in zip(winners, seqs, strict=True)
            ],
        )
        won = {row.code for _, row, _ in winners}
    now = utcnow()
    values = [_values(i, row, quoted, till, now) for i, row, quoted in winners if row.code in won]
    if values:
        s.execute(insert(Redemption), values)
    for v in values:
        outcomes[v["id"]] = Outcome(
            "accepted", 201, {"status": "accepted", "redemption": redemption_to_dict(v)}
        )
    return [i for i, row, _ in winners if row.code not in won]


def _values(
    item: Item, row: CodeRow, quoted: Requoted, till: TillPrincipal, now: Any
) -> dict[str, Any]:
    body = item.body
    return {
        "id": item.key,
        "till_id": till.till_id,
        "code": row.code,
        "rule_id": quoted.rule.id,
        "rule_version": quoted.rule.head.version,
        "channel": body.channel,
        "cashier_id": body.cashier_id,
        "order_no": None,
        "order_key": None,
        "member_id": row.member_id,
        "redeemed_at": body.redeemed_at,
        "recorded_at": now,
        "amount_cents": body.amount_cents,
        "discount_cents": quoted.quote.discount_cents,
        "lines": [x.model_dump(mode="json") for x in body.lines],
        "store_id": till.store_id,
        "merchant_id": till.merchant_id,
        "acceptor_name": till.acceptor_name,
        "status": "accepted",
        "shares_adjusted_by": body.shares_adjusted_by,
        "reversed_at": None,
        "reversal": None,
    }


def _finish(
    s: Session, till: TillPrincipal, done: list[Item], outcomes: dict[str, Outcome]
) -> None:
    """Store the set-decided answers with their keys, in one statement."""
    if not done:
        return
    table = cast(Table, IdempotencyKey.__table__)
    s.execute(
        update(table)
        .where(table.c.till_id == till.till_id, table.c.key == bindparam("k"))
        .values(state="done", status_code=bindparam("sc"), response=bindparam("r")),
        [{"k": i.key, "sc": outcomes[i.key].status_code, "r": outcomes[i.key].body} for i in done],
    )
