"""Tills: registered by head office to one store or merchant; each gets a device token once."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from sqlalchemy import select

from posapp.central.auth import DB, AdminOnly, Settings, TillOnly, hash_token, new_token
from posapp.central.models import Merchant, Store, Till
from posapp.central.problems import Problem, not_found
from posapp.central.schemas import Id, TillIn
from posapp.domain.timeutil import to_iso, utcnow

router = APIRouter()


def till_to_dict(t: Till) -> dict[str, Any]:
    return {
        "till_id": t.id,
        "name": t.name,
        "store_id": t.store_id,
        "merchant_id": t.merchant_id,
        "created_at": to_iso(t.created_at),
        "revoked": t.revoked_at is not None,
        "revoked_at": to_iso(t.revoked_at),
    }


@router.post(
    "/v1/tills",
    status_code=201,
    tags=["admin: tills and users"],
    summary="Register a till; the answer holds its device token, shown this once",
)
def register_till(body: TillIn, db: DB, _: AdminOnly) -> dict[str, Any]:
    token = new_token()
    with db.write() as s:
        if body.store_id is not None and s.get(Store, body.store_id) is None:
            raise Problem(422, "not_found", f"No store {body.store_id!r}.")
        if body.merchant_id is not None and s.get(Merchant, body.merchant_id) is None:
            raise Problem(422, "not_found", f"No merchant {body.merchant_id!r}.")
        till = Till(
            id="T-" + uuid.uuid4().hex[:12],
            name=body.name,
            store_id=body.store_id,
            merchant_id=body.merchant_id,
            token_hash=hash_token(token),
            created_at=utcnow(),
        )
        s.add(till)
        s.flush()
        return till_to_dict(till) | {"token": token}


@router.post(
    "/v1/tills/{till_id}/revoke",
    tags=["admin: tills and users"],
    summary="Revoke a till's token; its next call is refused",
)
def revoke_till(till_id: Id, db: DB, _: AdminOnly) -> dict[str, Any]:
    with db.write() as s:
        till = s.get(Till, till_id, with_for_update=True)
        if till is None:
            raise not_found("till", till_id)
        if till.revoked_at is None:
            till.revoked_at = utcnow()
        s.flush()
        return till_to_dict(till)


@router.get("/v1/tills", tags=["admin: tills and users"], summary="List tills")
def list_tills(db: DB, _: AdminOnly) -> list[dict[str, Any]]:
    with db.read() as s:
        return [till_to_dict(t) for t in s.scalars(select(Till).order_by(Till.created_at, Till.id))]


@router.get("/v1/me", tags=["till"], summary="Who this till is, where, and its offline policy")
def me(till: TillOnly, settings: Settings) -> dict[str, Any]:
    return {
        "till_id": till.till_id,
        "name": till.name,
        "acceptor": {
            "kind": till.acceptor.kind.value,
            "id": till.acceptor.id,
            "name": till.acceptor_name,
        },
        "timezone": till.timezone,
        "cutoff_hour": till.cutoff_hour,
        "offline_policy": till.offline_policy,
        "server_time": to_iso(utcnow()),
        "idempotency_ttl_days": settings.idempotency_ttl_days,
    }
