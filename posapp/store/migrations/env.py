"""Alembic environment of the till database: the shared runner, with the till's models."""

from posapp.dbkit.migrations import run_env
from posapp.store.models import Base

run_env(Base.metadata)
