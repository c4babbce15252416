"""Paths and settings, read from the environment where a deployment needs to change them."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SEED_DIR = DATA_DIR / "seed"
STATIC_DIR = ROOT / "static"
PROJECT_URL = "https://github.com/cybercrime-treaty-monitor/monitor"
VERSION = "0.1.0"
USER_AGENT = f"CybercrimeTreatyMonitor/{VERSION} (+{PROJECT_URL}; civil-society monitoring tool)"


def database_url() -> str:
    """``MONITOR_DATABASE_URL`` (e.g. ``postgresql+psycopg://user@host/db``) or SQLite at data/monitor.db."""
    return os.environ.get("MONITOR_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'monitor.db'}"


def raw_dir() -> Path:
    """Where raw responses are archived (``MONITOR_RAW_DIR`` overrides, e.g. for tests)."""
    return Path(os.environ.get("MONITOR_RAW_DIR") or DATA_DIR / "raw")
