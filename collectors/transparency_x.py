"""X (Twitter), historic: government information requests per country, one CSV per half-year.

Read: the per-country report (``information-requests-report-jan-jun-2017.csv``:
``TIME PERIOD,COUNTRY,ISO CODE,ACCOUNT INFORMATION REQUESTS,PERCENTAGE WHERE SOME INFORMATION
PRODUCED,ACCOUNTS SPECIFIED,...``). Countries come with their two-letter code, which is tried
first. Twitter gives no emergency/legal split, so every row is ``all``. The ``TOTAL`` row is not a
country and is skipped. ``-`` is stored as missing (Twitter used it for "no requests", but the file
does not say whether that means zero or not published). A ``*`` after a count is a Twitter
footnote; the count is kept and the countries carrying one are listed in a warning.

Not read: the later US-only country export (``Twitter_Transparency-UnitedStates_...csv``, "Table
1/5 ... 5/5" layout). It has no per-country figures, only US shares by legal process and US
states, so it raises ParseError with that explanation rather than inventing a national row.
"""
from __future__ import annotations

from collectors.base import ParseError, ParseResult
from collectors.transparency_common import (
    DATA_REQUESTS, DATASETS, CountryResolver, ValueProblem, decode_text, describe, header_key,
    is_total_label, parse_count, parse_percent, parse_period, period_from_url, read_csv,
    request_row,
)

SOURCE_ID = "transparency_x"
CLI_TABLE = DATA_REQUESTS
PROVIDER = "X (Twitter)"
__all__ = ["SOURCE_ID", "CLI_TABLE", "DATASETS", "parse"]

REQUESTS = "account information requests"
ACCOUNTS = "accounts specified"
SHARE = "percentage where some information produced"


def parse(content: bytes, url: str) -> ParseResult:
    if decode_text(content[:200]).lstrip().lower().startswith("table 1/"):
        raise ParseError("expected Twitter's per-country information-requests CSV (TIME PERIOD,"
                         "COUNTRY,ISO CODE,...), got the US-only country export ('Table 1/5' "
                         "layout), which has no per-country figures")
    rows = read_csv(content)
    header = [header_key(h) for h in rows[0]] if rows else []
    if "country" not in header or REQUESTS not in header:
        raise ParseError("expected Twitter's per-country information-requests CSV (TIME PERIOD,"
                         f"COUNTRY,ISO CODE,ACCOUNT INFORMATION REQUESTS,...), got {describe(content)}")
    result = ParseResult()
    resolver = CountryResolver()
    footnoted = []
    for line, cells in enumerate(rows[1:], start=2):
        record = dict(zip(header, cells))
        name = record.get("country", "")
        if not name or is_total_label(name):
            continue
        period = parse_period(record.get("time period")) or period_from_url(url)
        if period is None:
            result.warnings.append(f"row {line} ({name}): no readable period; row skipped")
            continue
        if record.get(REQUESTS, "").endswith("*"):
            footnoted.append(name)
        iso3 = resolver.iso3(name, iso2=record.get("iso code"), where=f"row {line}")
        try:
            result.rows(DATA_REQUESTS).append(request_row(
                provider=PROVIDER, period=period, country_name=name, iso3=iso3,
                request_type="all", label="Account information requests", url=url,
                requests=parse_count(record.get(REQUESTS)),
                accounts=parse_count(record.get(ACCOUNTS)),
                disclosed_pct=parse_percent(record.get(SHARE)),
            ))
        except ValueProblem as exc:
            result.warnings.append(f"row {line} ({name}): {exc}; row skipped")
    if footnoted:
        result.warnings.append("request counts marked '*' by Twitter (a footnote this file does not "
                               f"explain), kept as published: {', '.join(footnoted)}")
    result.warnings.extend(resolver.warnings())
    return result
