"""AppTest: the government-requests page in each URL state, invalid values noted, filters written to the URL."""
import json

import pytest

from support import open_page, url_notes

pytestmark = pytest.mark.usefixtures("app_db")
PAGE = "pages/4_Data_requests.py"


def _figures(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def test_default_is_the_map_and_ranking_of_the_latest_meta_half_year():
    at = open_page(PAGE)
    assert not at.exception and not url_notes(at)
    map_figure, ranking = _figures(at)
    locations = set(map_figure["data"][0]["locations"])
    assert {"USA", "IND", "DEU"} <= locations
    assert "2023-H1" in map_figure["layout"]["title"]["text"]
    assert ranking["data"][0]["orientation"] == "h"
    table = at.dataframe[0].value
    assert set(table["provider"]) == {"Meta"} and set(table["period"]) == {"2023-H1"}
    assert {"requests_shown", "source_url", "retrieved_at"} <= set(table.columns)
    assert dict(at.query_params) == {}
    assert any(b.label.startswith("Download CSV") for b in at.get("download_button"))


def test_chosen_provider_type_and_period_come_from_the_url():
    at = open_page(PAGE, provider="Google", type="diplomatic", period="2019-06-30")
    assert not at.exception and not url_notes(at)
    assert [s.value for s in at.selectbox] == ["Google", "diplomatic", "2019-06-30"]
    table = at.dataframe[0].value
    assert set(table["provider"]) == {"Google"} and set(table["period"]) == {"2019-H1"}
    assert set(table["type_name"]) == {"Diplomatic (MLAT-type) requests"}
    assert dict(at.query_params) == {"provider": "Google", "type": "diplomatic", "period": "2019-06-30"}


def test_a_range_is_listed_not_coloured_and_not_zero():
    at = open_page(PAGE, type="all", period="2013-06-30")
    assert not at.exception
    locations = set(_figures(at)[0]["data"][0]["locations"])
    assert "USA" not in locations  # Meta published the US figure as a range
    assert "United States of America (11,000–12,000)" in _captions(at)


def test_treaty_status_view_marks_the_signing_date_and_says_providers_differ():
    at = open_page(PAGE, view="By treaty status")
    assert not at.exception and not url_notes(at)
    (figure,) = _figures(at)
    assert {t["name"] for t in figure["data"]} <= {"Ratified or equivalent", "Signed only", "Not signed"}
    assert any(str(s.get("x0", "")).startswith("2025-10-25") for s in figure["layout"]["shapes"])
    assert any("Opened for signature" in a["text"] for a in figure["layout"]["annotations"])
    assert any("never summed" in a["text"] for a in figure["layout"]["annotations"])
    assert any("Providers count differently" in i.value for i in at.info)
    table = at.dataframe[0].value
    assert set(table["provider"]) == {"Meta"} and "median_requests" in table.columns


def test_treaty_status_view_with_total_for_another_provider():
    at = open_page(PAGE, view="By treaty status", provider="Apple", stat="Total")
    assert not at.exception and not url_notes(at)
    assert at.radio[0].value == "Total"
    assert set(at.dataframe[0].value["provider"]) == {"Apple"}
    assert dict(at.query_params) == {"view": "By treaty status", "provider": "Apple", "stat": "Total"}


def test_country_mode_shows_one_line_per_provider_and_type_beside_treaty_status():
    at = open_page(PAGE, mode="Country")
    assert not at.exception and not url_notes(at)
    assert at.selectbox[0].value == "DEU"
    figure = _figures(at)[0]
    assert {"All requests", "Legal process", "Emergency"} <= {trace["name"] for trace in figure["data"]}
    panels = {a["text"] for a in figure["layout"]["annotations"]}
    assert {"<b>Meta</b>", "<b>Google</b>", "<b>Microsoft</b>"} <= panels  # one panel per provider
    assert any("not compared or summed" in text for text in panels)
    assert at.metric[0].label == "Treaty status"
    table = at.dataframe[0].value
    assert set(table["iso3"]) == {"DEU"} and {"provider", "period", "source_url"} <= set(table.columns)


@pytest.mark.parametrize("view, chart_title", [
    ("Disclosure", "share of requests where some data was disclosed"),
    ("Removals", "content-removal requests by reason"),
    ("Diplomatic requests", "diplomatic legal requests to Google"),
])
def test_country_views(view, chart_title):
    at = open_page(PAGE, mode="Country", country="IND" if view == "Removals" else "DEU", view=view)
    assert not at.exception and not url_notes(at)
    (figure,) = _figures(at)
    assert chart_title in figure["layout"]["title"]["text"]
    assert at.dataframe[0].value["provider"].notna().all()


def test_country_mode_filters_request_types_from_the_url():
    at = open_page(PAGE, mode="Country", country="USA", types="All requests,Emergency")
    assert not at.exception and not url_notes(at)
    assert set(at.dataframe[0].value["type_name"]) <= {"All requests", "Emergency"}
    assert at.query_params["types"] == "All requests,Emergency"


@pytest.mark.parametrize("params", [
    {"provider": "Atlantis"}, {"type": "<script>alert(1)</script>"}, {"period": "1999-13-40"},
    {"mode": "Sideways"}, {"view": "Nowhere"}, {"stat": "mean"},
    {"mode": "Country", "country": "XXX"}, {"mode": "Country", "types": "bogus"},
])
def test_invalid_url_values_fall_back_with_a_visible_note(params):
    at = open_page(PAGE, **params)
    assert not at.exception
    assert any("not valid here" in w.value for w in at.warning)


def test_changing_provider_resets_what_no_longer_fits_without_a_note():
    at = open_page(PAGE, provider="Google", type="diplomatic", period="2023-06-30")
    at.selectbox[0].select("Apple").run()  # Apple has no diplomatic type and no 2023-H1 figures
    assert not at.exception and not url_notes(at)
    assert dict(at.query_params) == {"provider": "Apple"}
    assert set(at.dataframe[0].value["provider"]) == {"Apple"}
    assert set(at.dataframe[0].value["period"]) == {"2022-H2"}  # Apple's latest half-year


def test_changing_provider_keeps_a_half_year_that_still_fits():
    at = open_page(PAGE, provider="Google", type="all", period="2013-06-30")
    at.selectbox[0].select("Microsoft").run()
    assert not url_notes(at)
    assert dict(at.query_params) == {"provider": "Microsoft", "period": "2013-06-30"}


def test_switching_to_country_mode_writes_it_into_the_url():
    at = open_page(PAGE)
    at.segmented_control[0].set_value("Country").run()
    assert not at.exception
    assert at.query_params["mode"] == "Country"
    at.segmented_control[1].set_value("Removals").run()
    assert at.query_params["view"] == "Removals"
    assert not url_notes(at)
