"""Google Transparency Report: government requests for user data, and content removals.

Google ships ZIPs of CSVs (``google-user-data-requests.zip``, ``google-government-removals.zip``).
``parse`` takes either ZIP, or one of the CSVs on its own; each CSV is recognised by its header row,
never by its name. CSVs that are not per-country tables (the US national-security files, the
released-NSL list, READMEs) are skipped with a warning naming them.

Per file:

* global user data requests -> ``data_requests`` by ``Legal Process`` (``All`` before 2014-H2;
  then emergency / other legal / preservation, the US split into subpoenas, warrants etc.);
* enterprise cloud requests -> ``data_requests`` with ``product`` ``Enterprise Cloud (<product>)``;
* diplomatic legal requests (user data and enterprise) -> ``request_type`` ``diplomatic``, with
  the country that assisted (US or Ireland) in ``assisting_country``;
* removal requests (by requester), the historical removal file (all / court orders / other
  requests, with ``<10`` bounds) and the detailed file (by product and reason) ->
  ``removal_requests``.

In Google's first half-years every row reads 0 for accounts (to 2010-H2) and for the disclosed
percentage (to 2010-H1): Google did not publish those figures yet. When a whole half-year has 0 in
such a column it is stored as not reported (None), with a warning.
"""
from __future__ import annotations

import io
import zipfile
from collections import defaultdict

from collectors.base import ParseError, ParseResult
from collectors.transparency_common import (
    DATA_REQUESTS, DATASETS, REMOVAL_REQUESTS, CountryResolver, Figure, ValueProblem, describe,
    header_key, parse_count, parse_int, parse_percent, parse_period, read_csv, removal_row,
    request_row,
)

SOURCE_ID = "transparency_google"
CLI_TABLE = DATA_REQUESTS
PROVIDER = "Google"
__all__ = ["SOURCE_ID", "CLI_TABLE", "DATASETS", "parse"]

# Legal Process label -> normalized request type.
LEGAL_PROCESS = {
    "all": "all",
    "emergency disclosure requests": "emergency",
    "other legal requests": "legal",
    "preservation requests": "preservation",
    "subpoenas": "us_subpoena",
    "search warrants": "us_search_warrant",
    "other court orders": "us_court_order",
    "pen register orders": "us_pen_register",
    "wiretap orders": "us_wiretap",
    "court orders": "court_order",
    "police requests": "police",
    "requests for data of local subsidiary": "local_subsidiary",
    "cloud act - opos": "cloud_act_opo",
    "cloud act - ipa cdrs": "cloud_act_ipa",
}

# Files Google ships that are not per-country tables; recognised by header, skipped with a note.
_NOT_PER_COUNTRY = ("reporting period ending date", "national security letter (nsl) number")


def parse(content: bytes, url: str) -> ParseResult:
    if content.startswith(b"PK"):
        return _parse_zip(content, url)
    result = ParseResult()
    resolver = CountryResolver()
    _parse_csv(content, url, result, resolver, name="the file")
    result.warnings.extend(resolver.warnings())
    return result


def _parse_zip(content: bytes, url: str) -> ParseResult:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise ParseError("expected a Google Transparency Report ZIP of CSVs, got a damaged ZIP") from None
    result = ParseResult()
    resolver = CountryResolver()
    known = 0
    for name in sorted(archive.namelist()):
        if name.endswith("/") or not name.lower().endswith(".csv"):
            continue
        data = archive.read(name)
        try:
            known += _parse_csv(data, url, result, resolver, name=name)
        except ParseError as exc:
            result.warnings.append(f"skipped {name} in the ZIP: {exc}")
    if not known:
        raise ParseError("expected a Google Transparency Report ZIP with user-data or removal CSVs, "
                         "found none")
    result.warnings.extend(resolver.warnings())
    return result


def _parse_csv(content: bytes, url: str, result: ParseResult, resolver: CountryResolver,
               name: str) -> int:
    """Parse one CSV into ``result``; 1 if it was a known table, 0 if it was skipped."""
    rows = read_csv(content)
    first = header_key(rows[0][0]) if rows and rows[0] else ""
    if first in _NOT_PER_COUNTRY:
        result.warnings.append(f"skipped {name}: a US-only table, not requests by country")
        return 0
    if "period ending" not in first:
        raise ParseError("expected a Google Transparency Report CSV (header starting "
                         f"'Period Ending'), got {describe(content)}")
    header = [header_key(h) for h in rows[0]]
    records = [dict(zip(header, row)) for row in rows[1:] if any(row)]
    reader = _reader_for(header)
    if reader is None:
        result.warnings.append(f"skipped {name}: unknown Google CSV with columns {rows[0]!r}")
        return 0
    table, parsed = reader(records, url, resolver, result.warnings)
    result.rows(table).extend(parsed)
    return 1


def _reader_for(header: list[str]):
    columns = set(header)
    if "user data diplomatic legal requests" in columns:
        return _read_dlr
    if "enterprise diplomatic legal requests" in columns:
        return _read_dlr
    if "enterprise cloud customer requests" in columns:
        return _read_enterprise
    if "legal process" in columns:
        return _read_user_data
    if "reason" in columns and "total" in columns:
        return _read_detailed_removals
    if "requester" in columns:
        return _read_removals
    if "all requests: number of requests" in columns:
        return _read_historical_removals
    return None


def _country_name(record: dict) -> str:
    for column in ("country/region", "country", "country/region of origin"):
        if record.get(column):
            return record[column]
    return ""


def _placed(records, resolver: CountryResolver, warnings: list[str]):
    """(line, record, period, country_name, iso3) for each record that has a readable period."""
    for line, record in enumerate(records, start=2):
        placed = _place(record, line, resolver, warnings)
        if placed is not None:
            yield (line, record, *placed)


def _place(record: dict, line: int, resolver: CountryResolver, warnings: list[str]):
    """(period, country_name, iso3) of a record, or None with a warning when it has no period."""
    period = parse_period(record.get("period ending"))
    if period is None:
        warnings.append(f"row {line}: unreadable period {record.get('period ending')!r}; row skipped")
        return None
    name = _country_name(record)
    iso3 = resolver.iso3(name, iso2=record.get("cldr territory code"), where=f"row {line}")
    return period, name, iso3


def _read_user_data(records, url, resolver, warnings):
    # Older copies name these columns differently; both generations are accepted.
    pct_column = _first_present(records, "percentage disclosed",
                                "percentage of requests where some data produced")
    acc_column = _first_present(records, "accounts", "users/accounts specified")
    unreported = _unreported_columns(records, {pct_column: "disclosed percentage",
                                               acc_column: "accounts"}, warnings)
    rows = []
    for line, record, period, name, iso3 in _placed(records, resolver, warnings):
        label = record.get("legal process", "")
        request_type = LEGAL_PROCESS.get(header_key(label))
        if request_type is None:
            request_type = header_key(label).replace(" ", "_") or "unknown"
            warnings.append(f"row {line}: unknown legal process {label!r}; kept as {request_type!r}")
        skip = unreported.get(period.end, set())
        try:
            rows.append(request_row(
                provider=PROVIDER, period=period, country_name=name, iso3=iso3,
                request_type=request_type, label=label, url=url,
                requests=parse_count(record.get("user data requests")),
                accounts=Figure() if acc_column in skip else parse_count(record.get(acc_column)),
                disclosed_pct=None if pct_column in skip else parse_percent(record.get(pct_column)),
            ))
        except ValueProblem as exc:
            warnings.append(f"row {line} ({name}, {period.label}): {exc}; row skipped")
    return DATA_REQUESTS, rows


def _read_enterprise(records, url, resolver, warnings):
    rows = []
    for line, record, period, name, iso3 in _placed(records, resolver, warnings):
        label = record.get("legal process", "")
        request_type = LEGAL_PROCESS.get(header_key(label), header_key(label).replace(" ", "_"))
        try:
            rows.append(request_row(
                provider=PROVIDER, period=period, country_name=name, iso3=iso3,
                request_type=request_type, label=label, url=url,
                product=f"Enterprise Cloud ({record.get('product')})",
                requests=parse_count(record.get("enterprise cloud customer requests")),
                accounts=parse_count(record.get("enterprise cloud customers")),
                disclosed_pct=parse_percent(record.get("percentage disclosed")),
            ))
        except ValueProblem as exc:
            warnings.append(f"row {line} ({name}, {period.label}): {exc}; row skipped")
    return DATA_REQUESTS, rows


def _read_dlr(records, url, resolver, warnings):
    enterprise = "enterprise diplomatic legal requests" in records[0] if records else False
    column = ("enterprise diplomatic legal requests" if enterprise
              else "user data diplomatic legal requests")
    rows = []
    for line, record in enumerate(records, start=2):
        name = _country_name(record)
        if not name:
            # Google writes a blank country with 0 requests for half-years with none at all.
            if parse_int(record.get(column)) not in (0, None):
                warnings.append(f"row {line}: diplomatic requests without a country; row skipped")
            continue
        placed = _place(record, line, resolver, warnings)
        if placed is None:
            continue
        period, name, iso3 = placed
        product = record.get("product")
        rows.append(request_row(
            provider=PROVIDER, period=period, country_name=name, iso3=iso3,
            request_type="diplomatic", label="Diplomatic legal requests", url=url,
            product=f"Enterprise Cloud ({product})" if enterprise else None,
            assisting_country=record.get("assisting country") or None,
            requests=parse_count(record.get(column)),
        ))
    return DATA_REQUESTS, rows


def _read_removals(records, url, resolver, warnings):
    rows = []
    for line, record, period, name, iso3 in _placed(records, resolver, warnings):
        rows.append(removal_row(
            provider=PROVIDER, period=period, country_name=name, iso3=iso3, url=url,
            requester=record.get("requester") or None,
            requests=parse_count(record.get("number of requests")),
            items=parse_count(record.get("items requested to be removed")),
        ))
    return REMOVAL_REQUESTS, rows


def _read_detailed_removals(records, url, resolver, warnings):
    rows = []
    for line, record, period, name, iso3 in _placed(records, resolver, warnings):
        rows.append(removal_row(
            provider=PROVIDER, period=period, country_name=name, iso3=iso3, url=url,
            product=record.get("product") or None, reason=record.get("reason") or None,
            requests=parse_count(record.get("total")),
        ))
    return REMOVAL_REQUESTS, rows


_HISTORICAL_REQUESTERS = {
    "all requests": "All requests",
    "court orders": "Court orders",
    "other requests (executive, police, etc.)": "Other requests (executive, police, etc.)",
}


def _read_historical_removals(records, url, resolver, warnings):
    rows = []
    for line, record, period, name, iso3 in _placed(records, resolver, warnings):
        for prefix, requester in _HISTORICAL_REQUESTERS.items():
            requests = parse_count(record.get(f"{prefix}: number of requests"))
            items = parse_count(record.get(f"{prefix}: items requested to be removed"))
            pct = parse_percent(record.get(f"{prefix}: % fully or partially complied with"))
            if requests.missing and items.missing and pct is None:
                continue
            rows.append(removal_row(
                provider=PROVIDER, period=period, country_name=name, iso3=iso3, url=url,
                requester=requester, requests=requests, items=items, removed_pct=pct,
            ))
    return REMOVAL_REQUESTS, rows


def _first_present(records: list[dict], *columns: str) -> str:
    keys = records[0].keys() if records else ()
    return next((c for c in columns if c in keys), columns[0])


def _unreported_columns(records, columns: dict[str, str], warnings) -> dict:
    """Half-years in which a column is 0 on every row: figures Google had not started publishing."""
    values = defaultdict(lambda: defaultdict(set))
    for record in records:
        for column in columns:
            values[record.get("period ending")][column].add(record.get(column, ""))
    unreported = {}
    for label, by_column in values.items():
        period = parse_period(label)
        zero_columns = {c for c, seen in by_column.items() if seen == {"0"}}
        if period and zero_columns:
            unreported[period.end] = zero_columns
            names = " and ".join(columns[c] for c in sorted(zero_columns))
            warnings.append(f"{period.label}: every row gives 0 for {names}; Google did not report "
                            "it yet, so it is stored as missing")
    return unreported
