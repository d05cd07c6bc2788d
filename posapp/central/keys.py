"""The service's Ed25519 signing keys: made on first start, kept in the database.

Tills receive the public halves and key ids through sync; the private halves never leave.
"""

from __future__ import annotations

import base64
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from posapp.central.changes import next_seqs
from posapp.central.db import Database
from posapp.central.models import SigningKey
from posapp.domain.signing import generate_keypair
from posapp.domain.timeutil import to_iso, utcnow


def add_key(session: Session) -> SigningKey:
    """Make a new signing key; it signs every voucher from now on."""
    kid, private, public = generate_keypair()
    key = SigningKey(
        kid=kid,
        private_key=private,
        public_key=public,
        created_at=utcnow(),
        revoked=False,
        seq=0,
    )
    session.add(key)
    session.flush()
    key.seq = next_seqs(session)
    return key


def ensure_signing_key(db: Database) -> None:
    """Make the first signing key when there is none usable."""
    with db.write() as s:
        if signing_key(s) is None:
            add_key(s)


def signing_key(session: Session) -> SigningKey | None:
    """Return the newest key that is not revoked."""
    return session.scalars(
        select(SigningKey)
        .where(SigningKey.revoked.is_(False))
        .order_by(SigningKey.created_at.desc(), SigningKey.kid)
        .limit(1)
    ).first()


def public_keys(session: Session) -> tuple[dict[str, bytes], frozenset[str]]:
    """Return every known public key by kid, and the kids that are revoked."""
    rows = session.scalars(select(SigningKey)).all()
    return {k.kid: k.public_key for k in rows}, frozenset(k.kid for k in rows if k.revoked)


def key_to_dict(key: SigningKey) -> dict[str, Any]:
    return {
        "kid": key.kid,
        "public_key": base64.b64encode(key.public_key).decode("ascii"),
        "created_at": to_iso(key.created_at),
        "revoked": key.revoked,
    }
