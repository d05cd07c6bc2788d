"""What both schemas declare alike: constraint names and the aware-UTC instant column.

Instants are aware UTC in Python everywhere. The column is ``DateTime(timezone=True)``:
``timestamptz`` on PostgreSQL. SQLite has no zone type: there the UTC wall time is kept
as text, byte for byte what a plain ``DateTime()`` writes, so the till's migrations (which
say ``sa.DateTime()``) and the databases they made match this type as they are.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Dialect, MetaData, TypeDecorator

# Constraint and index names Alembic can find again on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Aware instants in, aware UTC out; a naive datetime is refused, never guessed at."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime reached the database: instants must carry a time zone")
        value = value.astimezone(UTC)
        # SQLite would drop the offset silently; drop it here, after converting to UTC.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite: stored as UTC wall time
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def naming_metadata() -> MetaData:
    """A MetaData for a declarative Base, with the shared constraint names."""
    return MetaData(naming_convention=NAMING)


def annotation_types() -> dict[Any, Any]:
    """Column types for annotations both schemas use: instants and JSON objects."""
    return {datetime: UtcDateTime(), dict[str, Any]: JSON()}
