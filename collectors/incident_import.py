"""Validate an analyst's own incident spreadsheet (CSV or XLSX) before it is imported.

Pure: bytes in, (incident rows, error messages) out; storing and the login in front of it are elsewhere.
Every error names the line as the spreadsheet shows it (the header is line 1) and the column, so the
analyst can fix the file and upload it again. Cells are read as text and never evaluated: a cell such as
"=HYPERLINK(...)" stays that text.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

from collectors.base import ParseError
from collectors.keepiton import csv_rows, is_xlsx, open_workbook, sheet_rows
from treaty_monitor import countries
from treaty_monitor.incident_vocab import (
    CATEGORIES, TARGET_GROUPS, VERIFICATION, allowed_values, describe_content, join_urls, new_incident,
    parse_category, parse_target_group, parse_verification, split_urls, stable_key,
)

STREAM = "analyst"
REQUIRED_COLUMNS = ("country", "date", "category", "summary", "source_url")
OPTIONAL_COLUMNS = ("target_group", "law_cited", "source_org", "verification")
ALL_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
SUMMARY_MAX_CHARS = 1000
DEFAULT_VERIFICATION = "reported"
DATE_ADVICE = "use YYYY-MM-DD, YYYY-MM or YYYY"
EXPECTED_FILE = f"a CSV or XLSX file whose first line names the columns {', '.join(REQUIRED_COLUMNS)}"

EXAMPLE_ROW = {
    "country": "Kenya",
    "date": "2025-06",
    "category": "arrest",
    "summary": "Example row, replace it: a blogger was detained over posts criticising a county official",
    "source_url": "https://example.org/report-on-the-incident",
    "target_group": "journalist",
    "law_cited": "Computer Misuse and Cybercrimes Act 2018, s. 23",
    "source_org": "Example NGO",
    "verification": "reported",
}


class _RowErrors:
    """Collects one row's problems as 'line N, column C: ...' sentences."""

    def __init__(self, line: int, errors: list[str]):
        self.line, self.errors, self.count = line, errors, 0

    def add(self, column: str, problem: str) -> None:
        self.errors.append(f"line {self.line}, column {column}: {problem}")
        self.count += 1


# ---- reading the file -------------------------------------------------------------------------------------

def canonical_column(name) -> str:
    return re.sub(r"[\s\-]+", "_", str(name or "").strip().lower())


def read_table(content: bytes) -> list[list]:
    """The cells of the first sheet (XLSX) or of the CSV (comma, semicolon or tab separated)."""
    if is_xlsx(content):
        workbook = open_workbook(content, "an XLSX workbook", formulas_as_text=True)
        try:
            return sheet_rows(workbook, workbook.sheetnames[0])
        finally:
            workbook.close()
    kind = "a binary file" if b"\x00" in content[:4096] else describe_content(content)
    if kind != "plain text":
        raise ParseError(f"this looks like {kind}; expected {EXPECTED_FILE}")
    best = []
    for delimiter in (",", ";", "\t"):  # Excel writes ';' in locales with a decimal comma
        rows = csv_rows(content, delimiter)
        if rows and len(known_columns(rows[0])) > len(known_columns(best[0] if best else [])):
            best = rows
    return best or csv_rows(content)


def known_columns(header: list) -> list[str]:
    return [column for column in map(canonical_column, header) if column in ALL_COLUMNS]


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# ---- checking cells ----------------------------------------------------------------------------------------

def incident_date(value) -> tuple[date, str] | None:
    """(date, precision) from YYYY-MM-DD, YYYY-MM or YYYY (or a date cell); None when not a date."""
    if isinstance(value, datetime):
        return value.date(), "day"
    if isinstance(value, date):
        return value, "day"
    text = cell_text(value)
    patterns = ((r"(\d{4})-(\d{1,2})-(\d{1,2})", "day"), (r"(\d{4})-(\d{1,2})", "month"), (r"(\d{4})", "year"))
    for pattern, precision in patterns:
        match = re.fullmatch(pattern, text)
        if match:
            parts = [int(part) for part in match.groups()] + [1, 1]
            try:
                return date(*parts[:3]), precision
            except ValueError:
                return None
    return None


def check_date(value, errors: _RowErrors, today: date) -> tuple[date | None, str | None]:
    if not cell_text(value):
        errors.add("date", f"is empty ({DATE_ADVICE})")
        return None, None
    parsed = incident_date(value)
    if parsed is None:
        errors.add("date", f"'{cell_text(value)}' is not a date ({DATE_ADVICE})")
        return None, None
    if parsed[0] > today:
        errors.add("date", f"'{cell_text(value)}' is in the future")
        return None, None
    return parsed


def check_country(value, errors: _RowErrors) -> str | None:
    text = cell_text(value)
    if not text:
        errors.add("country", "is empty (one country per line)")
        return None
    iso3 = countries.resolve(text)
    if iso3 is None:
        errors.add("country", f"'{text}' is not a known country (use its English name or ISO3 code, one per line)")
    return iso3


def check_choice(column: str, value, vocabulary: dict, parse_choice, errors: _RowErrors, required: bool) -> str | None:
    text = cell_text(value)
    if not text:
        if required:
            errors.add(column, f"is empty (allowed: {allowed_values(vocabulary)})")
        return None
    key = parse_choice(text)
    if key is None:
        errors.add(column, f"'{text}' is not one of: {allowed_values(vocabulary)}")
    return key


def check_summary(value, errors: _RowErrors) -> str | None:
    text = cell_text(value)
    if not text:
        errors.add("summary", "is empty (a short description of what happened is required)")
        return None
    if len(text) > SUMMARY_MAX_CHARS:
        errors.add("summary", f"has {len(text)} characters; at most {SUMMARY_MAX_CHARS} are allowed")
        return None
    return text


def check_source_urls(value, errors: _RowErrors) -> list[str]:
    urls, rejected = split_urls(cell_text(value))
    for piece in rejected:
        errors.add("source_url", f"'{piece[:80]}' is not an http(s) link")
    if not urls and not rejected:
        errors.add("source_url", "is empty (at least one http(s) link to the source is required)")
    return urls if not rejected else []


# ---- one row, then the file -----------------------------------------------------------------------------------

def incident_key(iso3: str, when: date, precision: str, category: str, summary: str, urls: list[str]) -> str:
    """A hash of the row's normalized content: the same file imported twice gives the same keys."""
    normalized_summary = " ".join(summary.casefold().split())
    return stable_key(STREAM, iso3, when.isoformat(), precision, category, normalized_summary, *sorted(urls))


def check_row(record: dict, line: int, errors: list[str], today: date) -> dict | None:
    row_errors = _RowErrors(line, errors)
    iso3 = check_country(record.get("country"), row_errors)
    when, precision = check_date(record.get("date"), row_errors, today)
    category = check_choice("category", record.get("category"), CATEGORIES, parse_category, row_errors, True)
    summary = check_summary(record.get("summary"), row_errors)
    urls = check_source_urls(record.get("source_url"), row_errors)
    target_group = check_choice("target_group", record.get("target_group"), TARGET_GROUPS, parse_target_group,
                                row_errors, False)
    verification = check_choice("verification", record.get("verification"), VERIFICATION, parse_verification,
                                row_errors, False)
    if row_errors.count:
        return None
    key = incident_key(iso3, when, precision, category, summary, urls)
    return new_incident(
        incident_key=key, event_key=key, iso3=iso3, country_name=cell_text(record.get("country")),
        start_date=when, date_precision=precision, category=category, target_group=target_group,
        law_cited=cell_text(record.get("law_cited")) or None, summary=summary,
        source_org=cell_text(record.get("source_org")) or None, source_urls=join_urls(urls),
        verification=verification or DEFAULT_VERIFICATION, stream=STREAM, source_url=urls[0],
    )


def header_errors(header: list, filename: str) -> list[str]:
    columns = [canonical_column(cell) for cell in header]
    if not known_columns(header):
        return [f"{filename}: no recognised columns in line 1; expected {EXPECTED_FILE} (download the template)"]
    return [f"line 1, column {column}: missing; the required columns are {', '.join(REQUIRED_COLUMNS)}"
            for column in REQUIRED_COLUMNS if column not in columns]


def read_analyst_file(content: bytes, filename: str, today: date | None = None) -> tuple[list[dict], list[str]]:
    """(valid incident rows, errors). Rows with an error are left out; import only when errors is empty."""
    today = today or date.today()
    if not content.strip():
        return [], [f"{filename}: the file is empty; expected {EXPECTED_FILE}"]
    try:
        table = read_table(content)
    except ParseError as error:
        return [], [f"{filename}: {error}"]
    if not table:
        return [], [f"{filename}: the file is empty; expected {EXPECTED_FILE}"]
    problems = header_errors(table[0], filename)
    if problems:
        return [], problems
    columns = [canonical_column(cell) for cell in table[0]]
    rows, errors, first_line_of = [], [], {}
    for line, cells in enumerate(table[1:], start=2):
        record = {column: cell for column, cell in zip(columns, cells) if column in ALL_COLUMNS}
        if not any(cell_text(value) for value in record.values()):
            continue
        incident = check_row(record, line, errors, today)
        if incident is None:
            continue
        earlier = first_line_of.setdefault(incident["incident_key"], line)
        if earlier != line:
            errors.append(f"line {line}: repeats the incident of line {earlier}")
            continue
        rows.append(incident)
    if not rows and not errors:
        errors.append(f"{filename}: no incident lines below the header")
    return rows, errors


def template_csv() -> bytes:
    """The downloadable template: the header and one example line, UTF-8 with a BOM so Excel reads accents."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(ALL_COLUMNS)
    writer.writerow([EXAMPLE_ROW[column] for column in ALL_COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")
