"""AppTest: the country profile and the comparison, restored from their URLs."""
import pytest

from support import open_page

pytestmark = pytest.mark.usefixtures("app_db")


def test_country_page_without_a_country_invites_a_choice():
    at = open_page("pages/5_Country.py")
    assert not at.exception and any("Choose a country" in i.value for i in at.info)


def test_country_profile_shows_every_block_with_sources():
    at = open_page("pages/5_Country.py", country="EGY")
    assert not at.exception
    assert at.header[0].value == "Egypt"
    assert {s.value for s in at.subheader} >= {"Treaty status", "Domestic law", "Incidents", "UN participation",
                                                "Government requests for user data"}
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Status"] == "Signed only" and metrics["Signed"] == "2025-10-25"
    assert any("UNCTAD" in c.value for c in at.caption)
    links = " ".join(m.value for m in at.markdown)
    assert "Incidents?country=EGY" in links and "Compare?countries=EGY" in links


def test_country_code_in_the_url_is_case_insensitive_and_a_bad_one_is_noted():
    assert open_page("pages/5_Country.py", country="egy").header[0].value == "Egypt"
    at = open_page("pages/5_Country.py", country="XYZ")
    assert any("not valid here" in w.value for w in at.warning)
    assert not at.header


def test_missing_law_data_is_said_to_be_missing():
    at = open_page("pages/5_Country.py", country="TWN")  # not covered by UNCTAD
    assert any("missing, not 'no law'" in m.value for m in at.markdown)


def test_comparison_restores_countries_and_shows_missing_as_missing():
    at = open_page("pages/6_Compare.py", countries="EGY,FRA,TWN")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table.columns[:2]) == ["fact", "Egypt"]
    status = table[table["fact"] == "Treaty status"].iloc[0]
    assert status["Egypt"] == "Signed only" and status["France"] == "Signed only"
    law = table[table["fact"] == "Cybercrime law (UNCTAD)"].iloc[0]
    assert law["Taiwan"] == "missing"
    assert law["EGY as of"] == "2026-04-27"


def test_comparison_limits_to_four_and_asks_for_two():
    at = open_page("pages/6_Compare.py", countries="EGY,FRA,USA,DEU,BRA")
    assert at.query_params["countries"] == "EGY,FRA,USA,DEU"
    assert any("more than four" in w.value for w in at.warning)
    at = open_page("pages/6_Compare.py", countries="EGY")
    assert any("at least two" in i.value for i in at.info)
