"""Microsoft Law Enforcement Requests Report (LERR): one XLSX workbook per half-year.

The workbooks are laid out for print: headers over two or three merged rows, a TOTAL row, notes
beside and below the table, and a layout that moves between years (2013: ``MSFT`` and ``Skype``
sheets; 2014-16: one sheet; 2017: criminal and emergency sheets; 2018-21: everything one column to
the right plus a civil sheet; 2022: civil, criminal, emergency and national-security sheets). So
nothing is read by position: on each sheet the header row is found by its text ("Total Number of
... Requests"), every column by its header, and the country is the text cell left of the request
count. Percentages are 0-1 fractions in the workbook and 0-100 here.

Sheets -> ``request_type``: the single sheet of 2013-16 is ``all`` (every law-enforcement
request); ``Criminal``/``TOTAL`` sheets from 2017 are ``legal`` (emergencies moved to their own
sheet); ``Emergencies`` is ``emergency``; ``Civil`` is ``civil``. The 2013 ``Skype`` sheet is
``product`` ``Skype`` (the ``MSFT`` sheet already includes Skype). ``disclosed_requests`` is the
sum of the requests where content and where only non-content data was disclosed, and
``disclosed_pct`` the sum of their two published percentages.

The national-security sheet (2022) and the separate US national-security orders workbook give
US-only banded figures ("0 - 499") per order type: kept as ``us_fisa_content``,
``us_fisa_non_content`` and ``us_nsl`` rows with ranges.

The half-year comes from the sheet's title ("January - June 2013") or else from the file name
(``Microsoft-LERR-2017-H1.xlsx``).
"""
from __future__ import annotations

from collectors.base import ParseError, ParseResult
from collectors.transparency_common import (
    DATA_REQUESTS, DATASETS, CountryResolver, Figure, Period, ValueProblem, header_key,
    is_total_label, open_workbook, parse_count, parse_period, period_from_url, request_row,
)

SOURCE_ID = "transparency_microsoft"
CLI_TABLE = DATA_REQUESTS
PROVIDER = "Microsoft"
__all__ = ["SOURCE_ID", "CLI_TABLE", "DATASETS", "parse"]

EXPECTED = "a Microsoft Law Enforcement Requests Report workbook (XLSX)"
HEADER_SCAN_ROWS = 12

# Names that mean one country in Microsoft's workbooks only. Plain "Korea" (2013-H1, 2015-H1, 2016-H1,
# 2018-H2, 2019-H1) stands where the other half-years have "South Korea"; no workbook lists North Korea
# and none has "Korea" beside "South Korea" on one sheet. Elsewhere "Korea" is ambiguous, so it is not a
# global alias in data/country_aliases.csv.
PROVIDER_NAMES = {"korea": "KOR"}

# Column header text (fragment) -> field. The first match from the left wins.
COLUMN_FRAGMENTS = (
    ("total number of", "requests"),
    ("specified in requests", "accounts"),
    ("disclosure of content", "content"),
    ("only subscriber", "non_content"),
)


def parse(content: bytes, url: str) -> ParseResult:
    workbook = open_workbook(content, EXPECTED)
    result = ParseResult()
    resolver = CountryResolver()
    file_period = period_from_url(url)
    read_any = False
    for sheet in workbook.worksheets:
        grid = [list(row) for row in sheet.iter_rows(values_only=True)]
        if _is_national_security(grid):
            result.rows(DATA_REQUESTS).extend(_national_security_rows(grid, file_period, url, result))
            read_any = True
            continue
        header_row = _find_header_row(grid)
        if header_row is None:
            result.warnings.append(f"sheet {sheet.title!r}: no 'Total Number of ... Requests' "
                                   "header found; sheet skipped")
            continue
        period = _sheet_period(grid, header_row) or file_period
        if period is None:
            raise ParseError("expected the half-year in the sheet title or the file name "
                             f"(e.g. Microsoft-LERR-2019-H2.xlsx), got neither in {url!r}")
        read_any = True
        rows = _sheet_rows(grid, header_row, sheet.title, period, url, resolver, result.warnings,
                           single_sheet=_single_request_sheet(workbook))
        result.rows(DATA_REQUESTS).extend(rows)
    if not read_any:
        raise ParseError(f"expected {EXPECTED}, got a workbook with no request table "
                         f"(sheets {workbook.sheetnames})")
    result.warnings.extend(resolver.warnings())
    return result


def _single_request_sheet(workbook) -> bool:
    """True for 2013-16 workbooks, whose one table counts every law-enforcement request."""
    titles = [header_key(s.title) for s in workbook.worksheets]
    return not any(("emergenc" in t or "criminal" in t or "civil" in t) for t in titles)


def _request_type(title: str, single_sheet: bool) -> tuple[str, str | None]:
    """(request_type, product) for a sheet."""
    key = header_key(title)
    if "skype" in key:
        return "all", "Skype"
    if "emergenc" in key:
        return "emergency", None
    if "civil" in key:
        return "civil", None
    return ("all" if single_sheet else "legal"), None


def _find_header_row(grid) -> int | None:
    for index, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        if any("total number of" in header_key(cell) for cell in row if isinstance(cell, str)):
            return index
    return None


def _column_map(grid, header_row: int) -> dict[str, int]:
    """field -> column index, from the header row and the row above it (merged group titles)."""
    columns: dict[str, int] = {}
    for offset in (0, -1, 1):
        index = header_row + offset
        if not 0 <= index < len(grid):
            continue
        for col, cell in enumerate(grid[index]):
            text = header_key(cell)
            for fragment, field in COLUMN_FRAGMENTS:
                if fragment in text and field not in columns:
                    columns[field] = col
    return columns


def _sheet_period(grid, header_row: int) -> Period | None:
    for row in grid[:header_row]:
        for cell in row:
            if isinstance(cell, str) and (period := parse_period(cell)):
                return period
    return None


def _sheet_rows(grid, header_row, title, period, url, resolver, warnings, single_sheet):
    columns = _column_map(grid, header_row)
    if "requests" not in columns:
        warnings.append(f"sheet {title!r}: request-count column not found; sheet skipped")
        return []
    request_type, product = _request_type(title, single_sheet)
    rows, empty = [], 0
    for index in range(header_row + 1, len(grid)):
        row = grid[index]
        name = _country_cell(row, columns["requests"])
        if name is None or is_total_label(name):
            continue
        if not isinstance(_cell(row, columns["requests"]), (int, float)):
            empty += 1  # a country name left over with no figures (print-area debris)
            continue
        where = f"sheet {title!r} row {index + 1}"
        problems: list[str] = []
        rows.append(_country_row(row, columns, name, request_type, product, title, period, url,
                                 _iso3(name, resolver, where), problems))
        warnings.extend(f"{where} ({name}): {problem}; stored as missing" for problem in problems)
    if empty:
        warnings.append(f"sheet {title!r}: {empty} rows name a country but carry no figures; "
                        "skipped")
    return rows


def _country_row(row, columns, name, request_type, product, title, period, url, iso3, problems):
    requests = _count(_cell(row, columns["requests"]), "requests", problems)
    accounts = _count(_cell(row, columns.get("accounts")), "accounts", problems)
    shares, counts = [], []
    for field in ("content", "non_content"):
        if field in columns:
            shares.append(_cell(row, columns[field]))
            counts.append(_cell(row, columns[field] + 1))
    return request_row(
        provider=PROVIDER, period=period, country_name=name, iso3=iso3, product=product,
        request_type=request_type, label=title.strip(), url=url, requests=requests,
        accounts=accounts, disclosed_pct=_sum_share(shares), disclosed_requests=_sum_count(counts),
    )


def _iso3(name: str, resolver: CountryResolver, where: str) -> str | None:
    return PROVIDER_NAMES.get(header_key(name)) or resolver.iso3(name, where=where)


def _count(raw, field: str, problems: list[str]) -> Figure:
    """A count, or missing with a note when the workbook holds something else (2015-H2 has
    fractional request counts left by broken formulas)."""
    try:
        return parse_count(raw)
    except ValueProblem as exc:
        problems.append(f"{field}: {exc}")
        return Figure()


def _sum_count(values) -> int | None:
    try:
        figures = [parse_count(v) for v in values]
    except ValueProblem:
        return None
    if not figures or any(f.value is None for f in figures):
        return None
    return sum(f.value for f in figures)


def _cell(row, col):
    return row[col] if col is not None and col < len(row) else None


def _country_cell(row, requests_col: int) -> str | None:
    for cell in row[:requests_col]:
        if isinstance(cell, str) and cell.strip():
            return cell.strip()
    return None


def _sum_share(values) -> float | None:
    numbers = [v for v in values if isinstance(v, (int, float))]
    if not numbers or len(numbers) != len(values):
        return None
    return round(sum(numbers) * 100, 2)



# ----------------------------------------------------------------------------------------------
# US national security orders (banded)

def _is_national_security(grid) -> bool:
    text = " ".join(header_key(c) for row in grid[:6] for c in row if isinstance(c, str))
    return "orders seeking" in text and "total number of" not in text


def _national_security_rows(grid, file_period, url, result) -> list[dict]:
    """Rows of a national-security sheet: FISA (content / non-content) and NSLs, US only."""
    entries = []  # (row number, kind, period, the four banded values)
    kind = None
    for index, row in enumerate(grid):
        label = " ".join(header_key(c) for c in row if isinstance(c, str) and not _is_band(c))
        if "foreign intelligence" in label or "fisa" in label:
            kind = "fisa"
        elif "national security letter" in label or "nsl" in label:
            kind = "nsl"
        values = [c for c in row if isinstance(c, str) and (_is_band(c) or header_key(c) == "n/a")]
        if kind is None or len(values) < 4:
            continue
        period = _row_period(row) or file_period
        if period is None:
            result.warnings.append(f"national-security row {index + 1}: no reporting period; skipped")
            continue
        entries.append((index + 1, kind, period, values[:4]))
    rows = []
    for position, (number, kind, period, values) in enumerate(entries):
        if _out_of_sequence(entries, position):
            # The half-years run in order; Microsoft's 2021 file labels 2018-H2 "July - Dec 2019".
            result.warnings.append(f"national-security row {number}: period {period.label} breaks "
                                   "the sequence of its neighbours; row skipped")
            continue
        rows.extend(_ns_rows(kind, values, period, url))
    return rows


def _out_of_sequence(entries, position: int) -> bool:
    """True when a row's half-year neither follows the row before nor precedes the row after."""
    _, kind, period, _ = entries[position]
    checks = []
    for other, direction in ((position - 1, 1), (position + 1, -1)):
        if 0 <= other < len(entries) and entries[other][1] == kind:
            gap = (period.end - entries[other][2].end).days * direction
            checks.append(181 <= gap <= 184)  # one half-year later (or earlier)
    return bool(checks) and not any(checks)


def _ns_rows(kind, values, period, url) -> list[dict]:
    content_orders, content_accounts, other_orders, other_accounts = (parse_count(v) for v in values)
    if kind == "nsl":
        pairs = [("us_nsl", "National Security Letters", other_orders, other_accounts)]
    else:
        pairs = [("us_fisa_content", "FISA orders seeking content", content_orders, content_accounts),
                 ("us_fisa_non_content", "FISA orders seeking only non-content", other_orders,
                  other_accounts)]
    return [request_row(provider=PROVIDER, period=period, country_name="United States",
                        iso3="USA", request_type=kind_type, label=label, url=url,
                        requests=orders, accounts=accounts)
            for kind_type, label, orders, accounts in pairs
            if not (orders.missing and accounts.missing)]


def _is_band(text: str) -> bool:
    try:
        figure = parse_count(text)
    except ValueProblem:
        return False
    return figure.low is not None and figure.value is None


def _row_period(row) -> Period | None:
    for cell in row:
        if isinstance(cell, str) and not _is_band(cell) and (period := parse_period(cell)):
            return period
    return None

