"""Shared fixtures: a database per test, on SQLite always and on PostgreSQL when one is configured.

* ``database_url``: the URL of an EMPTY database (no tables). SQLite in ``tmp_path``; and, when the
  environment variable ``MONITOR_TEST_POSTGRES_URL`` is set (for example
  ``postgresql+psycopg://postgres@127.0.0.1:55432/monitor_test``), a second run of each test on that
  PostgreSQL database, reset with ``DROP SCHEMA public CASCADE; CREATE SCHEMA public`` before the test.
  Under pytest-xdist each worker uses its own database (``<name>_gw0``, ...), created on first use.
  ``MONITOR_DATABASE_URL`` points at it, so code that calls ``db.get_engine()`` / ``db.prepare()``
  without arguments (the CLI, in process) uses the same database.
* ``engine``: that database migrated to the current schema, with the country table loaded, NO seed.
* ``seeded_engine``: the same after ``db.prepare``: the bundled snapshot loaded.
* autouse: ``MONITOR_RAW_DIR`` and ``MONITOR_DATABASE_URL`` point into ``tmp_path``, so no test writes
  the repository's data/monitor.db or data/raw/; ``db.get_engine``'s cache is cleared around each test.

Nothing here touches the internet; HTTP tests use pytest-httpserver's ``httpserver`` on loopback.
"""
from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from browser_support import browser, dashboard, page  # noqa: F401  (browser fixtures, see browser_support.py)
from support import app_db, seeded_template  # noqa: F401  (page-test fixtures, see support.py)
from treaty_monitor import db, migrations, reference

POSTGRES_URL = os.environ.get("MONITOR_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


@pytest.fixture(autouse=True)
def _isolated_paths(tmp_path, monkeypatch):
    """Raw archive and default database in tmp_path; a fresh engine cache for every test."""
    monkeypatch.setenv("MONITOR_RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.setenv("MONITOR_FEEDS_DIR", str(tmp_path / "feeds"))
    monkeypatch.setenv("MONITOR_DATABASE_URL", f"sqlite:///{tmp_path / 'monitor.db'}")
    db.get_engine.cache_clear()
    yield
    db.get_engine().dispose()  # the engine code made from MONITOR_DATABASE_URL, if any (lazy: no connect)
    db.get_engine.cache_clear()


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path, monkeypatch) -> str:
    """The URL of an empty database (see the module docstring); also set as MONITOR_DATABASE_URL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'monitor.db'}"
    else:
        url = _postgres_url_for_worker(POSTGRES_URL)
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
    monkeypatch.setenv("MONITOR_DATABASE_URL", url)
    yield url
    db.get_engine(url).dispose()  # close pooled connections (the next test drops the schema)


@pytest.fixture
def engine(database_url) -> sa.Engine:
    """A migrated, empty (unseeded) database with the country table loaded."""
    engine = db.get_engine(database_url)
    migrations.upgrade(engine)
    reference.load_countries(engine)
    return engine


@pytest.fixture
def seeded_engine(engine) -> sa.Engine:
    """The database as a first start leaves it: the bundled snapshot loaded."""
    return db.prepare(engine)


def _postgres_url_for_worker(url: str) -> str:
    """Under pytest-xdist, one database per worker (created if missing), so resets do not collide."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = sa.engine.make_url(url)
    mine = base.set(database=f"{base.database}_{worker}")
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"),
                              {"n": mine.database}).scalar()
        if not exists:
            conn.execute(sa.text(f'CREATE DATABASE "{mine.database}"'))
    admin.dispose()
    return mine.render_as_string(hide_password=False)
