"""Versioned schema: numbered migrations are the single description of every table.

Each module ``mNNNN_<name>.py`` has ``upgrade(op)`` and calls ``op.create_table`` / ``op.add_column`` /
``op.create_index``. Replayed on an empty ``MetaData`` with no connection, the migrations *build* the
current schema (``treaty_monitor.schema``); replayed against a database, the pending ones *change* it.
So a table is written down once, and a database made by an older version upgrades in place: only the
migrations it has not seen run, each in its own transaction, recorded in ``schema_migrations``.
"""
from __future__ import annotations

import importlib
import pkgutil
from datetime import datetime, timezone

import sqlalchemy as sa

_VERSIONS = sa.MetaData()
schema_migrations = sa.Table(
    "schema_migrations",
    _VERSIONS,
    sa.Column("version", sa.String(64), primary_key=True),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)


class Ops:
    """The operations a migration may use; DDL runs only when a connection is given."""

    def __init__(self, metadata: sa.MetaData, conn: sa.Connection | None = None):
        self.metadata = metadata
        self.conn = conn

    def create_table(self, name: str, *columns: sa.SchemaItem) -> None:
        table = sa.Table(name, self.metadata, *columns)
        if self.conn is not None:
            table.create(self.conn)

    def add_column(self, table_name: str, column: sa.Column) -> None:
        table = self.metadata.tables[table_name]
        table.append_column(column)
        if self.conn is not None:
            ddl = sa.schema.CreateColumn(column).compile(dialect=self.conn.dialect)
            self.conn.execute(sa.text(f"ALTER TABLE {table_name} ADD COLUMN {ddl}"))

    def create_index(self, name: str, table_name: str, *column_names: str, unique: bool = False) -> None:
        table = self.metadata.tables[table_name]
        index = sa.Index(name, *(table.c[c] for c in column_names), unique=unique)
        if self.conn is not None:
            index.create(self.conn)


def all_versions() -> list[str]:
    """Migration module names in the order they apply (their number prefix sorts them)."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("m"))


def _upgrade_fn(version: str):
    return importlib.import_module(f"{__name__}.{version}").upgrade


def build_metadata(up_to: str | None = None) -> sa.MetaData:
    """The schema as the migrations describe it (all of them, or those up to ``up_to``)."""
    metadata = sa.MetaData()
    ops = Ops(metadata)
    for version in all_versions():
        _upgrade_fn(version)(ops)
        if version == up_to:
            break
    return metadata


def applied_versions(engine: sa.Engine) -> list[str]:
    with engine.begin() as conn:
        _VERSIONS.create_all(conn)
        return sorted(conn.execute(sa.select(schema_migrations.c.version)).scalars())


def upgrade(engine: sa.Engine, target: str | None = None) -> list[str]:
    """Apply pending migrations (up to ``target``); return the versions applied now."""
    done = set(applied_versions(engine))
    metadata = sa.MetaData()
    applied_now = []
    for version in all_versions():
        if version in done:
            _upgrade_fn(version)(Ops(metadata))  # know the tables as they stand
        else:
            with engine.begin() as conn:
                _upgrade_fn(version)(Ops(metadata, conn))
                conn.execute(
                    schema_migrations.insert().values(version=version, applied_at=datetime.now(timezone.utc))
                )
            applied_now.append(version)
        if version == target:
            break
    return applied_now


def provenance_columns() -> list[sa.Column]:
    """The columns every data table carries: which source, which URL, when, and which raw response.

    Frozen: migrations already applied depend on it. A new kind of provenance is a new helper.
    """
    return [
        sa.Column("source_id", sa.String(64), nullable=False, index=True),
        sa.Column("source_url", sa.Text),
        sa.Column("retrieved_at", sa.DateTime(timezone=True)),
        sa.Column("raw_response_id", sa.Integer),
    ]
