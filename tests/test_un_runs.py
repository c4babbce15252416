"""UN records end to end: paged library searches, empty 202 answers and vote totals that do not add up,
run by the collector runner against a local HTTP server; and ``python -m collectors parse`` on UN files.

Nothing touches the internet: pytest-httpserver answers on loopback.
"""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug import Response

from collectors import cli, runner
from collectors.http import PoliteClient
from test_ga_votes import RES_74_247_TOTALS, voting_record_from_csv
from treaty_monitor import schema

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGE_1 = (FIXTURES / "undl_documents" / "undl_marcxml_search_2records.xml").read_bytes().replace(
    b"Total-Number-Of-Results: 94", b"Total-Number-Of-Results: 3")
PAGE_2 = (FIXTURES / "undl_documents" / "undl_search_page2_no_namespace.xml").read_bytes()
VOTES_CSV = (FIXTURES / "ga_votes" / "ga_votes_A-RES-74-247.csv").read_bytes()
QUERY = '?p=191__a:"A/AC.291/*"&of=xm&rg=2&jrec=1'


class Pages:
    """/search: the answer for each ``jrec`` (a body, or (status, body)); records the jrec asked for."""

    def __init__(self, server, answers: dict[str, object]):
        self.answers = answers
        self.asked: list[str] = []
        server.expect_request("/search").respond_with_handler(self)

    def __call__(self, request):
        jrec = request.args.get("jrec", "1")
        self.asked.append(jrec)
        answer = self.answers[jrec]
        status, body = answer if isinstance(answer, tuple) else (200, answer)
        return Response(body, status=status, content_type="application/xml" if body else None)


@pytest.fixture
def server(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n", content_type="text/plain")
    return httpserver


@pytest.fixture
def client():
    return PoliteClient(backoff=0.01, timeout=(2, 5), max_retries=1, sleep=lambda _: None)


def rows(engine, table: str, order: str = "id") -> list[dict]:
    t = schema.table(table)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(t).order_by(t.c[order])).mappings()]


def count(engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(schema.table(table))).scalar()


def last_run(engine) -> dict:
    return rows(engine, "collector_runs")[-1]


# --- undl_documents: paging ---------------------------------------------------------------------------

def run_search(engine, server, client):
    return runner.run_source("undl_documents", engine, client, url=server.url_for("/search") + QUERY)


def test_paged_search_fetches_every_page_and_stores_every_record(engine, server, client):
    pages = Pages(server, {"1": PAGE_1, "3": PAGE_2})
    outcome = run_search(engine, server, client)
    assert outcome.status == "success", outcome.error
    assert pages.asked == ["1", "3"]  # rg=2 and a total of 3: page 2 starts at jrec=3
    docs = rows(engine, "un_documents")
    assert [d["record_id"] for d in docs] == ["4026910", "4026780", "9990001"]
    assert "jrec=3" in docs[2]["source_url"] and "jrec=1" in docs[0]["source_url"]
    assert docs[2]["session"] == "Fifth session"
    assert count(engine, "un_document_files") == 12 + 3 and count(engine, "raw_responses") == 2
    assert {r["raw_response_id"] for r in docs} == {r["id"] for r in rows(engine, "raw_responses")}
    assert any("Republic of Atlantis" in w for w in outcome.warnings)  # reported, kept without iso3

    # the same pages again: nothing new is written (rows, change events, raw responses)
    before = {t: rows(engine, t) for t in ("un_documents", "un_document_files", "un_document_countries",
                                           "change_events", "raw_responses")}
    again = run_search(engine, server, client)
    assert again.status == "success", again.error
    assert (again.counts.new, again.counts.changed, again.counts.removed) == (0, 0, 0)
    assert again.counts.unchanged == outcome.counts.new
    after = {t: rows(engine, t) for t in before}
    assert {t: v for t, v in after.items() if t != "raw_responses"} == \
        {t: v for t, v in before.items() if t != "raw_responses"}
    assert [r["id"] for r in after["raw_responses"]] == [r["id"] for r in before["raw_responses"]]
    assert pages.asked == ["1", "3", "1", "3"]


@pytest.mark.parametrize("failing_page", ["1", "3"])
def test_an_empty_202_fails_the_run_and_keeps_the_stored_documents(engine, server, client, failing_page):
    pages = Pages(server, {"1": PAGE_1, "3": PAGE_2})
    assert run_search(engine, server, client).status == "success"
    before = {t: rows(engine, t) for t in ("un_documents", "un_document_files", "un_document_countries")}

    # the library's firewall answers an empty 202; page 1 meanwhile has a new title, which must not be
    # stored from a run that failed on another page
    changed = PAGE_1.replace(b"Promotion and protection of human rights", b"CHANGED TITLE")
    pages.answers = {"1": changed, "3": PAGE_2, failing_page: (202, b"")}
    outcome = run_search(engine, server, client)
    assert outcome.status == "failed"
    assert "HTTP 202 with 0 bytes" in outcome.error and "\n" not in outcome.error
    logged = last_run(engine)
    assert (logged["status"], logged["error"]) == ("failed", outcome.error)
    assert {t: rows(engine, t) for t in before} == before
    assert any(r["status_code"] == 202 and r["size"] == 0 for r in rows(engine, "raw_responses"))  # kept


# --- ga_votes: totals that do not match the rows ----------------------------------------------------------

def test_a_record_whose_totals_do_not_match_fails_the_run_and_keeps_the_stored_votes(engine, server, client):
    good = voting_record_from_csv(VOTES_CSV, RES_74_247_TOTALS)
    tampered = voting_record_from_csv(VOTES_CSV.replace(b",2,ALB,ALBANIA,N", b",2,ALB,ALBANIA,Y"),
                                      RES_74_247_TOTALS)
    answers = [good]
    server.expect_request("/record.xml").respond_with_handler(
        lambda request: Response(answers[-1], content_type="application/xml"))
    url = server.url_for("/record.xml")
    first = runner.run_source("ga_votes", engine, client, url=url)
    assert first.status == "success", first.error
    before = rows(engine, "ga_votes")
    assert len(before) == 193 and {r["vote"] for r in before if r["iso3"] == "ALB"} == {"N"}
    resolutions = rows(engine, "ga_resolutions")
    assert [(r["resolution"], r["yes"], r["no"], r["abstain"], r["non_voting"]) for r in resolutions] == [
        ("A/RES/74/247", 79, 60, 33, 21)]

    answers.append(tampered)
    outcome = runner.run_source("ga_votes", engine, client, url=url)
    assert outcome.status == "failed"
    assert "do not match" in outcome.error and "A/RES/74/247" in outcome.error
    assert last_run(engine)["status"] == "failed"
    assert rows(engine, "ga_votes") == before and rows(engine, "ga_resolutions") == resolutions


# --- python -m collectors parse ------------------------------------------------------------------------

def parse_cli(capsys, *args) -> tuple[int, list[dict]]:
    code = cli.main(["parse", *map(str, args)])
    out = capsys.readouterr().out
    return code, list(csv.DictReader(io.StringIO(out)))


def test_parse_ga_votes_record_and_csv_print_the_same_rows(tmp_path, capsys):
    record = tmp_path / "voting_record.xml"
    record.write_bytes(voting_record_from_csv(VOTES_CSV, RES_74_247_TOTALS))
    table = tmp_path / "votes.csv"
    table.write_bytes(VOTES_CSV)
    code_xml, from_record = parse_cli(capsys, "ga_votes", record)
    code_csv, from_csv = parse_cli(capsys, "ga_votes", table)
    assert (code_xml, code_csv) == (0, 0)
    assert {"resolution", "iso3", "vote"} <= set(from_csv[0])
    without_url = lambda rs: [{k: v for k, v in r.items() if k != "source_url"} for r in rs]  # noqa: E731
    assert without_url(from_record) == without_url(from_csv) and len(from_csv) == 193
    assert {r["vote"] for r in from_csv} == {"Y", "N", "A", "X"}


def test_parse_ga_votes_exits_2_when_the_totals_do_not_match(tmp_path):
    record = tmp_path / "tampered.xml"
    record.write_bytes(voting_record_from_csv(VOTES_CSV.replace(b",2,ALB,ALBANIA,N", b",2,ALB,ALBANIA,Y"),
                                              RES_74_247_TOTALS))
    done = subprocess.run([sys.executable, "-m", "collectors", "parse", "ga_votes", str(record)], cwd=ROOT,
                          env=os.environ | {"PYTHONIOENCODING": "utf-8"}, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert "do not match" in done.stderr and done.stdout == ""


def test_parse_undl_documents_prints_one_row_per_document(capsys):
    code, printed = parse_cli(capsys, "undl_documents", FIXTURES / "undl_documents" / "undl_marcxml_search_2records.xml")
    assert code == 0
    assert {"record_id", "symbol", "title", "date", "doc_type"} <= set(printed[0])
    assert [(r["record_id"], r["symbol"], r["date"], r["doc_type"]) for r in printed] == [
        ("4026910", "A/C.3/78/L.49/Rev.1", "2023-11-08", "draft resolution"),
        ("4026780", "A/C.3/78/L.67", "2023-11-09", "amendment")]
    assert printed[0]["title"].startswith("Promotion and protection of human rights")
