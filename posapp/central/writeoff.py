"""Deciding one write-off (核销): exactly once per code, re-quoted, within the order's limits.

Exactly-once is the database's job: the code row moves to 'redeemed' by a conditional
``UPDATE codes SET state='redeemed' WHERE code=:c AND state=:seen`` whose row count says
who won; a partial unique index on redemptions(code) for accepted rows backs it up. The
order's limits are conditional UPDATEs too (order_slots.py). There is no check-then-insert:
the reads before the updates only pick the verdict, and if an update finds the row changed
underneath (PostgreSQL waits for the other writer, then re-evaluates the WHERE on the
committed row) the attempt is rolled back to its savepoint and decided again.

The money is the service's (requote.py): the write-off is accepted only with the figures
the domain's quote gives here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from posapp.central import idempotency, order_slots
from posapp.central.auth import TillPrincipal
from posapp.central.codes import bump_codes
from posapp.central.models import CodeRow, Redemption, RuleRow, Store
from posapp.central.problems import Problem
from posapp.central.requote import Requoted, max_offline_age, requote, rule_at, too_old
from posapp.central.rules import parse_rule, visible_to
from posapp.central.settings import CentralSettings
from posapp.domain.code import CodeInfo, CodeState
from posapp.domain.codes import display_code, normalise_code
from posapp.domain.quote import QuoteContext, check_code
from posapp.domain.rule import Rule
from posapp.domain.scope import AcceptorKind
from posapp.domain.timeutil import to_iso, utcnow
from posapp.domain.verdicts import Reason, Verdict
from posapp.wire.redemption import RedemptionIn

Status = Literal["accepted", "duplicate", "conflict", "rejected"]


@dataclass(frozen=True)
class Outcome:
    status: Status
    status_code: int
    body: dict[str, Any]  # {"status", "redemption"} when accepted, else a problem document
    replayed: bool = False  # the stored answer of a completed key

    @classmethod
    def refused(cls, verdict: Verdict) -> Outcome:
        if verdict.reason is Reason.ALREADY_REDEEMED:
            return cls("conflict", 409, Problem.from_verdict(verdict, 409).to_dict())
        return cls("rejected", 422, Problem.from_verdict(verdict, 422).to_dict())

    @classmethod
    def from_stored(cls, stored: idempotency.Stored) -> Outcome:
        if stored.status_code == 201:
            return cls("duplicate", 201, stored.response, True)
        if stored.status_code == 409:
            return cls("conflict", 409, stored.response, True)
        return cls("rejected", stored.status_code, stored.response, True)


_FIELDS = (
    "id",
    "code",
    "rule_id",
    "rule_version",
    "till_id",
    "store_id",
    "merchant_id",
    "acceptor_name",
    "channel",
    "cashier_id",
    "order_no",
    "member_id",
    "redeemed_at",
    "recorded_at",
    "amount_cents",
    "discount_cents",
    "lines",
    "status",
)


def redemption_to_dict(r: Redemption | dict[str, Any]) -> dict[str, Any]:
    values = r if isinstance(r, dict) else {f: getattr(r, f) for f in _FIELDS}
    out = {f: values.get(f) for f in _FIELDS}
    out["redeemed_at"] = to_iso(values["redeemed_at"])
    out["recorded_at"] = to_iso(values["recorded_at"])
    return out


def store_names(session: Session, rule: Rule) -> dict[str, str]:
    ids = sorted(rule.head.stores.store_ids)
    if not ids:
        return {}
    rows = session.execute(select(Store.id, Store.name).where(Store.id.in_(ids)))
    return {store_id: name for store_id, name in rows}


def load_codes(session: Session, texts: list[str]) -> dict[str, tuple[CodeRow, Rule]]:
    """Read many codes with their rules in one round trip, by normalised code."""
    codes = [c for c in {normalise_code(t) for t in texts} if 1 <= len(c) <= 16]
    found = session.execute(
        select(CodeRow, RuleRow.version, RuleRow.data)
        .join(RuleRow, RuleRow.id == CodeRow.rule_id)
        .where(CodeRow.code.in_(codes))
        .execution_options(populate_existing=True)
    )
    return {row.code: (row, parse_rule(row.rule_id, v, d)) for row, v, d in found}


def _load(session: Session, text: str) -> tuple[CodeRow, Rule] | None:
    """Read the code with its rule in one round trip (the rule parsed once per version)."""
    code = normalise_code(text)
    if not 1 <= len(code) <= 16:
        return None
    found = session.execute(
        select(CodeRow, RuleRow.version, RuleRow.data)
        .join(RuleRow, RuleRow.id == CodeRow.rule_id)
        .where(CodeRow.code == code)
        .execution_options(populate_existing=True)
    ).first()
    if found is None:
        return None
    row, version, data = found
    return row, parse_rule(row.rule_id, version, data)


class _Refused(Exception):
    """Raised inside an attempt's savepoint to undo what it wrote, then refuse."""

    def __init__(self, verdict: Verdict) -> None:
        self.verdict = verdict


class _LostRace(Exception):
    """The code changed under the attempt: undo its savepoint and decide again."""


def decide(
    session: Session, settings: CentralSettings, till: TillPrincipal, body: RedemptionIn
) -> tuple[CodeRow, Requoted] | Verdict:
    """Everything the verdict needs, read only: the code, the rule the till saw, the quote."""
    return decide_loaded(session, settings, till, body, _load(session, body.code))


def decide_loaded(
    session: Session,
    settings: CentralSettings,
    till: TillPrincipal,
    body: RedemptionIn,
    loaded: tuple[CodeRow, Rule] | None,
) -> tuple[CodeRow, Requoted] | Verdict:
    """decide(), with the code row and its current rule already read (None: no such code)."""
    if loaded is None:
        return Verdict(Reason.UNKNOWN_CODE, {"code": display_code(body.code)})
    row, current = loaded
    if till.acceptor.kind is AcceptorKind.MERCHANT and not visible_to(current, till.acceptor):
        # Checked before anything about the code is said: a partner learns nothing of it.
        return Verdict(
            Reason.MERCHANT_NOT_ALLOWED,
            {"code": display_code(row.code), "merchant": till.acceptor.id},
        )
    limit = max_offline_age(till, settings.max_clock_skew_s)
    if (old := too_old(body, row.code, utcnow(), limit)) is not None:
        return old
    rule = rule_at(session, current, body.rule_version, body.redeemed_at, limit)
    if isinstance(rule, Verdict):
        return rule
    # Store names only matter for the 'wrong store' message; skip the query otherwise.
    names = {} if rule.head.stores.accepts(till.acceptor) else store_names(session, rule)
    ctx = QuoteContext(now=body.redeemed_at, acceptor=till.acceptor, store_names=names)
    info = CodeInfo.from_row(row)
    verdict = check_code(rule, info, ctx)
    if verdict is not None:
        return verdict
    on_order = order_slots.on_order(session, order_slots.order_key(till, body.order_no))
    quoted = requote(rule, info, body, ctx, on_order)
    return quoted if isinstance(quoted, Verdict) else (row, quoted)


def _write(
    session: Session,
    till: TillPrincipal,
    key: str,
    body: RedemptionIn,
    row: CodeRow,
    quoted: Requoted,
) -> dict[str, Any]:
    """Take the code and the order's places, insert the write-off (inside a savepoint)."""
    won = session.execute(
        update(CodeRow)
        .where(CodeRow.code == row.code, CodeRow.state == row.state)
        .values(
            state=CodeState.REDEEMED.value,
            redeemed_at=body.redeemed_at,
            redeemed_store=till.acceptor_name,
            redeemed_till=till.till_id,
            redemption_id=key,
        )
        .execution_options(synchronize_session=False)
    )
    if won.rowcount != 1:  # type: ignore[attr-defined]
        raise _LostRace()
    order = order_slots.order_key(till, body.order_no)
    refusal = order_slots.reserve(session, order, quoted.rule, row.code)
    if refusal is not None:
        raise _Refused(refusal)
    values = {
        "id": key,
        "till_id": till.till_id,
        "code": row.code,
        "rule_id": quoted.rule.id,
        "rule_version": quoted.rule.head.version,
        "channel": body.channel,
        "cashier_id": body.cashier_id,
        "order_no": body.order_no,
        "order_key": order,
        "member_id": row.member_id,
        "redeemed_at": body.redeemed_at,
        "recorded_at": utcnow(),
        "amount_cents": body.amount_cents,
        "discount_cents": quoted.quote.discount_cents,
        "lines": [x.model_dump(mode="json") for x in body.lines],
        "store_id": till.store_id,
        "merchant_id": till.merchant_id,
        "acceptor_name": till.acceptor_name,
        "status": "accepted",
        "shares_adjusted_by": body.shares_adjusted_by,
    }
    session.execute(insert(Redemption).values(values))
    bump_codes(session, [row.code])
    return values


def decide_and_write(
    session: Session,
    settings: CentralSettings,
    till: TillPrincipal,
    key: str,
    body: RedemptionIn,
) -> Outcome:
    """One write-off in the caller's transaction; its answer stored with its key."""
    for _ in range(5):
        decided = decide(session, settings, till, body)
        if isinstance(decided, Verdict):
            outcome = Outcome.refused(decided)
            break
        try:
            with session.begin_nested():
                values = _write(session, till, key, body, *decided)
        except _LostRace:
            continue
        except _Refused as r:
            outcome = Outcome.refused(r.verdict)
            break
        outcome = Outcome(
            "accepted", 201, {"status": "accepted", "redemption": redemption_to_dict(values)}
        )
        break
    else:  # pragma: no cover - five lost races in a row
        raise Problem(503, "busy", "The code is changing too fast; retry.")
    idempotency.finish(session, till.till_id, key, outcome.status_code, outcome.body)
    return outcome
