"""Snap's long transparency CSV."""
from datetime import date
from pathlib import Path

import pytest

from collectors.base import ParseError
from collectors.transparency_snap import parse

FIXTURE = Path(__file__).parent / "fixtures" / "transparency_snap" / \
    "snap-government-requests-2020H1-2022H1.csv"


@pytest.fixture(scope="module")
def result():
    return parse(FIXTURE.read_bytes(), "https://values.snap.com/privacy/transparency")


def pick(rows, country, request_type, period_end):
    found = [r for r in rows if r["country_name"] == country and r["request_type"] == request_type
             and r["period_end"] == period_end]
    assert len(found) == 1
    return found[0]


def test_international_requests_by_country(result):
    germany = pick(result.rows("data_requests"), "Germany", "legal", date(2022, 6, 30))
    assert germany["requests"] == 2221 and germany["iso3"] == "DEU"
    assert germany["request_type_label"] == "Other information requests"


def test_us_legal_process_and_banded_national_security(result):
    rows = result.rows("data_requests")
    warrant = pick(rows, "United States", "us_search_warrant", date(2020, 6, 30))
    assert (warrant["requests"], warrant["accounts"], warrant["disclosed_pct"]) == (11033, 17094, 81.0)
    national = pick(rows, "United States", "us_national_security", date(2020, 6, 30))
    assert national["requests"] is None
    assert (national["requests_low"], national["requests_high"]) == (0, 249)
    assert (national["accounts_low"], national["accounts_high"]) == (500, 749)


def test_unplaced_are_reported_and_snaps_korea_resolves(result):
    assert any("content-removal" in w for w in result.warnings)
    # "S. Korea (Republic of Korea)" is an alias since issue 6 (scripts/build_countries.py)
    assert not any("unresolved" in w for w in result.warnings)
    assert {r["iso3"] for r in result.rows("data_requests")
            if r["country_name"] == "S. Korea (Republic of Korea)"} == {"KOR"}


def test_wrong_file():
    with pytest.raises(ParseError, match="expected a Snap transparency-report CSV"):
        parse(b"<html></html>", "https://values.snap.com/")
