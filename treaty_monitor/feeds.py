"""Atom feeds of detected changes: one for everything, one per country, in static/feeds/.

Written after every collector run that found something, so analysts can subscribe in any feed reader
at ``<public URL>/app/static/feeds/all.xml`` or ``.../feeds/<ISO3>.xml``.
"""
from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import sqlalchemy as sa

from . import config, countries, queries
from .sources import SOURCES

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES_PER_FEED = 100
ET.register_namespace("", ATOM)


def public_url() -> str:
    """Where the dashboard is reachable, for absolute links in the feeds (``MONITOR_PUBLIC_URL``)."""
    return os.environ.get("MONITOR_PUBLIC_URL", "http://localhost:8501").rstrip("/")


def feeds_dir() -> Path:
    return Path(os.environ.get("MONITOR_FEEDS_DIR") or config.STATIC_DIR / "feeds")


def write_feeds(engine: sa.Engine, directory: Path | None = None) -> list[Path]:
    """(Re)write all.xml and one feed per country that has changes; return the files written."""
    directory = directory or feeds_dir()
    directory.mkdir(parents=True, exist_ok=True)
    events = queries.latest_changes(engine, limit=5000)
    written = [_write(directory / "all.xml", "all", "All changes", events.head(ENTRIES_PER_FEED))]
    for iso3, group in events.dropna(subset=["iso3"]).groupby("iso3"):
        name = countries.display_name(iso3)
        written.append(_write(directory / f"{iso3}.xml", iso3, f"Changes: {name}", group.head(ENTRIES_PER_FEED)))
    return written


def _write(path: Path, feed_key: str, title: str, events: pd.DataFrame) -> Path:
    base = public_url()
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", f"{base}/app/static/feeds/{feed_key}.xml")
    _sub(feed, "title", f"Cybercrime Treaty Monitor: {title}")
    _sub(feed, "subtitle", "Signatures, ratifications, declarations, UN documents and confirmed incidents, "
                           "as detected by the monitor's collectors.")
    _sub(feed, "updated", _iso(events["detected_at"].max() if len(events) else datetime.now(timezone.utc)))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml",
                  href=f"{base}/app/static/feeds/{feed_key}.xml")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=base + "/")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _sub(author, "name", "Cybercrime Treaty Monitor")
    _sub(author, "uri", config.PROJECT_URL)
    _sub(feed, "generator", "Cybercrime Treaty Monitor")
    for event in events.itertuples():
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _sub(entry, "id", f"{base}/app/static/feeds/event/{event.id}")
        _sub(entry, "title", event.summary)
        _sub(entry, "updated", _iso(event.detected_at))
        link = f"{base}/Country?country={quote(event.iso3)}" if isinstance(event.iso3, str) else base + "/"
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=link)
        source = SOURCES.get(event.source_id)
        _sub(entry, "summary", f"{event.summary}. Detected {_iso(event.detected_at)[:10]} by the "
                               f"{source.name if source else event.source_id} collector.")
        ET.SubElement(entry, f"{{{ATOM}}}category", term=event.source_id,
                      label=source.name if source else event.source_id)
    tmp = path.with_suffix(".tmp")
    ET.ElementTree(feed).write(tmp, encoding="utf-8", xml_declaration=True)
    tmp.replace(path)  # readers never see a half-written feed
    return path


def _sub(parent, tag: str, text: str):
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = text
    return element


def _iso(value) -> str:
    stamp = pd.Timestamp(value)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
