"""Signed vouchers checked by the service, with the same domain function the till uses."""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from fastapi import APIRouter
from sqlalchemy.orm import Session

from posapp.central.auth import DB, AdminOrTill
from posapp.central.codes import code_to_dict, find_code
from posapp.central.keys import public_keys
from posapp.central.models import CodeRow
from posapp.central.problems import Problem
from posapp.central.rules import load_rule
from posapp.central.schemas import VerifyIn
from posapp.central.where import refusal_here
from posapp.domain.code import CodeState
from posapp.domain.signing import SignedVoucher, verify_voucher
from posapp.domain.timeutil import to_iso, utcnow
from posapp.domain.verdicts import Reason, Verdict

router = APIRouter(tags=["till: vouchers"])


class _VoidedCodes(Container[str]):
    """The revoked-codes set for verify_voucher, answered from the database."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, str) or len(code) > 16:
            return False
        row = self._session.get(CodeRow, code)
        return row is not None and row.state == CodeState.VOIDED.value


@router.post(
    "/v1/vouchers/verify",
    summary="Check a signed voucher (signature, key, expiry, revocation) and return its code",
    responses={
        422: {"description": "malformed, forged, unknown_key, expired, revoked, unknown_code"}
    },
)
def verify(body: VerifyIn, till: AdminOrTill, db: DB) -> dict[str, Any]:
    with db.read() as s:
        keys, revoked_kids = public_keys(s)
        result = verify_voucher(
            body.payload.strip(),
            keys,
            utcnow(),
            revoked_codes=_VoidedCodes(s),
            revoked_kids=revoked_kids,
        )
        if isinstance(result, Verdict):
            raise Problem.from_verdict(result)
        assert isinstance(result, SignedVoucher)
        row = find_code(s, result.code)
        if row is None or row.rule_id != result.rule_id:
            raise Problem.from_verdict(Verdict(Reason.UNKNOWN_CODE, {"code": result.code}))
        rule = load_rule(s, row.rule_id)
        if till is not None and (refusal := refusal_here(s, rule, till, row.code)) is not None:
            raise Problem.from_verdict(refusal)  # names where it is valid, for the customer
        return {
            "kid": result.kid,
            "code": result.code,
            "rule_id": result.rule_id,
            "expires_at": to_iso(result.expires_at),
            "info": code_to_dict(row),
        }
