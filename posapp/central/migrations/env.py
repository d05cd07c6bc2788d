"""Alembic environment of the service database: the shared runner, with the service's models."""

from posapp.central.models import Base
from posapp.dbkit.migrations import run_env

run_env(Base.metadata)
