"""Access Now STOP dataset: the 2020 yearly sheet (real CSV) and a current-layout workbook built here."""
from __future__ import annotations

import io
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from collectors import keepiton
from collectors.base import ParseError

FIXTURES = Path(__file__).parent / "fixtures" / "keepiton"
SHEET_2020 = FIXTURES / "stop_2020_sheet.csv"
URL_2020 = "https://docs.google.com/spreadsheets/d/example/export?format=csv&gid=2020"
URL_XLSX = "https://docs.google.com/spreadsheets/d/example/export?format=xlsx"

# The current layout, in the order of SCHEMAS.md, plus the combined sheet's count_year.
CURRENT_COLUMNS = [
    "start_date_type", "start_date", "country", "geo_scope", "area_name", "shutdown_type", "affected_network",
    "shutdown_extent", "ordered_by", "decision_maker", "actual_cause", "actual_cause_details", "info_source",
    "info_source_link", "shutdown_status", "end_date", "duration", "gov_justification", "gov_ack",
    "facebook_affected", "twitter_affected", "whatsapp_affected", "instagram_affected", "telegram_affected",
    "other_affected", "sms_affected", "phonecall_affected", "telcos_involved", "election", "violence",
    "hr_abuse_reported", "users_targeted", "users_target_detail", "event", "an_link", "region", "count_year",
]


def current_row(**values) -> list:
    return [values.get(column) for column in CURRENT_COLUMNS]


ONGOING_SUDAN = current_row(
    start_date=45292, country="Sudan", geo_scope="National", area_name="National", shutdown_type="Shutdown",
    affected_network="Broadband, Mobile", ordered_by="Military", actual_cause="Conflict",
    info_source_link="https://example.org/sudan-blackout", shutdown_status="Ongoing", end_date="Ongoing",
    election="No", violence="Yes", hr_abuse_reported="Yes", users_targeted="General public", count_year=2024,
)


def build_workbook(combined_rows: list[list], combined_name: str = "Combined (2016-2025)") -> bytes:
    workbook = openpyxl.Workbook()
    yearly = workbook.active
    yearly.title = "2025"
    yearly.append(CURRENT_COLUMNS)
    yearly.append(ONGOING_SUDAN)  # the per-year sheet repeats the event still ongoing at the year's turn
    yearly.append(current_row(start_date="1/5/2025", country="Chad", shutdown_type="Shutdown"))
    if combined_name:
        combined = workbook.create_sheet(combined_name)
        combined.append(CURRENT_COLUMNS)
        for row in combined_rows:
            combined.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def sheet_2020():
    return keepiton.parse(SHEET_2020.read_bytes(), URL_2020)


@pytest.fixture(scope="module")
def workbook_result():
    rows = [
        ONGOING_SUDAN,
        current_row(
            start_date=datetime(2024, 6, 25), end_date=datetime(2024, 6, 27), duration="Curfew Style",
            country="Ethiopia", geo_scope="Regional", area_name="Amhara", shutdown_type="Shutdown, Throttle",
            affected_network="Mobile", ordered_by="Executive government", actual_cause="Protests",
            shutdown_status="Ended", election="Unknown", violence="", hr_abuse_reported="No",
            users_targeted="Journalists", info_source_link="https://example.org/amhara",
        ),
        current_row(
            start_date="7/1/2024", end_date="7/3/2024", duration=3, country="Mali; Burkina Faso",
            geo_scope="National", shutdown_type="Throttle", affected_network="Mobile",
            info_source_link="https://a.example/1; https://b.example/2\nhttps://c.example/3  javascript:alert(1)",
            an_link="https://www.accessnow.org/keepiton/sahel",
        ),
        current_row(start_date=45500, country="Atlantis", shutdown_type="Shutdown"),
        current_row(start_date="next week", country="Kenya", shutdown_type="Shutdown"),
        current_row(start_date=2024, country="Kenya", shutdown_type="Shutdown"),  # a year is not a serial date
    ]
    return keepiton.parse(build_workbook(rows), URL_XLSX)


# ---- the 2020 yearly sheet -----------------------------------------------------------------------------------

def test_2020_sheet_gives_one_incident_per_event_with_every_country_resolved(sheet_2020):
    incidents = sheet_2020.rows("incidents")
    assert len(incidents) == 155
    assert sheet_2020.warnings == []
    assert all(row["iso3"] for row in incidents)
    assert Counter(row["iso3"] for row in incidents)["IND"] == 109  # "India" and "India " alike
    assert {row["category"] for row in incidents} == {"shutdown"}
    assert {(row["stream"], row["verification"], row["source_org"]) for row in incidents} == {
        ("keepiton", "reported", "Access Now")}
    assert {row["source_url"] for row in incidents} == {URL_2020}
    assert sheet_2020.meta["layout"] == "yearly sheet 2016-2020"


def test_2020_sheet_reads_the_kashmir_row_as_the_source_shows_it(sheet_2020):
    kashmir = next(row for row in sheet_2020.rows("incidents") if row["start_date"] == date(2019, 8, 3))
    assert kashmir["iso3"] == "IND" and kashmir["country_name"] == "India"
    assert kashmir["end_date"] == date(2020, 1, 25) and kashmir["ongoing"] is False
    assert kashmir["duration_days"] == 175 and kashmir["duration_text"] is None
    assert kashmir["summary"] == ("Broadband and mobile shutdown in Kashmir Valley (Jammu and Kashmir), "
                                  "ordered by State government; cause: Political instability")
    assert kashmir["scope"] == "Level 2: Kashmir Valley (Jammu and Kashmir)"
    assert kashmir["source_urls"].split("; ")[0].startswith("https://www.news18.com/")
    assert len(kashmir["source_urls"].split("; ")) == 4
    assert (kashmir["hr_abuse_reported"], kashmir["election"], kashmir["violence"]) == (True, False, True)
    assert kashmir["target_group"] == "minority"  # "Ethnic minorities, Religious minorities"


def test_2020_sheet_ongoing_unknown_and_serial_end_dates(sheet_2020):
    incidents = sheet_2020.rows("incidents")
    pakistan = next(row for row in incidents if row["start_date"] == date(2016, 6, 12))
    assert pakistan["ongoing"] is True and pakistan["end_date"] is None
    unknown_end = [row for row in incidents if row["end_date"] is None and row["ongoing"] is None]
    assert len(unknown_end) == 11  # "Unknown" end dates stay unknown, neither ended nor ongoing
    assert any(row["end_date"] == date(2020, 12, 1) for row in incidents)  # the cell holds the serial 44166


def test_2020_sheet_splits_links_across_newlines_and_keeps_only_http(sheet_2020):
    for row in sheet_2020.rows("incidents"):
        for link in (row["source_urls"] or "").split("; "):
            assert link == "" or (link.startswith(("http://", "https://")) and " " not in link and "\n" not in link)
    jabalpur = next(row for row in sheet_2020.rows("incidents")
                    if "medianama.com/2020/01/223-internet-shutdown-jabalpur" in (row["source_urls"] or ""))
    assert "https://transparency.facebook.com/internet-disruptions" in jabalpur["source_urls"].split("; ")


def test_reparsing_gives_the_same_keys_and_keys_are_unique(sheet_2020):
    again = keepiton.parse(SHEET_2020.read_bytes(), URL_2020)
    keys = [row["incident_key"] for row in sheet_2020.rows("incidents")]
    assert keys == [row["incident_key"] for row in again.rows("incidents")]
    assert len(set(keys)) == len(keys)


def test_a_fixed_typo_in_the_end_date_keeps_the_incident_key(sheet_2020):
    text = SHEET_2020.read_text(encoding="utf-8").replace("8/3/2019,1/25/2020,175", "8/3/2019,1/26/2020,176")
    edited = keepiton.parse(text.encode("utf-8"), URL_2020)
    before = next(r for r in sheet_2020.rows("incidents") if r["start_date"] == date(2019, 8, 3))
    after = next(r for r in edited.rows("incidents") if r["start_date"] == date(2019, 8, 3))
    assert after["incident_key"] == before["incident_key"] and after["end_date"] == date(2020, 1, 26)


# ---- the current layout, as a workbook -------------------------------------------------------------------------

def test_workbook_reads_only_the_combined_sheet(workbook_result):
    incidents = workbook_result.rows("incidents")
    assert workbook_result.meta["sheet"] == "Combined (2016-2025)"
    assert workbook_result.meta["layout"] == "current"
    assert [row["iso3"] for row in incidents].count("SDN") == 1
    assert "TCD" not in {row["iso3"] for row in incidents}  # only in the per-year sheet


def test_workbook_serial_dates_ongoing_and_text_durations(workbook_result):
    by_country = {row["country_name"]: row for row in workbook_result.rows("incidents")}
    sudan = by_country["Sudan"]
    assert sudan["start_date"] == date(2024, 1, 1)  # Excel serial 45292
    assert sudan["ongoing"] is True and sudan["end_date"] is None
    assert sudan["target_group"] == "general_public"
    ethiopia = by_country["Ethiopia"]
    assert (ethiopia["start_date"], ethiopia["end_date"], ethiopia["ongoing"]) == (date(2024, 6, 25), date(2024, 6, 27), False)
    assert ethiopia["duration_days"] is None and ethiopia["duration_text"] == "Curfew Style"
    assert (ethiopia["election"], ethiopia["violence"], ethiopia["hr_abuse_reported"]) == (None, None, False)
    assert ethiopia["target_group"] == "journalist"
    assert ethiopia["summary"] == "Mobile shutdown and throttling in Amhara, ordered by Executive government; cause: Protests"


def test_workbook_multi_country_cell_makes_linked_incidents(workbook_result):
    sahel = [row for row in workbook_result.rows("incidents") if row["iso3"] in ("MLI", "BFA")]
    assert [(row["iso3"], row["country_name"]) for row in sahel] == [("MLI", "Mali"), ("BFA", "Burkina Faso")]
    assert len({row["event_key"] for row in sahel}) == 1
    assert len({row["incident_key"] for row in sahel}) == 2
    assert sahel[0]["source_urls"] == ("https://a.example/1; https://b.example/2; https://c.example/3; "
                                       "https://www.accessnow.org/keepiton/sahel")
    assert sahel[0]["duration_days"] == 3


def test_workbook_unresolved_country_is_kept_and_undated_row_is_skipped_with_warnings(workbook_result):
    atlantis = [row for row in workbook_result.rows("incidents") if row["country_name"] == "Atlantis"]
    assert len(atlantis) == 1 and atlantis[0]["iso3"] is None
    assert any("unresolved country name 'Atlantis' in row 5" in warning for warning in workbook_result.warnings)
    assert not any(row["country_name"] == "Kenya" for row in workbook_result.rows("incidents"))
    skipped = [warning for warning in workbook_result.warnings if "row 6" in warning]
    assert skipped and "next week" in skipped[0] and "skipped" in skipped[0]
    assert any(warning.startswith("row 7 of sheet") and "'2024'" in warning for warning in workbook_result.warnings)
    assert workbook_result.meta["skipped_rows"] == 2


def test_workbook_without_combined_sheet_names_the_sheets_found():
    with pytest.raises(ParseError, match=r"Combined.*'2025'"):
        keepiton.parse(build_workbook([], combined_name=None), URL_XLSX)


@pytest.mark.parametrize("content, expected", [
    (b"<!DOCTYPE html><html><body>Sign in to continue</body></html>", "an HTML page"),
    (b"", "empty"),
    (b"name,age\nAda,36\n", "start_date and country"),
    (b"PK\x03\x04not really a workbook", "not a readable XLSX"),
])
def test_other_content_raises_a_one_line_parse_error(content, expected):
    with pytest.raises(ParseError, match=expected) as error:
        keepiton.parse(content, URL_2020)
    assert "\n" not in str(error.value)
