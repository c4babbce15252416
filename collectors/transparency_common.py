"""What the provider transparency-report parsers share.

Every provider module (``transparency_google``, ``_meta``, ``_microsoft``, ``_apple``, ``_tiktok``,
``_snap``, ``_x``) turns one download into rows of two tables:

``data_requests``: one row per provider, product, half-year, country and request type. The counts
keep what the provider published and nothing more:

* an exact count goes into ``requests`` (and ``requests_low`` = ``requests_high`` = None);
* a published range such as ``"11,000 - 12,000"`` or ``"0 - 249"`` goes into ``requests_low`` /
  ``requests_high`` with ``requests`` None: a range is never turned into a point;
* a bound such as ``"<10"`` gives ``requests`` None, ``requests_low`` 0, ``requests_high`` 9 and
  ``requests_bound`` ``"<10"`` (the provider's own marker, so a reader sees what was published);
* a value the provider marks as not reported (``-``, ``N/A``, ``?``, blank) is None, never 0.

``accounts`` (with ``accounts_low/high/bound``) holds the identifiers the provider counts as
"specified" for that request type: accounts or users for most, devices, financial identifiers or
push tokens for the Apple request types of those names. ``disclosed_pct`` is 0-100; a percentage
given for zero requests is meaningless and is stored as None.

``removal_requests``: government requests to remove content (Google, TikTok, Apple app takedowns).
"""
from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from collectors.base import Dataset, ParseError
from treaty_monitor import countries

DATA_REQUESTS = "data_requests"
REMOVAL_REQUESTS = "removal_requests"

DATASETS = {
    # Reports are published one file per half-year or per request type, so a download that lacks
    # a row is no evidence that the row was withdrawn: the tables are not snapshots.
    DATA_REQUESTS: Dataset(
        key=("provider", "product", "period_end", "country_name", "request_type", "assisting_country"),
        tracked=("requests", "requests_low", "requests_high", "accounts", "accounts_low",
                 "accounts_high", "disclosed_pct"),
        snapshot=False,
    ),
    REMOVAL_REQUESTS: Dataset(
        key=("provider", "product", "period_end", "country_name", "requester", "reason"),
        tracked=("requests", "requests_low", "requests_high", "items", "removed_pct"),
        snapshot=False,
    ),
}

# ----------------------------------------------------------------------------------------------
# Numbers

_NOT_REPORTED = {"", "-", "–", "—", "n/a", "na", "?", "none", "not reported"}
_RANGE = re.compile(r"^(\d[\d,]*)\s*[-–]\s*(\d[\d,]*)$")
_BOUND = re.compile(r"^<\s*(\d[\d,]*)$")
_NUMBER = re.compile(r"^-?\d[\d,]*(\.\d+)?$")


@dataclass(frozen=True)
class Figure:
    """A published count: exact (``value``), a range (``low``-``high``) or a bound (``bound``)."""

    value: int | None = None
    low: int | None = None
    high: int | None = None
    bound: str | None = None

    @property
    def missing(self) -> bool:
        return self.value is None and self.low is None and self.high is None

    def columns(self, prefix: str) -> dict:
        return {prefix: self.value, f"{prefix}_low": self.low, f"{prefix}_high": self.high,
                f"{prefix}_bound": self.bound}


MISSING = Figure()


class ValueProblem(ValueError):
    """A cell that is neither a number, a range, a bound nor a not-reported marker."""


def _clean(raw) -> str:
    return str(raw).replace("\u00a0", " ").strip().rstrip("*").strip()


def _to_int(text: str) -> int:
    number = float(text.replace(",", ""))
    if number != int(number):
        raise ValueProblem(f"expected a whole count, got {text!r}")
    return int(number)


def parse_count(raw) -> Figure:
    """A count cell -> Figure. Accepts ints/floats from workbooks and text with thousands
    separators, ranges ``a - b``, bounds ``<n`` and a trailing ``*`` footnote flag."""
    if raw is None:
        return MISSING
    if isinstance(raw, bool):
        raise ValueProblem(f"expected a count, got {raw!r}")
    if isinstance(raw, (int, float)):
        return Figure(value=_to_int(str(raw)))
    text = _clean(raw)
    if text.casefold() in _NOT_REPORTED:
        return MISSING
    if _NUMBER.match(text):
        return Figure(value=_to_int(text))
    if match := _RANGE.match(text):
        return Figure(low=_to_int(match[1]), high=_to_int(match[2]))
    if match := _BOUND.match(text):
        return Figure(low=0, high=_to_int(match[1]) - 1, bound=f"<{_to_int(match[1])}")
    raise ValueProblem(f"expected a count, got {str(raw)!r}")


def parse_int(raw) -> int | None:
    """An exact count or None (for columns where a range would make no sense)."""
    figure = parse_count(raw)
    if figure.value is None and not figure.missing:
        raise ValueProblem(f"expected an exact count, got {str(raw)!r}")
    return figure.value


def parse_percent(raw, *, fraction: bool = False) -> float | None:
    """``"59%"`` -> 59.0; ``81`` -> 81.0; with ``fraction=True`` a bare number is a 0-1 share
    (``0.59`` -> 59.0). Text with ``%`` is always read as a percentage."""
    if raw is None:
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        number = float(raw)
    else:
        text = _clean(raw)
        if text.casefold() in _NOT_REPORTED:
            return None
        if text.endswith("%"):
            return round(float(text[:-1].replace(",", "").strip()), 2)
        try:
            number = float(text.replace(",", ""))
        except ValueError:
            raise ValueProblem(f"expected a percentage, got {str(raw)!r}") from None
    return round(number * 100 if fraction else number, 2)


# ----------------------------------------------------------------------------------------------
# Half-year periods


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @classmethod
    def half(cls, year: int, half: int) -> "Period":
        if half == 1:
            return cls(date(year, 1, 1), date(year, 6, 30))
        return cls(date(year, 7, 1), date(year, 12, 31))

    @property
    def label(self) -> str:
        return f"{self.start.year}-H{1 if self.start.month == 1 else 2}"


_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_YEAR_HALF = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-_ ]?\s*H([12])(?![0-9])", re.I)
_HALF_YEAR = re.compile(r"(?<![A-Za-z0-9])H([12])\s*[-_ ]?\s*((?:19|20)\d{2})(?!\d)", re.I)
_MONTH_WORD = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b", re.I)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def _period_of_day(day: date) -> Period | None:
    """A half-year's first or last day -> that half-year."""
    for half in (1, 2):
        period = Period.half(day.year, half)
        if day in (period.start, period.end):
            return period
    return None


def parse_period(label) -> Period | None:
    """A half-year from the labels providers use: ``2023-06-30`` (period end), ``2021-07-01``
    (period start), ``2013 H1``, ``2022-H1``, ``Jan-Jun 2023``, ``January - June 2017``,
    ``from January to June 2021``, a workbook date, or a file name such as
    ``...Report-2019_H2.csv``. None when the text names no half-year."""
    if label is None:
        return None
    if isinstance(label, datetime):
        return _period_of_day(label.date())
    if isinstance(label, date):
        return _period_of_day(label)
    text = str(label)
    if match := _YEAR_HALF.search(text):
        return Period.half(int(match[1]), int(match[2]))
    if match := _HALF_YEAR.search(text):
        return Period.half(int(match[2]), int(match[1]))
    if match := _ISO_DATE.search(text):
        try:
            return _period_of_day(date(int(match[1]), int(match[2]), int(match[3])))
        except ValueError:
            return None
    month, year = _MONTH_WORD.search(text), _YEAR.search(text)
    if month and year:
        return Period.half(int(year[1]), 1 if _MONTHS[month[1][:3].lower()] <= 6 else 2)
    return None


def period_from_url(url: str) -> Period | None:
    """The half-year named in a download's file name (``..._2019_H2.csv``, ``LERR-2022-H1``)."""
    name = str(url or "").rstrip("/").rsplit("/", 1)[-1]
    match = _YEAR_HALF.search(name) or None
    if match:
        return Period.half(int(match[1]), int(match[2]))
    match = _HALF_YEAR.search(name)
    return Period.half(int(match[2]), int(match[1])) if match else None


def parse_us_date(text: str) -> date | None:
    """``1/1/13`` or ``6/30/2013`` -> date."""
    match = _US_DATE.match(str(text or "").strip())
    if not match:
        return None
    year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
    return date(year, int(match[1]), int(match[2]))


# ----------------------------------------------------------------------------------------------
# Reading files


def looks_like_html(content: bytes) -> bool:
    head = content[:512].lstrip().lower()
    return head.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<body"))


def describe(content: bytes) -> str:
    """What some unexpected bytes look like, for a one-line ParseError."""
    if not content.strip():
        return "an empty file"
    if looks_like_html(content):
        return "an HTML page"
    if content.startswith(b"PK"):
        return "a ZIP archive (or XLSX workbook)"
    if content.startswith(b"%PDF"):
        return "a PDF"
    first = decode_text(content).splitlines()[0][:80]
    return f"a file starting {first!r}"


def decode_text(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def read_csv(content: bytes) -> list[list[str]]:
    """All rows of a CSV whatever its line endings (LF, CRLF or bare CR) and BOM."""
    rows = csv.reader(io.StringIO(decode_text(content), newline=""))
    return [[cell.strip() for cell in row] for row in rows]


def header_key(text) -> str:
    """A header cell reduced for matching: lower case, single spaces, no line breaks."""
    return re.sub(r"\s+", " ", str(text or "")).strip().casefold()


def open_workbook(content: bytes, expected: str):
    """An openpyxl workbook (values, not formulas) or ParseError naming what was expected."""
    import openpyxl  # imported here so the CSV-only parsers do not need it

    if not content.startswith(b"PK"):
        raise ParseError(f"expected {expected}, got {describe(content)}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported Excel extensions
            return openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ParseError(f"expected {expected}, got an unreadable workbook ({exc})") from None


# ----------------------------------------------------------------------------------------------
# Countries


class CountryResolver:
    """Resolves country names (or two-letter codes) and remembers what did not resolve, so a parse
    reports each unresolved name once with its row count instead of once per row."""

    def __init__(self) -> None:
        self._unresolved: dict[str, list] = {}

    def iso3(self, name: str | None, *, iso2: str | None = None, where: str = "") -> str | None:
        if iso2:
            found = countries.by_iso2(iso2)
            if found:
                return found
        found = countries.resolve(name) if name else None
        if found is None and name:
            entry = self._unresolved.setdefault(name, [0, where])
            entry[0] += 1
        return found

    def warnings(self) -> list[str]:
        notes = []
        for name, (count, where) in self._unresolved.items():
            rows = "1 row" if count == 1 else f"{count} rows"
            place = f", first in {where}" if where else ""
            notes.append(f"unresolved country name {name!r} ({rows}{place}); kept with iso3 empty")
        return notes


# ----------------------------------------------------------------------------------------------
# Rows


def request_row(*, provider: str, period: Period, country_name: str | None, iso3: str | None,
                request_type: str, label: str, url: str, requests: Figure = MISSING,
                accounts: Figure = MISSING, disclosed_pct: float | None = None,
                disclosed_requests: int | None = None, product: str | None = None,
                assisting_country: str | None = None) -> dict:
    """One ``data_requests`` row with every column present."""
    if requests.value == 0:
        disclosed_pct = None  # a share of zero requests is not a number
    return {
        "provider": provider,
        "product": product,
        "period_start": period.start,
        "period_end": period.end,
        "country_name": country_name,
        "iso3": iso3,
        "request_type": request_type,
        "request_type_label": label,
        "assisting_country": assisting_country,
        **requests.columns("requests"),
        **accounts.columns("accounts"),
        "disclosed_pct": disclosed_pct,
        "disclosed_requests": disclosed_requests,
        "source_url": url,
    }


def removal_row(*, provider: str, period: Period, country_name: str | None, iso3: str | None,
                url: str, requester: str | None = None, reason: str | None = None,
                product: str | None = None, requests: Figure = MISSING, items: Figure = MISSING,
                removed_pct: float | None = None) -> dict:
    """One ``removal_requests`` row with every column present."""
    return {
        "provider": provider,
        "product": product,
        "period_start": period.start,
        "period_end": period.end,
        "country_name": country_name,
        "iso3": iso3,
        "requester": requester,
        "reason": reason,
        **requests.columns("requests"),
        **items.columns("items"),
        "removed_pct": removed_pct,
        "source_url": url,
    }


def is_total_label(text) -> bool:
    """Provider-wide total rows ("TOTAL", "Total", "Global", "all"), which are not countries."""
    return header_key(text).rstrip("*:") in {"total", "totals", "global", "all", "worldwide"}
