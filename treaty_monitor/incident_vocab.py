"""The incident model: its controlled vocabularies, its row shape and the helpers every incident stream shares.

Three streams produce incidents: the Access Now STOP dataset (``keepiton``), leads inferred from NGO feeds
(``ngo_feeds``) and analysts' own spreadsheets (``analyst``). They all build rows with ``new_incident`` so a
page or an export can rely on the same columns whatever the stream.
"""
from __future__ import annotations

import hashlib
import re

CATEGORIES = {
    "shutdown": "Internet shutdown or throttling",
    "arrest": "Arrest or detention",
    "prosecution": "Prosecution or conviction",
    "surveillance": "Surveillance",
    "blocking": "Content blocking or takedown",
    "data_request": "Cross-border data or evidence request",
    "harassment": "Harassment or attack",
    "legislation": "Legislation used or introduced",
}

TARGET_GROUPS = {
    "journalist": "Journalist",
    "hrd": "Human-rights defender",
    "activist": "Activist",
    "opposition": "Political opposition",
    "minority": "Minority",
    "lgbtq": "LGBTQ+",
    "researcher": "Researcher",
    "general_public": "General public",
    "other": "Other",
}

VERIFICATION = {
    "lead": "Lead (not yet checked)",
    "reported": "Reported by a source organisation",
    "confirmed": "Confirmed by an analyst",
}

DATE_PRECISION = {"day": "Day", "month": "Month", "year": "Year"}

STREAMS = {
    "keepiton": "Access Now STOP dataset",
    "ngo_feeds": "NGO feeds",
    "analyst": "Analyst import",
}

# Spellings users type that are neither the key nor the label.
_EXTRA_SPELLINGS = {
    "shutdown": ("internet shutdown", "throttling", "throttle"),
    "arrest": ("detention",),
    "prosecution": ("conviction",),
    "blocking": ("takedown", "content blocking"),
    "data_request": ("data request", "cross-border data request", "evidence request"),
    "legislation": ("law",),
    "hrd": ("human rights defender", "human-rights defender", "defender"),
    "opposition": ("political opposition",),
    "lgbtq": ("lgbt", "lgbtq+", "lgbtqi", "lgbtqi+"),
    "general_public": ("general public", "public"),
}


def _spelling_key(text: str) -> str:
    """Lower case, punctuation other than '+' turned into single spaces: 'Human-Rights defender' -> 'human rights defender'."""
    return " ".join(re.sub(r"[^\w+]+|_", " ", text.lower()).split())


def _lookup(vocabulary: dict[str, str]) -> dict[str, str]:
    table = {}
    for key, label in vocabulary.items():
        for spelling in (key, label, *_EXTRA_SPELLINGS.get(key, ())):
            table[_spelling_key(spelling)] = key
    return table


_LOOKUPS = {id(vocab): _lookup(vocab) for vocab in (CATEGORIES, TARGET_GROUPS, VERIFICATION, DATE_PRECISION, STREAMS)}


def parse_value(vocabulary: dict[str, str], value) -> str | None:
    """The key of ``value`` (a key or a label, any case and punctuation) in ``vocabulary``, or None."""
    if value is None:
        return None
    return _LOOKUPS[id(vocabulary)].get(_spelling_key(str(value)))


def parse_category(value) -> str | None:
    return parse_value(CATEGORIES, value)


def parse_target_group(value) -> str | None:
    return parse_value(TARGET_GROUPS, value)


def parse_verification(value) -> str | None:
    return parse_value(VERIFICATION, value)


def parse_date_precision(value) -> str | None:
    return parse_value(DATE_PRECISION, value)


def parse_stream(value) -> str | None:
    return parse_value(STREAMS, value)


def allowed_values(vocabulary: dict[str, str]) -> str:
    """'shutdown, arrest, ...': for error messages that list what is accepted."""
    return ", ".join(vocabulary)


# ---- the incident row --------------------------------------------------------------------------------------

INCIDENT_COLUMNS = (
    "incident_key", "event_key", "iso3", "country_name",
    "start_date", "end_date", "date_precision", "ongoing", "duration_days", "duration_text",
    "category", "shutdown_type", "scope", "cause", "ordered_by", "decision_maker",
    "hr_abuse_reported", "election", "violence", "target_group", "law_cited",
    "summary", "source_org", "source_urls", "verification", "stream", "source_url",
)


def new_incident(**values) -> dict:
    """An incident row with every column present (None where the stream has nothing)."""
    unknown = set(values) - set(INCIDENT_COLUMNS)
    if unknown:
        raise KeyError(f"not incident columns: {sorted(unknown)}")
    return {column: values.get(column) for column in INCIDENT_COLUMNS}


def stable_key(*parts) -> str:
    """A short hex digest of the parts, the same on every run (used for incident, event, report and lead keys)."""
    text = "\x1f".join("" if part is None else str(part) for part in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


_URL_SEPARATORS = re.compile(r"[;\s]+")


def is_http_url(text) -> bool:
    return isinstance(text, str) and re.match(r"https?://[^\s/]+", text.strip(), re.IGNORECASE) is not None


def split_urls(cell) -> tuple[list[str], list[str]]:
    """Split a cell holding several links (';', spaces or newlines between them).

    Returns (http(s) URLs in order without repeats, the other pieces that are not http(s) links).
    """
    if cell is None:
        return [], []
    urls, rejected = [], []
    for piece in _URL_SEPARATORS.split(str(cell)):
        piece = piece.strip().rstrip(",")
        if not piece:
            continue
        if is_http_url(piece):
            if piece not in urls:
                urls.append(piece)
        else:
            rejected.append(piece)
    return urls, rejected


def join_urls(urls: list[str]) -> str | None:
    return "; ".join(urls) if urls else None


def describe_content(content: bytes) -> str:
    """What a response looks like, for ParseError messages: 'an HTML page', 'a JSON document'..."""
    head = content[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head:
        return "an empty response"
    if head.startswith(b"%pdf"):
        return "a PDF file"
    if head.startswith(b"pk"):
        return "a ZIP file"
    if head[:1] in (b"{", b"["):
        return "a JSON document"
    if b"<html" in head or head.startswith(b"<!doctype html"):
        return "an HTML page"
    if head.startswith(b"<"):
        return "an XML document of another kind"
    return "plain text"
