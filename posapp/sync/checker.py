"""Turn a scan into a verdict using only the local cache: works the same online and offline."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from posapp.domain.basket import Basket, OrderCoupon
from posapp.domain.code import BatchId, Code, CodeInfo, CodeState
from posapp.domain.codes import display_code
from posapp.domain.payload import PayloadType, parse_payload
from posapp.domain.quote import Quote, QuoteContext, quote
from posapp.domain.rule import RuleId
from posapp.domain.scope import AcceptorKind
from posapp.domain.timeutil import format_utc, to_iso
from posapp.domain.verdicts import Reason, Verdict
from posapp.store import cache
from posapp.store.ledger import live_on_order, live_redemption
from posapp.store.models import CodeRow
from posapp.sync.context import Here
from posapp.sync.results import CheckResult


class _VoidedCodes:
    """Codes head office voided, looked up in the cache only when a signed voucher asks."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def __contains__(self, code: object) -> bool:
        row = self._s.get(CodeRow, str(code))
        return row is not None and row.state == CodeState.VOIDED.value


def check_payload(
    s: Session, text: str | bytes, basket: Basket | None, now: datetime, here: Here
) -> CheckResult:
    """Say whether the scanned payload can be redeemed on basket here, from the cache."""
    payload = parse_payload(
        text,
        public_keys=cache.public_keys(s),
        now=now,
        revoked_codes=_VoidedCodes(s),
        revoked_kids=cache.revoked_kids(s),
    )
    if payload.type is PayloadType.ORDER and payload.order:
        vouchers = tuple(
            check_code(s, info.code, basket, now, here)
            for info in cache.codes_of_order(s, payload.order)
        )
        verdict = None if vouchers else Verdict(Reason.ORDER_NOT_FOUND, {"order": payload.order})
        return CheckResult(
            PayloadType.ORDER, order_no=payload.order, verdict=verdict, vouchers=vouchers
        )
    if payload.code is None:
        return CheckResult(payload.type, verdict=payload.verdict or Verdict(Reason.MALFORMED))
    kind = payload.type
    signed_rule = payload.signed.rule_id if payload.signed else None
    return check_code(s, payload.code, basket, now, here, kind=kind, signed_rule=signed_rule)


def check_code(
    s: Session,
    code: str,
    basket: Basket | None,
    now: datetime,
    here: Here,
    *,
    kind: PayloadType = PayloadType.VOUCHER,
    signed_rule: str | None = None,
) -> CheckResult:
    shown = display_code(code)
    mine = live_redemption(s, code)
    if mine is not None:
        verdict = Verdict(
            Reason.ALREADY_REDEEMED,
            {
                "code": shown,
                "code_raw": code,
                "when": format_utc(mine.redeemed_at),
                "when_iso": to_iso(mine.redeemed_at),
                "store": here.acceptor_name or "this store",
                "till": here.till_name or "this till",
                "redemption_id": mine.id,
            },
        )
        return CheckResult(kind, code=code, verdict=verdict)
    info = cache.get_code(s, code)
    if info is None and signed_rule is not None:
        # A signed voucher issued after the last pull: its signature vouches for code and rule.
        rule = cache.get_rule(s, signed_rule)
        if rule is not None:
            info = CodeInfo(
                code=Code(code),
                rule_id=RuleId(signed_rule),
                batch_id=BatchId(""),
                state=CodeState.ISSUED,
                face_value_cents=rule.head.face_value.min_cents,
            )
    if info is None:
        return CheckResult(kind, code=code, verdict=Verdict(Reason.UNKNOWN_CODE, {"code": shown}))
    rule = cache.get_rule(s, info.rule_id)
    if rule is None or here.acceptor is None:
        return CheckResult(
            kind, code=code, info=info, verdict=Verdict(Reason.UNKNOWN_CODE, {"code": shown})
        )
    gone = cache.withdrawal(s, rule.id)
    if gone is not None:
        # Head office moved the campaign away from this store (or merchant) after it synced.
        verdict = (
            Verdict(Reason.MERCHANT_NOT_ALLOWED, {"code": shown, "merchant": here.acceptor.id})
            if here.acceptor.kind is AcceptorKind.MERCHANT
            else Verdict(Reason.WRONG_STORE, {"code": shown, "stores": gone.get("stores") or "-"})
        )
        return CheckResult(kind, code=code, verdict=verdict, rule=rule, info=info)
    ctx = QuoteContext(now=now, acceptor=here.acceptor)
    result = quote(rule, info, _on_order(s, basket, code), ctx)
    if isinstance(result, Quote):
        return CheckResult(kind, code=code, quote=result, rule=rule, info=info)
    return CheckResult(kind, code=code, verdict=result, rule=rule, info=info)


def _on_order(s: Session, basket: Basket | None, code: str) -> Basket | None:
    """The bill with the coupons this till already wrote off on its order (coupons per
    order, stacking): the till applies the service's rule from its own ledger first."""
    if basket is None or basket.order_no is None or basket.order_coupons:
        return basket
    coupons = []
    for red in live_on_order(s, basket.order_no):
        if red.code == code:
            continue
        rule = cache.get_rule(s, red.rule_id)
        coupons.append(OrderCoupon(red.rule_id, rule.head.stackable if rule else True))
    return basket.with_order(basket.order_no, tuple(coupons))
