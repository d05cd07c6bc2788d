"""Idempotency keys after the IETF Idempotency-Key draft, scoped to the till.

A key is claimed in its own short transaction (state ``in_flight``) before the work
starts, so a second request with the same key sees it at once: 409 while the first is
still running, the stored answer once it is done (the answer is written in the same
transaction as the work), 422 if its body differs. A key left in flight by a crashed
request is taken over after a lease. Keys are kept `idempotency_ttl_days`.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from posapp.central.db import Database
from posapp.central.models import IdempotencyKey
from posapp.central.problems import Problem
from posapp.central.settings import CentralSettings
from posapp.domain.timeutil import utcnow

HEADER = "Idempotency-Key"


@dataclass(frozen=True)
class Stored:
    """The answer a completed key gave."""

    status_code: int
    response: dict[str, Any]


def parse_key(raw: str | None) -> str:
    """Return the canonical key from the header value (a UUID, quoted or not)."""
    if raw is None or not raw.strip():
        raise Problem(
            400,
            "idempotency_key_missing",
            "Send the redemption ID as the 'Idempotency-Key' header.",
        )
    text = raw.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':  # the draft's sf-string form
        text = text[1:-1]
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise Problem(
            422, "validation_error", "The Idempotency-Key must be a UUID (the redemption ID)."
        ) from None


def fingerprint(body: dict[str, Any]) -> str:
    """Hash of the canonical JSON of a request body."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def in_use() -> Problem:
    return Problem(
        409,
        "idempotency_key_in_use",
        "A request with this Idempotency-Key is still being processed; retry shortly.",
        headers={"Retry-After": "1"},
    )


def reused() -> Problem:
    return Problem(
        422,
        "idempotency_key_reused",
        "This Idempotency-Key was already used with a different request body.",
    )


def begin(
    db: Database, settings: CentralSettings, till_id: str, key: str, fp: str
) -> Stored | None:
    """Claim key for this request: None when it is ours to run, Stored when already done.

    Raises the 409 (in flight) or 422 (different body) problem.
    """
    if random.random() < 0.001:
        purge_expired(db)
    for _ in range(3):
        now = utcnow()
        try:
            with db.write() as s:
                s.add(
                    IdempotencyKey(
                        till_id=till_id,
                        key=key,
                        fingerprint=fp,
                        state="in_flight",
                        created_at=now,
                        locked_at=now,
                        expires_at=now + timedelta(days=settings.idempotency_ttl_days),
                    )
                )
            return None
        except IntegrityError:
            pass
        with db.write() as s:
            row = s.get(IdempotencyKey, (till_id, key), populate_existing=True)
            if row is None:  # abandoned and deleted in between: claim again
                continue
            if row.fingerprint != fp:
                raise reused()
            if row.state == "done":
                assert row.status_code is not None and row.response is not None
                return Stored(row.status_code, row.response)
            lease = now - timedelta(seconds=settings.idempotency_lease_s)
            taken = s.execute(
                update(IdempotencyKey)
                .where(
                    IdempotencyKey.till_id == till_id,
                    IdempotencyKey.key == key,
                    IdempotencyKey.state == "in_flight",
                    IdempotencyKey.locked_at < lease,
                )
                .values(locked_at=now)
            )
            if taken.rowcount == 1:  # type: ignore[attr-defined]
                return None
            raise in_use()
    raise in_use()


def finish(
    session: Session, till_id: str, key: str, status_code: int, response: dict[str, Any]
) -> None:
    """Store the answer, in the same transaction as the work it answers."""
    session.execute(
        update(IdempotencyKey)
        .where(IdempotencyKey.till_id == till_id, IdempotencyKey.key == key)
        .values(state="done", status_code=status_code, response=response)
    )


def abandon(db: Database, till_id: str, key: str) -> None:
    """Release a key whose request failed without an answer, so a retry may run it."""
    with db.write() as s:
        s.execute(
            delete(IdempotencyKey).where(
                IdempotencyKey.till_id == till_id,
                IdempotencyKey.key == key,
                IdempotencyKey.state == "in_flight",
            )
        )


def purge_expired(db: Database) -> int:
    with db.write() as s:
        result = s.execute(delete(IdempotencyKey).where(IdempotencyKey.expires_at < utcnow()))
        return int(result.rowcount)  # type: ignore[attr-defined]
