"""Page furniture shared by every dashboard page: database, caching, maps, downloads, provenance notes."""
from __future__ import annotations

import importlib
from urllib.parse import urlencode
from datetime import datetime, timezone

import pandas as pd
import streamlit as st

from .. import config, db, export, extract, feeds, freshness, queries
from ..sources import SOURCES
from .urlstate import UrlState  # noqa: F401  (re-exported for pages)

MAP_SHAPES_PATH = "app/static/maps/"
VIEW_TABLES = "_view_tables"  # session key: the tables the current page run offers, for the full extract  # static/maps/world_110m.json, served by Streamlit


FAVICON = str(config.STATIC_DIR / "favicon.png")  # a local file: an emoji or icon name would be fetched from a CDN


def page(title: str, description: str) -> None:
    st.set_page_config(page_title=f"{title} · Cybercrime Treaty Monitor", page_icon=FAVICON, layout="wide")
    st.session_state[VIEW_TABLES] = {"tables": {}, "sources": []}  # filled by download() during this run
    st.sidebar.radio("Chart downloads (camera button on each chart)", ["PNG", "SVG"], key="chart_format",
                     horizontal=True, persist_state="session",
                     help="Images carry the chart's title, source line and date.")
    st.title(title)
    st.caption(description)


@st.cache_resource(show_spinner="Preparing the database (first start: loading the bundled snapshot)…")
def engine():
    prepared = db.prepare()
    if not (feeds.feeds_dir() / "all.xml").exists():
        feeds.write_feeds(prepared)  # so the feed links work before the first collector run
    return prepared


def version() -> str:
    """The data version: cache keys change when a collector run finishes."""
    return queries.data_version(engine())


@st.cache_data(show_spinner=False, ttl=3600)
def _cached(module: str, name: str, data_version: str, *args):
    return getattr(importlib.import_module(module), name)(engine(), *args)


def query(function, *args) -> pd.DataFrame:
    """Run a read query ``function(engine, *args)`` once per data version (args must be hashable)."""
    return _cached(function.__module__, function.__name__, version(), *args)


def plotly_config(filename: str) -> dict:
    base = st.get_option("server.baseUrlPath").strip("/")
    return {
        "topojsonURL": "/" + (base + "/" if base else "") + MAP_SHAPES_PATH,
        "displaylogo": False,
        "toImageButtonOptions": {"format": st.session_state.get("chart_format", "PNG").lower(),
                                 "filename": filename, "scale": 2},
        "modeBarButtonsToAdd": ["toImage"],
    }


def chart(fig, key: str, alt: str, country_links: bool = False):
    """A plotly chart with offline map shapes, an export button and a text alternative below it.

    With ``country_links``, clicking a country on a map opens its profile.
    """
    select = {"on_select": "rerun", "selection_mode": ("points",)} if country_links else {}
    event = st.plotly_chart(fig, config=plotly_config(key), key=key, width="stretch", **select)
    st.caption(f"Chart description: {alt}" + (" Click a country to open its profile." if country_links else ""))
    if country_links and event and event.selection.points:
        location = event.selection.points[0].get("location")
        if location:
            st.switch_page("pages/5_Country.py", query_params={"country": location})
    return event


def download(frame: pd.DataFrame, label: str, filename: str, key: str, source_ids=()) -> None:
    """'Download CSV' of exactly ``frame``, with source_url and retrieved_at filled in.

    The frame also joins the page's full extract (see ``share``).
    """
    source_ids = [s for s in source_ids if s in SOURCES]  # analysts' imports and reviews carry their own URLs
    source_url = "; ".join(SOURCES[s].home_url for s in source_ids) or None
    retrieved = last_success(source_ids)
    view = st.session_state.setdefault(VIEW_TABLES, {"tables": {}, "sources": []})
    view["tables"][label] = export.with_provenance(frame, source_url, retrieved)
    view["sources"] += [s for s in source_ids if s not in view["sources"]]
    st.download_button(f"Download CSV: {label}", export.to_csv_bytes(frame, source_url=source_url,
                       retrieved_at=retrieved), file_name=filename, mime="text/csv", key=key,
                       icon=":material/download:")


def freshness_rows(source_ids) -> pd.DataFrame:
    table = _cached_freshness(version())
    return table[table["source_id"].isin(list(source_ids))]


@st.cache_data(show_spinner=False, ttl=600)
def _cached_freshness(data_version: str) -> pd.DataFrame:
    return freshness.freshness_table(engine())


def last_success(source_ids) -> str | None:
    rows = freshness_rows(source_ids)
    values = [v for v in rows["last_success"] if v is not None and not pd.isna(v)]
    return min(values).strftime("%Y-%m-%d %H:%M UTC") if values else None


def provenance_note(source_ids) -> None:
    """Where the numbers come from and how fresh they are; sources older than twice their cadence flagged."""
    rows = freshness_rows(source_ids)
    parts, stale = [], []
    for row in rows.itertuples():
        when = f"{row.last_success:%d %b %Y}" if not pd.isna(row.last_success) else "never"  # NaT: never ran
        kind = "bundled snapshot" if row.snapshot_only else "collected"
        parts.append(f"**{SOURCES[row.source_id].attribution}** ({kind}, as of {when})")
        if row.stale:
            stale.append(f"{SOURCES[row.source_id].name} ({kind} of {when})")
    if stale:
        st.warning("Older than twice the source's update cadence: " + "; ".join(stale)
                   + ". Run the collectors (`python -m collectors run`) to bring it up to date.",
                   icon=":material/history:")
    if parts:
        st.caption("Source: " + "; ".join(parts) + ". See *Data sources* for methods and licences.")


def now() -> datetime:
    return datetime.now(timezone.utc)


def current_link() -> str:
    """The URL that reproduces this view: the page address plus every query parameter."""
    base = st.context.url or ""
    params = urlencode(st.query_params.to_dict())
    return base + ("?" + params if params else "")


def share(title: str, key: str = "extract", source_ids=()) -> None:
    """The 'copy link' affordance and the full extract: a zip of every table this run of the page offered
    for download (``download`` collects them), with a README of sources, dates, link and columns."""
    view = st.session_state.get(VIEW_TABLES, {"tables": {}, "sources": []})
    sources = list(dict.fromkeys([*view["sources"], *source_ids]))
    left, right = st.columns([3, 2])
    with left.popover("Copy link to this view", icon=":material/link:"):
        st.code(current_link(), language=None, wrap_lines=True)
        st.caption("The link restores the page, its filters and the chosen view.")
    if not view["tables"]:
        return
    retrieved = {s: last_success([s]) for s in sources}
    right.download_button(
        "Full extract (zip)", extract.build_zip(view["tables"], view_title=title, view_link=current_link(),
                                                source_ids=sources, retrieved=retrieved, data_version=version()),
        file_name=f"{key}.zip", mime="application/zip", key=f"zip_{key}", icon=":material/folder_zip:")


def page_url(slug: str, **params) -> str:
    """A relative link to another page with its URL state, e.g. ``Country?country=EGY``."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return slug + ("?" + query if query else "")


def page_links(links: list[tuple[str, str, dict]]) -> None:
    """A row of links to other pages carrying the country and period along: (label, page slug, params)."""
    st.markdown(" · ".join(f"[{label}]({page_url(slug, **params)})" for label, slug, params in links))
