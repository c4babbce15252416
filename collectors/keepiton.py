"""Access Now STOP (#KeepItOn) dataset: internet shutdowns as incidents.

Two layouts are read. The yearly sheets of 2016-2020 have a note row above the header, header names with
trailing spaces and older column names (``news_link``, ``shutdown_type_new``, ``State/India``). The current
layout (``info_source_link``, ``shutdown_status``, ``users_targeted``...) comes as a workbook whose
"Combined (2016-...)" sheet holds every event once; its per-year sheets repeat events that were ongoing at a
year's turn, so they are never read when a combined sheet exists.

One row of the sheet is one shutdown event. A cell may name several countries: the event becomes one
incident per country, all sharing the event's ``event_key``.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from datetime import date, datetime, timedelta

from collectors.base import Dataset, ParseError, ParseResult
from treaty_monitor import countries
from treaty_monitor.incident_vocab import (
    describe_content, join_urls, new_incident, parse_target_group, split_urls, stable_key,
)
from treaty_monitor.inference import infer_target_group

SOURCE_ID = "keepiton"
SOURCE_ORG = "Access Now"
CLI_TABLE = "incidents"

DATASETS = {
    "incidents": Dataset(
        key=("incident_key",),
        tracked=("end_date", "ongoing", "duration_days", "duration_text", "shutdown_type", "scope", "cause",
                 "ordered_by", "hr_abuse_reported", "target_group", "source_urls"),
        snapshot=True,
    ),
}

# Older column names -> the current ones, after stripping and lower-casing.
COLUMN_ALIASES = {
    "news_link": "info_source_link",
    "shutdown_type_new": "shutdown_type",
    "users_affected/targetted": "users_targeted",
    "users_affected/targeted": "users_targeted",
    "state/india": "state",
    "other_cause_details": "actual_cause_details",
    "full or service-based": "shutdown_extent",
    "official_just": "gov_justification",
}
REQUIRED_COLUMNS = ("start_date", "country")
HEADER_SEARCH_ROWS = 10
# Columns that do not make a row an event on their own (a numbered but empty template row).
BOOKKEEPING_COLUMNS = ("id", "count_year")

UNKNOWN_WORDS = {"", "unknown", "n/a", "na", "none", "-", "not applicable"}
EXCEL_EPOCH = date(1899, 12, 30)


# ---- reading the sheet ------------------------------------------------------------------------------------

def is_xlsx(content: bytes) -> bool:
    return content[:2] == b"PK"


def csv_rows(content: bytes, delimiter: str = ",") -> list[list[str]]:
    """The records of a CSV file (a quoted cell may span lines), decoded as UTF-8 or else Windows-1252."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def open_workbook(content: bytes, expected: str, formulas_as_text: bool = False):
    """An openpyxl workbook opened read-only, or ParseError naming what was expected.

    Formula cells give the value Excel last computed, or with ``formulas_as_text`` the formula as typed.
    """
    import openpyxl  # imported here: only workbook sources need it

    try:
        return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=not formulas_as_text)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ParseError(f"expected {expected}, got a ZIP file that is not a readable XLSX workbook ({error})")


def sheet_rows(workbook, sheet_name: str) -> list[list]:
    return [list(row) for row in workbook[sheet_name].iter_rows(values_only=True)]


def combined_sheet_name(sheet_names: list[str]) -> str:
    for name in sheet_names:
        if name.strip().lower().startswith("combined"):
            return name
    found = ", ".join(repr(name) for name in sheet_names) or "none"
    raise ParseError(f"expected an Access Now STOP workbook with a 'Combined (...)' sheet, found sheets: {found}")


def read_stop_table(content: bytes) -> tuple[list[list], str | None]:
    """(rows of cells, sheet name or None for CSV)."""
    if is_xlsx(content):
        workbook = open_workbook(content, "an Access Now STOP workbook")
        try:
            name = combined_sheet_name(workbook.sheetnames)
            return sheet_rows(workbook, name), name
        finally:
            workbook.close()
    return csv_rows(content), None


def canonical_column(name) -> str:
    text = " ".join(str(name or "").split()).lower()
    return COLUMN_ALIASES.get(text, text)


def find_header(rows: list[list]) -> tuple[int, list[str]]:
    """(index of the header row, canonical column names); the yearly sheets put a note row above it."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = [canonical_column(cell) for cell in row]
        if all(required in columns for required in REQUIRED_COLUMNS):
            return index, columns
    raise ParseError("expected the Access Now STOP sheet (a header row with start_date and country), "
                     f"got {describe_content_of_rows(rows)}")


def describe_content_of_rows(rows: list[list]) -> str:
    if not rows:
        return "an empty file"
    first = ", ".join(str(cell).strip() for cell in rows[0][:6] if cell not in (None, ""))
    return f"a table whose first row is '{first[:80]}'"


def records(rows: list[list], header_index: int, columns: list[str]):
    """(sheet row number, {column: cell}) for every non-empty row below the header."""
    for offset, row in enumerate(rows[header_index + 1:]):
        record = {}
        for column, cell in zip(columns, row):
            if column and column not in record:
                record[column] = cell
        if any(not is_blank(value) for column, value in record.items() if column not in BOOKKEEPING_COLUMNS):
            yield header_index + offset + 2, record


# ---- reading cells ----------------------------------------------------------------------------------------

def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean_text(value) -> str | None:
    """Single-spaced text, None when blank or 'Unknown'."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return None if text.lower() in UNKNOWN_WORDS else text


def sheet_date(value) -> date | None:
    """A date cell: m/d/YYYY text, an Excel serial number (as number or text), a datetime cell, or ISO text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return excel_serial_date(value)
    text = str(value or "").strip()
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return excel_serial_date(float(text))
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", text)
    if match:
        month, day, year = (int(part) for part in match.groups())
        return _safe_date(year + 2000 if year < 100 else year, month, day)
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?", text)
    if match:
        return _safe_date(*(int(part) for part in match.groups()))
    return None


def excel_serial_date(serial: float) -> date | None:
    # Only serials of 1954-2173: a smaller number is more likely a year or a count typed in a date column.
    if not 20_000 <= serial < 100_000:
        return None
    return EXCEL_EPOCH + timedelta(days=int(serial))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def yes_no(value) -> bool | None:
    text = (clean_text(value) or "").lower()
    if text in ("yes", "y", "true"):
        return True
    if text in ("no", "n", "false"):
        return False
    return None


def duration(value) -> tuple[int | None, str | None]:
    """(whole days, None) for a number; (None, the text) for text such as 'Curfew Style'."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(round(value)), None
    text = clean_text(value)
    if text is None:
        return None, None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return int(round(float(text))), None
    return None, text


# ---- one event ---------------------------------------------------------------------------------------------

def end_of_event(record: dict, row_label: str, warnings: list[str]) -> tuple[date | None, bool | None]:
    """(end date, ongoing): 'Ongoing' in end_date or shutdown_status means still running."""
    raw_end = record.get("end_date")
    end = sheet_date(raw_end)
    end_text = (clean_text(raw_end) or "").lower()
    status = (clean_text(record.get("shutdown_status")) or "").lower()
    if end_text == "ongoing" or status == "ongoing":
        return None, True
    if end:
        return end, False
    if end_text:
        warnings.append(f"{row_label}: end date '{raw_end}' could not be read; left empty")
    return None, None


def place_of(record: dict) -> str | None:
    """'Kashmir Valley (Jammu and Kashmir)': the area, with the state when the area does not already name it."""
    area = clean_text(record.get("area_name"))
    state = clean_text(record.get("state"))
    if area and state and state.lower() not in area.lower():
        return f"{area} ({state})"
    return area or state


def scope_of(record: dict) -> str | None:
    parts = [part for part in (clean_text(record.get("geo_scope")), place_of(record)) if part]
    return ": ".join(parts) or None


def cause_of(record: dict) -> str | None:
    cause = clean_text(record.get("actual_cause"))
    details = clean_text(record.get("actual_cause_details"))
    if cause and cause.lower() == "other" and details:
        return f"Other ({details})"
    return cause


def disruption_words(shutdown_type: str | None, network: str | None) -> str:
    kind = {"shutdown": "shutdown", "throttle": "throttling", "shutdown, throttle": "shutdown and throttling"}
    words = kind.get((shutdown_type or "").lower(), "disruption")
    if network:
        networks = " and ".join(part.strip().lower() for part in network.split(",") if part.strip())
        words = f"{networks} {words}"
    return words[0].upper() + words[1:]


def compose_summary(record: dict, country_cell: str | None) -> str:
    """'Mobile shutdown in Kashmir Valley (Jammu and Kashmir), ordered by State government; cause: Protests'."""
    place = place_of(record)
    if not place or place.lower() in ("national", "nationwide"):
        place = f"across {country_cell}" if country_cell else "nationwide"
    else:
        place = f"in {place}"
    text = f"{disruption_words(clean_text(record.get('shutdown_type')), clean_text(record.get('affected_network')))} {place}"
    ordered_by = clean_text(record.get("ordered_by"))
    if ordered_by:
        text += f", ordered by {ordered_by}"
    cause = cause_of(record)
    if cause:
        text += f"; cause: {cause}"
    return text


def target_group_of(users_targeted: str | None) -> str | None:
    """'General public' is a vocabulary label; 'Ethnic minorities, Religious minorities' needs the keyword rules."""
    if not users_targeted:
        return None
    return parse_target_group(users_targeted) or infer_target_group(users_targeted)


def event_identity(record: dict, start: date) -> str:
    """What tells one event apart in the sheet, leaving out fields that change as an event unfolds
    (end date, duration, status, links), so later edits keep the event's keys."""
    fields = ("country", "geo_scope", "area_name", "state", "affected_network", "shutdown_type")
    parts = [start.isoformat()] + [(clean_text(record.get(field)) or "").lower() for field in fields]
    return "|".join(parts)


def country_names_by_iso3(country_cell: str) -> dict[str, str]:
    """The source's own spelling of each country in a ';'-separated cell, where a piece resolves alone."""
    names = {}
    for piece in country_cell.split(";"):
        iso3 = countries.resolve(piece)
        if iso3:
            names.setdefault(iso3, piece.strip())
    return names


def event_countries(country_cell: str | None, row_label: str, warnings: list[str]) -> list[tuple[str | None, str | None]]:
    """[(iso3, source name)]: resolved countries, then unresolved names with iso3 None."""
    if not country_cell:
        warnings.append(f"{row_label}: no country given; kept without a country")
        return [(None, None)]
    resolved, unresolved = countries.resolve_many(country_cell)
    names = country_names_by_iso3(country_cell) if len(resolved) > 1 else {}
    placed = [(iso3, names.get(iso3, country_cell)) for iso3 in resolved]
    for name in unresolved:
        warnings.append(f"unresolved country name '{name}' in {row_label}; kept without an ISO3 code")
        placed.append((None, name))
    return placed


def event_incidents(record: dict, row_label: str, identity: str, warnings: list[str]) -> list[dict]:
    start = sheet_date(record.get("start_date"))
    end, ongoing = end_of_event(record, row_label, warnings)
    days, duration_text = duration(record.get("duration"))
    urls, _ = split_urls(" ".join(str(record.get(column) or "") for column in ("info_source_link", "an_link")))
    country_cell = clean_text(record.get("country"))
    users_targeted = clean_text(record.get("users_targeted"))
    shared = dict(
        event_key=stable_key(SOURCE_ID, identity),
        start_date=start, end_date=end, date_precision="day", ongoing=ongoing,
        duration_days=days, duration_text=duration_text,
        category="shutdown", shutdown_type=clean_text(record.get("shutdown_type")),
        scope=scope_of(record), cause=cause_of(record),
        ordered_by=clean_text(record.get("ordered_by")), decision_maker=clean_text(record.get("decision_maker")),
        hr_abuse_reported=yes_no(record.get("hr_abuse_reported")), election=yes_no(record.get("election")),
        violence=yes_no(record.get("violence")),
        target_group=target_group_of(users_targeted),
        summary=compose_summary(record, country_cell),
        source_org=SOURCE_ORG, source_urls=join_urls(urls), verification="reported", stream=SOURCE_ID,
    )
    return [
        new_incident(incident_key=stable_key(SOURCE_ID, identity, iso3 or name), iso3=iso3, country_name=name, **shared)
        for iso3, name in event_countries(country_cell, row_label, warnings)
    ]


# ---- the whole sheet ----------------------------------------------------------------------------------------

def parse(content: bytes, url: str) -> ParseResult:
    if not content or not content.strip():
        raise ParseError("expected the Access Now STOP sheet (CSV or XLSX), got an empty response")
    if not is_xlsx(content) and content.lstrip()[:1] in (b"<", b"{", b"["):
        raise ParseError(f"expected the Access Now STOP sheet (CSV or XLSX), got {describe_content(content)}")
    rows, sheet = read_stop_table(content)
    header_index, columns = find_header(rows)
    result = ParseResult(meta={"sheet": sheet, "layout": layout_of(columns)})
    incidents = result.rows("incidents")
    seen_identities: Counter = Counter()
    skipped = 0
    for row_number, record in records(rows, header_index, columns):
        row_label = f"row {row_number}" + (f" of sheet '{sheet}'" if sheet else "")
        start = sheet_date(record.get("start_date"))
        if start is None:
            skipped += 1
            result.warnings.append(
                f"{row_label}: start date '{clean_text(record.get('start_date')) or ''}' could not be read "
                "(expected m/d/YYYY or a spreadsheet date); row skipped, as an incident without a date cannot be charted")
            continue
        identity = event_identity(record, start)
        seen_identities[identity] += 1
        if seen_identities[identity] > 1:  # the same event listed twice: keep both, with distinct keys
            identity += f"|{seen_identities[identity]}"
        for incident in event_incidents(record, row_label, identity, result.warnings):
            incident["source_url"] = url
            incidents.append(incident)
    result.meta.update(events=sum(seen_identities.values()), skipped_rows=skipped)
    return result


def layout_of(columns: list[str]) -> str:
    return "current" if "info_source_link" in columns and "shutdown_status" in columns else "yearly sheet 2016-2020"
