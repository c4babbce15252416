"""UNODC Ad Hoc Committee pages in their different layouts -> sessions, documents, stakeholders."""
from datetime import date
from pathlib import Path

import pytest

from collectors.base import ParseError
from collectors.unodc_ahc import (find_date_range, find_session, parse, session_key, sessions_from_seed_csv,
                                  stakeholder_key)

FIXTURES = Path(__file__).parent / "fixtures" / "unodc_ahc"
BASE = "https://www.unodc.org/unodc/en/cybercrime/ad_hoc_committee/"


def parse_fixture(name: str, page: str):
    return parse((FIXTURES / name).read_bytes(), BASE + page)


def documents(result, category=None):
    return [d for d in result.rows("ahc_documents") if category is None or d["category"] == category]


@pytest.mark.parametrize("variants", [
    ["Electronic Frontier Foundation (EFF)", "Electronic Frontier Foundation", "EFF", "electronic frontier foundation"],
    ["Access Now", "AccessNow", "ACCESS NOW", "Access Now Inc."],
    ["Article 19", "ARTICLE 19", "Article19"],
    ["Human Rights Watch", "HRW", "The Human Rights Watch"],
    ["Centre for Democracy & Technology", "Centre for Democracy and Technology"],
])
def test_stakeholder_key_merges_name_variants(variants):
    assert len({stakeholder_key(v) for v in variants}) == 1


def test_stakeholder_key_keeps_different_organisations_apart():
    names = ["Access Now", "Article 19", "Electronic Frontier Foundation", "Privacy International", "Microsoft"]
    assert len({stakeholder_key(n) for n in names}) == len(names)


def test_stakeholder_key_uses_acronyms_learnt_from_the_page():
    learnt = {"gpd": "Global Partners Digital"}
    assert stakeholder_key("GPD", learnt) == stakeholder_key("Global Partners Digital (GPD)")


def test_old_www_layout_reads_symbol_status_and_title_blocks():
    result = parse_fixture("ahc-second-session-www.html", "ahc-second-session.html")
    [session] = result.rows("ahc_sessions")
    assert (session["session_key"], session["name"], session["start_date"], session["end_date"], session["venue"]) \
        == ("session-2", "Second session", date(2022, 5, 30), date(2022, 6, 10), "Vienna")
    docs = documents(result)
    assert [(d["symbol"], d["category"]) for d in docs] == [
        ("A/AC.291/8", "official"), ("A/AC.291/9", "official"), ("A/AC.291/9/Add.1", "official"),
        ("A/AC.291/10", "official")]
    assert docs[0]["title"] == "Annotated provisional agenda"
    assert docs[0]["url"] == "https://undocs.org/A/AC.291/8"
    assert docs[2]["title"] == "Compilation of proposals and contributions submitted by Member States, Addendum"
    assert all(d["session_key"] == "session-2" for d in docs)
    # the "here" links under General Information are not documents; the stray lines are reported
    assert docs[3]["title"] is None
    assert any("Oral update by the Secretariat" in w for w in result.warnings)
    assert any("A/AC.291/10 has no title" in w for w in result.warnings)


def test_table_layout_reads_documents_by_heading():
    result = parse_fixture("ahc_sixth_session-main.html", "ahc_sixth_session/main")
    [session] = result.rows("ahc_sessions")
    assert (session["start_date"], session["end_date"], session["venue"]) == \
        (date(2023, 8, 21), date(2023, 9, 1), "New York")
    official = documents(result, "official")
    assert [(d["symbol"], d["title"]) for d in official] == [
        ("A/AC.291/20", "Annotated provisional agenda"), ("A/AC.291/22", "Draft text of the convention"),
        (None, "List of Participants")]
    assert official[0]["url"] == "https://www.unodc.org/documents/Cybercrime/AdHocCommittee/Sixth_session/A_AC.291_20_E.pdf"
    chair = documents(result, "chair")
    assert len(chair) == 2 and chair[0]["title"].startswith("Methodology for conducting the work")
    working = documents(result, "working")
    assert working[0]["title"] == "Draft text of the convention (version as of 2 September 2023)"
    assert working[0]["url"].endswith("DTC_2_Sept.pdf")
    assert working[1]["title"].startswith("Report of the co-facilitators")
    # the webcast language table is not a list of documents
    assert not any(d["title"] == "Floor" for d in documents(result))


def test_submissions_and_statements_by_states_and_stakeholders():
    result = parse_fixture("ahc_sixth_session-main.html", "ahc_sixth_session/main")
    submissions = documents(result, "submission")
    assert [(d["submitter_kind"], d["submitter_name"], d["iso3"]) for d in submissions] == [
        ("state", "Argentina", "ARG"), ("state", "Egypt", "EGY"), ("state", "Republic of Narnia", None),
        ("stakeholder", "Electronic Frontier Foundation (EFF)", None), ("stakeholder", "Access Now", None)]
    assert any("Republic of Narnia" in w for w in result.warnings)
    statements = documents(result, "statement")
    assert [(d["submitter_kind"], d["submitter_name"], d["iso3"]) for d in statements] == [
        ("state", "European Union", "EUU"), ("stakeholder", "EFF", None), ("stakeholder", "AccessNow", None)]

    stakeholders = {s["stakeholder_key"]: s for s in result.rows("stakeholders")}
    assert set(stakeholders) == {stakeholder_key("EFF"), stakeholder_key("Access Now")}
    assert stakeholders[stakeholder_key("AccessNow")]["name_variants"] == "Access Now; AccessNow"
    roles = {(p["stakeholder_key"], p["session_key"], p["role"]) for p in result.rows("stakeholder_participation")}
    assert (stakeholder_key("EFF"), "session-6", "statement") in roles
    assert (stakeholder_key("Access Now"), "session-6", "submission") in roles


def test_approved_list_gives_categories_countries_and_the_approving_session():
    result = parse_fixture("approved-stakeholders.html", "information-for-multi-stakeholders.html")
    rows = {s["name"]: s for s in result.rows("stakeholders")}
    assert {name: s["category"] for name, s in rows.items()} == {
        "Council of Europe": "para7_igo",
        "International Criminal Police Organization (INTERPOL)": "para7_igo",
        "Human Rights Watch": "ecosoc_ngo",
        "Access Now": "ecosoc_ngo",
        "Electronic Frontier Foundation (EFF)": "para9_ngo",
        "Epicenter.works": "para9_ngo",
        "University of Oxford": "para9_academia",
        "Microsoft Corporation": "para9_private_sector",
        "Kaspersky": "para9_private_sector",
    }
    assert rows["University of Oxford"]["country_iso3"] == "GBR"
    assert rows["Epicenter.works"]["country_iso3"] == "AUT"
    assert rows["Kaspersky"]["country_iso3"] is None
    participation = result.rows("stakeholder_participation")
    assert len(participation) == 9
    assert {(p["session_key"], p["role"]) for p in participation} == {("organizational-matters", "approved")}
    assert result.rows("ahc_sessions") == []


def test_home_page_lists_sessions_and_consultations():
    result = parse_fixture("ahc-home.html", "home")
    sessions = {s["session_key"]: s for s in result.rows("ahc_sessions")}
    assert list(sessions) == ["organizational-session", "organizational-matters", "session-1", "session-2",
                              "session-6", "reconvened-concluding-session", "cosp-rules-of-procedure",
                              "intersessional-1", "intersessional-3"]
    first = sessions["session-1"]
    assert (first["start_date"], first["end_date"], first["venue"]) == (date(2022, 2, 28), date(2022, 3, 11), "New York")
    assert first["page_url"] == BASE + "ahc-first-session.html"
    third = sessions["intersessional-3"]  # "Vienna 3 and 4 November 2022" (no comma before the date)
    assert (third["start_date"], third["end_date"], third["venue"]) == (date(2022, 11, 3), date(2022, 11, 4), "Vienna")
    assert sessions["cosp-rules-of-procedure"]["start_date"] == date(2026, 1, 26)
    assert any("Seventh session, date to be announced" in w for w in result.warnings)
    assert documents(result) == []  # "Useful documents" are not a session's documents


def test_seed_csv_keys_match_the_page_keys():
    result = sessions_from_seed_csv((FIXTURES / "ahc_sessions.csv").read_bytes(), "seed:ahc_sessions.csv")
    rows = {r["session_key"]: r for r in result.rows("ahc_sessions")}
    assert len(rows) == 18
    home = {s["session_key"] for s in parse_fixture("ahc-home.html", "home").rows("ahc_sessions")}
    assert home <= set(rows)
    second = rows["session-2"]
    assert (second["start_date"], second["end_date"], second["venue"]) == (date(2022, 5, 30), date(2022, 6, 10), "Vienna")
    assert rows["intersessional-1"]["name"] == "1st intersessional consultation"
    assert rows["concluding-session"]["note"] == "suspended without agreement"
    assert rows["signing-ceremony-high-level-conference"]["cited_source"].startswith("UNTC XVIII-16")
    assert not result.warnings


@pytest.mark.parametrize("text, name", [
    ("Report of the Ad Hoc Committee on its fifth session", "Fifth session"),
    ("Chair's Report of the Fourth Intersessional Consultation", "Fourth intersessional consultation"),
    ("2nd intersessional consultation", "Second intersessional consultation"),
    ("Reconvened concluding session", "Reconvened concluding session"),
    ("Concluding session", "Concluding session"),
    ("adopted by the General Assembly at its seventy-fourth session", None),
])
def test_find_session_names_committee_sessions_only(text, name):
    assert find_session(text) == name


def test_session_keys_agree_across_spellings():
    assert session_key("Second session") == session_key("2nd session") == "session-2"
    assert session_key("Meeting on draft rules of procedure of the CoSP") == session_key(
        "Session to prepare the draft text of the rules of procedure for the Conference of the States Parties")


@pytest.mark.parametrize("text, start, end", [
    ("Vienna, 30 May to 10 June 2022", date(2022, 5, 30), date(2022, 6, 10)),
    ("21 August - 1 September 2023, New York", date(2023, 8, 21), date(2023, 9, 1)),
    ("New York, 10-12 May 2021", date(2021, 5, 10), date(2021, 5, 12)),
    ("Vienna, 24 and 25 March 2022", date(2022, 3, 24), date(2022, 3, 25)),
    ("New York, 24 February 2022", date(2022, 2, 24), date(2022, 2, 24)),
    ("from 29 December 2024 to 3 January 2025", date(2024, 12, 29), date(2025, 1, 3)),
])
def test_date_ranges(text, start, end):
    assert find_date_range(text)[:2] == (start, end)


@pytest.mark.parametrize("content", [b"", b'{"error": "not found"}'])
def test_non_html_fails_with_a_clear_message(content):
    with pytest.raises(ParseError, match="expected an HTML page of the UNODC Ad Hoc Committee"):
        parse(content, BASE + "home")
