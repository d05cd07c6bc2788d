"""Where a coupon is valid, for a store's till that does not hold it: what the cashier tells
the customer ("valid at Store 7", "a gift for Blue Bottle Café"), instead of "not known here".

A partner merchant's till learns nothing about coupons that do not name it: it is only told no.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import select
from sqlalchemy.orm import Session

from posapp.central.auth import DB, TillOnly, TillPrincipal
from posapp.central.codes import find_code
from posapp.central.models import Merchant, Store
from posapp.central.problems import Problem
from posapp.central.rules import load_rule, visible_to
from posapp.central.schemas import WhereIn
from posapp.domain.codes import display_code
from posapp.domain.rule import Rule
from posapp.domain.scope import AcceptorKind
from posapp.domain.verdicts import Reason, Verdict

router = APIRouter(tags=["till: vouchers"])


def _names(session: Session, model: type[Store] | type[Merchant], ids: frozenset[str]) -> str:
    if not ids:
        return ""
    rows = session.execute(select(model.id, model.name).where(model.id.in_(sorted(ids))))
    found = {i: name for i, name in rows}
    return ", ".join(sorted(found.get(i, i) for i in ids))


def refusal_here(session: Session, rule: Rule, till: TillPrincipal, code: str) -> Verdict | None:
    """Why this till may not accept a coupon of rule, naming where it is valid; None if it may."""
    if visible_to(rule, till.acceptor):
        return None
    shown = display_code(code)
    if till.acceptor.kind is AcceptorKind.MERCHANT:
        return Verdict(Reason.MERCHANT_NOT_ALLOWED, {"code": shown, "merchant": till.acceptor.id})
    scope = rule.head.stores
    stores = _names(session, Store, scope.store_ids)
    if stores:
        return Verdict(Reason.WRONG_STORE, {"code": shown, "stores": stores})
    merchants = _names(session, Merchant, scope.merchant_ids)
    if merchants:  # a partner's gift, valid at the partner only
        return Verdict(Reason.PARTNER_ONLY, {"code": shown, "merchants": merchants})
    return Verdict(Reason.WRONG_STORE, {"code": shown, "stores": "-"})


@router.post(
    "/v1/codes/where",
    summary="For a code this till does not hold: is it valid here, and if not, where",
    responses={
        422: {"description": "unknown_code, wrong_store, partner_only, merchant_not_allowed"}
    },
)
def where(body: WhereIn, till: TillOnly, db: DB) -> dict[str, Any]:
    with db.read() as s:
        row = find_code(s, body.code)
        if row is None:
            raise Problem.from_verdict(Verdict(Reason.UNKNOWN_CODE, {"code": body.code}))
        refusal = refusal_here(s, load_rule(s, row.rule_id), till, row.code)
        if refusal is not None:
            raise Problem.from_verdict(refusal)
        # valid here: the till's next pull brings it (it was made after the last one)
        return {"code": row.code, "valid_here": True}
