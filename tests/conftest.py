"""Fixtures shared by every test package."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

PG_ENV = "POSAPP_TEST_PG_URL"


def _pg_admin_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def make_pg_database() -> tuple[str, str]:
    """Create an empty PostgreSQL database; return (sqlalchemy url, name). Skips when unset."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = _pg_admin_url()
    if admin is None:
        pytest.skip(
            f"PostgreSQL tests need {PG_ENV} (e.g. postgresql+psycopg://postgres@127.0.0.1/test)"
        )
    name = f"posapp_t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(admin).set(database=name).render_as_string(hide_password=False), name


def drop_pg_database(name: str) -> None:
    from sqlalchemy import create_engine, text

    admin = _pg_admin_url()
    assert admin is not None
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    url, name = make_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A fresh central-service database URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('central') / 'central.sqlite3'}"
        return
    url, name = make_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(name)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def module_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """db_url, once per test module: for modules whose tests share one service."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('central') / 'central.sqlite3'}"
        return
    url, name = make_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(name)


@pytest.fixture(scope="module")
def module_central_server(module_db_url: str) -> Iterator[Any]:
    """One real service for a whole test module (its tests keep out of each other's way)."""
    from posapp.central.runner import start_in_thread

    server = start_in_thread(module_db_url)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def central_server(db_url: str) -> Iterator[Any]:
    """The real central service on a loopback port, on SQLite and on PostgreSQL.

    Yields a `posapp.central.runner.RunningServer` (`.url`, `.admin_token`); stopped after.
    """
    from posapp.central.runner import start_in_thread

    server = start_in_thread(db_url)
    try:
        yield server
    finally:
        server.stop()
