"""The database: one engine per URL, SQLite tuned for a dashboard and collectors side by side."""
from __future__ import annotations

import functools
from pathlib import Path

import sqlalchemy as sa

from . import config, migrations


@functools.cache
def get_engine(url: str | None = None) -> sa.Engine:
    """An engine for ``url`` (default: ``config.database_url()``), created once per process."""
    url = url or config.database_url()
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 30})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets the dashboard read while a collector writes; the busy timeout makes writers queue.
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def prepare(engine: sa.Engine | None = None, *, seed: bool = True) -> sa.Engine:
    """Bring a database to the current schema, load reference data, and fill it from the seed when empty."""
    from . import reference, seed as seed_module  # late: both import this module

    engine = engine or get_engine()
    migrations.upgrade(engine)
    reference.load_countries(engine)
    if seed:
        seed_module.fill_if_empty(engine)
    return engine
