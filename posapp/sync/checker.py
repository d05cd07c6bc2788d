"""Turn a scan into a verdict using only the local cache: works the same online and offline.

It reads through a `CacheView` (cache_view.py): the scan path's fast snapshot, or a unit of
work's session when a write-off checks again inside its own transaction. One logic, both.
"""

from __future__ import annotations

from datetime import datetime

from posapp.domain.basket import Basket
from posapp.domain.code import BatchId, Code, CodeInfo, CodeState
from posapp.domain.codes import display_code
from posapp.domain.payload import PayloadType, parse_payload
from posapp.domain.quote import Quote, QuoteContext, quote
from posapp.domain.rule import RuleId
from posapp.domain.scope import AcceptorKind
from posapp.domain.timeutil import format_utc, to_iso
from posapp.domain.verdicts import Reason, Verdict
from posapp.sync.cache_view import CacheView
from posapp.sync.context import Here
from posapp.sync.results import CheckResult


def check_payload(
    view: CacheView, text: str | bytes, basket: Basket | None, now: datetime, here: Here
) -> CheckResult:
    """Say whether the scanned payload can be redeemed on basket here, from the cache."""
    payload = parse_payload(
        text,
        public_keys=view.public_keys(),
        now=now,
        revoked_codes=view.voided(),
        revoked_kids=view.revoked_kids(),
    )
    if payload.type is PayloadType.ORDER and payload.order:
        vouchers = tuple(
            check_code(view, info.code, basket, now, here)
            for info in view.codes_of_order(payload.order)
        )
        verdict = None if vouchers else Verdict(Reason.ORDER_NOT_FOUND, {"order": payload.order})
        return CheckResult(
            PayloadType.ORDER, order_no=payload.order, verdict=verdict, vouchers=vouchers
        )
    if payload.code is None:
        return CheckResult(payload.type, verdict=payload.verdict or Verdict(Reason.MALFORMED))
    kind = payload.type
    signed_rule = payload.signed.rule_id if payload.signed else None
    return check_code(view, payload.code, basket, now, here, kind=kind, signed_rule=signed_rule)


def check_code(
    view: CacheView,
    code: str,
    basket: Basket | None,
    now: datetime,
    here: Here,
    *,
    kind: PayloadType = PayloadType.VOUCHER,
    signed_rule: str | None = None,
) -> CheckResult:
    shown = display_code(code)
    mine = view.mine(code)
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
    info = view.code(code)
    if info is None and signed_rule is not None:
        # A signed voucher issued after the last pull: its signature vouches for code and rule.
        rule = view.rule(signed_rule)
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
    rule = view.rule(info.rule_id)
    if rule is None or here.acceptor is None:
        return CheckResult(
            kind, code=code, info=info, verdict=Verdict(Reason.UNKNOWN_CODE, {"code": shown})
        )
    gone = view.withdrawal(rule.id)
    if gone is not None:
        # Head office moved the campaign away from this store (or merchant) after it synced.
        verdict = (
            Verdict(Reason.MERCHANT_NOT_ALLOWED, {"code": shown, "merchant": here.acceptor.id})
            if here.acceptor.kind is AcceptorKind.MERCHANT
            else Verdict(Reason.WRONG_STORE, {"code": shown, "stores": gone.get("stores") or "-"})
        )
        return CheckResult(kind, code=code, verdict=verdict, rule=rule, info=info)
    ctx = QuoteContext(now=now, acceptor=here.acceptor)
    result = quote(rule, info, _on_order(view, basket, code), ctx)
    if isinstance(result, Quote):
        return CheckResult(kind, code=code, quote=result, rule=rule, info=info)
    return CheckResult(kind, code=code, verdict=result, rule=rule, info=info)


def _on_order(view: CacheView, basket: Basket | None, code: str) -> Basket | None:
    """The bill with the coupons this till already wrote off on its order (coupons per
    order, stacking): the till applies the service's rule from its own ledger first."""
    if basket is None or basket.order_no is None or basket.order_coupons:
        return basket
    return basket.with_order(basket.order_no, view.on_order(basket.order_no, code))
