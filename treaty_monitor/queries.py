"""Read queries behind the pages: each returns a DataFrame with the provenance columns users download."""
from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from . import schema, treaty

STATE_KINDS = ("member_state", "observer_state")


def read_frame(engine: sa.Engine, query) -> pd.DataFrame:
    """Run a select and return its rows as a DataFrame (every query module reads through this)."""
    with engine.connect() as conn:
        return pd.read_sql(query, conn)


def data_version(engine: sa.Engine) -> str:
    """Changes whenever a run finishes: a cheap cache key for everything read below."""
    runs = schema.collector_runs
    with engine.connect() as conn:
        row = conn.execute(sa.select(sa.func.count(), sa.func.max(runs.c.finished_at))).first()
    return f"{row[0]}:{row[1]}"


def countries_frame(engine: sa.Engine) -> pd.DataFrame:
    return read_frame(engine, sa.select(schema.countries).order_by(schema.countries.c.name))


def treaty_status(engine: sa.Engine) -> pd.DataFrame:
    """Every state (and the EU) with its treaty status; participants the country table lacks are kept."""
    c, p = schema.countries, schema.treaty_participants
    states = read_frame(engine, sa.select(c.c.iso3, c.c.name.label("country"), c.c.formal_name, c.c.kind,
                                      c.c.un_group, c.c.region, c.c.subregion)
                    .where(c.c.kind.in_(STATE_KINDS + ("regional_organization",))))
    participants = read_frame(engine, sa.select(p).where(p.c.source_id == "untc_status"))
    frame = states.merge(participants.drop(columns=["id"]), on="iso3", how="outer")
    frame["country"] = frame["country"].fillna(frame["participant"])
    frame["status"] = [
        treaty.status_of(row) if isinstance(row["participant"], str) else treaty.NOT_SIGNED
        for row in frame.to_dict("records")
    ]
    frame["flagged"] = frame["flagged"].fillna(False).astype(bool)
    frame["has_declarations"] = frame["has_declarations"].fillna(False).astype(bool)
    for column in ("signature_date", "consent_date"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame.sort_values("country").reset_index(drop=True)


def treaty_records(engine: sa.Engine) -> pd.DataFrame:
    return read_frame(engine, sa.select(schema.treaty_records))


def cyberlaw_status(engine: sa.Engine, area: str | None = None) -> pd.DataFrame:
    t = schema.cyberlaw_status
    query = sa.select(t).order_by(t.c.country_name)
    if area:
        query = query.where(t.c.area == area)
    return read_frame(engine, query).drop(columns=["id"])


def cyberlaw_documents(engine: sa.Engine, iso3: str | None = None) -> pd.DataFrame:
    t = schema.cyberlaw_documents
    query = sa.select(t).order_by(t.c.area, t.c.title)
    if iso3:
        query = query.where(t.c.iso3 == iso3)
    return read_frame(engine, query).drop(columns=["id"])


def runs(engine: sa.Engine, source_id: str | None = None, limit: int = 50) -> pd.DataFrame:
    r = schema.collector_runs
    query = sa.select(r).order_by(r.c.id.desc()).limit(limit)
    if source_id:
        query = query.where(r.c.source_id == source_id)
    return read_frame(engine, query)


def source_freshness(engine: sa.Engine) -> pd.DataFrame:
    """Per source: last attempt (with its status and error) and last success, from the run log."""
    r = schema.collector_runs
    frame = read_frame(engine, sa.select(r).order_by(r.c.id))
    rows = []
    for source_id, group in frame.groupby("source_id"):
        last = group.iloc[-1]
        good = group[group["status"].isin(["success", "unchanged"])]
        real = good[good["trigger"] != "seed"]
        rows.append({
            "source_id": source_id,
            "last_attempt": last["started_at"], "last_status": last["status"], "last_error": last["error"],
            "last_success": good["finished_at"].max() if len(good) else None,
            "snapshot_only": real.empty,
        })
    return pd.DataFrame(rows, columns=["source_id", "last_attempt", "last_status", "last_error",
                                       "last_success", "snapshot_only"])


def latest_changes(engine: sa.Engine, limit: int = 20, iso3: str | None = None) -> pd.DataFrame:
    e = schema.change_events
    query = sa.select(e).order_by(e.c.detected_at.desc(), e.c.id.desc()).limit(limit)
    if iso3:
        query = query.where(e.c.iso3 == iso3)
    return read_frame(engine, query)


def record_counts(engine: sa.Engine) -> pd.DataFrame:
    """Rows stored per source and table (for the data-sources page)."""
    from .sources import SOURCES
    rows = []
    with engine.connect() as conn:
        for source in SOURCES.values():
            for name in source.tables:
                if name not in schema.metadata.tables:
                    continue
                t = schema.table(name)
                count = conn.execute(sa.select(sa.func.count()).select_from(t).where(t.c.source_id == source.id)).scalar()
                rows.append({"source_id": source.id, "table": name, "rows": count})
    return pd.DataFrame(rows, columns=["source_id", "table", "rows"])
