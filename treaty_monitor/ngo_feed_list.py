"""Which NGO feeds are collected, and which organisation publishes a feed.

The defaults below can be replaced without touching code: a ``data/feeds.csv`` file with the columns
``organisation,url`` (one feed per line) is used instead when it exists.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from treaty_monitor.config import DATA_DIR

FEEDS_FILE = DATA_DIR / "feeds.csv"


@dataclass(frozen=True)
class Feed:
    organisation: str
    url: str


DEFAULT_FEEDS = (
    Feed("Human Rights Watch", "https://www.hrw.org/rss/news"),
    Feed("Amnesty International", "https://www.amnesty.org/en/latest/news/feed/"),
    Feed("Access Now", "https://www.accessnow.org/feed/"),
    Feed("ARTICLE 19", "https://www.article19.org/feed/"),
    Feed("Electronic Frontier Foundation", "https://www.eff.org/rss/updates.xml"),
    Feed("Privacy International", "https://privacyinternational.org/rss.xml"),
    Feed("Freedom House", "https://freedomhouse.org/rss.xml"),
    Feed("Committee to Protect Journalists", "https://cpj.org/feed/"),
    Feed("Citizen Lab", "https://citizenlab.ca/feed/"),
    Feed("Global Voices", "https://globalvoices.org/feed/"),
)

# Hosts that serve a publisher's feed without being its own site.
EXTRA_HOSTS = {"feeds.feedburner.com/eff": "Electronic Frontier Foundation"}


def feed_list(path: str | Path | None = None) -> list[Feed]:
    """The feeds to collect: from ``path`` (or data/feeds.csv when present), else the defaults."""
    file = Path(path) if path else FEEDS_FILE
    if not file.exists():
        if path:
            raise FileNotFoundError(f"feed list {file} not found")
        return list(DEFAULT_FEEDS)
    with file.open(newline="", encoding="utf-8-sig") as handle:
        rows = csv.DictReader(handle)
        missing = {"organisation", "url"} - set(rows.fieldnames or ())
        if missing:
            raise ValueError(f"{file}: missing column(s) {', '.join(sorted(missing))}; expected organisation,url")
        return [Feed(row["organisation"].strip(), row["url"].strip()) for row in rows if (row["url"] or "").strip()]


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def organisation_for(url: str, feeds: list[Feed] | None = None) -> str | None:
    """The organisation publishing the feed at ``url``, matched by host (a subdomain counts), or None."""
    host = _host(url)
    if not host:
        return None
    for prefix, organisation in EXTRA_HOSTS.items():
        if url.split("://", 1)[-1].lower().startswith(prefix):
            return organisation
    for feed in feeds if feeds is not None else feed_list():
        feed_host = _host(feed.url)
        if host == feed_host or host.endswith("." + feed_host):
            return feed.organisation
    return None
