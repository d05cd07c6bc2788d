"""Admin and device tokens: random, shown once, stored only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select

from posapp.central.db import Database
from posapp.central.models import AdminToken, Merchant, Store, Till
from posapp.central.problems import Problem
from posapp.central.settings import CentralSettings
from posapp.domain.scope import Acceptor, AcceptorKind
from posapp.domain.timeutil import utcnow

_bearer = HTTPBearer(auto_error=False, description="Admin token or a till's device token")


def new_token() -> str:
    """Return a fresh token: 32 random bytes as hex.

    Hex, not URL-safe base64: a base64 token may begin with '-', and then
    `posapp till register --token -abc…` reads it as an option; hex also copies
    whole with a double-click.
    """
    return secrets.token_hex(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def ensure_admin_token(db: Database, given: str | None) -> str | None:
    """Make sure an admin token exists; return a newly made one (to show once), else None."""
    with db.write() as s:
        if given:
            digest = hash_token(given)
            if s.get(AdminToken, digest) is None:
                s.add(AdminToken(token_hash=digest, created_at=utcnow()))
            return None
        if s.scalars(select(AdminToken).limit(1)).first() is not None:
            return None
        token = new_token()
        s.add(AdminToken(token_hash=hash_token(token), created_at=utcnow()))
        return token


@dataclass(frozen=True)
class TillPrincipal:
    """The till making the call, with the acceptor (store or merchant) it belongs to."""

    till_id: str
    name: str
    acceptor: Acceptor
    acceptor_name: str
    timezone: str
    cutoff_hour: int
    offline_policy: dict[str, Any]

    @property
    def store_id(self) -> str | None:
        return self.acceptor.id if self.acceptor.kind is AcceptorKind.STORE else None

    @property
    def merchant_id(self) -> str | None:
        return self.acceptor.id if self.acceptor.kind is AcceptorKind.MERCHANT else None


def database(request: Request) -> Database:
    db = request.app.state.db
    assert isinstance(db, Database)
    return db


def get_settings(request: Request) -> CentralSettings:
    settings = request.app.state.settings
    assert isinstance(settings, CentralSettings)
    return settings


def _token(creds: HTTPAuthorizationCredentials | None) -> str:
    if creds is None or not creds.credentials:
        raise Problem(
            401,
            "unauthorized",
            "This call needs 'Authorization: Bearer <token>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return creds.credentials


def _is_admin(db: Database, token: str) -> bool:
    with db.read() as s:
        return s.get(AdminToken, hash_token(token)) is not None


def _till(db: Database, token: str) -> TillPrincipal | None:
    with db.read() as s:
        till = s.scalars(select(Till).where(Till.token_hash == hash_token(token))).first()
        if till is None:
            return None
        if till.revoked_at is not None:
            raise Problem(
                401,
                "token_revoked",
                "This till's token has been revoked. Ask head office to register the till again.",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        acceptor_row: Store | Merchant | None
        if till.store_id is not None:
            acceptor_row = s.get(Store, till.store_id)
            acceptor = Acceptor(AcceptorKind.STORE, till.store_id)
        else:
            assert till.merchant_id is not None
            acceptor_row = s.get(Merchant, till.merchant_id)
            acceptor = Acceptor(AcceptorKind.MERCHANT, till.merchant_id)
        assert acceptor_row is not None
        return TillPrincipal(
            till_id=till.id,
            name=till.name,
            acceptor=acceptor,
            acceptor_name=acceptor_row.name,
            timezone=acceptor_row.timezone,
            cutoff_hour=acceptor_row.cutoff_hour,
            offline_policy=dict(acceptor_row.offline_policy),
        )


def _unknown() -> Problem:
    return Problem(
        401, "unauthorized", "The token is not valid.", headers={"WWW-Authenticate": "Bearer"}
    )


def require_admin(
    db: Annotated[Database, Depends(database)],
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Let only the admin token through."""
    token = _token(creds)
    if _is_admin(db, token):
        return
    if _till(db, token) is not None:
        raise Problem(403, "forbidden", "A till's token cannot make back-office calls.")
    raise _unknown()


def require_till(
    db: Annotated[Database, Depends(database)],
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> TillPrincipal:
    """Let only a till's (unrevoked) device token through; return the till."""
    token = _token(creds)
    till = _till(db, token)
    if till is not None:
        return till
    if _is_admin(db, token):
        raise Problem(403, "forbidden", "This call is for tills; use a till's device token.")
    raise _unknown()


def require_any(
    db: Annotated[Database, Depends(database)],
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> TillPrincipal | None:
    """Let the admin (None) or a till (its principal) through."""
    token = _token(creds)
    if _is_admin(db, token):
        return None
    till = _till(db, token)
    if till is None:
        raise _unknown()
    return till


DB = Annotated[Database, Depends(database)]
Settings = Annotated[CentralSettings, Depends(get_settings)]
AdminOnly = Annotated[None, Depends(require_admin)]
TillOnly = Annotated[TillPrincipal, Depends(require_till)]
AdminOrTill = Annotated[TillPrincipal | None, Depends(require_any)]
