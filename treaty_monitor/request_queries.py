"""Government requests to service providers (transparency reports): read queries and the views on them.

Queries take the engine first and return DataFrames with ``source_id``, ``source_url`` and
``retrieved_at``. The views below them are pure functions on those frames.

Rules every view keeps:

* a provider's figures are never added to another provider's: providers count differently (requests
  or accounts, what "disclosed" means, which request types exist), so every aggregate is per provider;
* a count the provider did not report is missing (NaN), never 0; a published range or bound
  ("<10", "0 - 249") is shown as published (``requests_shown``) and left out of charts, which plot
  exact counts only;
* every row keeps its provider and half-year.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa

from . import countries, schema, treaty
from .queries import read_frame

SOURCE_IDS = ("transparency_google", "transparency_meta", "transparency_microsoft", "transparency_apple",
              "transparency_tiktok", "transparency_snap", "transparency_x")
PROVIDERS = ("Google", "Meta", "Microsoft", "Apple", "TikTok", "Snap", "X (Twitter)")
SIGNATURE_OPENED = date(2025, 10, 25)  # opened for signature in Hanoi, 25-26 October 2025

# Readable names of the request types the parsers emit (the provider's own label is kept beside it).
TYPE_NAMES = {
    "all": "All requests", "legal": "Legal process", "emergency": "Emergency", "preservation": "Preservation",
    "diplomatic": "Diplomatic (MLAT-type) requests", "civil": "Civil", "account": "Account", "device": "Device",
    "financial": "Financial identifier", "account_restriction": "Account restriction/deletion",
    "push_token": "Push token", "digital_content_provider": "Digital content provider",
    "court_order": "Court orders", "police": "Police requests", "local_subsidiary": "Data of local subsidiary",
    "cloud_act_opo": "CLOUD Act OPOs", "cloud_act_ipa": "CLOUD Act IPA CDRs",
}
REQUEST_COLUMNS = [
    "provider", "period", "period_end", "country", "iso3", "country_name", "request_type", "type_name",
    "request_type_label", "product", "assisting_country", "requests", "requests_shown", "requests_low",
    "requests_high", "requests_bound", "accounts", "accounts_shown", "disclosed_pct", "disclosed_requests",
    "source_id", "source_url", "retrieved_at",
]
REMOVAL_COLUMNS = [
    "provider", "period", "period_end", "country", "iso3", "country_name", "requester", "reason", "product",
    "requests", "requests_shown", "items", "items_shown", "removed_pct", "source_id", "source_url",
    "retrieved_at",
]


def type_name(request_type: str) -> str:
    if request_type in TYPE_NAMES:
        return TYPE_NAMES[request_type]
    if request_type.startswith("us_"):
        return "US: " + request_type[3:].replace("_", " ")
    return request_type.replace("_", " ").capitalize()


def period_label(value) -> str:
    day = pd.Timestamp(value)
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


# --- queries ---------------------------------------------------------------------------------------

def request_catalog(engine: sa.Engine) -> pd.DataFrame:
    """What is there to choose: provider, request type and half-year, with how many countries report.

    Main product only (rows without a product): Google's Enterprise Cloud and Microsoft's 2013 Skype
    sheet are parts of, or beside, the main figures and would double count in a ranking.
    """
    t = schema.data_requests
    query = (sa.select(t.c.provider, t.c.request_type, t.c.period_end,
                       sa.func.count(sa.distinct(t.c.iso3)).label("countries"),
                       sa.func.count(t.c.requests).label("exact_values"))
             .where(t.c.product.is_(None))
             .group_by(t.c.provider, t.c.request_type, t.c.period_end))
    frame = read_frame(engine, query)
    frame["period_end"] = pd.to_datetime(frame["period_end"]).dt.date
    frame["type_name"] = frame["request_type"].map(type_name)
    order = {p: i for i, p in enumerate(PROVIDERS)}
    return frame.sort_values(["provider", "request_type", "period_end"],
                             key=lambda c: c.map(order) if c.name == "provider" else c).reset_index(drop=True)


def data_requests(engine: sa.Engine, provider: str | None = None, request_type: str | None = None,
                  period_end: str | None = None, iso3: str | None = None, main_only: bool = True) -> pd.DataFrame:
    """Rows of ``data_requests`` (filters optional; ``period_end`` as YYYY-MM-DD), ready to show."""
    t = schema.data_requests
    query = sa.select(t).order_by(t.c.provider, t.c.period_end, t.c.iso3, t.c.request_type)
    if provider:
        query = query.where(t.c.provider == provider)
    if request_type:
        query = query.where(t.c.request_type == request_type)
    if period_end:
        query = query.where(t.c.period_end == date.fromisoformat(period_end))
    if iso3:
        query = query.where(t.c.iso3 == iso3)
    if main_only:
        query = query.where(t.c.product.is_(None))
    frame = read_frame(engine, query)
    frame = _common(frame)
    frame["type_name"] = frame["request_type"].map(type_name)
    frame["requests_shown"] = _shown(frame, "requests")
    frame["accounts_shown"] = _shown(frame, "accounts")
    return frame[REQUEST_COLUMNS]


def removal_requests(engine: sa.Engine, iso3: str | None = None, provider: str | None = None) -> pd.DataFrame:
    t = schema.removal_requests
    query = sa.select(t).order_by(t.c.provider, t.c.period_end, t.c.requester, t.c.reason, t.c.product)
    if iso3:
        query = query.where(t.c.iso3 == iso3)
    if provider:
        query = query.where(t.c.provider == provider)
    frame = _common(read_frame(engine, query))
    frame["requests_shown"] = _shown(frame, "requests")
    frame["items_shown"] = _shown(frame, "items")
    return frame[REMOVAL_COLUMNS]


def request_countries(engine: sa.Engine) -> pd.DataFrame:
    """The countries with any request or removal figure: iso3 and display name, by name."""
    found = set()
    with engine.connect() as conn:
        for t in (schema.data_requests, schema.removal_requests):
            found |= set(conn.execute(sa.select(t.c.iso3).distinct().where(t.c.iso3.is_not(None))).scalars())
    rows = [{"iso3": code, "country": countries.display_name(code)} for code in found]
    return pd.DataFrame(rows, columns=["iso3", "country"]).sort_values("country").reset_index(drop=True)


def has_incidents() -> bool:
    return "incidents" in schema.metadata.tables


def incidents_by_half_year(engine: sa.Engine, iso3: str) -> pd.DataFrame:
    """Incidents recorded for one country, counted per half-year of their start and category.

    Empty (with the columns) when the incidents table is not part of this version's schema.
    """
    columns = ["period", "period_end", "category", "incidents", "source_id", "source_url", "retrieved_at"]
    if not has_incidents():
        return pd.DataFrame(columns=columns)
    t = schema.table("incidents")
    frame = read_frame(engine, sa.select(t.c.start_date, t.c.category, t.c.source_id, t.c.source_url,
                                     t.c.retrieved_at).where(t.c.iso3 == iso3, t.c.start_date.is_not(None)))
    if frame.empty:
        return pd.DataFrame(columns=columns)
    start = pd.to_datetime(frame["start_date"])
    frame["period_end"] = [date(d.year, 6, 30) if d.month <= 6 else date(d.year, 12, 31) for d in start]
    grouped = frame.groupby(["period_end", "category"], as_index=False).agg(
        incidents=("category", "size"), source_id=("source_id", _joined),
        source_url=("source_url", lambda s: _joined(s.head(3))), retrieved_at=("retrieved_at", "max"))
    grouped["period"] = grouped["period_end"].map(period_label)
    return grouped[columns]


def _common(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.drop(columns=["id", "raw_response_id", "period_start"], errors="ignore")
    frame["period_end"] = pd.to_datetime(frame["period_end"]).dt.date
    frame["period"] = frame["period_end"].map(period_label)
    frame["country"] = [countries.display_name(code) if isinstance(code, str) else name
                        for code, name in zip(frame["iso3"], frame["country_name"])]
    for column in frame.columns:
        if column in ("requests", "accounts", "items", "disclosed_requests") or column.endswith(("_low", "_high")):
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    for column in ("disclosed_pct", "removed_pct"):
        if column in frame:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return frame


def _shown(frame: pd.DataFrame, prefix: str) -> list[str | None]:
    """The figure as the provider published it: an exact count, a range, a bound, or None (not reported)."""
    out = []
    for value, low, high, bound in zip(frame[prefix], frame[f"{prefix}_low"], frame[f"{prefix}_high"],
                                       frame[f"{prefix}_bound"]):
        if not pd.isna(value):
            out.append(f"{int(value):,}")
        elif isinstance(bound, str) and bound:
            out.append(bound)
        elif not pd.isna(low) and not pd.isna(high):
            out.append(f"{int(low):,}–{int(high):,}")
        else:
            out.append(None)
    return out


def _joined(values) -> str:
    return "; ".join(dict.fromkeys(str(v) for v in values if isinstance(v, str) and v))


# --- views -----------------------------------------------------------------------------------------

RANKING_COLUMNS = ["provider", "period", "period_end", "type_name", "request_type", "country", "iso3",
                   "requests", "requests_shown", "accounts", "accounts_shown", "disclosed_pct",
                   "assisting_country", "source_id", "source_url", "retrieved_at"]


def country_values(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per provider, half-year, request type and country.

    Only Google's diplomatic requests come in several rows per country (one per assisting country, the
    US or Ireland); those are added up within Google, keeping the assisting countries named. A sum
    with a part missing or only published as a range is missing.
    """
    if frame.empty:
        return frame.reindex(columns=RANKING_COLUMNS)
    keys = ["provider", "period", "period_end", "type_name", "request_type", "country", "iso3"]
    frame = frame.assign(iso3=frame["iso3"].fillna(""))
    several = frame.duplicated(keys, keep=False)
    single = frame.loc[~several, RANKING_COLUMNS].replace({"iso3": {"": pd.NA}})
    if several.any():
        single = pd.concat([single, _added_up(frame[several], keys)], ignore_index=True)
    return single.sort_values("requests", ascending=False, na_position="last").reset_index(drop=True)


def _added_up(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:

    def total(series):
        return series.sum() if series.notna().all() else pd.NA

    grouped = frame.groupby(keys, as_index=False, dropna=False).agg(
        requests=("requests", total), accounts=("accounts", total), disclosed_pct=("disclosed_pct", "first"),
        parts=("requests", "size"), requests_shown=("requests_shown", _joined),
        accounts_shown=("accounts_shown", _joined), assisting_country=("assisting_country", _joined),
        source_id=("source_id", "first"), source_url=("source_url", _joined), retrieved_at=("retrieved_at", "max"))
    grouped["requests_shown"] = [f"{v:,}" if not pd.isna(v) else None for v in grouped["requests"]]
    grouped["disclosed_pct"] = float("nan")  # a share of a sum is not the sum of shares
    grouped["accounts_shown"] = grouped["accounts_shown"].replace("", None)
    grouped["iso3"] = grouped["iso3"].replace("", pd.NA)
    for column in ("requests", "accounts"):
        grouped[column] = grouped[column].astype("Int64")
    return grouped[RANKING_COLUMNS]


STATUS_GROUPS = (treaty.RATIFIED, treaty.SIGNED, treaty.NOT_SIGNED)
STATUS_TREND_COLUMNS = ["provider", "type_name", "request_type", "period", "period_end", "status",
                        "countries_reporting", "countries_with_requests", "median_requests",
                        "total_requests", "statistic_note", "source_id", "source_url", "retrieved_at"]


def by_treaty_status(requests: pd.DataFrame, status: pd.DataFrame) -> pd.DataFrame:
    """Per provider, request type, half-year and treaty-status group (each country's status today):
    the median of the countries with at least one request, and the group's total, within one provider.
    """
    values = country_values(requests)
    values = values[values["iso3"].notna()]
    states = status.loc[status["iso3"] != treaty.EU, ["iso3", "status"]]
    joined = values.merge(states, on="iso3", how="left")
    # three groups: a signature reported but not confirmed by any official copy counts as not signed
    joined["status"] = joined["status"].fillna(treaty.NOT_SIGNED).replace({treaty.UNCONFIRMED: treaty.NOT_SIGNED})
    rows = []
    for keys, group in joined.groupby(["provider", "type_name", "request_type", "period", "period_end", "status"]):
        exact = group["requests"].dropna().astype(float)
        positive = exact[exact > 0]
        rows.append(dict(zip(["provider", "type_name", "request_type", "period", "period_end", "status"], keys)) | {
            "countries_reporting": int(len(exact)), "countries_with_requests": int(len(positive)),
            "median_requests": float(positive.median()) if len(positive) else float("nan"),
            "total_requests": int(exact.sum()) if len(exact) else pd.NA,
            "statistic_note": ("median over countries with at least one request; total over countries with an "
                               "exact figure; ranges and unreported figures left out"),
            "source_id": group["source_id"].iloc[0], "source_url": _joined(group["source_url"].head(3)),
            "retrieved_at": group["retrieved_at"].max(),
        })
    frame = pd.DataFrame(rows, columns=STATUS_TREND_COLUMNS)
    order = {s: i for i, s in enumerate(STATUS_GROUPS)}
    return frame.sort_values(["period_end", "status"], key=lambda c: c.map(order) if c.name == "status" else c) \
        .reset_index(drop=True)


def removals_by_reason(removals: pd.DataFrame) -> pd.DataFrame:
    """Removal requests per provider, half-year and reason (over products), where a reason is given."""
    columns = ["provider", "period", "period_end", "reason", "requests", "products", "source_id", "source_url",
               "retrieved_at"]
    with_reason = removals[removals["reason"].notna()]
    if with_reason.empty:
        return pd.DataFrame(columns=columns)
    grouped = with_reason.groupby(["provider", "period", "period_end", "reason"], as_index=False).agg(
        requests=("requests", lambda s: s.sum(min_count=1)), products=("product", _joined),
        source_id=("source_id", "first"), source_url=("source_url", _joined), retrieved_at=("retrieved_at", "max"))
    grouped["requests"] = grouped["requests"].astype("Int64")
    return grouped[columns]


def treaty_facts(status: pd.DataFrame, iso3: str) -> dict:
    """The country's treaty status as the page shows it beside the requests."""
    rows = status[status["iso3"] == iso3]
    if rows.empty:
        return {"status": treaty.NOT_SIGNED, "signature_date": None, "consent_date": None, "source_url": None}
    row = rows.iloc[0]

    def present(value):
        return None if value is None or pd.isna(value) else value

    return {"status": row["status"], "signature_date": present(row.get("signature_date")),
            "consent_date": present(row.get("consent_date")), "consent_kind": present(row.get("consent_kind")),
            "confidence": present(row.get("confidence")), "source_url": present(row.get("source_url"))}
