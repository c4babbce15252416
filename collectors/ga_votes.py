"""Recorded General Assembly votes by state, on the resolutions behind the Convention.

Two forms give the same rows:

* the UN Digital Library's "Voting Data" records in MARCXML: 791 $a the resolution, 996 the totals
  ($b yes, $c no, $d abstentions, $e non-voting, $f members), and one 967 (or 968/969) per state:
  $c code, $d vote (Y/N/A; no $d when the state did not vote), $e name;
* the library's GA voting CSV (one line per state and resolution; "." or blank when not voting).

A record whose totals do not match its state rows fails the parse: a partial or corrupted record
must not be stored as the vote.
"""
from __future__ import annotations

import csv
import io
from collections import Counter

from collectors.base import Dataset, ParseError, ParseResult
from collectors.undl_documents import RECORD_URL, MarcRecord, clean_title, parse_marc_date, read_marc_records
from treaty_monitor import countries

SOURCE_ID = "ga_votes"
CLI_TABLE = "ga_votes"

# Each response covers some resolutions only (one record, one CSV): runs add and update.
# Votes are keyed on the source's own name for the state, not on iso3: a voter the country table does
# not know (iso3 None, reported as a warning) must not collide with another one. Both forms carry the
# library's same names. A new vote row is not news by itself (the resolution row is); a changed vote is.
DATASETS = {
    "ga_votes": Dataset(key=("resolution", "country_name"), tracked=("vote",), snapshot=False,
                        track_additions=False),
    "ga_resolutions": Dataset(key=("resolution",), tracked=("yes", "no", "abstain", "non_voting", "total"),
                              snapshot=False),
}

# The resolutions behind the Convention, for the registry's search URLs.
TREATY_RESOLUTIONS = ("A/RES/73/187", "A/RES/74/247", "A/RES/75/282", "A/RES/79/243")

EXPECTED_XML = "expected a UN Digital Library voting record (MARCXML <collection>)"
EXPECTED_CSV = "expected the GA voting CSV"
VOTES = {"Y": "Y", "N": "N", "A": "A", "": "X", ".": "X", "X": "X"}
TALLIES = (("yes", "Y"), ("no", "N"), ("abstain", "A"), ("non_voting", "X"))

# Column names in the shared extract, then in the library's full dataset.
CSV_COLUMNS = {
    "resolution": ("symbol", "resolution"),
    "record_id": ("undl_id",),
    "date": ("date",),
    "iso3": ("iso3", "ms_code"),
    "country_name": ("country", "ms_name"),
    "vote": ("vote", "ms_vote"),
    "title": ("title",),
    "meeting": ("meeting",),
    "yes": ("total_yes", "yes"),
    "no": ("total_no", "no"),
    "abstain": ("total_abstentions", "abstain"),
    "non_voting": ("total_non_voting", "nonvoting"),
    "total": ("total_ms", "total"),
}
TALLY_NAMES = ("yes", "no", "abstain", "non_voting", "total")


def parse(content: bytes, url: str) -> ParseResult:
    head = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if not head:
        raise ParseError(f"{EXPECTED_XML} or the GA voting CSV, got an empty response")
    if head == b"<":
        return parse_voting_records(content, url)
    header = content.decode("utf-8-sig", errors="replace").splitlines()[0].lower()
    if "yes" in header.split(",") and "vote" not in header.split(","):
        return parse_resolution_summary(content, url)
    return parse_voting_csv(content, url)


# ---------------------------------------------------------------------------------------------
# Shared row builders

def vote_row(resolution, iso3, country_name, vote, vote_date, record_id, url) -> dict:
    return {"resolution": resolution, "iso3": iso3, "country_name": country_name, "vote": vote,
            "date": vote_date, "undl_record_id": record_id, "source_url": url}


def resolution_row(resolution, title, vote_date, meeting, tallies: dict, record_id, url) -> dict:
    return {"resolution": resolution, "title": title, "date": vote_date, "meeting": meeting,
            **{name: tallies.get(name) for name in TALLY_NAMES},
            "undl_record_id": record_id, "record_url": RECORD_URL.format(record_id) if record_id else None,
            "source_url": url}


def voter_iso3(code: str | None, name: str | None, where: str, warnings: list[str]) -> str | None:
    """The voting code when the country table knows it, else the name resolved."""
    if code and countries.get(code):
        return countries.get(code).iso3
    iso3 = countries.resolve(name) if name else None
    if iso3 is None:
        warnings.append(f"unresolved voter {name!r} (code {code!r}) in {where}")
    return iso3


def counted(rows: list[dict]) -> dict:
    votes = Counter(r["vote"] for r in rows)
    return {**{name: votes[code] for name, code in TALLIES}, "total": len(rows)}


def check_totals(resolution: str, stated: dict, rows: list[dict]) -> None:
    """Raise when the source's own totals differ from its state rows (only totals it states)."""
    found = counted(rows)
    differ = [name for name, value in stated.items() if value is not None and value != found[name]]
    if differ:
        said = ", ".join(f"{n} {stated[n]}" for n in stated if stated[n] is not None)
        got = ", ".join(f"{n} {found[n]}" for n in found)
        raise ParseError(f"{resolution}: the source's totals ({said}) do not match its {len(rows)} "
                         f"state rows ({got})")


def _vote_code(raw: str | None, where: str, warnings: list[str]) -> str | None:
    code = VOTES.get((raw or "").strip().upper())
    if code is None:
        warnings.append(f"unknown vote {raw!r} in {where}")
    return code


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


# ---------------------------------------------------------------------------------------------
# MARCXML voting records

def parse_voting_records(content: bytes, url: str) -> ParseResult:
    result = ParseResult()
    for record in read_marc_records(content, result.warnings, EXPECTED_XML):
        _add_voting_record(record, url, result)
    return result


def _add_voting_record(record: MarcRecord, url: str, result: ParseResult) -> None:
    resolution = record.first("791", "a") or record.first("191", "a")
    where = f"record {record.record_id} ({resolution})"
    if not resolution:
        result.warnings.append(f"record {record.record_id} names no resolution (791 $a); skipped")
        return
    vote_date = parse_marc_date(record.first("269", "a")) or parse_marc_date(record.first("992", "a"))
    rows = []
    for field in sorted(record.fields_of("967", "968", "969"), key=lambda f: _int(f.first("a")) or 0):
        code = field.first("c")
        name = field.first("e") or code  # the name keys the row: never None when the code is there
        rows.append(vote_row(resolution, voter_iso3(code, name, where, result.warnings), name,
                             _vote_code(field.first("d"), where, result.warnings), vote_date,
                             record.record_id, url))
    totals = record.fields_of("996")
    stated = {name: _int(totals[0].first(code)) if totals else None
              for name, code in (("yes", "b"), ("no", "c"), ("abstain", "d"), ("non_voting", "e"),
                                 ("total", "f"))}
    if not totals:
        result.warnings.append(f"{where} states no vote totals (996): counts not verified")
    check_totals(resolution, stated, rows)
    tallies = {k: v if v is not None else counted(rows)[k] for k, v in stated.items()}
    result.rows("ga_votes").extend(rows)
    result.rows("ga_resolutions").append(resolution_row(
        resolution, clean_title(record.first("245", "a")), vote_date, record.first("952", "a"), tallies,
        record.record_id, url))


# ---------------------------------------------------------------------------------------------
# CSV forms

def _read_csv(content: bytes, expected: str, required: tuple[str, ...]) -> tuple[list[dict], callable]:
    """The lines and a getter ``get(line, our_column) -> str | None``, or ParseError naming what is missing."""
    text = content.decode("utf-8-sig", errors="replace")
    if text.lstrip()[:1] == "<":
        raise ParseError(f"{expected}, got markup (an HTML or XML page)")
    reader = csv.DictReader(io.StringIO(text))
    present = {c.strip().lower(): c for c in reader.fieldnames or []}
    columns = {ours: present[theirs] for ours, names in CSV_COLUMNS.items()
               for theirs in names if theirs in present}
    missing = [c for c in required if c not in columns]
    if missing:
        raise ParseError(f"{expected}: no column for {', '.join(missing)} (columns: "
                         f"{', '.join(reader.fieldnames or [])})")

    def get(line: dict, name: str) -> str | None:
        value = line.get(columns[name]) if name in columns else None
        return value.strip() if value and value.strip() else None

    return list(reader), get


def parse_voting_csv(content: bytes, url: str) -> ParseResult:
    rows, get = _read_csv(content, EXPECTED_CSV, ("resolution", "country_name", "vote"))
    result = ParseResult()
    by_resolution: dict[str, list[dict]] = {}
    first_line: dict[str, dict] = {}

    for number, line in enumerate(rows, start=2):
        resolution = get(line, "resolution")
        if not resolution:
            result.warnings.append(f"line {number} names no resolution; skipped")
            continue
        where = f"line {number} ({resolution})"
        first_line.setdefault(resolution, line)
        by_resolution.setdefault(resolution, []).append(vote_row(
            resolution, voter_iso3(get(line, "iso3"), get(line, "country_name"), where, result.warnings),
            get(line, "country_name"), _vote_code(get(line, "vote"), where, result.warnings),
            _csv_date(get(line, "date"), where, result.warnings), get(line, "record_id"), url))

    for resolution, votes in by_resolution.items():
        line = first_line[resolution]
        stated = {name: _int(get(line, name)) for name in TALLY_NAMES}
        check_totals(resolution, stated, votes)
        result.rows("ga_votes").extend(votes)
        if get(line, "title") is None:
            # The per-state extract has no title or meeting: its resolution row would blank the ones
            # the voting record and the summary file give.
            continue
        result.rows("ga_resolutions").append(resolution_row(
            resolution, _csv_title(get(line, "title")), votes[0]["date"], get(line, "meeting"), counted(votes),
            votes[0]["undl_record_id"], url))
    return result


def parse_resolution_summary(content: bytes, url: str) -> ParseResult:
    """``ga_resolutions_summary.csv``: one line per resolution with title, meeting and totals."""
    rows, get = _read_csv(content, "expected the GA resolutions summary CSV", ("resolution", "yes", "no"))
    result = ParseResult()
    for number, line in enumerate(rows, start=2):
        resolution = get(line, "resolution")
        if not resolution:
            result.warnings.append(f"line {number} names no resolution; skipped")
            continue
        result.rows("ga_resolutions").append(resolution_row(
            resolution, _csv_title(get(line, "title")), _csv_date(get(line, "date"), f"line {number}",
                                                                 result.warnings),
            get(line, "meeting"), {name: _int(get(line, name)) for name in TALLY_NAMES},
            get(line, "record_id"), url))
    return result


def _csv_title(value: str | None) -> str | None:
    # "Countering the use of ... : resolution / adopted by the General Assembly" -> the title proper
    return clean_title((value or "").split(" : resolution")[0]) if value else None


def _csv_date(value: str | None, where: str, warnings: list[str]):
    parsed = parse_marc_date(value)
    if value and parsed is None:
        warnings.append(f"unreadable date {value!r} in {where}")
    return parsed
