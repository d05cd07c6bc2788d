"""A member's coupons at the till (the seeds' 选券): listed from the cache, ranked, the best chosen.

The member is known by their signed member code (checked offline with the synced keys), by
the member id typed, or by a phone number the service is asked about (online only). Every
unexpired coupon of theirs this till may accept is listed, as the seeds say: usable on this
bill first, the largest discount first, then the earliest expiry; the others keep the reason
they cannot be used. Where the rules let several go on one order, the best allowed
combination is proposed: each next coupon is quoted as if the chosen ones were on the order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from posapp.domain.basket import Basket, OrderCoupon
from posapp.domain.choose import Option, rank
from posapp.domain.members import looks_like_phone
from posapp.domain.payload import PayloadType, parse_payload
from posapp.domain.quote import Quote, QuoteContext, quote
from posapp.domain.verdicts import Reason, Verdict
from posapp.store import cache
from posapp.store.db import Database
from posapp.store.ledger import live_redemption
from posapp.sync.context import read_context
from posapp.sync.link import Link
from posapp.wire.errors import ServiceError


@dataclass(frozen=True)
class MemberOption:
    """One coupon of the member's, as the list shows it."""

    code: str
    rule_id: str
    rule_name: str
    kind: str
    quote: Quote | None  # when usable on this bill
    verdict: Verdict | None  # why not, when not
    expires_at: datetime | None
    chosen: bool = False  # part of the proposed combination

    @property
    def usable(self) -> bool:
        return self.quote is not None


@dataclass(frozen=True)
class MemberCoupons:
    member_id: str | None
    options: tuple[MemberOption, ...] = ()
    verdict: Verdict | None = None  # why the member could not be found

    @property
    def best(self) -> tuple[str, ...]:
        """The proposed combination, best first: one key writes it off."""
        return tuple(o.code for o in self.options if o.chosen)

    @property
    def discount_cents(self) -> int:
        return sum(o.quote.discount_cents for o in self.options if o.chosen and o.quote)


def _member_of(db: Database, link: Link, now: datetime, text: str, online: bool) -> str | Verdict:
    """Who text names: a member code, a phone number (asked online), or a member id."""
    text = text.strip()
    with db.read() as s:
        keys, revoked = cache.public_keys(s), cache.revoked_kids(s)
    payload = parse_payload(text, public_keys=keys, now=now, revoked_kids=revoked)
    if payload.type is PayloadType.MEMBER:
        if payload.member is None:
            return payload.verdict or Verdict(Reason.MALFORMED)
        return payload.member.member_id
    if looks_like_phone(text):
        if not online:
            return Verdict(Reason.MEMBER_LOOKUP_OFFLINE, {"member": text})
        client = link.quick_client()
        try:
            member = client.member_of_phone(text)
        except ServiceError:
            return Verdict(Reason.MEMBER_LOOKUP_OFFLINE, {"member": text})
        finally:
            client.close()
        return member if member is not None else Verdict(Reason.MEMBER_NOT_FOUND, {"member": text})
    return text


def member_coupons(
    db: Database,
    link: Link,
    clock: Callable[[], datetime],
    text: str,
    basket: Basket | None,
) -> MemberCoupons:
    now = clock()
    with db.read() as s:
        ctx = read_context(s, link.registered)
    member = _member_of(db, link, now, text, ctx.online)
    if isinstance(member, Verdict):
        return MemberCoupons(None, verdict=member)
    if ctx.here.acceptor is None:
        return MemberCoupons(member, verdict=Verdict(Reason.MEMBER_NOT_FOUND, {"member": member}))
    qctx = QuoteContext(now=now, acceptor=ctx.here.acceptor)
    with db.read() as s:
        candidates = []
        for info in cache.codes_of_member(s, member):
            rule = cache.get_rule(s, info.rule_id)
            if rule is None or cache.withdrawal(s, rule.id) is not None:
                continue  # not this till's to accept (any more)
            if live_redemption(s, info.code) is not None:
                continue  # written off here, not yet confirmed
            candidates.append((rule, info))
    ranked = rank(candidates, basket, qctx)
    if not ranked and not candidates:
        return MemberCoupons(member)
    return MemberCoupons(member, _combine(ranked, basket, qctx))


def _combine(
    ranked: list[Option], basket: Basket | None, ctx: QuoteContext
) -> tuple[MemberOption, ...]:
    """Mark the best allowed combination: each usable coupon in rank order, if it still
    quotes with the ones chosen before it on the order."""
    chosen: list[OrderCoupon] = []
    out = []
    for o in ranked:
        result = o.result
        pick = False
        if isinstance(result, Quote):
            if basket is not None:
                again = quote(o.rule, o.info, replace(basket, order_coupons=tuple(chosen)), ctx)
                pick = isinstance(again, Quote)
            else:
                pick = not chosen  # no bill: offer the single best one
            if pick:
                chosen.append(OrderCoupon(o.rule.id, o.rule.head.stackable))
        out.append(
            MemberOption(
                code=o.info.code,
                rule_id=o.rule.id,
                rule_name=o.rule.head.name,
                kind=o.rule.kind.value,
                quote=result if isinstance(result, Quote) else None,
                verdict=result if isinstance(result, Verdict) else None,
                expires_at=o.expires_at,
                chosen=pick,
            )
        )
    return tuple(out)
