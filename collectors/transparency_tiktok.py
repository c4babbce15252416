"""TikTok Transparency Center: law-enforcement requests for user information.

Two shapes are read, told apart by content:

* the long CSV (``2023H1_raw_data_law_English.csv``): one figure per line
  (``Metric,Period Type,Period,...,Location,location_value,result``), several half-years per file.
  Lines whose ``Location`` is not ``Market`` are TikTok-wide totals, not countries, and are not
  kept (one warning says how many).
* the XLSX (``English_LIPGR_2022_H1.xlsx``): the ``LRFUI map`` sheet, one row per country, and the
  ``GRFCR map`` sheet of government content-removal requests (-> ``removal_requests``). The
  workbook's half-year comes from its ``Date range`` cells or else from the file name.

Request types: ``all`` (total requests), ``legal``, ``emergency``, ``preservation``. TikTok gives
the disclosed share as a 0-1 fraction; it is stored as 0-100.
"""
from __future__ import annotations

from collections import defaultdict

from collectors.base import ParseError, ParseResult
from collectors.transparency_common import (
    DATA_REQUESTS, DATASETS, REMOVAL_REQUESTS, CountryResolver, ValueProblem, describe,
    header_key, is_total_label, open_workbook, parse_count, parse_percent, parse_period,
    period_from_url, read_csv, removal_row, request_row,
)

SOURCE_ID = "transparency_tiktok"
CLI_TABLE = DATA_REQUESTS
PROVIDER = "TikTok"
__all__ = ["SOURCE_ID", "CLI_TABLE", "DATASETS", "parse"]

EXPECTED = ("TikTok's law-enforcement requests data (the raw_data_law CSV or the LIPGR XLSX "
            "with a 'LRFUI map' sheet)")

# request type -> (label, requests, accounts, disclosed share) as TikTok names them (lower case).
REQUEST_TYPES = {
    "all": ("Total requests", "total requests", None, None),
    "legal": ("Legal requests", "legal requests", "legal request accounts specified",
              "percentage of legal requests where some data was disclosed"),
    "emergency": ("Emergency requests", "emergency requests", "emergency request accounts specified",
                  "percentage of emergency requests where some data was disclosed"),
    "preservation": ("Preservation requests", "preservation requests",
                     "preservation request accounts specified", None),
}


def parse(content: bytes, url: str) -> ParseResult:
    result = ParseResult()
    resolver = CountryResolver()
    if content.startswith(b"PK"):
        _parse_workbook(content, url, result, resolver)
    else:
        _parse_long_csv(content, url, result, resolver)
    result.warnings.extend(resolver.warnings())
    return result


def _parse_long_csv(content, url, result, resolver) -> None:
    rows = read_csv(content)
    header = [header_key(h) for h in rows[0]] if rows else []
    if not {"metric", "period", "location", "location_value", "result"} <= set(header):
        raise ParseError(f"expected {EXPECTED}, got {describe(content)}")
    # (period label, country) -> {metric: value}
    figures: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    totals = 0
    for cells in rows[1:]:
        record = dict(zip(header, cells))
        if not record.get("metric"):
            continue
        if header_key(record.get("location")) != "market":
            totals += 1
            continue
        figures[(record["period"], record["location_value"])][header_key(record["metric"])] = \
            record.get("result")
    if totals:
        result.warnings.append(f"{totals} TikTok-wide total lines (Location not 'Market') are not "
                               "per-country figures; not kept")
    for (label, name), metrics in figures.items():
        period = parse_period(label)
        if period is None:
            result.warnings.append(f"unreadable period {label!r} for {name}; its figures are skipped")
            continue
        iso3 = resolver.iso3(name, where=f"period {label}")
        result.rows(DATA_REQUESTS).extend(
            _country_rows(metrics, period, name, iso3, url, result.warnings))


def _country_rows(metrics: dict, period, name, iso3, url, warnings) -> list[dict]:
    rows = []
    for request_type, (label, requests_key, accounts_key, pct_key) in REQUEST_TYPES.items():
        if requests_key not in metrics:
            continue
        try:
            rows.append(request_row(
                provider=PROVIDER, period=period, country_name=name, iso3=iso3,
                request_type=request_type, label=label, url=url,
                requests=parse_count(metrics.get(requests_key)),
                accounts=parse_count(metrics.get(accounts_key)) if accounts_key else parse_count(None),
                disclosed_pct=parse_percent(metrics.get(pct_key), fraction=True) if pct_key else None,
            ))
        except ValueProblem as exc:
            warnings.append(f"{name}, {period.label}, {label}: {exc}; not kept")
    return rows


def _parse_workbook(content, url, result, resolver) -> None:
    workbook = open_workbook(content, EXPECTED)
    titles = {header_key(s.title): s for s in workbook.worksheets}
    if "lrfui map" not in titles:
        raise ParseError(f"expected {EXPECTED}, got a workbook with sheets {workbook.sheetnames}")
    period = _workbook_period(workbook) or period_from_url(url)
    if period is None:
        raise ParseError("expected the half-year in the workbook's 'Date range' or its file name "
                         f"(e.g. English_LIPGR_2022_H1.xlsx), got neither in {url!r}")
    for name, metrics in _sheet_records(titles["lrfui map"]):
        iso3 = resolver.iso3(name, where="sheet 'LRFUI map'")
        result.rows(DATA_REQUESTS).extend(_country_rows(metrics, period, name, iso3, url,
                                                        result.warnings))
    if "grfcr map" in titles:
        for name, metrics in _sheet_records(titles["grfcr map"]):
            iso3 = resolver.iso3(name, where="sheet 'GRFCR map'")
            try:
                result.rows(REMOVAL_REQUESTS).append(removal_row(
                    provider=PROVIDER, period=period, country_name=name, iso3=iso3, url=url,
                    requester="Government",
                    requests=parse_count(metrics.get("total requests received")),
                    items=parse_count(metrics.get("total content received")),
                    removed_pct=parse_percent(metrics.get("removal rate"), fraction=True),
                ))
            except ValueProblem as exc:
                result.warnings.append(f"sheet 'GRFCR map', {name}: {exc}; row skipped")


def _sheet_records(sheet):
    """(country, {header: value}) for each row of a per-country sheet with a 'Country' header."""
    rows = sheet.iter_rows(values_only=True)
    header = [header_key(h) for h in next(rows, ())]
    for cells in rows:
        record = dict(zip(header, cells))
        name = record.get("country")
        if isinstance(name, str) and name.strip() and not is_total_label(name):
            yield name.strip(), {k: v for k, v in record.items() if k}


def _workbook_period(workbook):
    """The half-year in the first 'Date range' column of any sheet (the IP sheets carry one)."""
    for sheet in workbook.worksheets:
        rows = sheet.iter_rows(max_row=2, values_only=True)
        header = [header_key(h) for h in next(rows, ())]
        if "date range" in header:
            values = next(rows, ())
            column = header.index("date range")
            if column < len(values) and (period := parse_period(values[column])):
                return period
    return None
