"""Apple's per-request-type CSVs, one at a time and in a ZIP."""
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from collectors.base import ParseError
from collectors.transparency_apple import parse

FIXTURES = Path(__file__).parent / "fixtures" / "transparency_apple"
URL = "https://www.apple.com/legal/transparency/pdf/Apple_Transparency_Report.zip"


def parse_fixture(name: str):
    return parse((FIXTURES / name).read_bytes(), URL)


def test_device_requests():
    result = parse_fixture("device_requests.csv")
    australia = [r for r in result.rows("data_requests")
                 if r["country_name"] == "Australia" and r["period_end"] == date(2013, 6, 30)][0]
    assert (australia["request_type"], australia["requests"], australia["accounts"],
            australia["disclosed_requests"], australia["disclosed_pct"]) == \
        ("device", 1178, 1929, 695, 59.0)
    assert australia["iso3"] == "AUS"


def test_not_reported_dash_is_missing():
    result = parse_fixture("emergency_requests.csv")
    canada = [r for r in result.rows("data_requests")
              if r["country_name"] == "Canada" and r["period_end"] == date(2015, 6, 30)][0]
    assert canada["requests"] == 14
    assert canada["disclosed_pct"] is None and canada["disclosed_requests"] is None


def test_national_security_bands_are_ranges():
    result = parse_fixture("us_national_security_requests.csv")
    rows = result.rows("data_requests")
    first = [r for r in rows if r["period_end"] == date(2014, 12, 31)][0]
    assert first["iso3"] == "USA" and first["request_type"] == "us_national_security"
    assert first["requests"] is None
    assert (first["requests_low"], first["requests_high"]) == (250, 499)
    assert {"us_fisa_content", "us_fisa_non_content", "us_nsl"} <= {r["request_type"] for r in rows}


def test_account_requests_add_content_and_non_content_disclosures():
    result = parse_fixture("account_requests.csv")
    australia = [r for r in result.rows("data_requests")
                 if r["country_name"] == "Australia" and r["period_end"] == date(2013, 6, 30)][0]
    assert (australia["requests"], australia["disclosed_requests"], australia["disclosed_pct"]) == \
        (74, 40, 54.0)


def test_app_takedowns_are_removal_requests_and_placeholder_rows_are_skipped():
    result = parse_fixture("app_takedown_platform_policy_violation_requests.csv")
    rows = result.rows("removal_requests")
    assert not result.rows("data_requests")
    assert all(r["country_name"] != "N/A" for r in rows)
    china = [r for r in rows if r["iso3"] == "CHN" and r["period_end"] == date(2019, 6, 30)][0]
    assert (china["requests"], china["items"], china["product"]) == (22, 94, "App Store")


def test_zip_of_all_files():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in FIXTURES.glob("*.csv"):
            archive.writestr(f"Apple_Transparency_Report/{path.name}", path.read_bytes())
    result = parse(buffer.getvalue(), URL)
    types = {r["request_type"] for r in result.rows("data_requests")}
    assert {"device", "account", "emergency", "financial", "preservation",
            "account_restriction", "push_token", "digital_content_provider"} <= types
    assert result.rows("removal_requests")
    assert not [w for w in result.warnings if "unresolved" in w]


def test_wrong_file():
    with pytest.raises(ParseError, match="expected an Apple transparency-report CSV"):
        parse(b"Country,Total Requests\nGermany,1\n", URL)
