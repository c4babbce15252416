"""Apple Transparency Report: government requests, one CSV per request type.

Apple's ZIP holds eleven CSVs (device, account, emergency, financial identifier, account
preservation, account restriction/deletion, push token, digital content provider, US national
security, and two app-takedown files). ``parse`` takes the ZIP or any one CSV and tells the CSVs
apart by their first metric column, not by their names.

* ``TR Period`` (``2013 H1``; ``TR Date`` in the preservation file) gives the half-year.
* `` -`` means not reported: missing, not zero.
* US national-security figures are bands (``0 - 249``) and are kept as ranges.
* ``accounts`` holds what each request type specifies: devices, accounts, financial identifiers
  or push tokens (see ``transparency_common``).
* For account requests ``disclosed_requests`` adds the requests where only non-content data and
  where content was provided (Apple counts them apart).
* The two app-takedown files (government requests to remove apps for legal or platform-policy
  violations) go to ``removal_requests`` with ``product`` ``App Store``.
"""
from __future__ import annotations

import io
import zipfile

from collectors.base import ParseError, ParseResult
from collectors.transparency_common import (
    DATA_REQUESTS, DATASETS, REMOVAL_REQUESTS, CountryResolver, Period, ValueProblem, describe,
    header_key, parse_count, parse_int, parse_percent, parse_period, parse_us_date, read_csv,
    removal_row, request_row,
)

SOURCE_ID = "transparency_apple"
CLI_TABLE = DATA_REQUESTS
PROVIDER = "Apple"
__all__ = ["SOURCE_ID", "CLI_TABLE", "DATASETS", "parse"]

PCT = "percentage of requests where data provided"
PROVIDED = "requests where data provided"

# first metric column -> (request_type, label, accounts column, disclosed-count columns)
REQUEST_FILES = {
    "device requests received": ("device", "Device requests", "devices specified in requests",
                                 (PROVIDED,)),
    "account requests received": ("account", "Account requests", "accounts specified in requests",
                                  ("requests where only non-content data provided",
                                   "requests where content provided")),
    "emergency requests received": ("emergency", "Emergency requests", None, (PROVIDED,)),
    "financial identifier requests received": (
        "financial", "Financial identifier requests",
        "financial identifiers specified in requests", (PROVIDED,)),
    "account preservation requests received": (
        "preservation", "Account preservation requests", "accounts specified in requests", ()),
    "account restriction/ account deletion requests received": (
        "account_restriction", "Account restriction/deletion requests",
        "accounts specified in the requests", ()),
    "push token requests received": ("push_token", "Push token requests",
                                     "push tokens specified in requests", (PROVIDED,)),
    "digital content provider requests received": (
        "digital_content_provider", "Digital content provider requests", None, (PROVIDED,)),
}

TAKEDOWN_FILES = {
    "legal violation takedown requests received": "Legal violation",
    "platform policy violation takedown requests received": "Platform policy violation",
}

NATIONAL_SECURITY_TYPES = {
    "national security": "us_national_security",
    "fisa content": "us_fisa_content",
    "fisa non-content": "us_fisa_non_content",
    "nsls": "us_nsl",
}


def parse(content: bytes, url: str) -> ParseResult:
    result = ParseResult()
    resolver = CountryResolver()
    if content.startswith(b"PK"):
        _parse_zip(content, url, result, resolver)
    else:
        _parse_csv(content, url, result, resolver, name="the file")
    result.warnings.extend(resolver.warnings())
    return result


def _parse_zip(content, url, result, resolver) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise ParseError("expected Apple's transparency-report ZIP of CSVs, got a damaged ZIP") from None
    names = [n for n in sorted(archive.namelist()) if n.lower().endswith(".csv")]
    parsed = 0
    for name in names:
        try:
            _parse_csv(archive.read(name), url, result, resolver, name=name)
            parsed += 1
        except ParseError as exc:
            result.warnings.append(f"skipped {name} in the ZIP: {exc}")
    if not parsed:
        raise ParseError("expected Apple's transparency-report ZIP with request CSVs, found none")


def _parse_csv(content, url, result, resolver, name) -> None:
    rows = read_csv(content)
    header = [header_key(h) for h in rows[0]] if rows else []
    if len(header) < 5 or header[0] not in ("tr period", "tr date"):
        raise ParseError("expected an Apple transparency-report CSV (header 'TR Period,TR Start "
                         f"Date,TR End Date,Country/Region,...'), got {describe(content)}")
    records = [dict(zip(header, row)) for row in rows[1:] if any(row)]
    metric = header[4]
    if metric in REQUEST_FILES:
        result.rows(DATA_REQUESTS).extend(
            _request_rows(records, REQUEST_FILES[metric], metric, url, resolver, result.warnings))
    elif metric in TAKEDOWN_FILES:
        result.rows(REMOVAL_REQUESTS).extend(
            _takedown_rows(records, TAKEDOWN_FILES[metric], metric, url, resolver, result.warnings))
    elif metric == "national security requests type+":
        result.rows(DATA_REQUESTS).extend(_national_security_rows(records, url, resolver,
                                                                  result.warnings))
    else:
        raise ParseError(f"expected a known Apple request type, got the column {rows[0][4]!r}")


def _period(record: dict) -> Period | None:
    label = record.get("tr period") or record.get("tr date")
    period = parse_period(label)
    if period is None:
        start, end = parse_us_date(record.get("tr start date")), parse_us_date(record.get("tr end date"))
        if start and end:
            period = Period(start, end)
    return period


def _placed_records(records, resolver, warnings):
    """(line, record, period, country name, iso3) for each record that has a period and a country."""
    for line, record in enumerate(records, start=2):
        period = _period(record)
        name = record.get("country/region", "")
        if period is None:
            warnings.append(f"row {line}: no readable period; row skipped")
            continue
        if header_key(name) in ("", "n/a"):
            if any(parse_int(v) for k, v in record.items() if k.endswith("received")):
                warnings.append(f"row {line}: figures without a country; row skipped")
            continue  # Apple writes "N/A" with zeros for a half-year with no requests at all
        yield line, record, period, name, resolver.iso3(name, where=f"row {line}")


def _request_rows(records, spec, requests_col, url, resolver, warnings):
    request_type, label, accounts_col, disclosed_cols = spec
    rows = []
    for line, record, period, name, iso3 in _placed_records(records, resolver, warnings):
        try:
            disclosed = [parse_int(record.get(c)) for c in disclosed_cols]
            rows.append(request_row(
                provider=PROVIDER, period=period, country_name=name, iso3=iso3,
                request_type=request_type, label=label, url=url,
                requests=parse_count(record.get(requests_col)),
                accounts=parse_count(record.get(accounts_col)) if accounts_col else parse_count(None),
                disclosed_pct=parse_percent(record.get(PCT)),
                disclosed_requests=None if not disclosed or None in disclosed else sum(disclosed),
            ))
        except ValueProblem as exc:
            warnings.append(f"row {line} ({name}, {period.label}): {exc}; row skipped")
    return rows


def _takedown_rows(records, reason, requests_col, url, resolver, warnings):
    rows = []
    for line, record, period, name, iso3 in _placed_records(records, resolver, warnings):
        rows.append(removal_row(
            provider=PROVIDER, period=period, country_name=name, iso3=iso3, url=url,
            requester="Government", reason=reason, product="App Store",
            requests=parse_count(record.get(requests_col)),
            items=parse_count(record.get("apps specified in requests")),
        ))
    return rows


def _national_security_rows(records, url, resolver, warnings):
    rows = []
    for line, record, period, name, iso3 in _placed_records(records, resolver, warnings):
        label = record.get("national security requests type+", "")
        request_type = NATIONAL_SECURITY_TYPES.get(header_key(label))
        if request_type is None:
            warnings.append(f"row {line}: unknown national-security type {label!r}; row skipped")
            continue
        rows.append(request_row(
            provider=PROVIDER, period=period, country_name=name, iso3=iso3,
            request_type=request_type, label=label, url=url,
            requests=parse_count(record.get("requests received")),
            accounts=parse_count(record.get("users/accounts")),
        ))
    return rows
