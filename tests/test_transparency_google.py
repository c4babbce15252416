"""Google Transparency Report parser, on Google's own CSVs and a ZIP built from them."""
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from collectors.base import ParseError
from collectors.transparency_google import parse

FIXTURES = Path(__file__).parent / "fixtures" / "transparency_google"
URL = "https://storage.googleapis.com/transparencyreport/google-user-data-requests.zip"


def build_zip(*names: str, extra: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, (FIXTURES / name).read_bytes())
        for name, text in (extra or {}).items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def user_data():
    content = build_zip("google-global-user-data-requests.csv",
                        "google-global-user-data-dlr-requests.csv",
                        "google-enterprise-data-requests.csv",
                        "google-enterprise-data-dlr-requests.csv",
                        "google-user-data-requests-README.txt",
                        extra={"google-usnationalsecurity-nsl-requests.csv":
                               "Reporting period ending date,Number of requests,Number of accounts\n"
                               "2022-12-31,0-499,0-499\n"})
    return parse(content, URL)


def find(rows, **wanted):
    return [r for r in rows if all(r[k] == v for k, v in wanted.items())]


def test_zip_gives_every_request_with_its_legal_process(user_data):
    rows = user_data.rows("data_requests")
    germany = find(rows, country_name="Germany", period_end=date(2023, 6, 30), product=None,
                   request_type="legal")
    assert len(germany) == 1
    row = germany[0]
    assert (row["iso3"], row["requests"], row["disclosed_pct"], row["accounts"]) == \
        ("DEU", 34630, 81.0, 48173)
    assert row["period_start"] == date(2023, 1, 1)
    assert row["request_type_label"] == "Other Legal Requests"
    us_types = {r["request_type"] for r in find(rows, iso3="USA", period_end=date(2023, 6, 30),
                                                product=None)}
    assert {"emergency", "preservation", "us_subpoena", "us_search_warrant"} <= us_types


def test_preservations_have_no_disclosed_percentage(user_data):
    row = find(user_data.rows("data_requests"), iso3="USA", period_end=date(2023, 6, 30),
               request_type="preservation", product=None)[0]
    assert row["requests"] == 17605 and row["disclosed_pct"] is None


def test_figures_google_had_not_published_yet_are_missing(user_data):
    first = find(user_data.rows("data_requests"), country_name="Brazil",
                 period_end=date(2009, 12, 31))[0]
    assert first["requests"] == 3663
    assert first["accounts"] is None and first["disclosed_pct"] is None
    assert any("2009-H2" in w and "accounts" in w for w in user_data.warnings)


def test_diplomatic_requests_keep_the_assisting_country(user_data):
    rows = find(user_data.rows("data_requests"), request_type="diplomatic", product=None)
    assert {r["assisting_country"] for r in rows} == {"United States", "Ireland"}
    assert all(r["requests"] is not None and r["iso3"] for r in rows if r["country_name"] != "")


def test_enterprise_rows_are_their_own_product(user_data):
    products = {r["product"] for r in user_data.rows("data_requests")}
    assert "Enterprise Cloud (Google Workspace)" in products
    assert "Enterprise Cloud (GCP)" in products


def test_unknown_and_us_only_files_in_the_zip_are_reported(user_data):
    assert any("google-usnationalsecurity-nsl-requests.csv" in w for w in user_data.warnings)
    assert any("'United Nations'" in w for w in user_data.warnings)


def test_keys_are_unique_within_a_download(user_data):
    from collectors.transparency_google import DATASETS
    key = DATASETS["data_requests"].key
    keys = [tuple(r[c] for c in key) for r in user_data.rows("data_requests")]
    assert len(keys) == len(set(keys))


def test_historical_removals_keep_bounds():
    result = parse((FIXTURES / "google-government-removal-requests-historical.csv").read_bytes(),
                   URL)
    armenia = find(result.rows("removal_requests"), country_name="Armenia",
                   period_end=date(2009, 12, 31), requester="All requests")[0]
    assert armenia["requests"] is None
    assert (armenia["requests_low"], armenia["requests_high"], armenia["requests_bound"]) == \
        (0, 9, "<10")
    china = find(result.rows("removal_requests"), country_name="China",
                 period_end=date(2009, 12, 31))
    assert china == []  # "?" everywhere: nothing published, no row of zeros


def test_removals_by_requester():
    result = parse((FIXTURES / "google-government-removal-requests.csv").read_bytes(), URL)
    row = find(result.rows("removal_requests"), country_name="Albania", requester="Other",
               period_end=date(2019, 6, 30))[0]
    assert (row["iso3"], row["requests"], row["items"]) == ("ALB", 129, 132)
    assert any("'Europol'" in w for w in result.warnings)


def test_html_page_is_refused_in_one_line():
    with pytest.raises(ParseError, match="expected a Google Transparency Report CSV.*HTML page"):
        parse(b"<!DOCTYPE html><html><body>Sorry</body></html>", URL)


def test_zip_without_known_csv_is_refused():
    with pytest.raises(ParseError, match="found none"):
        parse(build_zip("google-user-data-requests-README.txt"), URL)
