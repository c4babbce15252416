"""A country's whole picture, block by block, and side-by-side comparison of two to four countries.

Each block is a DataFrame carrying ``source_url`` and ``retrieved_at``; the pages show them and offer
them as CSV. Blocks read the same queries as the topic pages, filtered to one country.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa

from . import incident_queries, queries, request_queries, treaty, un_queries

LAW_AREAS = ("Cybercrime", "Privacy and Data Protection")


def treaty_row(engine: sa.Engine, iso3: str) -> dict | None:
    status = queries.treaty_status(engine)
    rows = status[status["iso3"] == iso3]
    return rows.iloc[0].to_dict() if len(rows) else None


def law(engine: sa.Engine, iso3: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """UNCTAD status for every area, and the law titles and links of the country."""
    status = queries.cyberlaw_status(engine)
    documents = queries.cyberlaw_documents(engine, iso3)
    return status[status["iso3"] == iso3].reset_index(drop=True), documents


def incidents(engine: sa.Engine, iso3: str, start: date | None = None, end: date | None = None) -> pd.DataFrame:
    """Confirmed and reported incidents in the country (leads are not incidents)."""
    return incident_queries.incidents(engine, countries=(iso3,), start=start, end=end)


def un_participation(engine: sa.Engine, iso3: str) -> pd.DataFrame:
    rows = un_queries.country_participation(engine)
    return rows[rows["iso3"] == iso3].reset_index(drop=True)


def votes(engine: sa.Engine, iso3: str) -> pd.DataFrame:
    frame = un_queries.votes(engine)
    return frame[frame["iso3"] == iso3].reset_index(drop=True)


def data_requests(engine: sa.Engine, iso3: str) -> pd.DataFrame:
    return request_queries.data_requests(engine, iso3=iso3)


def facts(engine: sa.Engine, iso3: str) -> list[dict]:
    """The comparable facts of one country: value, its date, and the source (None = missing)."""
    out = []

    def add(fact, value, as_of=None, source_url=None):
        out.append({"fact": fact, "iso3": iso3, "value": value, "as_of": as_of, "source_url": source_url})

    row = treaty_row(engine, iso3) or {}
    url = row.get("source_url") if isinstance(row.get("source_url"), str) else None
    add("Treaty status", row.get("status", treaty.NOT_SIGNED), row.get("retrieved_at"), url)
    add("Signed", _present(row.get("signature_date")) or _present(row.get("signature_text")), row.get("retrieved_at"), url)
    add("Consent to be bound", _kind_and_date(row), row.get("retrieved_at"), url)
    add("Declarations or reservations", "yes" if row.get("has_declarations") else None, row.get("retrieved_at"), url)
    status, documents = law(engine, iso3)
    for area in LAW_AREAS:
        match = status[status["area"] == area]
        first = match.iloc[0] if len(match) else None
        titles = documents.loc[documents["area"] == area, "title"].dropna()
        value = None if first is None else first["status"] + (f" ({'; '.join(titles[:2])})" if len(titles) else "")
        add(f"{area} law (UNCTAD)", value, None if first is None else first["retrieved_at"],
            None if first is None else first["source_url"])
    found = incidents(engine, iso3)
    latest = found["start_date"].max() if len(found) else None
    add("Incidents (confirmed and reported)", len(found) if len(found) else None, latest,
        "; ".join(dict.fromkeys(found["source_url"].dropna())) or None if len(found) else None)
    voted = votes(engine, iso3)
    for resolution in ("A/RES/73/187", "A/RES/74/247"):
        match = voted[voted["resolution"] == resolution]
        first = match.iloc[0] if len(match) else None
        add(f"Vote on {resolution}", None if first is None else first["vote_label"],
            None if first is None else first["date"], None if first is None else first["source_url"])
    participation = un_participation(engine, iso3)
    add("UN submissions, statements, sponsorships", len(participation) if len(participation) else None, None,
        "; ".join(dict.fromkeys(participation["source_url"].dropna())) or None if len(participation) else None)
    requests = data_requests(engine, iso3)
    for provider, group in requests.groupby("provider"):
        latest_period = group["period_end"].max()
        newest = group[group["period_end"] == latest_period]
        shown = "; ".join(f"{r.type_name}: {r.requests_shown}" for r in newest.itertuples() if r.requests_shown)
        add(f"Data requests to {provider} (latest half-year)", shown or None, latest_period,
            newest["source_url"].iloc[0])
    return out


def comparison(engine: sa.Engine, iso3s: tuple[str, ...]) -> pd.DataFrame:
    """Facts as rows, one value column and one 'as of' column per country; missing stays missing."""
    long = pd.DataFrame([f for iso3 in iso3s for f in facts(engine, iso3)])
    order = list(dict.fromkeys(long["fact"]))
    wide = long.pivot(index="fact", columns="iso3", values="value").reindex(order)
    dates = long.pivot(index="fact", columns="iso3", values="as_of").reindex(order)
    table = pd.DataFrame(index=order)
    for iso3 in iso3s:
        table[iso3] = wide[iso3].map(lambda v: "missing" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
        table[f"{iso3} as of"] = dates[iso3].map(_date_text)
    sources = long.groupby("fact")["source_url"].agg(lambda s: "; ".join(dict.fromkeys(s.dropna())) or None)
    table["source_url"] = sources.reindex(order)
    table.index.name = "fact"
    return table.reset_index()


def _present(value):
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _kind_and_date(row: dict):
    when = _present(row.get("consent_date"))
    return f"{row.get('consent_kind') or 'ratification'} {when}" if when else None


def _date_text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    return pd.Timestamp(value).strftime("%Y-%m-%d")
