"""The central service's one settings object: declared once, with types and defaults.

Built by posapp.settings.load_settings: command line > environment (POSAPP_CENTRAL_<NAME>,
and the two historic names below) > a settings file (--config or POSAPP_CENTRAL_CONFIG,
TOML or JSON) > default.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from posapp.settings import env_name, load_settings

DB_ENV = "POSAPP_CENTRAL_DB"
ADMIN_TOKEN_ENV = "POSAPP_ADMIN_TOKEN"
CONFIG_ENV = "POSAPP_CENTRAL_CONFIG"
ENV_PREFIX = "POSAPP_CENTRAL_"


@dataclass(frozen=True)
class CentralSettings:
    db_url: str = field(default="", metadata={"env": DB_ENV})
    # The admin token as given; None means "use the stored one, or make one".
    admin_token: str | None = field(default=None, repr=False, metadata={"env": ADMIN_TOKEN_ENV})
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
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
    def load(
        cls,
        cli: dict[str, Any] | None = None,
        *,
        config: Path | None = None,
        default_db: str | None = None,
    ) -> CentralSettings:
        """Build the settings; default_db is used when no database is given anywhere."""
        file = config or (Path(os.environ[CONFIG_ENV]) if os.environ.get(CONFIG_ENV) else None)
        settings = load_settings(cls, cli=cli, env_prefix=ENV_PREFIX, file=file)
        if not settings.db_url:
            if default_db is None:
                raise ValueError(f"no database: pass --db or set {DB_ENV}")
            settings = dataclasses.replace(settings, db_url=default_db)
        return settings

    def to_environ(self) -> dict[str, str]:
        """These settings as environment variables, for worker processes to load the same."""
        out = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is not None:
                out[env_name(f, ENV_PREFIX)] = str(value)
        return out
