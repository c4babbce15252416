"""The incident collectors end to end over a local HTTP server: keepiton (the 2020 CSV sheet and a current-layout
XLSX workbook) and ngo_feeds (several feeds, some failing); and ``python -m collectors parse`` for both."""
from __future__ import annotations

import csv
import dataclasses
import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug import Response

from collectors import keepiton, runner
from collectors.http import PoliteClient
from treaty_monitor import schema, sources
from treaty_monitor.ngo_feed_list import feed_list

from test_keepiton import ONGOING_SUDAN, build_workbook, current_row

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHEET_2020 = FIXTURES / "keepiton" / "stop_2020_sheet.csv"
FEEDS = FIXTURES / "ngo_feeds"
N_2020 = len(keepiton.parse(SHEET_2020.read_bytes(), "x").tables["incidents"])


@pytest.fixture
def server(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    return httpserver


@pytest.fixture
def waits():
    return []


@pytest.fixture
def client(waits):
    return PoliteClient(backoff=0.01, timeout=(1, 1), max_retries=0, sleep=waits.append)


def use_urls(monkeypatch, source_id: str, urls) -> None:
    monkeypatch.setitem(sources.SOURCES, source_id, dataclasses.replace(sources.SOURCES[source_id], urls=tuple(urls)))


def rows(engine, table: str) -> list[dict]:
    t = schema.table(table)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(t).order_by(t.c.id)).mappings()]


def count(engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(schema.table(table))).scalar()


# ---- registry ------------------------------------------------------------------------------------------------

def test_registry_lists_every_configured_feed_and_the_stop_sheet():
    assert set(sources.SOURCES["ngo_feeds"].urls) == {feed.url for feed in feed_list()}
    assert sources.SOURCES["ngo_feeds"].cadence.total_seconds() == 6 * 3600
    keep = sources.SOURCES["keepiton"]
    assert keep.urls == ("https://docs.google.com/spreadsheets/d/1DvPAuHNLp5BXGb0nnZDGNoiIwEeu2ogdXEIDvT4Hyfk"
                         "/export?format=xlsx",)
    assert "Access Now" in keep.attribution and "shutdown-tracker-optimization-project" in keep.method
    assert keep.topics == ("incidents",) and keep.cadence.days == 7


# ---- keepiton -----------------------------------------------------------------------------------------------

def test_keepiton_run_over_the_2020_sheet_then_a_rerun_writes_nothing(engine, server, client, monkeypatch):
    server.expect_request("/stop.csv").respond_with_data(SHEET_2020.read_bytes(), content_type="text/csv")
    use_urls(monkeypatch, "keepiton", [server.url_for("/stop.csv")])
    outcome = runner.run_source("keepiton", engine, client)
    assert outcome.status == "success", outcome.error
    assert outcome.counts.new == N_2020
    stored = rows(engine, "incidents")
    assert len(stored) == N_2020 and {r["source_id"] for r in stored} == {"keepiton"}
    assert {r["verification"] for r in stored} == {"reported"} and {r["category"] for r in stored} == {"shutdown"}
    assert all(r["raw_response_id"] for r in stored)
    events = count(engine, "change_events")

    again = runner.run_source("keepiton", engine, client)
    assert again.status == "success", again.error
    assert (again.counts.new, again.counts.changed, again.counts.removed) == (0, 0, 0)
    assert rows(engine, "incidents") == stored and count(engine, "change_events") == events


def test_keepiton_run_over_a_current_workbook(engine, server, client, monkeypatch):
    workbook = build_workbook([
        ONGOING_SUDAN,
        current_row(start_date="7/1/2024", end_date="7/3/2024", duration=3, country="Mali; Burkina Faso",
                    geo_scope="National", shutdown_type="Throttle", info_source_link="https://a.example/1"),
    ])
    server.expect_request("/stop.xlsx").respond_with_data(
        workbook, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    use_urls(monkeypatch, "keepiton", [server.url_for("/stop.xlsx")])
    outcome = runner.run_source("keepiton", engine, client)
    assert outcome.status == "success", outcome.error
    stored = {r["iso3"]: r for r in rows(engine, "incidents")}
    assert set(stored) == {"SDN", "MLI", "BFA"}
    assert stored["SDN"]["ongoing"] is True and stored["SDN"]["end_date"] is None
    assert stored["MLI"]["event_key"] == stored["BFA"]["event_key"]


def test_keepiton_maintenance_page_fails_and_keeps_the_last_good_data(engine, server, client, monkeypatch):
    server.expect_request("/stop.csv").respond_with_data(SHEET_2020.read_bytes(), content_type="text/csv")
    use_urls(monkeypatch, "keepiton", [server.url_for("/stop.csv")])
    assert runner.run_source("keepiton", engine, client).status == "success"
    before = rows(engine, "incidents")
    server.clear()
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    server.expect_request("/stop.csv").respond_with_data("<html><body>Sign in</body></html>", content_type="text/html")
    outcome = runner.run_source("keepiton", engine, client)
    assert outcome.status == "failed" and "expected the Access Now STOP sheet" in outcome.error
    assert rows(engine, "incidents") == before


# ---- ngo_feeds ----------------------------------------------------------------------------------------------

GOOD_FEEDS = {"/rss.xml": "rss2_sample.xml", "/atom.xml": "atom_sample.xml", "/eff.xml": "eff_deeplinks_excerpt.xml"}


@pytest.fixture
def feeds(server):
    """Three good feeds, one timing out, one answering 500, one serving an HTML page; returns the URLs."""
    for path, name in GOOD_FEEDS.items():
        server.expect_request(path).respond_with_data((FEEDS / name).read_bytes(), content_type="application/rss+xml")
    release = threading.Event()

    def slow(request):
        release.wait(1.5)  # longer than the client's 1 s read timeout
        return Response("<rss/>", content_type="application/rss+xml")

    server.expect_request("/slow.xml").respond_with_handler(slow)
    server.expect_request("/down.xml").respond_with_data("boom", status=500)
    server.expect_request("/login.xml").respond_with_data("<!doctype html><html><body>Sign in</body></html>",
                                                          content_type="text/html")
    urls = [server.url_for(p) for p in ("/rss.xml", "/slow.xml", "/atom.xml", "/down.xml", "/login.xml", "/eff.xml")]
    yield urls
    release.set()


def expected_reports() -> int:
    from collectors import ngo_feeds
    return sum(len(ngo_feeds.parse((FEEDS / name).read_bytes(), "http://x/").tables.get("reports", []))
               for name in GOOD_FEEDS.values())


def test_ngo_feeds_one_failing_feed_loses_no_other_items(engine, feeds, client, monkeypatch):
    use_urls(monkeypatch, "ngo_feeds", feeds)
    outcome = runner.run_source("ngo_feeds", engine, client)
    assert outcome.status == "success", outcome.error
    skipped = [w for w in outcome.warnings if w.startswith("feed skipped:")]
    assert len(skipped) == 3, outcome.warnings
    assert any("/slow.xml" in w and "ReadTimeout" in w for w in skipped)
    assert any("/down.xml" in w and "HTTP 500" in w for w in skipped)
    assert any("/login.xml" in w and "HTML page" in w for w in skipped)
    reports = rows(engine, "reports")
    assert len(reports) == expected_reports() > 0
    assert {r["source_url"] for r in reports} == {feeds[0], feeds[2], feeds[5]}
    leads = rows(engine, "leads")
    assert leads and {r["verification"] for r in leads} == {"lead"} and {r["source_id"] for r in leads} == {"ngo_feeds"}
    assert count(engine, "incidents") == 0  # a lead is not an incident
    run = rows(engine, "collector_runs")[-1]
    assert run["status"] == "success" and "feed skipped" in run["warnings"]

    events = count(engine, "change_events")
    again = runner.run_source("ngo_feeds", engine, client)
    assert again.status == "success", again.error
    assert (again.counts.new, again.counts.changed) == (0, 0)
    assert rows(engine, "reports") == reports and count(engine, "change_events") == events


def test_ngo_feeds_run_fails_only_when_every_feed_fails(engine, feeds, client, monkeypatch):
    use_urls(monkeypatch, "ngo_feeds", [feeds[3], feeds[4]])
    outcome = runner.run_source("ngo_feeds", engine, client)
    assert outcome.status == "failed"
    assert outcome.error.startswith("all 2 feeds failed:") and "\n" not in outcome.error
    assert count(engine, "reports") == 0


# ---- python -m collectors parse ----------------------------------------------------------------------------------

def parse_cli(*args) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "collectors", "parse", *map(str, args)], cwd=ROOT,
                          env=os.environ | {"PYTHONIOENCODING": "utf-8"}, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


def test_parse_keepiton_prints_one_row_per_incident_and_country(tmp_path):
    printed = parse_cli("keepiton", SHEET_2020)
    assert {"iso3", "start_date", "end_date", "category"} <= set(printed[0])
    assert len(printed) == N_2020
    assert all(len(row["iso3"]) == 3 for row in printed) and {row["category"] for row in printed} == {"shutdown"}
    path = tmp_path / "stop.xlsx"
    path.write_bytes(build_workbook([current_row(start_date="7/1/2024", end_date="7/3/2024", country="Mali; Burkina Faso",
                                                 shutdown_type="Throttle")]))
    printed = parse_cli("keepiton", path)  # a multi-country row: one line per country
    assert [(r["iso3"], r["start_date"], r["end_date"]) for r in printed] == [
        ("MLI", "2024-07-01", "2024-07-03"), ("BFA", "2024-07-01", "2024-07-03")]
    assert printed[0]["event_key"] == printed[1]["event_key"]


def test_parse_ngo_feeds_prints_one_row_per_item():
    printed = parse_cli("ngo_feeds", FEEDS / "rss2_sample.xml")
    assert {"title", "url", "published", "countries", "category"} <= set(printed[0])
    egypt = next(r for r in printed if r["title"].startswith("Egypt"))
    assert [c.strip() for c in egypt["countries"].split(";")] == ["EGY"] and egypt["category"] == "arrest"
    assert any(r["category"] == "" for r in printed)  # empty when no category applies
    assert not any(r["url"].startswith("javascript:") for r in printed)
