"""Stores and partner merchants: who may accept coupons, with their day and offline policy."""

from __future__ import annotations

import functools
import zoneinfo
from typing import Any, cast

from fastapi import APIRouter
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from posapp.central.auth import DB, AdminOnly
from posapp.central.changes import next_seqs
from posapp.central.models import Merchant, Store
from posapp.central.problems import Problem, not_found
from posapp.central.schemas import Id, MerchantIn, OfflinePolicyIn, StoreIn
from posapp.domain.offline_policy import OfflinePolicy
from posapp.domain.timeutil import utcnow

router = APIRouter(tags=["admin: stores and merchants"])


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _check_zone(name: str) -> None:
    if name not in _zones():
        raise Problem(
            422, "validation_error", f"Unknown time zone {name!r}; use e.g. Asia/Shanghai."
        )


def _policy(given: OfflinePolicyIn | None) -> dict[str, Any]:
    raw = given.model_dump() if given is not None else None
    return OfflinePolicy.from_dict(raw).to_dict()


def acceptor_to_dict(row: Store | Merchant) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "kind": "store" if isinstance(row, Store) else "merchant",
        "timezone": row.timezone,
        "cutoff_hour": row.cutoff_hour,
        "offline_policy": row.offline_policy,
    }


def _create(
    db: DB, model: type[Store] | type[Merchant], body: StoreIn | MerchantIn
) -> dict[str, Any]:
    _check_zone(body.timezone)
    try:
        with db.write() as s:
            row = model(
                id=body.id,
                name=body.name,
                timezone=body.timezone,
                cutoff_hour=body.cutoff_hour,
                offline_policy=_policy(body.offline_policy),
                created_at=utcnow(),
                seq=0,
            )
            s.add(row)
            s.flush()
            row.seq = next_seqs(s)
            return acceptor_to_dict(row)
    except IntegrityError:
        what = "store" if model is Store else "merchant"
        raise Problem(409, "already_exists", f"A {what} with id {body.id!r} exists.") from None


def _update(
    db: DB, model: type[Store] | type[Merchant], key: str, body: StoreIn | MerchantIn
) -> dict[str, Any]:
    _check_zone(body.timezone)
    if body.id != key:
        raise Problem(422, "validation_error", "The id in the body differs from the path.")
    with db.write() as s:
        row = cast(Store | Merchant | None, s.get(model, key, with_for_update=True))
        if row is None:
            raise not_found("store" if model is Store else "merchant", key)
        row.name = body.name
        row.timezone = body.timezone
        row.cutoff_hour = body.cutoff_hour
        if body.offline_policy is not None:
            row.offline_policy = _policy(body.offline_policy)
        s.flush()
        row.seq = next_seqs(s)
        return acceptor_to_dict(row)


@router.post("/v1/stores", status_code=201, summary="Add a store")
def create_store(body: StoreIn, db: DB, _: AdminOnly) -> dict[str, Any]:
    return _create(db, Store, body)


@router.put("/v1/stores/{store_id}", summary="Change a store (tills get it on their next sync)")
def update_store(store_id: Id, body: StoreIn, db: DB, _: AdminOnly) -> dict[str, Any]:
    return _update(db, Store, store_id, body)


@router.get("/v1/stores", summary="List stores")
def list_stores(db: DB, _: AdminOnly) -> list[dict[str, Any]]:
    with db.read() as s:
        return [acceptor_to_dict(r) for r in s.scalars(select(Store).order_by(Store.id))]


@router.post("/v1/merchants", status_code=201, summary="Add a partner merchant")
def create_merchant(body: MerchantIn, db: DB, _: AdminOnly) -> dict[str, Any]:
    return _create(db, Merchant, body)


@router.put("/v1/merchants/{merchant_id}", summary="Change a partner merchant")
def update_merchant(merchant_id: Id, body: MerchantIn, db: DB, _: AdminOnly) -> dict[str, Any]:
    return _update(db, Merchant, merchant_id, body)


@router.get("/v1/merchants", summary="List partner merchants")
def list_merchants(db: DB, _: AdminOnly) -> list[dict[str, Any]]:
    with db.read() as s:
        return [acceptor_to_dict(r) for r in s.scalars(select(Merchant).order_by(Merchant.id))]
