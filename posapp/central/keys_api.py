"""Admin calls on the signing keys: list, rotate, revoke (tills learn it on next sync)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import select

from posapp.central.auth import DB, AdminOnly
from posapp.central.changes import next_seqs
from posapp.central.keys import add_key, key_to_dict
from posapp.central.models import SigningKey
from posapp.central.problems import Problem, not_found
from posapp.central.schemas import Id

router = APIRouter(tags=["admin: keys"])


@router.get("/v1/keys", summary="List signing keys (public halves)")
def list_keys(db: DB, _: AdminOnly) -> list[dict[str, Any]]:
    with db.read() as s:
        return [
            key_to_dict(k) for k in s.scalars(select(SigningKey).order_by(SigningKey.created_at))
        ]


@router.post("/v1/keys", status_code=201, summary="Make a new signing key; it signs from now on")
def rotate_key(db: DB, _: AdminOnly) -> dict[str, Any]:
    with db.write() as s:
        return key_to_dict(add_key(s))


@router.post("/v1/keys/{kid}/revoke", summary="Revoke a signing key: its vouchers are refused")
def revoke_key(kid: Id, db: DB, _: AdminOnly) -> dict[str, Any]:
    with db.write() as s:
        key = s.get(SigningKey, kid, with_for_update=True)
        if key is None:
            raise not_found("key", kid)
        others = s.scalars(
            select(SigningKey).where(SigningKey.revoked.is_(False), SigningKey.kid != key.kid)
        ).first()
        if others is None and not key.revoked:
            raise Problem(409, "last_key", "Make a new key before revoking the last one.")
        key.revoked = True
        s.flush()
        key.seq = next_seqs(s)
        return key_to_dict(key)
