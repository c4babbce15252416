"""Meta (Facebook) Transparency Center: government requests for user data, one CSV per half-year.

Two header generations are read, both by column name: 2013-H1 to 2019-H1 (with ``Content
Restricted``/``Content Restrictions``, ``Takedown reports``, ``Internet Disruptions``, and until
2017-H1 a US-only ``Emergency Disclosures`` group) and 2019-H2 onwards (every territory listed,
``Number of Requests Where Some Data Produced`` per group). Countries are English names only.

The file does not name its half-year: it comes from the file name in ``url``
(``PRPL-Facebook-Government-Report-2019_H2.csv``); without one the parse fails.

Each column group (total, legal process, emergency, preservation, the US-only legal-process
types) becomes one row per country when the group has at least one figure; a group left blank
for a country in the early files is absent, not zero. Early US figures are ranges
(``"11,000 - 12,000"``) and are kept as ranges. The content-restriction, takedown and
internet-disruption columns are not data requests and are not read here.
"""
from __future__ import annotations

from collectors.base import ParseError, ParseResult
from collectors.transparency_common import (
    DATA_REQUESTS, DATASETS, CountryResolver, ValueProblem, describe, header_key, parse_count,
    parse_int, parse_percent, period_from_url, read_csv, request_row,
)

SOURCE_ID = "transparency_meta"
CLI_TABLE = DATA_REQUESTS
PROVIDER = "Meta"
__all__ = ["SOURCE_ID", "CLI_TABLE", "DATASETS", "parse"]

# request type -> (label, requests column, accounts column, percentage column, some-data column)
GROUPS = {
    "all": ("Total Requests", "total requests", "total requests accounts",
            "total requests percentage", "number of requests where some data produced"),
    "legal": ("Legal Process Request Total", "legal process request total",
              "legal process request total accounts", "legal process request total percentage",
              "legal number of requests where some data produced"),
    "emergency": ("Emergency Request Total", "emergency request total",
                  "emergency request total accounts", "emergency request total percentage",
                  "er number of requests where some data produced"),
    "preservation": ("Preservation Requests", "preservation requests",
                     "preservation accounts preserved", None, None),
}

# US-only legal-process groups: "<label>", "<label> Accounts", "<label> Percentage".
US_GROUPS = {
    "us_emergency_disclosure": "Emergency Disclosures",
    "us_search_warrant": "Search Warrant",
    "us_subpoena": "Subpoena",
    "us_court_order": "Court Order (Other)",
    "us_mlat_search_warrant": "MLAT Search Warrant",
    "us_mlat_order": "MLAT Order",
    "us_2703d_order": "Court Order (18 USC 2703(d))",
    "us_pen_register": "Pen Register/Trap and Trace",
    "us_wiretap": "Title III",
    "us_fisa_content": "FISA Content Requests",
    "us_fisa_non_content": "FISA Non-Content Requests",
    "us_nsl": "NSLs",
}
for _type, _label in US_GROUPS.items():
    _key = header_key(_label)
    GROUPS[_type] = (_label, _key, f"{_key} accounts", f"{_key} percentage", None)


def parse(content: bytes, url: str) -> ParseResult:
    rows = read_csv(content)
    header = [header_key(h) for h in rows[0]] if rows else []
    if not header or header[0] != "country" or "total requests" not in header:
        raise ParseError("expected a Meta government-requests CSV (header 'Country,...,Total "
                         f"Requests,...'), got {describe(content)}")
    period = period_from_url(url)
    if period is None:
        raise ParseError("expected the Meta CSV's half-year in its file name (e.g. "
                         f"...-Report-2019_H2.csv), got {url!r}")
    result = ParseResult()
    resolver = CountryResolver()
    for line, cells in enumerate(rows[1:], start=2):
        record = dict(zip(header, cells))
        name = record.get("country", "")
        if not name:
            continue
        iso3 = resolver.iso3(name, where=f"row {line}")
        for request_type, columns in GROUPS.items():
            if columns[1] not in record:
                continue
            try:
                row = _group_row(record, request_type, columns, period, name, iso3, url)
            except ValueProblem as exc:
                result.warnings.append(f"row {line} ({name}), {columns[0]}: {exc}; not kept")
                continue
            if row:
                result.rows(DATA_REQUESTS).append(row)
    result.warnings.extend(resolver.warnings())
    return result


def _group_row(record, request_type, columns, period, name, iso3, url) -> dict | None:
    label, requests_col, accounts_col, pct_col, produced_col = columns
    requests = parse_count(record.get(requests_col))
    accounts = parse_count(record.get(accounts_col))
    pct = parse_percent(record.get(pct_col)) if pct_col else None
    produced = parse_int(record.get(produced_col)) if produced_col else None
    if requests.missing and accounts.missing and pct is None and produced is None:
        return None
    return request_row(
        provider=PROVIDER, period=period, country_name=name, iso3=iso3,
        request_type=request_type, label=label, url=url, requests=requests, accounts=accounts,
        disclosed_pct=pct, disclosed_requests=produced,
    )
