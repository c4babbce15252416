"""AppTest: the incidents page, with every URL state (valid and not), leads hidden by default and marked when
asked for, and source text shown as text with only http(s) links clickable."""
import json
from datetime import date, datetime, timezone

import pandas as pd
import pytest
import sqlalchemy as sa

from support import ROOT, open_page
from treaty_monitor import schema
from treaty_monitor.incident_vocab import new_incident

PAGE = "pages/3_Incidents.py"
N_SEED = 155  # incidents in Access Now's 2020 sheet (the bundled snapshot), one per event and country


def _figure(at, index=0) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def _metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


@pytest.fixture
def db(app_db):
    engine = sa.create_engine(app_db)
    yield engine
    engine.dispose()


def _add_incident(engine, **values):
    now = datetime.now(timezone.utc)
    row = new_incident(**({"incident_key": "k-" + values.get("summary", "x")[:20], "category": "arrest",
                           "verification": "confirmed", "stream": "analyst", "iso3": "EGY", "country_name": "Egypt",
                           "start_date": date(2025, 1, 20), "date_precision": "day"} | values))
    with engine.begin() as conn:
        conn.execute(schema.incidents.insert().values(**row, source_id="analyst_import", retrieved_at=now))


def _add_lead(engine, iso3="ISL"):  # a country with no incident in the seed
    with engine.begin() as conn:
        conn.execute(schema.leads.insert().values(
            lead_key="lead-1", report_key="report-1", iso3=iso3, country_name="Iceland", category="surveillance",
            summary="Spyware found on phones of activists", date=date(2025, 4, 1), date_precision="day",
            verification="lead", stream="ngo_feeds", source_org="Citizen Lab",
            source_urls="https://citizenlab.ca/2025/04/x", source_id="ngo_feeds",
            source_url="https://citizenlab.ca/feed/", retrieved_at=datetime.now(timezone.utc)))


def test_default_view_counts_the_seed_and_draws_the_map(app_db):
    at = open_page(PAGE)
    assert not at.exception
    metrics = _metrics(at)
    assert metrics["Incidents (confirmed + reported)"] == str(N_SEED)
    assert metrics["Reported by a source"] == str(N_SEED) and metrics["Confirmed by an analyst"] == "0"
    assert "Leads (not counted)" not in metrics
    locations = set(_figure(at)["data"][0]["locations"])
    assert {"IND", "ETH", "IRQ"} <= locations and not any(len(code) != 3 for code in locations)
    assert dict(at.query_params) == {}


@pytest.mark.parametrize("view, charts, tables", [
    ("Map", 1, 0), ("Over time", 1, 0), ("Countries", 1, 0), ("Table", 0, 1), ("Treaty status", 1, 2),
])
def test_each_view_from_the_url(app_db, view, charts, tables):
    at = open_page(PAGE, view=view)
    assert not at.exception
    assert at.segmented_control[0].value == view
    assert len(at.get("plotly_chart")) == charts and len(at.dataframe) == tables
    assert at.query_params.get("view") == (None if view == "Map" else view)  # the default is left out


def test_filters_from_the_url_limit_the_table(app_db):
    at = open_page(PAGE, view="Table", country="IND,PAK", category="shutdown", dates="2020-01-01..2020-06-30")
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) > 0 and set(table["iso3"]) <= {"IND", "PAK"}
    assert all(date(2020, 1, 1) <= d <= date(2020, 6, 30) for d in table["start_date"])
    assert {"source_url", "retrieved_at"} <= set(table.columns)
    assert dict(at.query_params) == {"view": "Table", "country": "IND,PAK", "category": "shutdown",
                                     "dates": "2020-01-01..2020-06-30"}
    assert at.multiselect[0].value == ["IND", "PAK"]


def test_group_target_and_source_filters(app_db):
    at = open_page(PAGE, view="Table", group="African")
    african = at.dataframe[0].value
    assert len(african) > 0 and "IND" not in set(african["iso3"]) and "ETH" in set(african["iso3"])
    at = open_page(PAGE, source="analyst")
    assert _metrics(at)["Incidents (confirmed + reported)"] == "0"
    assert any("No incidents match" in i.value for i in at.info)


def test_changing_filters_writes_them_into_the_url(app_db):
    at = open_page(PAGE)
    at.selectbox[0].select("Asia-Pacific").run()
    at.segmented_control[0].set_value("Countries").run()
    assert at.query_params["group"] == "Asia-Pacific" and at.query_params["view"] == "Countries"
    bars = _figure(at)["data"][0]
    assert "India" in bars["y"] and "Ethiopia" not in bars["y"]


@pytest.mark.parametrize("params", [
    {"country": "XXX"}, {"group": "Atlantis"}, {"view": "<script>alert(1)</script>"}, {"category": "riot"},
    {"target": "children"}, {"verification": "maybe"}, {"source": "twitter"}, {"dates": "2020-13-01..yesterday"},
    {"dates": "2021-01-01..2020-01-01"},
])
def test_invalid_url_values_fall_back_with_a_visible_note(app_db, params):
    at = open_page(PAGE, **params)
    assert not at.exception
    assert any("not valid here" in w.value for w in at.warning)
    assert _metrics(at)["Incidents (confirmed + reported)"] == str(N_SEED)


def test_leads_are_hidden_by_default_and_marked_when_asked_for(db):
    _add_lead(db)
    at = open_page(PAGE, view="Table")
    table = at.dataframe[0].value
    assert "lead" not in set(table["kind"]) and "ISL" not in set(table["iso3"])

    at = open_page(PAGE, view="Table", verification="lead,confirmed,reported")
    assert not at.exception
    metrics = _metrics(at)
    assert metrics["Leads (not counted)"] == "1"
    assert metrics["Incidents (confirmed + reported)"] == str(N_SEED)  # leads are never counted
    lead = at.dataframe[0].value.query("kind == 'lead'")
    assert list(lead["iso3"]) == ["ISL"] and list(lead["verification"]) == ["Lead (not yet checked)"]
    assert any("Leads are shown" in i.value for i in at.info)

    at = open_page(PAGE, view="Over time", verification="lead,reported")
    kinds = {trace["name"] for trace in _figure(at)["data"]}
    assert any(name.endswith(", lead") for name in kinds)  # hatched lead bars are their own legend entries

    at = open_page(PAGE, view="Countries", verification="lead")
    names = [trace["name"] for trace in _figure(at)["data"]]
    assert names == ["incidents", "leads (not counted)"]


def test_a_reviewed_lead_is_no_longer_a_lead(db):
    _add_lead(db)
    with db.begin() as conn:
        conn.execute(schema.review_decisions.insert().values(
            lead_key="lead-1", decision="reject", decided_by="ana", decided_at=datetime.now(timezone.utc)))
    at = open_page(PAGE, verification="lead")
    assert _metrics(at)["Leads (not counted)"] == "0"


def test_source_text_is_shown_escaped_and_only_http_links_are_clickable(db):
    _add_incident(db, summary="<script>alert('x')</script> <b>bold</b> [click](javascript:alert(2))",
                  source_urls="javascript:alert(1)", source_org="<img src=x onerror=alert(3)>")
    _add_incident(db, summary="second", source_urls="javascript:alert(4); https://example.org/ok", iso3="TUN",
                  country_name="Tunisia")
    at = open_page(PAGE, view="Table", source="analyst")
    assert not at.exception
    table = at.dataframe[0].value.set_index("iso3")
    assert table.loc["EGY", "summary"].startswith("<script>alert('x')</script>")  # the text, as text
    assert pd.isna(table.loc["EGY", "link"]) and table.loc["EGY", "other_sources"] == "javascript:alert(1)"
    assert table.loc["TUN", "link"] == "https://example.org/ok"
    assert table.loc["TUN", "country_page"] == "./Country?country=TUN"
    config = json.loads(at.dataframe[0].proto.columns)
    assert config["link"]["type_config"]["type"] == "link"
    assert config["other_sources"].get("type_config", {}).get("type") != "link"
    texts = [e.value for kind in ("markdown", "caption", "info", "warning", "text", "title") for e in at.get(kind)]
    assert any("Source text is shown as plain text" in t for t in texts)  # the check below reads the page's text
    shown = " ".join(map(str, texts))
    assert "<script>" not in shown and "javascript:" not in shown  # no markdown, caption or note carries it
    assert "unsafe_allow_html" not in (ROOT / PAGE).read_text()
