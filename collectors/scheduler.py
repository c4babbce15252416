"""One long-lived process that runs every source on its cadence (the alternative to cron)."""
from __future__ import annotations

import logging
import signal
import threading
from datetime import datetime, timezone

import sqlalchemy as sa

from treaty_monitor import freshness
from . import runner

log = logging.getLogger(__name__)
TICK_SECONDS = 30


def due_sources(engine: sa.Engine, now: datetime) -> list[str]:
    table = freshness.freshness_table(engine, now)
    return list(table.loc[table["next_run"] <= now, "source_id"])


def run_forever(engine: sa.Engine, stop: threading.Event | None = None) -> int:
    """Run due sources one after another; SIGINT/SIGTERM stop it between runs (or abort the current one)."""
    stop = stop or threading.Event()

    def request_stop(signum, _frame):
        if stop.is_set():
            raise KeyboardInterrupt  # a second Ctrl-C aborts the run in progress
        log.info("stopping after the current run (press Ctrl-C again to abort it)")
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
    log.info("scheduler started")
    try:
        while not stop.is_set():
            for source_id in due_sources(engine, datetime.now(timezone.utc)):
                if stop.is_set():
                    break
                outcome = runner.run_source(source_id, engine, trigger="schedule")
                log.info("%s: %s %s", source_id, outcome.status, outcome.error or "")
            stop.wait(TICK_SECONDS)
    except KeyboardInterrupt:
        log.info("aborted")
    log.info("scheduler stopped")
    return 0
