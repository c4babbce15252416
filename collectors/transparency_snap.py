"""Snap (Snapchat) transparency report: government information requests, long CSV.

Snap's CSV (``period,section,category,sub_category_1,sub_category_2,metric,value``) carries one
figure per line. Read here:

* ``International Government Information Requests``: per country (``sub_category_1``),
  ``emergency`` and ``legal`` (Snap's "other information requests") rows;
* ``United States Criminal Legal Requests``: US rows per legal process (``EDR`` is the US
  ``emergency`` row; subpoenas, warrants, court orders, pen registers, wiretaps as ``us_*``);
* ``United States National Security Requests``: banded (``0-249``), kept as ranges;
* ``Governmental Content Removal Requests`` has no country and is reported as not placed.

Other sections (content-violation statistics) are ignored. Shares are 0-1 fractions, stored
0-100; ``N/A`` is missing.
"""
from __future__ import annotations

from collections import defaultdict

from collectors.base import ParseError, ParseResult
from collectors.transparency_common import (
    DATA_REQUESTS, DATASETS, CountryResolver, ValueProblem, describe, header_key, parse_count,
    parse_percent, parse_period, read_csv, request_row,
)

SOURCE_ID = "transparency_snap"
CLI_TABLE = DATA_REQUESTS
PROVIDER = "Snap"
__all__ = ["SOURCE_ID", "CLI_TABLE", "DATASETS", "parse"]

INTERNATIONAL = "international government information requests"
US_CRIMINAL = "united states criminal legal requests"
US_NATIONAL_SECURITY = "united states national security requests"
REMOVALS = "governmental content removal requests"

# International metrics: request type -> (label, requests, accounts, share)
INTERNATIONAL_TYPES = {
    "emergency": ("Emergency requests", "emergency_requests",
                  "account_identifiers_for_emergency_requests",
                  "percentage_of_emergency_requests_where_some_data_was_produced"),
    "legal": ("Other information requests", "other_information_requests",
              "account_identifiers_for_other_information_requests",
              "percentage_of_other_information_requests_where_some_data_was_produced"),
}

US_CATEGORIES = {
    "edr": "emergency",
    "subpoena": "us_subpoena",
    "summons": "us_summons",
    "subpoena/summons": "us_subpoena_summons",
    "search warrant": "us_search_warrant",
    "court order": "us_court_order",
    "prtt": "us_pen_register",
    "wiretap": "us_wiretap",
    "nsls and fisa orders/directives": "us_national_security",
}
US_METRICS = ("requests", "account_identifiers",
              "percentage_of_requests_where_some_data_was_produced")


def parse(content: bytes, url: str) -> ParseResult:
    rows = read_csv(content)
    header = [header_key(h) for h in rows[0]] if rows else []
    if header[:2] != ["period", "section"] or "metric" not in header or "value" not in header:
        raise ParseError("expected a Snap transparency-report CSV (header 'period,section,category,"
                         f"sub_category_1,sub_category_2,metric,value'), got {describe(content)}")
    result = ParseResult()
    resolver = CountryResolver()
    # (period, section, country or US category) -> {metric: value}
    figures: dict[tuple, dict[str, str]] = defaultdict(dict)
    unplaced = 0
    for cells in rows[1:]:
        record = dict(zip(header, cells))
        section = header_key(record.get("section"))
        if section == INTERNATIONAL:
            subject = record.get("sub_category_1", "")
        elif section in (US_CRIMINAL, US_NATIONAL_SECURITY):
            subject = record.get("category", "")
        elif section == REMOVALS:
            unplaced += 1
            continue
        else:
            continue
        figures[(record.get("period"), section, subject)][record.get("metric", "")] = record.get("value")
    if unplaced:
        result.warnings.append(f"{unplaced} governmental content-removal lines name no country "
                               "(Snap gives one worldwide figure); not placed, not kept")
    for (label, section, subject), metrics in figures.items():
        period = parse_period(label)
        if period is None:
            result.warnings.append(f"unreadable period {label!r}; its figures are skipped")
            continue
        try:
            if section == INTERNATIONAL:
                result.rows(DATA_REQUESTS).extend(
                    _international_rows(metrics, period, subject, resolver, url))
            else:
                result.rows(DATA_REQUESTS).extend(_us_rows(metrics, period, subject, url,
                                                           result.warnings))
        except ValueProblem as exc:
            result.warnings.append(f"{label} {subject}: {exc}; not kept")
    result.warnings.extend(resolver.warnings())
    return result


def _international_rows(metrics, period, name, resolver, url) -> list[dict]:
    iso3 = resolver.iso3(name, where=f"period {period.label}")
    rows = []
    for request_type, (label, requests_key, accounts_key, share_key) in INTERNATIONAL_TYPES.items():
        if requests_key not in metrics:
            continue
        rows.append(request_row(
            provider=PROVIDER, period=period, country_name=name, iso3=iso3,
            request_type=request_type, label=label, url=url,
            requests=parse_count(metrics.get(requests_key)),
            accounts=parse_count(metrics.get(accounts_key)),
            disclosed_pct=parse_percent(metrics.get(share_key), fraction=True),
        ))
    return rows


def _us_rows(metrics, period, category, url, warnings) -> list[dict]:
    request_type = US_CATEGORIES.get(header_key(category))
    if request_type is None:
        warnings.append(f"{period.label}: unknown US request category {category!r}; not kept")
        return []
    requests_key, accounts_key, share_key = US_METRICS
    return [request_row(
        provider=PROVIDER, period=period, country_name="United States", iso3="USA",
        request_type=request_type, label=category, url=url,
        requests=parse_count(metrics.get(requests_key)),
        accounts=parse_count(metrics.get(accounts_key)),
        disclosed_pct=parse_percent(metrics.get(share_key), fraction=True),
    )]
