"""AppTest: the overview and the treaty status page, with URL states restored and invalid values noted."""
import json

import pytest

from support import open_page

pytestmark = pytest.mark.usefixtures("app_db")


def _figure(at, index=0) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def test_overview_headline_numbers_come_from_the_seed():
    at = open_page("dashboard.py")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Signatories"] == "73"  # 72 in Hanoi incl. the EU, plus Mauritius; the UAE report is unconfirmed
    assert metrics["Ratifications (of 40 needed)"] == "0 / 40"
    assert metrics["With cybercrime laws"] == "175"
    assert any("bundled snapshot" in i.value for i in at.info)


def test_overview_map_colours_states_by_status_and_leaves_the_eu_off():
    at = open_page("dashboard.py")
    figure = _figure(at)
    by_status = {trace["name"]: set(trace["locations"]) for trace in figure["data"]}
    assert "FRA" in by_status["Signed only"] and "USA" in by_status["Not signed"]
    assert "ARE" in by_status["Reported, unconfirmed"]
    assert not any("EUU" in locations for locations in by_status.values())


def test_status_page_restores_filters_and_view_from_the_url():
    at = open_page("pages/1_Treaty_status.py", view="Table", group="African")
    assert not at.exception
    assert at.segmented_control[0].value == "Table"
    assert at.selectbox[0].value == "African"
    table = at.dataframe[0].value
    assert len(table) == 54 and set(table["un_group"]) == {"African"}
    assert {"source_url", "retrieved_at"} <= set(table.columns)
    assert dict(at.query_params) == {"view": "Table", "group": "African"}


def test_changing_a_filter_writes_it_into_the_url():
    at = open_page("pages/1_Treaty_status.py")
    at.selectbox[0].select("Eastern European").run()
    at.segmented_control[0].set_value("Table").run()
    assert at.query_params["group"] == "Eastern European"
    assert at.query_params["view"] == "Table"
    assert len(at.dataframe[0].value) == 23


@pytest.mark.parametrize("params", [
    {"group": "Atlantis"}, {"view": "<script>alert(1)</script>"}, {"status": "Ratified or equivalent,bogus"},
    {"region": "%00"},
])
def test_invalid_url_values_fall_back_with_a_visible_note(params):
    at = open_page("pages/1_Treaty_status.py", **params)
    assert not at.exception
    assert any("not valid here" in w.value for w in at.warning)


def test_status_filter_from_url_limits_the_map():
    at = open_page("pages/1_Treaty_status.py", status="Signed only")
    names = {trace["name"] for trace in _figure(at)["data"]}
    assert names == {"Signed only"}


def test_domestic_law_view_shows_the_crosstab():
    at = open_page("pages/1_Treaty_status.py", view="Domestic law")
    assert not at.exception
    crosstab = at.dataframe[0].value
    assert crosstab.loc["Total", "Total"] == 195
    assert crosstab.loc["Signed only", "Legislation"] > 0


def test_over_time_view_draws_the_40_line():
    at = open_page("pages/1_Treaty_status.py", view="Over time")
    figure = _figure(at)
    assert any(shape.get("y0") == 40 for shape in figure["layout"]["shapes"])
    assert figure["data"][0]["name"] == "Signatures"


def test_charts_export_as_png_or_svg_with_offline_map_shapes():
    at = open_page("pages/1_Treaty_status.py")
    config = json.loads(at.get("plotly_chart")[0].proto.config)
    assert config["toImageButtonOptions"]["format"] == "png"
    assert config["topojsonURL"] == "/app/static/maps/"
    at.sidebar.radio[0].set_value("SVG").run()
    assert json.loads(at.get("plotly_chart")[0].proto.config)["toImageButtonOptions"]["format"] == "svg"
    layout = _figure(at)["layout"]
    assert layout["title"]["text"] == "Treaty status by state"
    assert "Source: UN Treaty Collection" in layout["annotations"][0]["text"] and "as of" in layout["annotations"][0]["text"]


def test_overview_sets_the_untc_record_counts_beside_its_own(app_db):
    import sqlalchemy as sa
    from treaty_monitor import schema
    engine = sa.create_engine(app_db)
    with engine.begin() as conn:
        conn.execute(schema.treaty_records.insert().values(
            treaty="XVIII-16", signatories_count=74, parties_count=2, status_as_at="16-11-2026 10:16:04 EDT",
            source_id="untc_status"))
    engine.dispose()
    at = open_page("dashboard.py")
    assert any("record itself counts signatories 74, parties 2 (status as at 16-11-2026 10:16:04 EDT)" in c.value
               for c in at.caption)


def test_sources_older_than_twice_their_cadence_are_flagged_on_the_page():
    at = open_page("pages/1_Treaty_status.py")
    stale = [w.value for w in at.warning if w.value.startswith("Older than twice")]
    assert len(stale) == 1  # one note for all of the page's sources
    assert "UN Treaty Collection: status of the Convention" in stale[0] and "bundled snapshot of 28 Feb 2026" in stale[0]
