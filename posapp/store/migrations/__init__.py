"""Alembic migrations of the till database, run on open (see posapp.store.migrate)."""
