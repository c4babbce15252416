"""Historic Twitter information-request reports."""
from datetime import date
from pathlib import Path

import pytest

from collectors.base import ParseError
from collectors.transparency_x import parse

FIXTURES = Path(__file__).parent / "fixtures" / "transparency_x"


def test_per_country_report():
    path = FIXTURES / "information-requests-report-jan-jun-2017.csv"
    result = parse(path.read_bytes(), path.as_uri())
    rows = {r["country_name"]: r for r in result.rows("data_requests")}
    assert "TOTAL" not in rows
    germany = rows["Germany"]
    assert (germany["iso3"], germany["requests"], germany["disclosed_pct"], germany["accounts"]) == \
        ("DEU", 255, 38.0, 311)
    assert germany["period_end"] == date(2017, 6, 30) and germany["request_type"] == "all"
    assert rows["United States"]["requests"] == 2111
    albania = rows["Albania"]
    assert albania["requests"] is None and albania["accounts"] is None  # "-" is not a zero
    assert rows["Austria"]["requests"] == 1  # "1*": the footnote flag is reported, not kept
    assert any("Austria" in w and "'*'" in w for w in result.warnings)


def test_us_only_export_is_refused_with_the_reason():
    path = FIXTURES / "Twitter_Transparency-UnitedStates_Jul-Dec-2021.csv"
    with pytest.raises(ParseError, match="US-only country export"):
        parse(path.read_bytes(), path.as_uri())
