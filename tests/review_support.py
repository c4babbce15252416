"""Leads for the review tests: the small RSS feed in tests/fixtures/review/, stored as an ngo_feeds run."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from collectors import ngo_feeds
from treaty_monitor import store

FEED = Path(__file__).resolve().parent / "fixtures" / "review" / "leads_feed.xml"
FEED_URL = "https://www.hrw.org/rss/news"


def load_leads(engine: sa.Engine) -> dict[str, str]:
    """Store the fixture feed's reports and leads as a collector run would; return {iso3: lead_key}."""
    result = ngo_feeds.parse(FEED.read_bytes(), FEED_URL)
    run_id = store.start_run(engine, ngo_feeds.SOURCE_ID, "cli")
    ctx = store.SyncContext(ngo_feeds.SOURCE_ID, run_id, store.utcnow(), default_url=FEED_URL)
    counts = store.Counts()
    with engine.begin() as conn:
        for table_name, rows in result.tables.items():
            counts.add(store.sync(conn, table_name, ngo_feeds.DATASETS[table_name], rows, ctx))
        store.write_events(conn, ctx)
    store.finish_run(engine, run_id, "success", counts)
    return {lead["iso3"]: lead["lead_key"] for lead in result.rows("leads")}
