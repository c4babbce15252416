"""Helpers for page tests: a seeded database per test and Streamlit's AppTest on a page script."""
from __future__ import annotations

import shutil
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from treaty_monitor import db

ROOT = Path(__file__).resolve().parent.parent


def reset_streamlit_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()
    db.get_engine.cache_clear()


def seeded_copy(template: Path, target: Path) -> str:
    """Copy a prepared SQLite database (made once per session) and return its URL."""
    shutil.copy(template, target)
    return f"sqlite:///{target}"


def make_template(path: Path) -> Path:
    engine = db.get_engine(f"sqlite:///{path}")
    db.prepare(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    db.get_engine.cache_clear()
    return path


def url_notes(at: AppTest) -> list[str]:
    """The notes a page shows about invalid values in its link (not the freshness warnings)."""
    return [w.value for w in at.warning if "not valid here" in w.value]


def open_page(script: str, timeout: float = 60, **params: str) -> AppTest:
    """Run ``script`` (relative to the repo) with the given URL query parameters."""
    at = AppTest.from_file(str(ROOT / script), default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory) -> Path:
    return make_template(tmp_path_factory.mktemp("template") / "seeded.db")


@pytest.fixture
def app_db(seeded_template, tmp_path, monkeypatch) -> str:
    """A seeded SQLite database for the dashboard under test (imported by page test modules)."""
    url = seeded_copy(seeded_template, tmp_path / "monitor.db")
    monkeypatch.setenv("MONITOR_DATABASE_URL", url)
    reset_streamlit_caches()
    yield url
    reset_streamlit_caches()
