"""The fetch path end to end against a local HTTP server: fetch (raw kept) -> parse -> store -> run log.

Every request goes to pytest-httpserver on loopback (or a file:// URL); nothing touches the internet.
The client's ``sleep`` is a recorder, so retries and Retry-After cost no time and can be checked.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug import Response

from collectors import runner
from collectors.http import PoliteClient
from treaty_monitor import config, schema, sources, store

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "untc_status"
GOOD = (FIXTURES / "XVIII-16.format-illustration.xml").read_bytes()
HTML = (FIXTURES / "ViewDetails.en.html").read_bytes()
MAINTENANCE = (FIXTURES / "maintenance.html").read_bytes()
TRUNCATED = (FIXTURES / "truncated.xml").read_bytes()
PATH = "/XVIII-16.en.xml"
LAST_MODIFIED = "Sun, 16 Nov 2025 14:16:04 GMT"
N_PARTICIPANTS = 14

# The illustration with Algeria's ratification deposited, Mauritius signing, and 73 signatories.
CHANGED = (GOOD
           .replace(b"<Entry>Algeria</Entry>\n              <Entry>25 Oct\t 2025</Entry>\n              <Entry></Entry>",
                    b"<Entry>Algeria</Entry>\n              <Entry>25 Oct\t 2025</Entry>\n              <Entry>5 Jan\t 2026</Entry>")
           .replace(b"<Rows>", b"<Rows>\n<Row><Entry>Mauritius</Entry><Entry>19 Nov\t 2025</Entry><Entry></Entry></Row>")
           .replace(b"<Signatories>72</Signatories>", b"<Signatories>73</Signatories>"))
assert CHANGED.count(b"5 Jan\t 2026") == 1 and b"Mauritius" in CHANGED


class Script:
    """Answers for one path, in order (the last one repeats); keeps the requests it saw.

    An answer is ``(status, body, headers)`` or a function of the request returning a werkzeug Response.
    """

    def __init__(self, server, path: str, *answers):
        self.answers = list(answers)
        self.requests = []
        server.expect_request(path).respond_with_handler(self)

    def __call__(self, request):
        self.requests.append(request)
        answer = self.answers[min(len(self.requests), len(self.answers)) - 1]
        if callable(answer):
            return answer(request)
        status, body, headers = answer
        return Response(body, status=status, headers=headers)


class Robots:
    """/robots.txt: allow all but /private/; ``status`` can be set to make it fail."""

    def __init__(self):
        self.status = 200

    def __call__(self, request):
        return Response("User-agent: *\nDisallow: /private/\n", status=self.status, content_type="text/plain")


@pytest.fixture
def server(httpserver):
    httpserver.robots = Robots()
    httpserver.expect_request("/robots.txt").respond_with_handler(httpserver.robots)
    return httpserver


@pytest.fixture
def waits():
    return []


@pytest.fixture
def client(waits):
    return make_client(waits)


def make_client(waits, **overrides) -> PoliteClient:
    return PoliteClient(**({"backoff": 0.01, "timeout": (1, 1), "sleep": waits.append} | overrides))


def xml(body=GOOD, status=200, **headers):
    return status, body, {"Content-Type": "application/xml"} | headers


def run(engine, url, client):
    return runner.run_source("untc_status", engine, client, url=url)


# --- what the database holds ---------------------------------------------------------------------

def participants(engine) -> list[dict]:
    t = schema.treaty_participants
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(t).order_by(t.c.id)).mappings()]


def table_rows(engine, table, order="id") -> list[dict]:
    t = schema.table(table)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(t).order_by(t.c[order])).mappings()]


def last_run(engine) -> dict:
    return table_rows(engine, "collector_runs")[-1]


def assert_failed_and_intact(engine, outcome, before: list[dict], message: str) -> dict:
    """The run is failed in the log with a clear message, and the last good data is untouched."""
    assert outcome.status == "failed" and outcome.failed
    assert message in outcome.error, outcome.error
    assert "\n" not in outcome.error
    logged = last_run(engine)
    assert (logged["status"], logged["error"]) == ("failed", outcome.error)
    assert logged["finished_at"] is not None
    assert participants(engine) == before
    assert store.acquire_lock(engine, "untc_status")  # the lock was released
    store.release_lock(engine, "untc_status")
    return logged


def archived_bodies(engine) -> list[bytes]:
    return [(config.raw_dir() / r["path"]).read_bytes() for r in table_rows(engine, "raw_responses")]


@pytest.fixture
def stored(engine, server, client):
    """A first good run (ETag and Last-Modified on the response); returns the rows it stored.

    ``server.main`` is the Script answering PATH: set its ``answers`` to change what PATH serves next.
    """
    server.main = Script(server, PATH, xml(ETag='"v1"', **{"Last-Modified": LAST_MODIFIED}))
    outcome = run(engine, server.url_for(PATH), client)
    assert outcome.status == "success", outcome.error
    rows = participants(engine)
    assert len(rows) == N_PARTICIPANTS
    return rows


# --- success ---------------------------------------------------------------------------------------

def test_first_run_stores_rows_and_archives_the_raw_response(engine, server, client, tmp_path):
    script = Script(server, PATH, xml(ETag='"v1"', **{"Last-Modified": LAST_MODIFIED}))
    url = server.url_for(PATH)
    outcome = run(engine, url, client)
    assert outcome.status == "success", outcome.error
    assert (outcome.counts.new, outcome.counts.changed, outcome.counts.removed) == (N_PARTICIPANTS + 1, 0, 0)
    assert script.requests[0].headers["User-Agent"] == config.USER_AGENT

    [raw] = table_rows(engine, "raw_responses")
    assert raw["content_sha256"] == hashlib.sha256(GOOD).hexdigest()
    assert (raw["url"], raw["status_code"], raw["size"], raw["source_id"]) == (url, 200, len(GOOD), "untc_status")
    assert (raw["etag"], raw["last_modified"]) == ('"v1"', LAST_MODIFIED)
    assert json.loads(raw["headers"])["content-type"].startswith("application/xml")
    path = config.raw_dir() / raw["path"]
    assert path.read_bytes() == GOOD and path.suffix == ".xml"
    assert path.is_relative_to(tmp_path / "raw")  # MONITOR_RAW_DIR, set for every test
    assert not (config.DATA_DIR / "raw" / raw["path"]).exists()

    rows = {r["participant"]: r for r in participants(engine)}
    assert len(rows) == N_PARTICIPANTS
    assert rows["Côte d'Ivoire"]["iso3"] == "CIV"
    assert all(r["raw_response_id"] == raw["id"] and r["source_url"] == url for r in rows.values())
    [record] = table_rows(engine, "treaty_records")
    assert record["signatories_count"] == 72

    logged = last_run(engine)
    assert (logged["status"], logged["trigger"], logged["url_override"]) == ("success", "cli", url)
    assert (logged["n_new"], logged["error"]) == (N_PARTICIPANTS + 1, None)
    assert "Examplestan" in logged["warnings"]  # unresolved names are reported in the run log
    events = table_rows(engine, "change_events")
    assert len(events) == N_PARTICIPANTS and {e["kind"] for e in events} == {"added"}
    algeria = next(e for e in events if e["record_key"] == "Algeria")
    assert algeria["summary"] == "Algeria signed the Convention on 25 Oct 2025" and algeria["iso3"] == "DZA"


def test_not_modified_sends_conditional_headers_and_changes_nothing(engine, server, client, waits):
    def conditional(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(GOOD, headers={"ETag": '"v1"', "Last-Modified": LAST_MODIFIED})

    script = Script(server, PATH, conditional)
    assert run(engine, server.url_for(PATH), client).status == "success"
    before, events, raws = participants(engine), table_rows(engine, "change_events"), table_rows(engine, "raw_responses")

    outcome = run(engine, server.url_for(PATH), client)
    assert outcome.status == "unchanged", outcome.error
    second = script.requests[1].headers
    assert second["If-None-Match"] == '"v1"' and second["If-Modified-Since"] == LAST_MODIFIED
    assert "If-None-Match" not in script.requests[0].headers
    assert last_run(engine)["status"] == "unchanged"
    assert participants(engine) == before
    assert table_rows(engine, "change_events") == events
    assert table_rows(engine, "raw_responses") == raws
    assert waits == []


def test_429_with_retry_after_is_honoured(engine, server, client, waits):
    Script(server, PATH, (429, b"slow down", {"Retry-After": "2"}), xml())
    outcome = run(engine, server.url_for(PATH), client)
    assert outcome.status == "success", outcome.error
    assert waits == [2.0]
    assert len(participants(engine)) == N_PARTICIPANTS


def test_500_then_200_succeeds_after_a_retry(engine, server, client, waits):
    script = Script(server, PATH, (500, b"oops", {}), xml())
    outcome = run(engine, server.url_for(PATH), client)
    assert outcome.status == "success", outcome.error
    assert len(script.requests) == 2 and len(waits) == 1 and 0 < waits[0] < 1
    assert len(participants(engine)) == N_PARTICIPANTS


def test_rerun_over_unchanged_content_writes_nothing_new(engine, server, client):
    Script(server, PATH, xml())  # no ETag / Last-Modified: a full 200 both times
    assert run(engine, server.url_for(PATH), client).status == "success"
    before, events = participants(engine), table_rows(engine, "change_events")
    [raw_before] = table_rows(engine, "raw_responses")
    runs_before = len(table_rows(engine, "collector_runs"))

    outcome = run(engine, server.url_for(PATH), client)
    assert outcome.status == "success"
    assert (outcome.counts.new, outcome.counts.changed, outcome.counts.removed) == (0, 0, 0)
    assert outcome.counts.unchanged == N_PARTICIPANTS + 1
    assert participants(engine) == before
    assert table_rows(engine, "change_events") == events
    [raw_after] = table_rows(engine, "raw_responses")
    assert raw_after["id"] == raw_before["id"]
    assert store.as_utc(raw_after["last_fetched_at"]) > store.as_utc(raw_before["last_fetched_at"])
    assert len(table_rows(engine, "collector_runs")) == runs_before + 1


def test_changes_become_readable_events(engine, server, client):
    Script(server, PATH, xml(), xml(CHANGED))
    assert run(engine, server.url_for(PATH), client).status == "success"
    first_run = last_run(engine)["id"]
    outcome = run(engine, server.url_for(PATH), client)
    assert outcome.status == "success", outcome.error
    assert (outcome.counts.new, outcome.counts.changed) == (1, 2)  # Mauritius; Algeria and the record

    events = [e for e in table_rows(engine, "change_events") if e["run_id"] != first_run]
    by_kind = {(e["kind"], e["record_key"], e["field"]): e for e in events}
    consent = by_kind[("changed", "Algeria", "consent_date")]
    assert (consent["old_value"], consent["new_value"], consent["iso3"]) == (None, "2026-01-05", "DZA")
    assert consent["summary"] == "Algeria deposited its instrument of ratification on 5 Jan 2026"
    added = by_kind[("added", "Mauritius", None)]
    assert added["summary"] == "Mauritius signed the Convention on 19 Nov 2025" and added["iso3"] == "MUS"
    record = by_kind[("changed", "XVIII-16", "signatories_count")]
    assert record["summary"] == "UNTC record: signatories_count 72 -> 73"
    latest_raw = table_rows(engine, "raw_responses")[-1]
    assert latest_raw["content_sha256"] == hashlib.sha256(CHANGED).hexdigest()
    assert {e["raw_response_id"] for e in events} == {latest_raw["id"]}
    rows = {r["participant"]: r for r in participants(engine)}
    assert rows["Algeria"]["consent_kind"] == "ratification" and len(rows) == N_PARTICIPANTS + 1


def test_url_override_with_a_local_file(engine, tmp_path):
    path = tmp_path / "XVIII-16.en.xml"
    path.write_bytes(CHANGED)
    outcome = runner.run_source("untc_status", engine, make_client([]), url=path.as_uri())
    assert outcome.status == "success", outcome.error
    assert len(participants(engine)) == N_PARTICIPANTS + 1
    [raw] = table_rows(engine, "raw_responses")
    assert raw["url"] == path.as_uri() and raw["path"].endswith(".xml")
    assert last_run(engine)["url_override"] == path.as_uri()


def test_html_fallback_when_the_xml_fails(engine, server, client, monkeypatch):
    Script(server, "/xml", (503, b"unavailable", {}))
    Script(server, "/html", (200, HTML, {"Content-Type": "text/html; charset=utf-8"}))
    monkeypatch.setitem(sources.SOURCES, "untc_status", dataclasses.replace(
        sources.SOURCES["untc_status"], urls=(server.url_for("/xml"), server.url_for("/html"))))
    outcome = runner.run_source("untc_status", engine, client)
    assert outcome.status == "success", outcome.error
    [record] = table_rows(engine, "treaty_records")
    assert record["status_as_at"] == "16-11-2025 10:16:04 EDT"
    assert len(participants(engine)) == 8
    # the failed XML answer is kept for diagnosis too
    assert {r["status_code"] for r in table_rows(engine, "raw_responses")} == {503, 200}


# --- failures: run failed, message clear, last good data untouched, raw kept when there was a body ---

def test_timeout(engine, server, stored, waits):
    release = threading.Event()

    def slow(request):
        release.wait(1.5)  # longer than the client's 1 s read timeout
        return Response(GOOD)

    Script(server, "/slow.xml", slow)
    raws = len(table_rows(engine, "raw_responses"))
    try:
        outcome = run(engine, server.url_for("/slow.xml"), make_client(waits, max_retries=1))
    finally:
        release.set()  # let the single-threaded server go on to the next test
    assert_failed_and_intact(engine, outcome, stored, "no answer after 2 tries (ReadTimeout)")
    assert len(waits) == 1
    assert len(table_rows(engine, "raw_responses")) == raws  # no body, nothing archived


def test_maintenance_page_with_http_200(engine, server, stored, client):
    server.main.answers = [(200, MAINTENANCE, {"Content-Type": "text/html"})]
    outcome = run(engine, server.url_for(PATH), client)
    assert server.main.requests[-1].headers["If-None-Match"] == '"v1"'  # ignored by the maintenance page
    assert_failed_and_intact(engine, outcome, stored, "maintenance page")
    assert archived_bodies(engine)[-1] == MAINTENANCE
    # once the site is back, the next run succeeds and finds nothing changed
    server.main.answers = [xml()]
    outcome = run(engine, server.url_for(PATH), client)
    assert outcome.status == "success" and outcome.counts.unchanged == N_PARTICIPANTS + 1
    assert participants(engine) == stored


def test_truncated_xml(engine, server, stored, client):
    Script(server, "/truncated.xml", xml(TRUNCATED))
    outcome = run(engine, server.url_for("/truncated.xml"), client)
    assert_failed_and_intact(engine, outcome, stored, "truncated or malformed XML")
    assert archived_bodies(engine)[-1] == TRUNCATED


def test_empty_202(engine, server, stored, client):
    Script(server, "/empty.xml", (202, b"", {}))
    outcome = run(engine, server.url_for("/empty.xml"), client)
    assert_failed_and_intact(engine, outcome, stored, "HTTP 202 with 0 bytes instead of the document")
    last = table_rows(engine, "raw_responses")[-1]
    assert (last["status_code"], last["size"]) == (202, 0)


def test_http_error_after_retries(engine, server, stored, client, waits):
    script = Script(server, "/broken.xml", (503, b"Service Unavailable", {}))
    outcome = run(engine, server.url_for("/broken.xml"), client)
    assert_failed_and_intact(engine, outcome, stored, "HTTP 503 after 4 tries")
    assert len(script.requests) == 4 and len(waits) == 3
    assert archived_bodies(engine)[-1] == b"Service Unavailable"


def test_not_found_is_not_retried(engine, server, stored, client, waits):
    script = Script(server, "/missing.xml", (404, b"Not Found", {}))
    outcome = run(engine, server.url_for("/missing.xml"), client)
    assert_failed_and_intact(engine, outcome, stored, "HTTP 404 after 1 tries")
    assert len(script.requests) == 1 and waits == []


def test_retry_after_longer_than_we_wait(engine, server, stored, client):
    Script(server, "/busy.xml", (429, b"later", {"Retry-After": "3600"}))
    outcome = run(engine, server.url_for("/busy.xml"), client)
    assert_failed_and_intact(engine, outcome, stored, "server asks to retry after 3600 s")


def test_robots_txt_disallows_the_path(engine, server, stored, client):
    script = Script(server, "/private/XVIII-16.en.xml", xml())
    outcome = run(engine, server.url_for("/private/XVIII-16.en.xml"), client)
    assert_failed_and_intact(engine, outcome, stored, "disallowed by")
    assert script.requests == []


def test_robots_txt_server_error_means_disallow(engine, server, stored, waits):
    server.robots.status = 503
    script = Script(server, "/other.xml", xml())
    outcome = run(engine, server.url_for("/other.xml"), make_client(waits))  # a client without cached rules
    assert_failed_and_intact(engine, outcome, stored, "robots.txt answered HTTP 503; not fetching")
    assert script.requests == []


def test_response_bigger_than_the_size_cap(engine, server, stored, client, monkeypatch):
    monkeypatch.setitem(sources.SOURCES, "untc_status",
                        dataclasses.replace(sources.SOURCES["untc_status"], max_bytes=1000))
    Script(server, "/big.xml", xml())
    raws = len(table_rows(engine, "raw_responses"))
    outcome = run(engine, server.url_for("/big.xml"), client)
    assert_failed_and_intact(engine, outcome, stored, "exceeds the 1,000-byte cap")
    assert len(table_rows(engine, "raw_responses")) == raws


def test_response_bigger_than_the_cap_without_content_length(engine, server, stored, client, monkeypatch):
    monkeypatch.setitem(sources.SOURCES, "untc_status",
                        dataclasses.replace(sources.SOURCES["untc_status"], max_bytes=1000))
    Script(server, "/stream.xml", lambda request: Response(iter([GOOD[:800], GOOD[800:]])))
    outcome = run(engine, server.url_for("/stream.xml"), client)
    assert_failed_and_intact(engine, outcome, stored, "response exceeds the 1,000-byte cap")


def test_a_document_that_would_empty_the_table_is_refused(engine, server, stored, client):
    xml_doc = GOOD
    start, end = xml_doc.index(b"<Rows>"), xml_doc.index(b"</Rows>")
    Script(server, "/none.xml", xml(xml_doc[:start] + b"<Rows>" + xml_doc[end:]))
    outcome = run(engine, server.url_for("/none.xml"), client)
    assert_failed_and_intact(engine, outcome, stored, "lists no participants")


# --- one run per source at a time ----------------------------------------------------------------

def test_lock(engine, server, client):
    assert store.acquire_lock(engine, "untc_status") is True
    assert store.acquire_lock(engine, "untc_status") is False
    Script(server, PATH, xml())
    outcome = run(engine, server.url_for(PATH), client)
    assert outcome.status == "skipped" and "in progress" in outcome.error
    assert table_rows(engine, "collector_runs") == [] and participants(engine) == []
    store.release_lock(engine, "untc_status")
    assert run(engine, server.url_for(PATH), client).status == "success"
