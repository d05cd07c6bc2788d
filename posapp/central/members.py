"""Members (会员): the ids codes are bound to; their signed codes; finding one by phone.

A member shows a signed member code (the member app's QR, or a printed card) and the till
lists that member's coupons from its own cache, offline too. A cashier may instead type the
member id, or a phone number, which a till asks the service about while online.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import Field
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from posapp.central.auth import DB, AdminOnly, TillOnly
from posapp.central.keys import signing_key
from posapp.central.models import Member
from posapp.central.problems import Problem, not_found
from posapp.central.schemas import Id
from posapp.domain.members import phone_hash
from posapp.domain.signing import sign_member
from posapp.domain.timeutil import to_iso, utcnow
from posapp.wire.fields import ShortText, Strict

router = APIRouter()

MAX_QR_VALID_S = 400 * 86400  # a printed member card: a little over a year


class MemberIn(Strict):
    id: Id
    phone: ShortText | None = None


class MembersIn(Strict):
    members: list[MemberIn] = Field(min_length=1, max_length=10_000)


@router.post("/v1/members", tags=["admin: issuing"], summary="Add or update members (by id)")
def upsert_members(body: MembersIn, db: DB, _: AdminOnly) -> dict[str, Any]:
    try:
        rows = [
            {"id": m.id, "phone_hash": phone_hash(m.phone) if m.phone else None}
            for m in body.members
        ]
    except ValueError as e:
        raise Problem(422, "validation_error", f"members: {e}") from None
    now = utcnow()
    with db.write() as s:
        dialect = postgresql if s.get_bind().dialect.name == "postgresql" else sqlite
        stmt = dialect.insert(Member).values([r | {"created_at": now} for r in rows])
        s.execute(
            stmt.on_conflict_do_update(
                index_elements=["id"], set_={"phone_hash": stmt.excluded.phone_hash}
            )
        )
    return {"members": len(rows)}


@router.get(
    "/v1/members/{member_id}/qr",
    tags=["admin: issuing"],
    summary="A member's signed code, for their app's QR or a printed card",
)
def member_qr(
    member_id: Id,
    db: DB,
    _: AdminOnly,
    valid_for_s: Annotated[int, Query(ge=60, le=MAX_QR_VALID_S)] = 86400,
) -> dict[str, Any]:
    with db.read() as s:
        if s.get(Member, member_id) is None:
            raise not_found("member", member_id)
        key = signing_key(s)
        if key is None:  # pragma: no cover - made on start
            raise Problem(503, "no_signing_key", "The service has no signing key yet.")
        expires = utcnow() + timedelta(seconds=valid_for_s)
        payload = sign_member(key.private_key, key.kid, member_id, expires)
    return {"member_id": member_id, "payload": payload, "expires_at": to_iso(expires)}


@router.get(
    "/v1/members/lookup",
    tags=["till: members"],
    summary="The member a phone number belongs to (only the id)",
)
def lookup(
    _: TillOnly, db: DB, phone: Annotated[str, Query(min_length=7, max_length=32)]
) -> dict[str, Any]:
    try:
        digest = phone_hash(phone)
    except ValueError as e:
        raise Problem(422, "validation_error", str(e)) from None
    with db.read() as s:
        member_id = s.scalar(select(Member.id).where(Member.phone_hash == digest).limit(1))
    if member_id is None:
        raise Problem(404, "not_found", "No member has that phone number.")
    return {"member_id": member_id}
