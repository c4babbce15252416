"""The Atom change feeds: valid Atom, one for all and one per country, holding what a run detected."""
import xml.etree.ElementTree as ET

import feedparser

from collectors import runner
from collectors.http import PoliteClient
from treaty_monitor import feeds

ATOM = "{http://www.w3.org/2005/Atom}"
ILLUSTRATION = "tests/fixtures/untc_status/XVIII-16.format-illustration.xml"


def _serve(httpserver, body: bytes) -> str:
    httpserver.clear()
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/XVIII-16.en.xml").respond_with_data(body, content_type="application/xml")
    return httpserver.url_for("/XVIII-16.en.xml")


def assert_valid_atom(path) -> ET.Element:
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.version == "atom10" and not parsed.bozo, parsed.get("bozo_exception")
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated", "link", "summary"):
            assert entry.find(f"{ATOM}{required}") is not None, required
    ids = [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))
    return root


def test_a_run_that_finds_a_ratification_writes_it_to_both_feeds(engine, httpserver, tmp_path, monkeypatch):
    monkeypatch.setenv("MONITOR_PUBLIC_URL", "https://monitor.example.org")
    original = open(ILLUSTRATION, "rb").read()
    client = PoliteClient(backoff=0.01)
    assert runner.run_source("untc_status", engine, client, url=_serve(httpserver, original)).status == "success"
    changed = original.replace(
        b"<Entry>Algeria</Entry>\n              <Entry>25 Oct\t 2025</Entry>\n              <Entry></Entry>",
        b"<Entry>Algeria</Entry>\n              <Entry>25 Oct\t 2025</Entry>\n              <Entry>2 Feb\t 2026</Entry>")
    assert changed != original
    outcome = runner.run_source("untc_status", engine, client, url=_serve(httpserver, changed))
    assert outcome.status == "success" and outcome.counts.changed == 1

    root = assert_valid_atom(tmp_path / "feeds" / "all.xml")
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert titles[0] == "Algeria deposited its instrument of ratification on 2 Feb 2026"
    algeria = assert_valid_atom(tmp_path / "feeds" / "DZA.xml")
    entry = algeria.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == "https://monitor.example.org/Country?country=DZA"


def test_source_text_is_escaped_in_the_feed(engine, tmp_path):
    from treaty_monitor import schema, store
    with engine.begin() as conn:
        conn.execute(schema.change_events.insert().values(
            source_id="ngo_feeds", run_id=1, table_name="reports", record_key="x", iso3="EGY", kind="added",
            summary="<script>alert('x')</script> & more", detected_at=store.utcnow()))
    feeds.write_feeds(engine, tmp_path / "out")
    text = (tmp_path / "out" / "all.xml").read_text()
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert_valid_atom(tmp_path / "out" / "EGY.xml")
