"""Till users (cashiers, managers, partner staff): PINs kept only as `pins.hash_pin` output."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from posapp.central.auth import DB, AdminOnly
from posapp.central.changes import next_seqs
from posapp.central.models import Merchant, Store, User
from posapp.central.problems import Problem, not_found
from posapp.central.schemas import Id, UserIn, UserPatch
from posapp.domain.pins import hash_pin
from posapp.domain.timeutil import utcnow

router = APIRouter(tags=["admin: tills and users"])


def user_to_dict(u: User) -> dict[str, Any]:
    """The admin's view of a user: never the PIN or its hash."""
    return {
        "id": u.id,
        "name": u.name,
        "role": u.role,
        "store_id": u.store_id,
        "merchant_id": u.merchant_id,
        "active": u.active,
    }


@router.post("/v1/users", status_code=201, summary="Add a till user with a PIN")
def create_user(body: UserIn, db: DB, _: AdminOnly) -> dict[str, Any]:
    pin_hash = hash_pin(body.pin)  # slow on purpose: outside the transaction
    try:
        with db.write() as s:
            if body.store_id is not None and s.get(Store, body.store_id) is None:
                raise Problem(422, "not_found", f"No store {body.store_id!r}.")
            if body.merchant_id is not None and s.get(Merchant, body.merchant_id) is None:
                raise Problem(422, "not_found", f"No merchant {body.merchant_id!r}.")
            user = User(
                id=body.id or "U-" + uuid.uuid4().hex[:10],
                name=body.name,
                role=body.role,
                pin_hash=pin_hash,
                store_id=body.store_id,
                merchant_id=body.merchant_id,
                active=True,
                created_at=utcnow(),
                seq=0,
            )
            s.add(user)
            s.flush()
            user.seq = next_seqs(s)
            return user_to_dict(user)
    except IntegrityError:
        raise Problem(409, "already_exists", f"A user with id {body.id!r} exists.") from None


@router.patch("/v1/users/{user_id}", summary="Rename a user, change the PIN, or deactivate")
def update_user(user_id: Id, body: UserPatch, db: DB, _: AdminOnly) -> dict[str, Any]:
    pin_hash = hash_pin(body.pin) if body.pin is not None else None
    with db.write() as s:
        user = s.get(User, user_id, with_for_update=True)
        if user is None:
            raise not_found("user", user_id)
        if body.name is not None:
            user.name = body.name
        if pin_hash is not None:
            user.pin_hash = pin_hash
        if body.active is not None:
            user.active = body.active
        s.flush()
        user.seq = next_seqs(s)
        return user_to_dict(user)


@router.get("/v1/users", summary="List till users")
def list_users(db: DB, _: AdminOnly) -> list[dict[str, Any]]:
    with db.read() as s:
        return [user_to_dict(u) for u in s.scalars(select(User).order_by(User.id))]
