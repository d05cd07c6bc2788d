"""Rows for migration tests: written with plain SQL into a database at an old revision, read
back through the models once it is at head.

A test gives hand-written values for the tables it knows; every other column and table the
schema has at that revision (a later migration's, say) is filled in from its type, following
foreign keys, so the walk over every revision needs no edit when a migration is added.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    bindparam,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Session

Rows = dict[str, dict[str, Any]]  # table -> column -> value

INSTANT = datetime(2026, 11, 23, 6, 2, 3, 456000, tzinfo=UTC)


def _filler(table: Table, column: Column[Any]) -> Any:
    kind = column.type
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, Integer | Numeric):
        return 1
    if isinstance(kind, DateTime):
        return INSTANT
    if isinstance(kind, JSON):
        return {}
    if isinstance(kind, LargeBinary):
        return b"\x00"
    if isinstance(kind, String):
        return f"{table.name}.{column.name}"[: kind.length or None]
    raise AssertionError(
        f"no value for {table.name}.{column.name} ({kind}): give one in the test's rows"
    )


def _row(table: Table, given: dict[str, Any], written: Rows) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for column in table.columns:
        if column.name in given:
            row[column.name] = given[column.name]
            continue
        if column.nullable or column.server_default is not None:
            continue  # NULL or the schema's default: what an old row has
        parents = [fk.column for fk in column.foreign_keys]
        if parents and parents[0].table.name in written:
            row[column.name] = written[parents[0].table.name][parents[0].name]
        else:
            row[column.name] = _filler(table, column)
    return row


def insert_rows(conn: Connection, given: Rows) -> Rows:
    """Write one row into every table of conn's schema as it is now; return what went in.

    Tables a migration already filled (a counter row, say) are left as they are.
    """
    schema = MetaData()
    schema.reflect(conn)
    quote = conn.dialect.identifier_preparer.quote
    written: Rows = {}
    for table in schema.sorted_tables:  # parents before children
        if table.name == "alembic_version":
            continue
        if conn.execute(select(func.count()).select_from(table)).scalar_one():
            continue
        row = _row(table, given.get(table.name, {}), written)
        names = list(row)
        sql = text(
            f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
            f"VALUES ({', '.join(':' + n for n in names)})"
        ).bindparams(*(bindparam(n, type_=table.c[n].type) for n in names))
        conn.execute(sql, row)
        written[table.name] = row
    return written


def check_rows(session: Session, base: type[DeclarativeBase], written: Rows) -> list[str]:
    """Load every written row through the models; say what is missing or changed ([]: none)."""
    models = {m.local_table.name: m for m in base.registry.mappers}
    problems: list[str] = []
    for table, row in written.items():
        mapper = models.get(table)
        if mapper is None:
            continue  # the table was dropped by a later migration
        key = tuple(row[c.name] for c in mapper.primary_key)
        loaded = session.get(mapper.class_, key if len(key) > 1 else key[0])
        if loaded is None:
            problems.append(f"{table} {key} is gone")
            continue
        state = inspect(loaded)
        for name, value in row.items():
            if name not in mapper.local_table.c:
                continue  # dropped or renamed by a later migration
            attribute = mapper.get_property_by_column(mapper.local_table.c[name]).key
            got = state.attrs[attribute].value
            if got != value:
                problems.append(f"{table}.{name}: wrote {value!r}, read {got!r}")
    return problems


def metadata_copy(metadata: MetaData) -> MetaData:
    """A copy of metadata to change, so a test can make the models disagree with the migrations."""
    copy = MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.sorted_tables:
        table.to_metadata(copy)
    return copy
