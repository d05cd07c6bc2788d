"""Write-offs (核销): exactly once per code, idempotent per till, re-checked by the domain.

Exactly-once is the database's job: the code row moves to 'redeemed' by a conditional
``UPDATE codes SET state='redeemed' WHERE code=:c AND state=:seen`` whose row count says
who won; a partial unique index on redemptions(code) for accepted rows backs it up.
There is no check-then-insert: the read before the update only picks the verdict, and
if the update finds the row changed underneath (PostgreSQL waits for the other writer,
then re-evaluates the WHERE on the committed row) we read again and decide again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from posapp.central import idempotency
from posapp.central.auth import DB, Settings, TillOnly, TillPrincipal
from posapp.central.codes import bump_codes, code_info
from posapp.central.db import Database
from posapp.central.models import CodeRow, Redemption, RuleRow, Store
from posapp.central.problems import MEDIA_TYPE, Problem
from posapp.central.rules import parse_rule, visible_to
from posapp.central.schemas import RedemptionBatchIn, RedemptionIn
from posapp.central.settings import CentralSettings
from posapp.domain.code import CodeState
from posapp.domain.codes import display_code, normalise_code
from posapp.domain.quote import QuoteContext, check_code
from posapp.domain.rule import Rule
from posapp.domain.scope import AcceptorKind
from posapp.domain.timeutil import to_iso, utcnow
from posapp.domain.verdicts import Reason, Verdict

router = APIRouter(tags=["till: redemptions"])

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
    "redeemed_at",
    "recorded_at",
    "amount_cents",
    "discount_cents",
    "lines",
    "status",
)


def redemption_to_dict(r: Redemption | dict[str, Any]) -> dict[str, Any]:
    values = r if isinstance(r, dict) else {f: getattr(r, f) for f in _FIELDS}
    out = {f: values[f] for f in _FIELDS}
    out["redeemed_at"] = to_iso(values["redeemed_at"])
    out["recorded_at"] = to_iso(values["recorded_at"])
    return out


def store_names(session: Session, rule: Rule) -> dict[str, str]:
    ids = sorted(rule.head.stores.store_ids)
    if not ids:
        return {}
    rows = session.execute(select(Store.id, Store.name).where(Store.id.in_(ids)))
    return {store_id: name for store_id, name in rows}


def validate(body: RedemptionIn, settings: CentralSettings) -> None:
    """Refuse a write-off that contradicts itself; raises a 422 problem."""
    if body.discount_cents > body.amount_cents and body.lines:
        raise Problem(422, "validation_error", "discount_cents exceeds amount_cents.")
    if body.lines:
        if sum(x.share_cents for x in body.lines) != body.discount_cents:
            raise Problem(
                422, "validation_error", "The lines' shares must add up to discount_cents."
            )
        if sum(x.amount_cents for x in body.lines) != body.amount_cents:
            raise Problem(
                422, "validation_error", "The lines' amounts must add up to amount_cents."
            )
        if any(x.share_cents > x.amount_cents for x in body.lines):
            raise Problem(422, "validation_error", "A line's share exceeds its amount.")
    if body.redeemed_at > utcnow() + timedelta(seconds=settings.max_clock_skew_s):
        raise Problem(
            422, "validation_error", "redeemed_at is in the future; check the till's clock."
        )


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


def _attempt(session: Session, till: TillPrincipal, key: str, body: RedemptionIn) -> Outcome | None:
    """Decide and, if accepted, write; None when the code changed under us (decide again)."""
    loaded = _load(session, body.code)
    if loaded is None:
        return Outcome.refused(Verdict(Reason.UNKNOWN_CODE, {"code": display_code(body.code)}))
    row, rule = loaded
    if till.acceptor.kind is AcceptorKind.MERCHANT and not visible_to(rule, till.acceptor):
        # Checked before anything about the code is said: a partner learns nothing of it.
        return Outcome.refused(
            Verdict(
                Reason.MERCHANT_NOT_ALLOWED,
                {"code": display_code(row.code), "merchant": till.acceptor.id},
            )
        )
    # Store names only matter for the 'wrong store' message; skip the query otherwise.
    names = {} if rule.head.stores.accepts(till.acceptor) else store_names(session, rule)
    ctx = QuoteContext(now=body.redeemed_at, acceptor=till.acceptor, store_names=names)
    verdict = check_code(rule, code_info(row), ctx)
    if verdict is not None:
        return Outcome.refused(verdict)
    won = session.execute(
        update(CodeRow)
        .where(CodeRow.code == row.code, CodeRow.state == row.state)
        .values(
            state=CodeState.REDEEMED.value,
            redeemed_at=body.redeemed_at,
            redeemed_store_name=till.acceptor_name,
            redeemed_till_id=till.till_id,
            redemption_id=key,
        )
        .execution_options(synchronize_session=False)
    )
    if won.rowcount != 1:  # type: ignore[attr-defined]
        return None
    values = {
        "id": key,
        "till_id": till.till_id,
        "code": row.code,
        "rule_id": rule.id,
        "rule_version": rule.head.version,
        "channel": body.channel,
        "cashier_id": body.cashier_id,
        "order_no": body.order_no,
        "redeemed_at": body.redeemed_at,
        "recorded_at": utcnow(),
        "amount_cents": body.amount_cents,
        "discount_cents": body.discount_cents,
        "lines": [x.model_dump() for x in body.lines],
        "store_id": till.store_id,
        "merchant_id": till.merchant_id,
        "acceptor_name": till.acceptor_name,
        "status": "accepted",
    }
    session.execute(insert(Redemption).values(values))
    bump_codes(session, [row.code])
    return Outcome(
        "accepted", 201, {"status": "accepted", "redemption": redemption_to_dict(values)}
    )


def _work(session: Session, till: TillPrincipal, key: str, body: RedemptionIn) -> Outcome:
    for _ in range(5):
        outcome = _attempt(session, till, key, body)
        if outcome is not None:
            break
    else:  # pragma: no cover - five lost races in a row
        raise Problem(503, "busy", "The code is changing too fast; retry.")
    idempotency.finish(session, till.till_id, key, outcome.status_code, outcome.body)
    return outcome


def redeem(
    db: Database, settings: CentralSettings, till: TillPrincipal, key: str, body: RedemptionIn
) -> Outcome:
    """Run one write-off under its idempotency key; a replayed key gets the stored outcome."""
    fp = idempotency.fingerprint(body.model_dump(mode="json", exclude={"idempotency_key"}))
    stored = idempotency.begin(db, settings, till.till_id, key, fp)
    if stored is not None:
        return Outcome.from_stored(stored)
    try:
        return db.transact(lambda s: _work(s, till, key, body))
    except IntegrityError:
        idempotency.abandon(db, till.till_id, key)
        with db.read() as s:
            other = s.get(Redemption, key)
            if other is not None and other.till_id != till.till_id:
                # Keys are UUIDs: only a till replaying another till's ID gets here.
                return Outcome("rejected", 422, idempotency.reused().to_dict())
        raise
    except BaseException:
        idempotency.abandon(db, till.till_id, key)
        raise


def _response(outcome: Outcome) -> JSONResponse:
    headers = {"Idempotent-Replayed": "true"} if outcome.replayed else None
    media = "application/json" if outcome.status_code == 201 else MEDIA_TYPE
    return JSONResponse(
        outcome.body, status_code=outcome.status_code, media_type=media, headers=headers
    )


_SINGLE_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "idempotency_key_missing"},
    409: {
        "description": "already_redeemed (params: code, when, store, till)"
        " or idempotency_key_in_use"
    },
    422: {"description": "a domain reason, idempotency_key_reused or validation_error"},
}


@router.post(
    "/v1/redemptions",
    status_code=201,
    responses=_SINGLE_RESPONSES,
    summary="Write a code off (header Idempotency-Key: the redemption ID)",
)
def create_redemption(
    body: RedemptionIn,
    till: TillOnly,
    db: DB,
    settings: Settings,
    idempotency_key: Annotated[str | None, Header(alias=idempotency.HEADER, max_length=100)] = None,
) -> JSONResponse:
    key = idempotency.parse_key(idempotency_key)
    validate(body, settings)
    return _response(redeem(db, settings, till, key, body))


@router.post(
    "/v1/redemptions/batch",
    summary="Replay up to 1000 queued write-offs; each gets its own answer",
)
def create_redemption_batch(
    body: RedemptionBatchIn, till: TillOnly, db: DB, settings: Settings
) -> dict[str, Any]:
    results = []
    for item in body.items:
        result: dict[str, Any] = {"idempotency_key": item.idempotency_key}
        try:
            key = idempotency.parse_key(item.idempotency_key)
            result["idempotency_key"] = key
            validate(item, settings)
            outcome = redeem(db, settings, till, key, item)
        except Problem as p:
            outcome = Outcome("rejected", p.status, p.to_dict())
        result["status"] = outcome.status
        if outcome.status_code == 201:
            result["redemption"] = outcome.body["redemption"]
        else:
            result["problem"] = outcome.body
        results.append(result)
    return {"results": results}
