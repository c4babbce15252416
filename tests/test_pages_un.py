"""AppTest: the UN sessions page in each view, with its URL state restored and invalid values noted."""
import json

import pytest

from support import open_page, url_notes

pytestmark = pytest.mark.usefixtures("app_db")
PAGE = "pages/2_UN_sessions.py"


def _figures(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _downloads(at) -> list:
    return at.get("download_button")


def test_timeline_is_the_default_and_links_each_meeting_to_its_documents():
    at = open_page(PAGE)
    assert not at.exception
    assert at.segmented_control[0].value == "Timeline"
    [figure] = _figures(at)
    names = {name for trace in figure["data"] for name in trace["y"]}
    assert "Second session" in names and "GA resolution 74/247 adopted (79-60-33)" in names
    assert "Meeting on draft rules of procedure of the CoSP" in names  # the 2026 meeting
    assert "Signing ceremony + high-level conference" in names
    kinds = {trace["name"] for trace in figure["data"]}
    assert {"General Assembly", "Ad Hoc Committee session", "Signing"} <= kinds
    table = at.dataframe[0].value
    assert len(table) == 20  # 18 rows of ahc_sessions.csv, and the votes on 73/187 and 74/247
    second = table[table["name"] == "Second session"].iloc[0]
    assert second["documents_link"] == "./UN_sessions?view=Documents&session=session-2"
    adoption = table[table["name"].str.startswith("Adoption of res. 79/243")].iloc[0]
    assert adoption["documents_link"].endswith("session=ga-79")
    assert {"source_url", "retrieved_at"} <= set(table.columns)
    assert _downloads(at) and dict(at.query_params) == {}
    assert any("bundled snapshot" in c.value for c in at.caption)


def test_documents_view_restores_every_filter_from_the_url():
    at = open_page(PAGE, view="Documents", body="Third Committee", session="ga-78", type="draft resolution",
                   country="NLD", lang="EN")
    assert not at.exception and not url_notes(at)
    assert [s.value for s in at.selectbox] == ["Third Committee", "ga-78", "draft resolution", "NLD", "EN"]
    table = at.dataframe[0].value
    assert list(table["symbol"]) == ["A/C.3/78/L.49/Rev.1"]
    row = table.iloc[0]
    assert row["file_EN"] == "https://digitallibrary.un.org/record/4026910/files/A_C.3_78_L.49_Rev.1-EN.pdf"
    assert all(row[f"file_{lang}"].startswith("https://") for lang in ("AR", "ZH", "FR", "RU", "ES"))
    assert row["record_url"] == "https://digitallibrary.un.org/record/4026910"
    assert {"source_url", "retrieved_at"} <= set(table.columns)
    assert dict(at.query_params) == {"view": "Documents", "body": "Third Committee", "session": "ga-78",
                                     "type": "draft resolution", "country": "NLD", "lang": "EN"}


def test_documents_author_country_filter_and_an_empty_session():
    at = open_page(PAGE, view="Documents", country="CIV")  # Côte d'Ivoire sponsored the amendment only
    assert list(at.dataframe[0].value["symbol"]) == ["A/C.3/78/L.67"]
    at = open_page(PAGE, view="Documents", session="session-2")
    assert at.dataframe[0].value.empty
    assert any("No document matches" in i.value for i in at.info)


def test_changing_a_document_filter_writes_it_into_the_url():
    at = open_page(PAGE, view="Documents")
    at.selectbox(key="url_type").select("amendment").run()
    assert at.query_params["type"] == "amendment"
    assert list(at.dataframe[0].value["symbol"]) == ["A/C.3/78/L.67"]
    at.segmented_control[0].set_value("Timeline").run()
    assert "view" not in at.query_params  # the default view is left out of the link
    assert at.query_params["type"] == "amendment"  # the Documents filter is kept


def test_participation_view_maps_and_ranks_states():
    at = open_page(PAGE, view="Participation")
    assert not at.exception
    figures = _figures(at)
    assert len(figures) == 2  # map and ranked bars; no stakeholder list in the snapshot
    by_country = at.dataframe[0].value
    assert by_country.iloc[0]["total"] == 2 and by_country.iloc[0]["sponsorship"] == 2
    assert set(by_country["country_link"].head(3)) <= {f"./Country?country={i}" for i in by_country["iso3"]}
    assert {"submission", "statement", "sponsorship", "source_url", "retrieved_at"} <= set(by_country.columns)
    assert any("No list of participating organisations" in i.value for i in at.info)


def test_participation_for_a_session_without_records_says_so():
    at = open_page(PAGE, view="Participation", session="session-5")
    assert not at.exception
    assert at.selectbox[0].value == "session-5"
    assert any("No submission, statement or sponsorship" in i.value for i in at.info)


def test_votes_view_shows_totals_map_and_table_for_the_chosen_resolution():
    at = open_page(PAGE, view="Votes", resolution="A/RES/73/187")
    assert not at.exception
    assert at.selectbox[0].value == "A/RES/73/187"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Yes": "94", "No": "59", "Abstain": "33", "Not voting": "7", "Members": "193"}
    vote_map = _figures(at)[0]
    assert {trace["name"] for trace in vote_map["data"]} == {"Yes", "No", "Abstain", "Not voting"}
    by_vote = {trace["name"]: set(trace["locations"]) for trace in vote_map["data"]}
    assert "RUS" in by_vote["Yes"] and "USA" in by_vote["No"]
    table = at.dataframe[0].value
    assert len(table) == 193 and (table["vote_label"] == "Yes").sum() == 94
    assert table.set_index("iso3").loc["FRA", "country_link"] == "./Country?country=FRA"
    assert dict(at.query_params) == {"view": "Votes", "resolution": "A/RES/73/187"}


def test_vote_map_uses_the_colour_blind_safe_palette():
    at = open_page(PAGE, view="Votes")
    figure = _figures(at)[0]
    assert at.selectbox[0].value == "A/RES/74/247"
    palette = {trace["name"]: trace["colorscale"][0][1] for trace in figure["data"]}
    assert palette == {"Yes": "#0072B2", "No": "#D55E00", "Abstain": "#E69F00", "Not voting": "#999999"}


def test_votes_comparison_for_a_regional_group_and_for_a_list_of_states():
    at = open_page(PAGE, view="Votes", group="Eastern European")
    comparison = at.dataframe[1].value
    assert len(comparison) == 23 and {"A/RES/73/187", "A/RES/74/247"} <= set(comparison.columns)
    assert comparison.set_index("iso3").loc["RUS", "A/RES/74/247"] == "Yes"
    assert comparison.set_index("iso3").loc["POL", "A/RES/74/247"] == "No"

    at = open_page(PAGE, view="Votes", states="RUS,USA,CHN")
    assert at.multiselect[0].value == ["RUS", "USA", "CHN"]
    comparison = at.dataframe[1].value
    assert sorted(comparison["iso3"]) == ["CHN", "RUS", "USA"]
    grid = _figures(at)[1]
    assert {trace["name"] for trace in grid["data"]} == {"Yes", "No"}
    assert at.query_params["states"] == "RUS,USA,CHN"


def test_group_given_as_a_list_of_iso3_codes_is_the_chosen_states():
    at = open_page(PAGE, view="Votes", group="RUS,CHN")
    assert not at.exception and not url_notes(at)
    assert at.multiselect[0].value == ["RUS", "CHN"]
    assert dict(at.query_params) == {"view": "Votes", "states": "RUS,CHN"}


def test_a_resolution_with_totals_only_shows_them_and_says_votes_are_missing():
    at = open_page(PAGE, view="Votes", resolution="A/RES/79/152")
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Yes"] == "174"
    assert any("No state-by-state vote" in i.value for i in at.info)


@pytest.mark.parametrize("params", [
    {"view": "<script>alert(1)</script>"},
    {"view": "Documents", "session": "session-99"},
    {"view": "Documents", "type": "=HYPERLINK(1)"},
    {"view": "Documents", "country": "ATL"},
    {"view": "Documents", "lang": "XX", "body": "Atlantis"},
    {"view": "Votes", "resolution": "A/RES/1/1"},
    {"view": "Votes", "group": "Atlantis"},
    {"view": "Votes", "states": "RUS,XXX"},
    {"view": "Participation", "session": "%00"},
])
def test_invalid_url_values_fall_back_with_a_visible_note(params):
    at = open_page(PAGE, **params)
    assert not at.exception
    assert any("not valid here" in w.value for w in at.warning)
