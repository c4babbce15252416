"""Microsoft LERR workbooks: layouts from 2013 to 2022, found by header text."""
from datetime import date
from pathlib import Path

import pytest

from collectors.base import ParseError
from collectors.transparency_microsoft import parse

FIXTURES = Path(__file__).parent / "fixtures" / "transparency_microsoft"


def parse_fixture(name: str):
    path = FIXTURES / name
    return parse(path.read_bytes(), path.as_uri())


def row(result, country, request_type, product=None):
    found = [r for r in result.rows("data_requests") if r["country_name"] == country
             and r["request_type"] == request_type and r["product"] == product]
    assert len(found) == 1, (country, request_type, found)
    return found[0]


def test_2013_h1_has_microsoft_and_skype_sheets():
    result = parse_fixture("Microsoft-LERR-2013-H1.xlsx")
    argentina = row(result, "Argentina", "all")
    assert (argentina["requests"], argentina["accounts"], argentina["disclosed_requests"]) == \
        (455, 675, 371)
    assert argentina["disclosed_pct"] == 81.54
    assert argentina["period_end"] == date(2013, 6, 30)
    skype = row(result, "Argentina", "all", product="Skype")
    assert skype["requests"] == 12
    assert not [r for r in result.rows("data_requests") if r["country_name"] == "TOTAL"]


def test_2016_h2_single_sheet_counts_all_requests():
    result = parse_fixture("Microsoft-LERR-2016-H2.xlsx")
    types = {r["request_type"] for r in result.rows("data_requests")}
    assert types == {"all"}
    us = row(result, "United States", "all")
    assert us["iso3"] == "USA" and us["requests"] > 1000
    assert 0 <= us["disclosed_pct"] <= 100


def test_2017_h1_emergencies_sheet_without_title_takes_the_file_name_period():
    result = parse_fixture("Microsoft-LERR-2017-H1.xlsx")
    emergency = row(result, "United States", "emergency")
    assert (emergency["requests"], emergency["accounts"]) == (108, 188)
    assert emergency["period_end"] == date(2017, 6, 30)
    assert row(result, "United States", "legal")["requests"] == 5401


def test_2019_h2_shifted_layout_is_read_by_header():
    result = parse_fixture("Microsoft-LERR-2019-H2.xlsx")
    types = {r["request_type"] for r in result.rows("data_requests")}
    assert types == {"legal", "emergency", "civil"}
    for r in result.rows("data_requests"):
        assert r["period_end"] == date(2019, 12, 31)
        assert isinstance(r["requests"], int)
        assert r["disclosed_pct"] is None or 0 <= r["disclosed_pct"] <= 100.01


def test_2022_h1_four_sheets_and_banded_national_security():
    result = parse_fixture("Microsoft-LERR-2022-H1.xlsx")
    assert row(result, "United States", "legal")["requests"] == 5560
    fisa = row(result, "United States", "us_fisa_content")
    assert fisa["requests"] is None
    assert (fisa["requests_low"], fisa["requests_high"]) == (0, 499)
    assert (fisa["accounts_low"], fisa["accounts_high"]) == (12500, 12999)
    assert fisa["period_end"] == date(2021, 12, 31)  # the sheet says July - December 2021
    assert any("carry no figures" in w for w in result.warnings)


def test_broken_counts_are_missing_with_a_warning():
    result = parse_fixture("Microsoft-LERR-2015-H2.xlsx")
    israel = row(result, "Israel", "all")
    assert israel["requests"] is None and israel["accounts"] == 39
    assert any("Israel" in w and "20.14" in w for w in result.warnings)


def test_misspelt_countries_resolve_through_the_alias_table():
    # "Urugay" and the other LERR misspellings are aliases since issue 6 (scripts/build_countries.py)
    result = parse_fixture("Microsoft-LERR-2015-H2.xlsx")
    assert row(result, "Urugay", "all")["iso3"] == "URY"
    assert not any("'Urugay'" in w for w in result.warnings)


def test_national_security_history_skips_the_mislabelled_half_year():
    result = parse_fixture("Microsoft-USNSOR-2021-H2.xlsx")
    rows = [r for r in result.rows("data_requests") if r["request_type"] == "us_fisa_content"]
    ends = [r["period_end"] for r in rows]
    assert len(ends) == len(set(ends))
    assert date(2011, 12, 31) in ends and date(2019, 12, 31) in ends
    nsl = [r for r in result.rows("data_requests") if r["request_type"] == "us_nsl"]
    assert nsl[0]["accounts_low"] == 1000 and nsl[0]["accounts_high"] == 1999
    assert any("breaks the sequence" in w for w in result.warnings)


def test_not_a_workbook():
    with pytest.raises(ParseError, match="expected a Microsoft Law Enforcement Requests Report"):
        parse(b"<html><body>Page not found</body></html>", "https://example.org/LERR-2022-H1")
