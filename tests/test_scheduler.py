"""The scheduler: runs what is due on its cadence, one run per source at a time, stops cleanly on Ctrl-C."""
import dataclasses
import os
import signal
import threading
from datetime import datetime, timedelta, timezone

import pytest

from collectors import runner, scheduler
from collectors.http import PoliteClient
from treaty_monitor import sources, store

UNTC_XML = "tests/fixtures/untc_status/XVIII-16.format-illustration.xml"


@pytest.fixture
def only_untc_on_loopback(httpserver, monkeypatch):
    """The registry reduced to untc_status served by a local server (no test touches the internet)."""
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/XVIII-16.en.xml").respond_with_data(open(UNTC_XML, "rb").read(),
                                                                    content_type="application/xml")
    local = dataclasses.replace(sources.SOURCES["untc_status"], urls=(httpserver.url_for("/XVIII-16.en.xml"),))
    monkeypatch.setattr(sources, "SOURCES", {"untc_status": local})
    monkeypatch.setattr("treaty_monitor.freshness.SOURCES", {"untc_status": local})
    monkeypatch.setattr("collectors.registry.SOURCES", {"untc_status": local})
    monkeypatch.setattr(runner, "PoliteClient", lambda: PoliteClient(backoff=0.01))
    monkeypatch.setattr(scheduler, "TICK_SECONDS", 0.2)
    return httpserver


def _runs(engine, trigger):
    from treaty_monitor import queries
    frame = queries.runs(engine, "untc_status")
    return frame[frame["trigger"] == trigger]


def test_a_source_is_due_when_its_cadence_has_passed(engine, only_untc_on_loopback):
    now = datetime(2026, 11, 28, tzinfo=timezone.utc)
    assert scheduler.due_sources(engine, now) == ["untc_status"]  # never run: due at once
    runner.run_source("untc_status", engine, trigger="schedule")
    assert scheduler.due_sources(engine, datetime.now(timezone.utc)) == []
    assert scheduler.due_sources(engine, datetime.now(timezone.utc) + timedelta(days=1, minutes=1)) == ["untc_status"]


def test_run_forever_runs_what_is_due_once_and_stops_when_asked(engine, only_untc_on_loopback):
    stop = threading.Event()
    worker = threading.Thread(target=scheduler.run_forever, args=(engine, stop))
    worker.start()
    deadline = datetime.now() + timedelta(seconds=30)
    while _runs(engine, "schedule").empty and datetime.now() < deadline:
        stop.wait(0.2)
    stop.wait(1.0)  # several more ticks: nothing else is due
    stop.set()
    worker.join(10)
    assert not worker.is_alive()
    done = _runs(engine, "schedule")
    assert len(done) == 1 and done.iloc[0]["status"] == "success"


def test_a_source_already_running_elsewhere_is_skipped(engine, only_untc_on_loopback):
    assert store.acquire_lock(engine, "untc_status")  # e.g. a cron run in another process
    outcome = runner.run_source("untc_status", engine, trigger="schedule")
    assert outcome.status == "skipped" and "in progress" in outcome.error
    assert _runs(engine, "schedule").empty


def test_ctrl_c_stops_the_scheduler_cleanly(engine, only_untc_on_loopback):
    before = signal.getsignal(signal.SIGINT)
    timer = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        assert scheduler.run_forever(engine) == 0  # returns instead of raising KeyboardInterrupt
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, before)
    with engine.connect() as conn:  # no lock left behind
        assert conn.exec_driver_sql("SELECT count(*) FROM source_locks").scalar() == 0
