"""NGO feeds: RSS 2.0 and Atom written for the tests, the truncated EFF excerpt, broken and hostile input."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from collectors import ngo_feeds
from collectors.base import ParseError
from treaty_monitor import ngo_feed_list

FIXTURES = Path(__file__).parent / "fixtures" / "ngo_feeds"
HRW_URL = "https://www.hrw.org/rss/news"


def parse_fixture(name: str, url: str):
    return ngo_feeds.parse((FIXTURES / name).read_bytes(), url)


@pytest.fixture(scope="module")
def rss():
    return parse_fixture("rss2_sample.xml", HRW_URL)


def by_title(result, start: str) -> dict:
    return next(row for row in result.rows("reports") if (row["title"] or "").startswith(start))


def test_rss_items_become_reports_with_plain_text_and_utc_dates(rss):
    reports = rss.rows("reports")
    assert len(reports) == 5
    egypt = by_title(rss, "Egypt")
    assert egypt["organisation"] == "Human Rights Watch"
    assert egypt["url"] == "https://www.hrw.org/news/2025/03/04/egypt-blogger-detained"
    assert egypt["published"] == datetime(2025, 3, 4, 14, 30, tzinfo=timezone.utc)  # -0500 converted
    assert egypt["summary"] == ("Security forces arrested the blogger at home & seized his laptop. "
                                "He faces charges under the 2018 cybercrime law.")
    assert (egypt["countries"], egypt["category"]) == ("EGY", "arrest")
    assert by_title(rss, "Sudan")["published"] == datetime(2025, 3, 6, 12, 0, tzinfo=timezone.utc)  # dc:date


def test_script_in_a_title_is_removed_with_its_content(rss):
    ethiopia = by_title(rss, "Ethiopia")
    assert ethiopia["title"] == "Ethiopia: Internet Shutdown in Amhara Must End"
    assert ethiopia["summary"] == "The blackout has lasted months."
    for report in rss.rows("reports"):
        for field in ("title", "summary"):
            assert "<" not in (report[field] or "") and "evil.example" not in (report[field] or "")


def test_javascript_link_is_dropped_with_a_warning(rss):
    report = by_title(rss, "Click here")
    assert report["url"] is None
    assert any("javascript:alert" in warning and "not an http(s) address" in warning for warning in rss.warnings)


def test_unreadable_date_is_left_empty_with_a_warning(rss):
    assert by_title(rss, "A Conversation")["published"] is None
    assert any("sometime in March" in warning for warning in rss.warnings)


def test_leads_one_per_country_only_for_items_with_a_category(rss):
    leads = rss.rows("leads")
    assert sorted((lead["iso3"], lead["category"]) for lead in leads) == [
        ("EGY", "arrest"), ("ETH", "shutdown"), ("SDN", "harassment"), ("SSD", "harassment")]
    sudan = next(lead for lead in leads if lead["iso3"] == "SDN")
    assert sudan["verification"] == "lead" and sudan["stream"] == "ngo_feeds"
    assert (sudan["date"], sudan["date_precision"]) == (date(2025, 3, 6), "day")
    assert sudan["summary"] == by_title(rss, "Sudan")["title"]
    assert sudan["source_urls"] == "https://www.hrw.org/news/2025/03/06/sudan-south-sudan-journalists"
    assert sudan["report_key"] == by_title(rss, "Sudan")["report_key"]


def test_keys_are_stable_across_runs(rss):
    again = parse_fixture("rss2_sample.xml", HRW_URL)
    assert [r["report_key"] for r in again.rows("reports")] == [r["report_key"] for r in rss.rows("reports")]
    assert [r["lead_key"] for r in again.rows("leads")] == [r["lead_key"] for r in rss.rows("leads")]
    assert len({r["report_key"] for r in rss.rows("reports")}) == 5


def test_atom_feed_html_and_xhtml_titles():
    result = parse_fixture("atom_sample.xml", "https://citizenlab.ca/feed/")
    assert result.meta["feed_format"] == "Atom"
    spyware = by_title(result, "Spyware")
    assert spyware["title"] == "Spyware Found on Phones of Jordanian Activists"
    assert spyware["url"] == "https://citizenlab.ca/2025/04/spyware-jordan/"  # the alternate link, not the PDF
    assert spyware["published"] == datetime(2025, 4, 1, 6, 0, tzinfo=timezone.utc)
    assert (spyware["organisation"], spyware["countries"], spyware["category"]) == ("Citizen Lab", "JOR", "surveillance")
    notes = by_title(result, "Annual")
    assert notes["title"] == "Annual Transparency Notes" and notes["summary"] == "Our methods, explained."
    assert notes["category"] is None and notes["countries"] is None


def test_rss_1_0_feed():
    content = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://globalvoices.org/"><title>Global Voices</title></channel>
  <item rdf:about="https://globalvoices.org/2025/02/01/cuba-internet/">
    <title>Cuban authorities cut internet in Santiago after protests</title>
    <dc:date>2025-02-01T18:00:00-05:00</dc:date>
  </item>
</rdf:RDF>"""
    report = ngo_feeds.parse(content, "https://globalvoices.org/feed/").rows("reports")[0]
    assert report["url"] == "https://globalvoices.org/2025/02/01/cuba-internet/"
    assert (report["countries"], report["category"], report["organisation"]) == ("CUB", "shutdown", "Global Voices")
    assert report["published"] == datetime(2025, 2, 1, 23, 0, tzinfo=timezone.utc)


def test_truncated_eff_excerpt_still_gives_its_item():
    result = parse_fixture("eff_deeplinks_excerpt.xml", "https://www.eff.org/rss/updates.xml")
    [report] = result.rows("reports")
    assert report["title"] == "🔒 A Win for Encrypted Messaging | EFFector 38.10"
    assert report["url"] == "https://www.eff.org/deeplinks/2026/05/encrypted-apple-android-texts-effector-3810"
    assert report["organisation"] == "Electronic Frontier Foundation"
    assert "<" not in report["summary"] and "field--name-body" not in report["summary"]


def test_invalid_xml_keeps_text_around_bare_ampersands_and_html_entities():
    result = parse_fixture("broken_feed.xml", "https://www.article19.org/feed/")
    titles = [report["title"] for report in result.rows("reports")]
    assert titles == ["Belarus blocks independent news sites & VPNs", "Second item survives the broken first one"]
    assert result.rows("reports")[0]["summary"] == "Unclosed paragraph text"  # &nbsp; read as a space
    assert result.rows("reports")[0]["organisation"] == "ARTICLE 19"


def test_long_summaries_are_cut_to_about_500_characters():
    body = "<p>" + "Word " * 400 + "</p>"
    content = (f"<rss><channel><item><title>T</title><link>https://cpj.org/x</link>"
               f"<description><![CDATA[{body}]]></description></item></channel></rss>").encode()
    summary = ngo_feeds.parse(content, "https://cpj.org/feed/").rows("reports")[0]["summary"]
    assert 400 < len(summary) <= 501 and summary.endswith("…")


def test_unknown_feed_host_takes_the_organisation_from_the_feed_title():
    content = b"<rss><channel><title>Some Monitor</title><item><title>x</title><link>https://m.example/1</link></item></channel></rss>"
    result = ngo_feeds.parse(content, "https://m.example/feed")
    assert result.rows("reports")[0]["organisation"] == "Some Monitor"
    assert any("not in the feed list" in warning for warning in result.warnings)


@pytest.mark.parametrize("content, expected", [
    (b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>",
     "an HTML page"),
    (b'{"items": []}', "a JSON document"),
    (b"", "an empty response"),
    (b"   \n", "an empty response"),
    (b'<collection xmlns="http://www.loc.gov/MARC21/slim"><record/></collection>', "root is <collection>"),
])
def test_non_feeds_raise_a_one_line_parse_error(content, expected):
    with pytest.raises(ParseError, match="expected an RSS or Atom feed") as error:
        ngo_feeds.parse(content, HRW_URL)
    assert expected in str(error.value) and "\n" not in str(error.value)


def test_a_very_large_feed_parses_whole():
    """5,000 items, over 20 MB: every item kept (speed is measured in bench/feed_parse_throughput.py)."""
    paragraph = "<p>" + "Rights groups documented arrests of bloggers in Egypt and elsewhere. " * 58 + "</p>"
    items = "".join(
        f"<item><title>Report {n}: journalist arrested in Egypt</title><link>https://www.hrw.org/news/{n}</link>"
        f"<pubDate>Mon, 05 May 2025 10:00:00 +0000</pubDate><description><![CDATA[{paragraph}]]></description></item>"
        for n in range(5000))
    content = f'<?xml version="1.0"?><rss version="2.0"><channel><title>HRW</title>{items}</channel></rss>'.encode()
    assert len(content) > 20_000_000
    result = ngo_feeds.parse(content, HRW_URL)
    assert len(result.rows("reports")) == 5000 and len(result.rows("leads")) == 5000
    assert result.rows("reports")[-1]["url"] == "https://www.hrw.org/news/4999"


# ---- the feed list -----------------------------------------------------------------------------------------------

def test_default_feed_list_and_host_mapping(tmp_path, monkeypatch):
    monkeypatch.setattr(ngo_feed_list, "FEEDS_FILE", tmp_path / "absent.csv")
    feeds = ngo_feed_list.feed_list()
    assert len(feeds) == 10 and all(feed.url.startswith("https://") for feed in feeds)
    assert ngo_feed_list.organisation_for("https://www.amnesty.org/en/latest/news/feed/", feeds) == "Amnesty International"
    assert ngo_feed_list.organisation_for("https://news.article19.org/feed", feeds) == "ARTICLE 19"
    assert ngo_feed_list.organisation_for("https://example.org/feed", feeds) is None


def test_feed_list_file_overrides_the_defaults(tmp_path):
    path = tmp_path / "feeds.csv"
    path.write_text("organisation,url\nSMEX,https://smex.org/feed/\n", encoding="utf-8")
    feeds = ngo_feed_list.feed_list(path)
    assert feeds == [ngo_feed_list.Feed("SMEX", "https://smex.org/feed/")]
    assert ngo_feed_list.organisation_for("https://smex.org/feed/", feeds) == "SMEX"
    path.write_text("name,link\nSMEX,https://smex.org/feed/\n", encoding="utf-8")
    with pytest.raises(ValueError, match="organisation"):
        ngo_feed_list.feed_list(path)
