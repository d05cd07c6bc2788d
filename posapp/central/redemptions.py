"""The write-off endpoints (writeoff.py decides each one) and the operators' ledger of them."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse

from posapp.central import idempotency
from posapp.central.auth import DB, Settings, TillOnly
from posapp.central.problems import MEDIA_TYPE, Problem
from posapp.central.replay import Item, redeem, replay
from posapp.central.settings import CentralSettings
from posapp.central.writeoff import Outcome
from posapp.domain.timeutil import utcnow
from posapp.wire.redemption import RedemptionBatchIn, RedemptionIn

router = APIRouter(tags=["till: redemptions"])


def validate(body: RedemptionIn, settings: CentralSettings) -> None:
    """Refuse a write-off dated in the future; raises a 422 problem.

    (The body's own sums are checked by its model; its age against the store's offline
    policy, and its money, by writeoff.py.)
    """
    if body.redeemed_at > utcnow() + timedelta(seconds=settings.max_clock_skew_s):
        raise Problem(
            422, "validation_error", "redeemed_at is in the future; check the till's clock."
        )


def _response(outcome: Outcome) -> JSONResponse:
    headers = {"Idempotent-Replayed": "true"} if outcome.replayed else None
    media = "application/json" if outcome.status_code == 201 else MEDIA_TYPE
    return JSONResponse(
        outcome.body, status_code=outcome.status_code, media_type=media, headers=headers
    )


_SINGLE_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "idempotency_key_missing"},
    409: {
        "description": "already_redeemed (params: code, when, store, till)"
        " or idempotency_key_in_use"
    },
    422: {
        "description": "a domain reason (e.g. too_many_coupons, not_combinable), "
        "quote_mismatch (params: expected_cents, claimed_cents, expected_shares, "
        "claimed_shares), redeemed_too_long_ago, rule_changed, idempotency_key_reused "
        "or validation_error"
    },
}


@router.post(
    "/v1/redemptions",
    status_code=201,
    responses=_SINGLE_RESPONSES,
    summary="Write a code off (header Idempotency-Key: the redemption ID)",
)
def create_redemption(
    body: RedemptionIn,
    till: TillOnly,
    db: DB,
    settings: Settings,
    idempotency_key: Annotated[str | None, Header(alias=idempotency.HEADER, max_length=100)] = None,
) -> JSONResponse:
    key = idempotency.parse_key(idempotency_key)
    validate(body, settings)
    return _response(redeem(db, settings, till, key, body))


@router.post(
    "/v1/redemptions/batch",
    summary="Replay up to 1000 queued write-offs; each gets its own answer",
)
def create_redemption_batch(
    body: RedemptionBatchIn, till: TillOnly, db: DB, settings: Settings
) -> JSONResponse:
    """One transaction for the batch (replay.py); an item answers as a single write-off would."""
    keys: list[str | Problem] = []
    todo: dict[str, Item] = {}
    for item in body.items:
        try:
            key = idempotency.parse_key(item.idempotency_key)
            validate(item, settings)
        except Problem as p:
            keys.append(p)
            continue
        fp = idempotency.fingerprint(item.model_dump(mode="json", exclude={"idempotency_key"}))
        keys.append(key)
        first = todo.setdefault(key, Item(key, item, fp))
        if first.fingerprint != fp:
            keys[-1] = idempotency.reused()
    outcomes = replay(db, settings, till, list(todo.values()))
    results = []
    answered: set[str] = set()
    for item, given in zip(body.items, keys, strict=True):
        if isinstance(given, Problem):
            outcome = Outcome("rejected", given.status, given.to_dict())
        elif given in answered and outcomes[given].status == "accepted":
            outcome = Outcome("duplicate", 201, outcomes[given].body, True)  # twice in a batch
        else:
            outcome = outcomes[given]
        if isinstance(given, str):
            answered.add(given)
        result: dict[str, Any] = {
            "idempotency_key": given if isinstance(given, str) else item.idempotency_key,
            "status": outcome.status,
        }
        if outcome.status_code == 201:
            result["redemption"] = outcome.body["redemption"]
        else:
            result["problem"] = outcome.body
        results.append(result)
    # Already JSON-ready: skip FastAPI's jsonable_encoder, costly on a thousand answers.
    return JSONResponse({"results": results})
