"""The FastAPI application: routers, problem documents, body limit, health."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI
from sqlalchemy import select, text

from posapp import __version__
from posapp.central import (
    acceptors,
    codes,
    export,
    issuing,
    keys_api,
    ledger,
    members,
    orders,
    problems,
    products,
    redemptions,
    reversals,
    rules,
    stats,
    sync_feed,
    tills,
    users,
    vouchers,
    where,
)
from posapp.central.auth import DB
from posapp.central.bootstrap import prepare
from posapp.central.db import Database
from posapp.central.limits import BodyLimit
from posapp.central.settings import CentralSettings
from posapp.domain.timeutil import to_iso, utcnow

health_router = APIRouter(tags=["health"])


@health_router.get("/v1/health", summary="Is the service up and its database reachable")
def health(db: DB) -> dict[str, Any]:
    with db.read() as s:
        s.execute(select(text("1")))
    return {"status": "ok", "version": __version__, "server_time": to_iso(utcnow())}


def create_app(settings: CentralSettings, db: Database | None = None) -> FastAPI:
    """Build the app on settings; db defaults to a new Database (already prepared)."""
    app = FastAPI(
        title="posapp central coupon service",
        version="1.0.0",
        description="Rules, code batches, issuing and exactly-once redemption. See docs/API.md.",
    )
    app.state.settings = settings
    app.state.db = db or Database(settings.db_url)
    problems.install(app)
    for module in (
        acceptors,
        tills,
        users,
        rules,
        codes,
        export,
        issuing,
        members,
        products,
        orders,
        keys_api,
        vouchers,
        where,
        sync_feed,
        redemptions,
        reversals,
        ledger,
        stats,
    ):
        app.include_router(module.router)
    app.include_router(health_router)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    return app


def app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory` workers: settings from the environment, db prepared."""
    settings = CentralSettings.load()
    db = Database(settings.db_url)
    prepare(db, settings)
    return create_app(settings, db)


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document of the app, without touching a database."""
    app = create_app(CentralSettings(db_url="sqlite://"))
    return app.openapi()
