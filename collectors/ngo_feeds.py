"""NGO news feeds (RSS 2.0, RSS 1.0, Atom): reports, and leads for the analysts' review.

Feeds in the wild often do not validate (the EFF feed does not; copies get truncated), so the XML is read
with a recovering parser and every field is optional. Titles and summaries are kept as plain text: markup
is removed and the content of scripts and styles is dropped. Countries, category and target group are
inferred from the headline (see treaty_monitor.inference); an item naming a country and matching a category
becomes one lead per country, for an analyst to confirm or reject.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from html.entities import name2codepoint

import lxml.html
from lxml import etree

from collectors.base import Dataset, ParseError, ParseResult
from collectors.http import FetchError
from treaty_monitor import countries
from treaty_monitor.incident_vocab import describe_content, is_http_url, stable_key
from treaty_monitor.inference import infer_category, infer_countries, infer_target_group
from treaty_monitor.ngo_feed_list import DEFAULT_FEEDS, organisation_for

SOURCE_ID = "ngo_feeds"
CLI_TABLE = "reports"

DATASETS = {
    "reports": Dataset(key=("report_key",), tracked=("title", "url", "summary"), snapshot=False),
    "leads": Dataset(key=("lead_key",), tracked=(), snapshot=False),
}

SUMMARY_MAX_CHARS = 500
FEED_ROOTS = {"rss", "feed", "RDF"}
ITEM_TAGS = {"item", "entry"}
DATE_TAGS = ("pubDate", "published", "date", "issued", "updated", "modified")
SUMMARY_TAGS = ("description", "summary", "encoded", "content")


# ---- markup to plain text ----------------------------------------------------------------------------------

SKIPPED_ELEMENTS = ("script", "style", "noscript", "template", "iframe", "object", "svg", "head")
BLOCK_ELEMENTS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "blockquote", "section")
MARKUP_MAX_CHARS = 100_000  # more than enough for a 500-character summary; bounds the work on huge items


def html_to_text(markup: str | None) -> str | None:
    """Plain single-spaced text of an HTML fragment (entities decoded, scripts and styles dropped), or None."""
    if not markup or not markup.strip():
        return None
    root = lxml.html.fragment_fromstring(markup[:MARKUP_MAX_CHARS], create_parent="div")
    etree.strip_elements(root, *SKIPPED_ELEMENTS, with_tail=False)
    for block in root.iter(*BLOCK_ELEMENTS):  # "a<br>b" reads "a b", not "ab"
        block.tail = " " + (block.tail or "")
    text = " ".join(root.text_content().split())
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    return text or None


def shorten(text: str | None, limit: int = SUMMARY_MAX_CHARS) -> str | None:
    if text is None or len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


# ---- reading the XML ----------------------------------------------------------------------------------------

def local_name(element) -> str:
    tag = element.tag
    if not isinstance(tag, str):  # comments, processing instructions
        return ""
    return tag.rsplit("}", 1)[-1]


def read_feed_root(content: bytes):
    if not content or not content.strip():
        raise ParseError("expected an RSS or Atom feed, got an empty response")
    content = repair_feed_bytes(content)
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, remove_comments=True,
                             remove_pis=True)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None or local_name(root) not in FEED_ROOTS:
        raise ParseError(f"expected an RSS or Atom feed, got {describe_non_feed(root, content)}")
    return root


_XML_ENTITIES = {b"amp", b"lt", b"gt", b"quot", b"apos"}
_AMPERSAND = re.compile(rb"&(#[0-9]+;|#x[0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]{0,31};)?")


def _fix_ampersand(match: re.Match) -> bytes:
    reference = match.group(1)
    if reference is None:  # a bare "&", as in "News & Views"
        return b"&amp;"
    name = reference[:-1]
    if name.startswith(b"#") or name in _XML_ENTITIES:
        return match.group(0)
    codepoint = name2codepoint.get(name.decode("ascii"))
    return b"&#%d;" % codepoint if codepoint else b"&amp;" + reference


def repair_feed_bytes(content: bytes) -> bytes:
    """Fix the breakages that make libxml2's recovery silently lose text.

    Anything before a late XML declaration (a comment, stray bytes) makes it drop every entity such as
    &lt;; a bare "&" and HTML entities undeclared in XML (&nbsp;, &eacute;) would be dropped too.
    """
    declaration = content.find(b"<?xml", 0, 4096)
    if declaration > 0:
        content = content[declaration:]
    return _AMPERSAND.sub(_fix_ampersand, content)


def describe_non_feed(root, content: bytes) -> str:
    if root is not None and local_name(root).lower() == "html":
        return "an HTML page"
    if root is not None and describe_content(content) not in ("an HTML page", "a JSON document"):
        return f"an XML document whose root is <{local_name(root)}>"
    return describe_content(content)


def children(item, names) -> list:
    wanted = {names} if isinstance(names, str) else set(names)
    return [child for child in item if local_name(child) in wanted]


def element_text(element) -> str:
    return "".join(element.itertext())


def first_text(item, names: tuple[str, ...]) -> str | None:
    """The first non-empty child text among ``names``, in the order given."""
    for name in names:
        for child in children(item, name):
            text = element_text(child).strip()
            if text:
                return text
    return None


def item_link(item) -> str | None:
    """RSS <link>text</link>, Atom <link href rel="alternate">, RSS 1.0 rdf:about, or a permalink guid."""
    for link in children(item, "link"):
        href = link.get("href")
        if href is not None:
            if link.get("rel", "alternate") == "alternate":
                return href.strip()
        elif element_text(link).strip():
            return element_text(link).strip()
    about = next((value for key, value in item.attrib.items() if key.endswith("}about")), None)
    if about:
        return about.strip()
    for guid in children(item, "guid"):
        if guid.get("isPermaLink", "true").lower() != "false" and is_http_url(element_text(guid)):
            return element_text(guid).strip()
    return None


def feed_datetime(text: str | None) -> datetime | None:
    """RFC 822 (RSS) or ISO 8601 (Atom, Dublin Core) -> aware UTC datetime; naive times are taken as UTC."""
    if not text:
        return None
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


# ---- one item ------------------------------------------------------------------------------------------------

def report_from_item(item, position: int, organisation: str | None, url: str, warnings: list[str]) -> dict | None:
    title = html_to_text(first_text(item, ("title",)))
    link = item_link(item)
    guid = first_text(item, ("guid", "id"))
    label = f"item {position}" + (f" ('{title[:60]}')" if title else "")
    if link and not is_http_url(link):
        warnings.append(f"{label}: link '{link[:80]}' is not an http(s) address; dropped")
        link = None
    if not title and not link:
        warnings.append(f"{label}: no title and no link; skipped")
        return None
    raw_date = first_text(item, DATE_TAGS)
    published = feed_datetime(raw_date)
    if raw_date and not published:
        warnings.append(f"{label}: publication date '{raw_date[:40]}' could not be read; left empty")
    summary = shorten(html_to_text(first_text(item, SUMMARY_TAGS)))
    countries_found = infer_countries(title) or infer_countries(summary)
    return {
        "report_key": stable_key(SOURCE_ID, link or guid or f"{title}|{raw_date}"),
        "organisation": organisation,
        "title": title,
        "url": link,
        "published": published,
        "summary": summary,
        "countries": "; ".join(countries_found) or None,
        "category": infer_category(title) or infer_category(summary),
        "target_group": infer_target_group(title) or infer_target_group(summary),
        "source_url": url,
    }


def leads_from_report(report: dict) -> list[dict]:
    """One lead per country named, when the report also matches an incident category."""
    if not report["countries"] or not report["category"]:
        return []
    published = report["published"]
    return [
        {
            "lead_key": stable_key(SOURCE_ID, report["report_key"], iso3),
            "report_key": report["report_key"],
            "iso3": iso3,
            "country_name": countries.display_name(iso3),
            "category": report["category"],
            "target_group": report["target_group"],
            "summary": report["title"],
            "date": published.date() if published else None,
            "date_precision": "day" if published else None,
            "verification": "lead",
            "stream": SOURCE_ID,
            "source_org": report["organisation"],
            "source_urls": report["url"],
            "source_url": report["source_url"],
        }
        for iso3 in report["countries"].split("; ")
    ]


# ---- the whole feed ------------------------------------------------------------------------------------------

def feed_organisation(root, url: str, warnings: list[str]) -> str | None:
    """From the configured feed list by host; else the feed's own title, with a warning."""
    organisation = organisation_for(url, list(DEFAULT_FEEDS))
    if organisation:
        return organisation
    channel_title = next((html_to_text(element_text(el)) for el in root.iter()
                          if local_name(el) == "title"), None)
    warnings.append(f"feed host of {url} is not in the feed list; organisation taken from the feed title "
                    f"'{channel_title}'")
    return channel_title


def parse(content: bytes, url: str) -> ParseResult:
    root = read_feed_root(content)
    result = ParseResult(meta={"feed_format": {"rss": "RSS 2.0", "feed": "Atom", "RDF": "RSS 1.0"}[local_name(root)]})
    organisation = feed_organisation(root, url, result.warnings)
    reports, leads = result.rows("reports"), result.rows("leads")
    seen_keys: set[str] = set()
    items = (el for el in root.iter() if local_name(el) in ITEM_TAGS)
    for position, item in enumerate(items, start=1):
        report = report_from_item(item, position, organisation, url, result.warnings)
        if report is None:
            continue
        if report["report_key"] in seen_keys:
            result.warnings.append(f"item {position}: same link as an earlier item; kept once")
            continue
        seen_keys.add(report["report_key"])
        reports.append(report)
        leads.extend(leads_from_report(report))
    result.meta["items"] = len(reports)
    return result


# ---- fetching many feeds -------------------------------------------------------------------------------------

def fetch(get, urls: list[str]):
    """GET every feed; one that fails (network, HTTP error, not a feed) is skipped with a warning.

    Returns (responses, warnings) for the runner. The run fails only when every feed failed, so one
    unreachable publisher never costs the items of the others.
    """
    responses, warnings, errors = [], [], []
    for url in urls:
        try:
            response = get(url)
            read_feed_root(response.content)  # an HTML maintenance page is a failed feed, not an empty one
        except (FetchError, ParseError) as exc:
            message = " ".join(str(exc).split())
            errors.append(f"{url}: {message}" if url not in message else message)
            warnings.append(f"feed skipped: {errors[-1]}")
            continue
        responses.append(response)
    if not responses:
        raise FetchError(f"all {len(urls)} feeds failed: " + "; ".join(errors))
    return responses, warnings
