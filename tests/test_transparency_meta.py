"""Meta government-requests CSVs: both header generations, ranges, separators and BOM/CR files."""
from datetime import date
from pathlib import Path

import pytest

from collectors.base import ParseError
from collectors.transparency_meta import parse

FIXTURES = Path(__file__).parent / "fixtures" / "transparency_meta"


def parse_fixture(year_half: str):
    path = FIXTURES / f"PRPL-Facebook-Government-Report-{year_half}.csv"
    return parse(path.read_bytes(), path.as_uri())


def row(result, country, request_type):
    found = [r for r in result.rows("data_requests")
             if r["country_name"] == country and r["request_type"] == request_type]
    assert len(found) == 1, (country, request_type, found)
    return found[0]


def test_early_us_totals_are_ranges_not_points():
    result = parse_fixture("2013_H1")
    us = row(result, "United States", "all")
    assert us["requests"] is None
    assert (us["requests_low"], us["requests_high"]) == (11000, 12000)
    assert (us["accounts_low"], us["accounts_high"]) == (20000, 21000)
    assert us["disclosed_pct"] == 79.0
    assert us["period_start"] == date(2013, 1, 1) and us["period_end"] == date(2013, 6, 30)


def test_early_generation_blank_groups_are_absent_not_zero():
    result = parse_fixture("2013_H1")
    albania = [r for r in result.rows("data_requests") if r["country_name"] == "Albania"]
    assert [r["request_type"] for r in albania] == ["all"]
    assert albania[0]["requests"] == 6 and albania[0]["disclosed_pct"] == 83.0


def test_old_generation_with_thousands_separators():
    result = parse_fixture("2017_H2")
    us = row(result, "United States", "us_search_warrant")
    assert (us["requests"], us["accounts"], us["disclosed_pct"]) == (19659, 31801, 87.0)
    assert row(result, "Germany", "legal")["requests"] == 4914


def test_new_generation_gives_data_produced_counts():
    result = parse_fixture("2023_H1")
    germany = row(result, "Germany", "all")
    assert (germany["requests"], germany["disclosed_requests"], germany["accounts"],
            germany["disclosed_pct"]) == (20741, 14881, 29301, 72.0)
    assert row(result, "Germany", "preservation")["requests"] == 595
    assert row(result, "Germany", "emergency")["requests"] == 761
    us = row(result, "United States", "preservation")
    assert (us["requests"], us["accounts"]) == (84883, 143178)


def test_bare_cr_line_endings_and_bom_are_read():
    result = parse_fixture("2019_H2")  # this file ends its lines with CR only
    assert len({r["country_name"] for r in result.rows("data_requests")}) > 240
    assert row(result, "Albania", "all")["requests"] == 9
    assert row(result, "Argentina", "preservation")["requests"] == 1792


def test_zero_requests_have_no_percentage():
    result = parse_fixture("2019_H1")
    afghanistan = row(result, "Afghanistan", "all")
    assert afghanistan["requests"] == 0 and afghanistan["disclosed_pct"] is None


def test_unresolved_names_are_reported_and_kept():
    result = parse_fixture("2023_H1")
    antilles = row(result, "Netherlands Antilles", "all")
    assert antilles["iso3"] is None
    assert any("'Netherlands Antilles'" in w for w in result.warnings)


def test_half_year_must_come_from_the_file_name():
    content = (FIXTURES / "PRPL-Facebook-Government-Report-2023_H1.csv").read_bytes()
    with pytest.raises(ParseError, match="half-year in its file name"):
        parse(content, "https://transparency.fb.com/download")


def test_other_csv_is_refused():
    with pytest.raises(ParseError, match="expected a Meta government-requests CSV"):
        parse(b"Period Ending,Country/Region\n2023-06-30,Germany\n", "file:///x_2023_H1.csv")
