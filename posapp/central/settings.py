"""The central service's one settings object: declared once, with types and defaults.

Precedence is command line > environment variable > default, as for the till's paths.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

DB_ENV = "POSAPP_CENTRAL_DB"
ADMIN_TOKEN_ENV = "POSAPP_ADMIN_TOKEN"


@dataclass(frozen=True)
class CentralSettings:
    db_url: str
    # The admin token as given (CLI or env); None means "use the stored one, or make one".
    admin_token: str | None = None
    max_body_bytes: int = 2 * 1024 * 1024
    # Published in /v1/me; longer than DEFAULT_OFFLINE_POLICY lets a till stay offline.
    idempotency_ttl_days: int = 30
    # An in-flight idempotency key older than this was left by a crashed request; take it over.
    idempotency_lease_s: int = 60
    sync_default_limit: int = 1000
    sync_max_limit: int = 5000
    batch_max_codes: int = 100_000
    batch_max_redemptions: int = 1000
    code_length: int = 12
    # How far a till's clock may run ahead of ours before its redeemed_at is refused.
    max_clock_skew_s: int = 600

    @classmethod
    def from_env(cls, db_url: str | None = None, admin_token: str | None = None) -> CentralSettings:
        """Build settings from arguments, falling back to the environment."""
        url = db_url or os.environ.get(DB_ENV)
        if not url:
            raise ValueError(f"no database: pass --db or set {DB_ENV}")
        token = admin_token or os.environ.get(ADMIN_TOKEN_ENV) or None
        return cls(db_url=url, admin_token=token)
