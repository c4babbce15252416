"""TikTok law-enforcement requests: the long CSV and the per-country XLSX."""
from datetime import date
from pathlib import Path

import pytest

from collectors.base import ParseError
from collectors.transparency_tiktok import parse

FIXTURES = Path(__file__).parent / "fixtures" / "transparency_tiktok"


def parse_fixture(name: str):
    path = FIXTURES / name
    return parse(path.read_bytes(), path.as_uri())


def pick(rows, country, request_type, period_end):
    found = [r for r in rows if r["country_name"] == country and r["request_type"] == request_type
             and r["period_end"] == period_end]
    assert len(found) == 1
    return found[0]


def test_long_csv_gives_three_half_years_per_country():
    result = parse_fixture("2023H1_raw_data_law_English.csv")
    rows = result.rows("data_requests")
    germany = pick(rows, "Germany", "legal", date(2023, 6, 30))
    assert germany["requests"] == 1655 and germany["iso3"] == "DEU"
    assert 0 <= germany["disclosed_pct"] <= 100
    assert {r["period_end"] for r in rows} == {date(2022, 6, 30), date(2022, 12, 31),
                                               date(2023, 6, 30)}
    assert not [r for r in rows if r["country_name"] == "all"]
    assert any("TikTok-wide total" in w for w in result.warnings)


def test_fractions_become_percentages():
    rows = parse_fixture("2023H1_raw_data_law_English.csv").rows("data_requests")
    assert pick(rows, "Argentina", "emergency", date(2022, 6, 30))["disclosed_pct"] == 50.0


def test_xlsx_map_sheet_matches_the_csv_for_the_same_half_year():
    workbook = parse_fixture("English_LIPGR_2022_H1.xlsx")
    csv_rows = parse_fixture("2023H1_raw_data_law_English.csv").rows("data_requests")
    for request_type in ("all", "legal", "emergency", "preservation"):
        from_xlsx = pick(workbook.rows("data_requests"), "Germany", request_type, date(2022, 6, 30))
        from_csv = pick(csv_rows, "Germany", request_type, date(2022, 6, 30))
        assert from_xlsx["requests"] == from_csv["requests"]
        assert from_xlsx["accounts"] == from_csv["accounts"]


def test_xlsx_content_removals():
    removals = parse_fixture("English_LIPGR_2022_H1.xlsx").rows("removal_requests")
    australia = [r for r in removals if r["country_name"] == "Australia"][0]
    assert (australia["requests"], australia["items"], australia["removed_pct"]) == (231, 211, 84.09)


def test_wrong_file():
    with pytest.raises(ParseError, match="expected TikTok's law-enforcement requests data"):
        parse(b"Country,Requests\nGermany,1\n", "https://example.org/law.csv")
