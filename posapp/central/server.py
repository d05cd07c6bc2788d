"""`posapp server`: migrate, show a new admin token once, then serve with uvicorn."""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from posapp.central.settings import ADMIN_TOKEN_ENV, CentralSettings
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
    settings = CentralSettings.load(
        {"db_url": args.db, "host": args.host, "port": args.port, "workers": args.workers},
        config=Path(args.config) if args.config else None,
        default_db=f"sqlite:///{paths.central_db}",
    )
    db = Database(settings.db_url)
    new_token = prepare(db, settings)
    if new_token is not None:
        # Printed, never logged: this is the only time anyone sees it.
        print(f"Admin token (shown once; keep it safe, or set {ADMIN_TOKEN_ENV}):\n{new_token}")
    log.info("serving %s on %s:%s", db.engine.url.render_as_string(), settings.host, settings.port)
    if settings.workers > 1:
        db.close()
        # Each worker process loads its settings from the environment: give it ours.
        os.environ.update(settings.to_environ())
        uvicorn.run(
            "posapp.central.app:app_from_env",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=settings.workers,
            log_config=None,
        )
        return 0
    uvicorn.run(create_app(settings, db), host=settings.host, port=settings.port, log_config=None)
    return 0
