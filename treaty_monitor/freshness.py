"""How fresh each source is, and when it runs next: the registry's cadence against the run log."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pandas as pd
import sqlalchemy as sa

from . import queries
from .sources import SOURCES

RETRY_AFTER_FAILURE = timedelta(hours=1)


def _utc(value) -> datetime | None:
    if value is None or pd.isna(value):
        return None
    value = pd.Timestamp(value).to_pydatetime()
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def next_due(cadence: timedelta, last_attempt, last_success, last_status, now: datetime) -> datetime:
    """After a failure retry within the hour (or the cadence, if shorter); otherwise a cadence after success."""
    last_attempt, last_success = _utc(last_attempt), _utc(last_success)
    if last_attempt is None:
        return now
    if last_status == "failed":
        return last_attempt + min(cadence, RETRY_AFTER_FAILURE)
    return (last_success or last_attempt) + cadence


def is_stale(cadence: timedelta, last_success, now: datetime) -> bool:
    """Older than twice its cadence: flagged on every page that uses the source."""
    last_success = _utc(last_success)
    return last_success is None or now - last_success > 2 * cadence


def freshness_table(engine: sa.Engine, now: datetime | None = None) -> pd.DataFrame:
    now = now or datetime.now(timezone.utc)
    log = queries.source_freshness(engine).set_index("source_id")
    rows = []
    for source in SOURCES.values():
        entry = log.loc[source.id] if source.id in log.index else {}
        get = lambda k: entry.get(k) if len(entry) else None  # noqa: E731
        rows.append({
            "source_id": source.id, "name": source.name, "cadence_days": source.cadence / timedelta(days=1),
            "last_success": _utc(get("last_success")), "last_attempt": _utc(get("last_attempt")),
            "last_status": get("last_status"), "last_error": get("last_error"),
            "snapshot_only": bool(get("snapshot_only")) if len(entry) else True,
            "next_run": next_due(source.cadence, get("last_attempt"), get("last_success"), get("last_status"), now),
            "stale": is_stale(source.cadence, get("last_success"), now),
            "licence": source.licence, "attribution": source.attribution, "home_url": source.home_url,
        })
    return pd.DataFrame(rows)
