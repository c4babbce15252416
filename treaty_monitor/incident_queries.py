"""Read queries behind the incidents page: incidents (and, when asked, leads) with filters, and the frames
the charts draw from them: monthly counts by category, top countries, incidents beside treaty status.

Incidents come from every stream (``keepiton``, ``analyst`` imports, confirmed leads); leads are the NGO-feed
items still waiting for review (a lead confirmed or rejected is not a lead any more). Leads are returned only
when ``"lead"`` is among the verification values asked for, and carry ``kind == "lead"``: they are guesses,
never counted as incidents. Every frame has ``source_url`` and ``retrieved_at``.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa

from . import queries, schema, treaty
from .queries import read_frame
from .incident_vocab import CATEGORIES, STREAMS, TARGET_GROUPS, VERIFICATION, split_urls

DEFAULT_VERIFICATION = ("confirmed", "reported")  # what the headline numbers count
COUNTED = DEFAULT_VERIFICATION
KIND_INCIDENT, KIND_LEAD = "incident", "lead"
CLOSED_DECISIONS = ("confirm", "reject")

COLUMNS = [
    "kind", "verification", "start_date", "end_date", "date_precision", "country", "iso3", "un_group",
    "category", "target_group", "summary", "law_cited", "source_org", "source_urls", "stream",
    "ongoing", "duration_days", "shutdown_type", "scope", "cause", "ordered_by", "hr_abuse_reported",
    "incident_key", "event_key", "source_id", "source_url", "retrieved_at",
]


def _as_tuple(values) -> tuple:
    if values is None:
        return ()
    if isinstance(values, str):
        return (values,)
    return tuple(values)


def incidents(engine: sa.Engine, countries=(), group: str | None = None, categories=(), target_groups=(),
              verification=DEFAULT_VERIFICATION, streams=(), start: date | None = None,
              end: date | None = None) -> pd.DataFrame:
    """Incidents matching every filter given (an empty filter keeps everything), newest first.

    ``countries``: ISO3 codes; ``group``: a UN regional group; ``verification``: among lead, reported,
    confirmed (leads only when "lead" is in it); ``streams``: keepiton, ngo_feeds, analyst; ``start``/``end``:
    the incident's (start) date, inclusive.
    """
    countries, categories = _as_tuple(countries), _as_tuple(categories)
    target_groups, streams = _as_tuple(target_groups), _as_tuple(streams)
    verification = _as_tuple(verification) or DEFAULT_VERIFICATION
    i, c = schema.incidents, schema.countries
    query = (sa.select(i, c.c.name.label("country"), c.c.un_group)
             .select_from(i.outerjoin(c, i.c.iso3 == c.c.iso3))
             .where(i.c.verification.in_(verification)))
    query = _filtered(query, i.c.iso3, i.c.category, i.c.target_group, i.c.stream, i.c.start_date, c.c.un_group,
                      countries, group, categories, target_groups, streams, start, end)
    frame = read_frame(engine, query)
    frame["kind"] = KIND_INCIDENT
    if "lead" in verification:
        frame = pd.concat([frame, _leads(engine, countries, group, categories, target_groups, streams, start, end)],
                          ignore_index=True)
    return _finish(frame)


def _filtered(query, iso3, category, target_group, stream, when, un_group,
              countries, group, categories, target_groups, streams, start, end):
    if countries:
        query = query.where(iso3.in_(countries))
    if group and group != "All":
        query = query.where(un_group == group)
    if categories:
        query = query.where(category.in_(categories))
    if target_groups:
        query = query.where(target_group.in_(target_groups))
    if streams:
        query = query.where(stream.in_(streams))
    if start:
        query = query.where(when >= start)
    if end:
        query = query.where(when <= end)
    return query


def _leads(engine, countries, group, categories, target_groups, streams, start, end) -> pd.DataFrame:
    """Leads still waiting for an analyst, in the incidents' columns."""
    lead, c, decisions = schema.leads, schema.countries, schema.review_decisions
    closed = sa.select(decisions.c.lead_key).where(decisions.c.decision.in_(CLOSED_DECISIONS))
    query = (sa.select(lead, c.c.name.label("country"), c.c.un_group)
             .select_from(lead.outerjoin(c, lead.c.iso3 == c.c.iso3))
             .where(lead.c.lead_key.not_in(closed)))
    query = _filtered(query, lead.c.iso3, lead.c.category, lead.c.target_group, lead.c.stream, lead.c.date,
                      c.c.un_group, countries, group, categories, target_groups, streams, start, end)
    frame = read_frame(engine, query).rename(columns={"lead_key": "incident_key", "date": "start_date"})
    frame["event_key"] = frame["incident_key"]
    frame["verification"] = "lead"
    frame["kind"] = KIND_LEAD
    return frame


def _finish(frame: pd.DataFrame) -> pd.DataFrame:
    for column in COLUMNS + ["country_name"]:
        if column not in frame.columns:
            frame[column] = None
    frame["country"] = frame["country"].fillna(frame["country_name"])  # a name the country table lacks
    frame = frame[COLUMNS].copy()
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    frame["retrieved_at"] = pd.to_datetime(frame["retrieved_at"], utc=True)
    frame = frame.sort_values(["start_date", "country"], ascending=[False, True], na_position="last")
    return frame.reset_index(drop=True)


def incident_bounds(engine: sa.Engine) -> tuple[date | None, date | None]:
    """The earliest and latest date of any incident or lead (for the date-range filter)."""
    i, lead = schema.incidents, schema.leads
    with engine.connect() as conn:
        lo1, hi1 = conn.execute(sa.select(sa.func.min(i.c.start_date), sa.func.max(i.c.start_date))).first()
        lo2, hi2 = conn.execute(sa.select(sa.func.min(lead.c.date), sa.func.max(lead.c.date))).first()
    lows = [pd.Timestamp(v).date() for v in (lo1, lo2) if v is not None]
    highs = [pd.Timestamp(v).date() for v in (hi1, hi2) if v is not None]
    return (min(lows) if lows else None, max(highs) if highs else None)


def stream_counts(engine: sa.Engine) -> pd.DataFrame:
    """Rows per stream and verification, and pending leads (for the closing note and the data-sources page)."""
    i, lead, decisions = schema.incidents, schema.leads, schema.review_decisions
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(
            sa.select(i.c.stream, i.c.verification, sa.func.count().label("rows"))
            .group_by(i.c.stream, i.c.verification)).mappings()]
        closed = sa.select(decisions.c.lead_key).where(decisions.c.decision.in_(CLOSED_DECISIONS))
        pending = conn.execute(sa.select(sa.func.count()).where(lead.c.lead_key.not_in(closed))).scalar()
        reports = conn.execute(sa.select(sa.func.count()).select_from(schema.reports)).scalar()
    rows += [{"stream": "ngo_feeds", "verification": "lead (pending)", "rows": pending},
             {"stream": "ngo_feeds", "verification": "report", "rows": reports}]
    return pd.DataFrame(rows, columns=["stream", "verification", "rows"])


# ---- frames derived from the filtered incidents (pure: the page charts exactly what it filtered) -------------

def counted(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows that headline numbers count: confirmed and reported incidents, never leads."""
    return frame[(frame["kind"] == KIND_INCIDENT) & frame["verification"].isin(COUNTED)]


def headline(frame: pd.DataFrame) -> dict:
    rows = counted(frame)
    return {
        "incidents": len(rows),
        "events": int(rows["event_key"].fillna(rows["incident_key"]).nunique()),
        "countries": int(rows["iso3"].dropna().nunique()),
        "confirmed": int((rows["verification"] == "confirmed").sum()),
        "reported": int((rows["verification"] == "reported").sum()),
        "leads": int((frame["kind"] == KIND_LEAD).sum()),
    }


def _provenance(group: pd.DataFrame) -> pd.Series:
    urls = sorted(u for u in group["source_url"].dropna().unique())
    return pd.Series({
        "source_url": "; ".join(urls[:5]) + (f"; and {len(urls) - 5} more" if len(urls) > 5 else ""),
        "retrieved_at": group["retrieved_at"].max(),
    })


def country_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Per country: incidents (confirmed + reported) and, when shown, leads apart."""
    placed = frame[frame["iso3"].notna()]
    columns = ["iso3", "country", "incidents", "leads", "source_url", "retrieved_at"]
    if placed.empty:
        return pd.DataFrame(columns=columns)
    grouped = placed.groupby("iso3")
    out = pd.DataFrame({
        "country": grouped["country"].first(),
        "incidents": grouped.apply(lambda g: int(((g["kind"] == KIND_INCIDENT)
                                                  & g["verification"].isin(COUNTED)).sum()), include_groups=False),
        "leads": grouped.apply(lambda g: int((g["kind"] == KIND_LEAD).sum()), include_groups=False),
    })
    out = out.join(grouped.apply(_provenance, include_groups=False)).reset_index()
    return out.sort_values(["incidents", "leads", "country"], ascending=[False, False, True])[columns] \
        .reset_index(drop=True)


def top_countries(frame: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    """The ``n`` countries with most incidents (leads counted apart, ranked after incidents)."""
    counts = country_counts(frame)
    return counts[(counts["incidents"] > 0) | (counts["leads"] > 0)].head(n).reset_index(drop=True)


def monthly_by_category(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """(rows per month, category and kind; number of rows dated only to the year, left out of the months)."""
    columns = ["month", "category", "category_label", "kind", "count", "source_url", "retrieved_at"]
    rows = frame[frame["start_date"].notna() & ((frame["kind"] == KIND_LEAD) | frame["verification"].isin(COUNTED))]
    year_only = rows["date_precision"] == "year"
    rows = rows[~year_only]
    if rows.empty:
        return pd.DataFrame(columns=columns), int(year_only.sum())
    rows = rows.assign(month=pd.to_datetime(rows["start_date"]).dt.to_period("M").dt.to_timestamp().dt.date)
    grouped = rows.groupby(["month", "category", "kind"])
    out = grouped.size().rename("count").to_frame().join(grouped.apply(_provenance, include_groups=False))
    out = out.reset_index()
    out["category_label"] = out["category"].map(CATEGORIES).fillna(out["category"])
    return out[columns].sort_values(["month", "category", "kind"]).reset_index(drop=True), int(year_only.sum())


def with_treaty_status(frame: pd.DataFrame, status: pd.DataFrame, law: pd.DataFrame) -> pd.DataFrame:
    """Every state with incidents shown, beside its treaty status and UNCTAD cybercrime-law status."""
    counts = country_counts(frame)
    states = status[status["iso3"] != treaty.EU][["iso3", "status", "un_group"]]
    laws = law[["iso3", "status"]].rename(columns={"status": "cybercrime_law"})
    out = counts.merge(states, on="iso3", how="left").merge(laws, on="iso3", how="left")
    out["status"] = out["status"].fillna(treaty.NOT_SIGNED)
    out["cybercrime_law"] = out["cybercrime_law"].fillna("Not covered by UNCTAD")
    out = out.rename(columns={"status": "treaty_status"})
    return out[["country", "iso3", "treaty_status", "cybercrime_law", "incidents", "leads", "un_group",
                "source_url", "retrieved_at"]]


def by_status_group(frame: pd.DataFrame, status: pd.DataFrame) -> pd.DataFrame:
    """Per treaty status group: states in the group, states with incidents shown, incidents (and leads)."""
    states = status[(status["iso3"] != treaty.EU) & status["kind"].isin(queries.STATE_KINDS)][["iso3", "status"]]
    counts = country_counts(frame)[["iso3", "incidents", "leads"]]
    joined = states.merge(counts, on="iso3", how="left").fillna({"incidents": 0, "leads": 0})
    rows = []
    for group in treaty.STATUS_ORDER:
        part = joined[joined["status"] == group]
        rows.append({
            "treaty_status": group, "states": len(part),
            "states_with_incidents": int((part["incidents"] > 0).sum()),
            "incidents": int(part["incidents"].sum()), "leads": int(part["leads"].sum()),
            "incidents_per_state": round(part["incidents"].sum() / len(part), 2) if len(part) else None,
        })
    out = pd.DataFrame(rows)
    out["source_url"] = None  # filled with the sources' pages by the CSV export
    out["retrieved_at"] = None
    return out


def table_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The table view: a clickable ``link`` only for http(s) URLs; any other text stays plain in ``other_sources``."""
    out = frame.copy()
    links, others = [], []
    for cell in out["source_urls"]:
        urls, rejected = split_urls(cell)
        links.append(urls[0] if urls else None)
        others.append("; ".join(urls[1:] + rejected) or None)
    out["link"] = links
    out["other_sources"] = others
    out["verification"] = out["verification"].map(lambda v: VERIFICATION.get(v, v))
    out["category"] = out["category"].map(lambda v: CATEGORIES.get(v, v))
    out["target_group"] = out["target_group"].map(lambda v: TARGET_GROUPS.get(v, v) if isinstance(v, str) else v)
    out["stream"] = out["stream"].map(lambda v: STREAMS.get(v, v))
    out["country_page"] = [f"./Country?country={iso3}" if isinstance(iso3, str) else None for iso3 in out["iso3"]]
    return out


TABLE_COLUMNS = [
    "kind", "start_date", "date_precision", "country", "country_page", "iso3", "category", "target_group",
    "verification", "summary", "law_cited", "source_org", "link", "other_sources", "stream", "end_date",
    "ongoing", "scope", "cause", "ordered_by", "incident_key", "source_url", "retrieved_at",
]
