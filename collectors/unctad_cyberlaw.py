"""UNCTAD Global Cyberlaw Tracker: per country, the state of legislation in five areas.

Two files, told apart by content: ``data.csv`` (status per area, keyed by zero-padded UN M49 code)
and ``document_links.json`` (law titles and links per area).
"""
from __future__ import annotations

import csv
import io
import json

from treaty_monitor import countries
from .base import Dataset, ParseError, ParseResult

SOURCE_ID = "unctad_cyberlaw"
CLI_TABLE = "cyberlaw_status"
AREAS = ("Electronic Transactions", "Consumer Protection", "Privacy and Data Protection", "Cybercrime",
         "Indirect Taxation")
STATUSES = {"Legislation", "Draft Legislation", "No Legislation", "No Data"}
DATASETS = {
    "cyberlaw_status": Dataset(key=("m49", "area"), tracked=("status",), track_additions=False),
    "cyberlaw_documents": Dataset(key=("m49", "area", "title", "url"), tracked=(), track_additions=False),
}


def parse(content: bytes, url: str) -> ParseResult:
    text = content.decode("utf-8-sig", errors="replace").lstrip()
    if text.startswith("{"):
        return _parse_links(text, url)
    if text.startswith("code,") or text.startswith('"code"'):
        return _parse_status(text, url)
    raise ParseError("expected UNCTAD cyberlaw data.csv (header starting 'code,country') or document_links.json")


def _country(code: str, name: str, result: ParseResult, where: str) -> str | None:
    iso3 = countries.by_m49(code) or countries.resolve(name)
    if iso3 is None:
        result.warnings.append(f"unresolved country {name!r} (M49 {code}) in {where}")
    return iso3


def _parse_status(text: str, url: str) -> ParseResult:
    reader = csv.DictReader(io.StringIO(text))
    missing = [a for a in AREAS if a not in (reader.fieldnames or [])]
    if missing:
        raise ParseError(f"expected UNCTAD cyberlaw data.csv with the five area columns; missing {missing}")
    result = ParseResult()
    for line, row in enumerate(reader, start=2):
        code = row["code"].strip().zfill(3)
        iso3 = _country(code, row["country"], result, f"data.csv line {line}")
        for area in AREAS:
            status = row[area].strip()
            if status not in STATUSES:
                result.warnings.append(f"data.csv line {line}: unknown status {status!r} for {area}")
            result.rows("cyberlaw_status").append({
                "m49": code, "iso3": iso3, "country_name": row["country"], "area": area,
                "status": status if status in STATUSES else None, "source_url": url,
            })
    if not result.rows("cyberlaw_status"):
        raise ParseError("UNCTAD data.csv has a header but no countries")
    return result


def _parse_links(text: str, url: str) -> ParseResult:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"truncated or malformed document_links.json ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) and "countryName" in v for v in data.values()):
        raise ParseError("expected UNCTAD document_links.json: an object of M49 code -> {countryName, areas}")
    result = ParseResult()
    for code, entry in data.items():
        iso3 = _country(code.zfill(3), entry["countryName"], result, "document_links.json")
        for area in AREAS:
            # Entries are [url, title] pairs; bare strings ("No Data", "") mark the absence of documents.
            for link in entry.get(area) or []:
                if not isinstance(link, list) or not link:
                    continue
                href = str(link[0]).strip()
                # Some entries hold a site name or '#' where the URL should be: keep the title, no link.
                result.rows("cyberlaw_documents").append({
                    "m49": code.zfill(3), "iso3": iso3, "area": area,
                    "title": (str(link[1]).strip() if len(link) > 1 else None) or None,
                    "url": href if href.startswith(("http://", "https://")) else None, "source_url": url,
                })
    return result
