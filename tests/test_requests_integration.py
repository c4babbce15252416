"""Issue 6 integration: the transparency sources in the registry, the store round trip, the CLI on a ZIP,
the seed, the read queries and views. Nothing touches the internet (pytest-httpserver on loopback)."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from collectors import registry, runner
from collectors.http import PoliteClient
from collectors.transparency_microsoft import parse as parse_microsoft
from support import seeded_copy
from treaty_monitor import freshness, queries, request_queries as rq, schema, treaty
from treaty_monitor.sources import SOURCES

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
META_CSV = FIXTURES / "transparency_meta" / "PRPL-Facebook-Government-Report-2023_H1.csv"
REQUIRED = ["provider", "period_end", "iso3", "request_type", "requests", "accounts", "disclosed_pct"]


@pytest.fixture(scope="module")
def seeded(seeded_template, tmp_path_factory) -> sa.Engine:
    """A copy of the session's seeded SQLite database, shared by this module's read-only tests."""
    engine = sa.create_engine(seeded_copy(seeded_template, tmp_path_factory.mktemp("requests") / "seeded.db"))
    yield engine
    engine.dispose()


def test_one_registry_entry_per_provider_with_terms_and_method():
    for source_id in rq.SOURCE_IDS:
        source = SOURCES[source_id]
        assert source.urls and all(u.startswith("https://") for u in source.urls)
        assert "No licence statement found" in source.licence
        assert "Providers count differently" in source.method
        assert "data_requests" in source.tables and source.topics == ("requests",)
        assert registry.module(source_id).SOURCE_ID == source_id
    assert SOURCES["transparency_x"].cadence.days == 365
    assert "probably gone" in SOURCES["transparency_x"].method


def test_meta_run_stores_rows_and_an_unchanged_rerun_writes_nothing(engine, httpserver):
    httpserver.expect_request("/download/PRPL-Facebook-Government-Report-2023_H1.csv").respond_with_data(
        META_CSV.read_bytes(), content_type="text/csv")
    url = httpserver.url_for("/download/PRPL-Facebook-Government-Report-2023_H1.csv")
    client = PoliteClient(respect_robots=False, sleep=lambda _: None)

    first = runner.run_source("transparency_meta", engine, client, url=url)
    assert first.status == "success", first.error
    assert first.counts.new > 900 and first.counts.changed == 0
    t = schema.data_requests
    with engine.connect() as conn:
        stored = conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
        germany = conn.execute(sa.select(t).where(t.c.iso3 == "DEU", t.c.request_type == "all")).mappings().one()
        events = conn.execute(sa.select(sa.func.count()).select_from(schema.change_events)).scalar()
    assert stored == first.counts.new
    assert (germany["requests"], germany["accounts"], germany["disclosed_pct"]) == (20741, 29301, 72.0)
    assert germany["period_end"] == date(2023, 6, 30) and germany["source_url"] == url
    assert germany["retrieved_at"] is not None and germany["raw_response_id"] is not None

    second = runner.run_source("transparency_meta", engine, client, url=url)
    assert second.status in ("success", "unchanged"), second.error
    assert (second.counts.new, second.counts.changed, second.counts.removed) == (0, 0, 0)
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(t)).scalar() == stored
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.change_events)).scalar() == events


def test_cli_parses_a_google_zip_into_the_required_columns(tmp_path):
    archive = tmp_path / "google-user-data-requests.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name in ("google-global-user-data-requests.csv", "google-global-user-data-dlr-requests.csv",
                     "google-user-data-requests-README.txt"):
            z.write(FIXTURES / "transparency_google" / name, name)
    done = subprocess.run([sys.executable, "-m", "collectors", "parse", "transparency_google", str(archive)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows and set(REQUIRED) <= set(rows[0])
    assert {r["provider"] for r in rows} == {"Google"}
    assert {"diplomatic", "legal", "emergency"} <= {r["request_type"] for r in rows}
    germany = [r for r in rows if r["iso3"] == "DEU" and r["period_end"] == "2023-06-30"
               and r["request_type"] == "legal"]
    assert len(germany) == 1 and germany[0]["requests"] == "34630"


def test_microsoft_plain_korea_is_the_republic_of_korea_for_microsoft_only():
    path = FIXTURES / "transparency_microsoft" / "Microsoft-LERR-2013-H1.xlsx"
    result = parse_microsoft(path.read_bytes(), path.as_uri())
    korea = [r for r in result.rows("data_requests") if r["country_name"] in ("Korea", "Korea Republic Of")]
    assert korea and {r["iso3"] for r in korea} == {"KOR"}
    assert not [w for w in result.warnings if "unresolved" in w and "Korea" in w]
    from treaty_monitor import countries
    assert countries.resolve("Korea") is None  # not a global alias: ambiguous elsewhere


def test_seed_has_every_provider_and_reports_what_did_not_resolve(seeded):
    catalog = rq.request_catalog(seeded)
    assert set(catalog["provider"]) == set(rq.PROVIDERS)
    with seeded.connect() as conn:
        runs = {r.source_id: r for r in conn.execute(sa.select(schema.collector_runs)).all()}
        unresolved = conn.execute(sa.select(schema.removal_requests.c.country_name).distinct().where(
            schema.removal_requests.c.iso3.is_(None))).scalars().all()
    for source_id in rq.SOURCE_IDS:
        assert runs[source_id].trigger == "seed" and runs[source_id].status == "success"
    assert "Netherlands Antilles" in runs["transparency_meta"].warnings
    assert {"Europol", "Interpol"} <= set(unresolved)
    fresh = freshness.freshness_table(seeded).set_index("source_id")
    assert fresh.loc["transparency_google", "snapshot_only"]


def test_missing_is_not_zero_and_ranges_stay_ranges(seeded):
    us = rq.data_requests(seeded, "Meta", "all", "2013-06-30", "USA")
    assert len(us) == 1
    assert pd.isna(us["requests"].iloc[0]) and us["requests_shown"].iloc[0] == "11,000–12,000"
    google_2009 = rq.data_requests(seeded, "Google", "all", "2009-12-31")
    assert google_2009["accounts"].isna().all()  # not yet published by Google: missing, not 0


def test_diplomatic_requests_are_added_up_within_google_only(seeded):
    values = rq.country_values(rq.data_requests(seeded, "Google", "diplomatic", "2023-06-30"))
    germany = values[values["iso3"] == "DEU"].iloc[0]
    raw = rq.data_requests(seeded, "Google", "diplomatic", "2023-06-30", "DEU")
    assert len(raw) == 2 and germany["requests"] == raw["requests"].sum()
    assert germany["assisting_country"] == "Ireland; United States"
    assert set(values["provider"]) == {"Google"}


def test_status_groups_never_mix_providers(seeded):
    status = queries.treaty_status(seeded)
    trend = rq.by_treaty_status(rq.data_requests(seeded, "Meta", "all"), status)
    assert set(trend["provider"]) == {"Meta"}
    assert set(trend["status"]) <= {treaty.RATIFIED, treaty.SIGNED, treaty.NOT_SIGNED}
    last = trend[trend["period_end"] == date(2023, 6, 30)].set_index("status")
    assert last.loc[treaty.SIGNED, "countries_with_requests"] > 20
    assert {"source_url", "retrieved_at"} <= set(trend.columns)


def test_incidents_by_half_year_is_empty_without_incidents(seeded):
    frame = rq.incidents_by_half_year(seeded, "DEU")
    assert list(frame.columns)[:4] == ["period", "period_end", "category", "incidents"]


def test_removals_by_reason_keep_provider_and_period(seeded):
    by_reason = rq.removals_by_reason(rq.removal_requests(seeded, "IND"))
    assert not by_reason.empty
    assert by_reason[["provider", "period", "reason"]].notna().all().all()
    assert not by_reason.duplicated(["provider", "period_end", "reason"]).any()
