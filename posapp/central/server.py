"""`posapp server`: migrate, show a new admin token once, then serve with uvicorn."""

from __future__ import annotations

import argparse
import logging
import os

from posapp.central.settings import ADMIN_TOKEN_ENV, DB_ENV, CentralSettings
from posapp.logs import setup_logging
from posapp.settings import resolve_paths

log = logging.getLogger(__name__)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from posapp.central.app import create_app
    from posapp.central.bootstrap import prepare
    from posapp.central.db import Database

    paths = resolve_paths(args.data_dir).ensure()
    setup_logging(paths.log_dir)
    db_url = args.db or os.environ.get(DB_ENV) or f"sqlite:///{paths.central_db}"
    settings = CentralSettings.from_env(db_url=db_url)
    db = Database(settings.db_url)
    new_token = prepare(db, settings)
    if new_token is not None:
        # Printed, never logged: this is the only time anyone sees it.
        print(f"Admin token (shown once; keep it safe, or set {ADMIN_TOKEN_ENV}):\n{new_token}")
    log.info("serving %s on %s:%s", db.engine.url.render_as_string(), args.host, args.port)
    if args.workers > 1:
        db.close()
        os.environ[DB_ENV] = settings.db_url
        uvicorn.run(
            "posapp.central.app:app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_config=None,
        )
        return 0
    uvicorn.run(create_app(settings, db), host=args.host, port=args.port, log_config=None)
    return 0
