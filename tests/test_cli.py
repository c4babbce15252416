"""python -m collectors: parse | run | list | status, as other tools and cron call it.

Subprocesses run from the repository root with MONITOR_DATABASE_URL / MONITOR_RAW_DIR pointing at the
test's database and tmp dir. Registry URLs point at the internet, so every ``run`` here either passes
``--url`` (a local server or file) or replaces the registry entries with local URLs, in process.
"""
from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from collectors import cli, runner
from collectors.http import PoliteClient
from treaty_monitor import schema, seed, sources

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
UNTC_XML = FIXTURES / "untc_status" / "XVIII-16.format-illustration.xml"
UNCTAD_CSV = FIXTURES / "unctad_cyberlaw" / "data.csv"


def cli_run(*args: str, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """``python -m collectors *args`` from the repository root, with the test's database and raw dir."""
    full_env = os.environ | {"PYTHONIOENCODING": "utf-8"} | (env or {})
    return subprocess.run([sys.executable, "-m", "collectors", *map(str, args)], cwd=ROOT, env=full_env,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)


def stored_participants(engine) -> dict[str, dict]:
    t = schema.treaty_participants
    with engine.connect() as conn:
        return {r["participant"]: dict(r) for r in conn.execute(sa.select(t)).mappings()}


def runs(engine) -> list[dict]:
    t = schema.collector_runs
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(t).order_by(t.c.id)).mappings()]


# --- parse: no database, no network ----------------------------------------------------------------

def test_parse_untc_xml_prints_csv():
    done = cli_run("parse", "untc_status", UNTC_XML)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {"participant", "iso3", "signature_date", "consent_date", "consent_kind"} <= set(rows[0])
    by_name = {r["participant"]: r for r in rows}
    assert len(rows) == 14
    assert by_name["Algeria"]["signature_date"] == "2025-10-25" and by_name["Algeria"]["consent_date"] == ""
    assert by_name["Côte d'Ivoire"]["iso3"] == "CIV"
    assert (by_name["Republic of Sample"]["consent_date"], by_name["Republic of Sample"]["consent_kind"]) == (
        "2026-04-03", "acceptance")
    assert by_name["European Union"]["iso3"] == "EUU"
    assert "unresolved participant name 'Examplestan'" in done.stderr  # warnings go to stderr


def test_parse_untc_json():
    done = cli_run("parse", "untc_status", UNTC_XML, "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert len(rows) == 14
    placeholder = next(r for r in rows if r["participant"] == "Federation of Placeholder")
    assert placeholder["consent_date"] == "2026-07-20" and placeholder["flagged"] is True
    assert placeholder["consent_kind"] == "approval"


def test_parse_untc_other_table():
    done = cli_run("parse", "untc_status", UNTC_XML, "--table", "treaty_records")
    assert done.returncode == 0, done.stderr
    [record] = list(csv.DictReader(io.StringIO(done.stdout)))
    assert record["signatories_count"] == "72"


def test_parse_unctad_csv():
    done = cli_run("parse", "unctad_cyberlaw", UNCTAD_CSV)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(rows) == 6 * 5
    assert {"iso3", "area", "status", "m49"} <= set(rows[0])
    by_key = {(r["iso3"], r["area"]): r["status"] for r in rows}
    assert by_key[("AFG", "Cybercrime")] == "Legislation"
    assert by_key[("BHS", "Consumer Protection")] == "Draft Legislation"


@pytest.mark.parametrize("source, path, expected", [
    ("untc_status", UNCTAD_CSV, "expected the UN Treaty Collection status of MTDSG XVIII-16"),
    ("untc_status", FIXTURES / "untc_status" / "maintenance.html", "maintenance page"),
    ("untc_status", FIXTURES / "untc_status" / "truncated.xml", "truncated or malformed XML"),
    ("unctad_cyberlaw", UNTC_XML, "expected UNCTAD cyberlaw data.csv"),
    ("unctad_cyberlaw", FIXTURES / "unctad_cyberlaw" / "document_links.truncated.json", "document_links.json"),
])
def test_parse_wrong_file_one_line_exit_2(source, path, expected):
    done = cli_run("parse", source, path)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"error: {path.name}: ") and expected in lines[0]


def test_parse_missing_file_and_unknown_source(tmp_path):
    done = cli_run("parse", "untc_status", tmp_path / "nope.xml")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [f"error: cannot read {tmp_path / 'nope.xml'}: No such file or directory"]
    done = cli_run("parse", "no_such_source", UNTC_XML)
    assert (done.returncode, done.stdout) == (2, "") and len(done.stderr.splitlines()) == 1
    assert "unknown source 'no_such_source'" in done.stderr


# --- run, list, status: against the test's database ----------------------------------------------

@pytest.fixture
def cli_env(database_url, tmp_path) -> dict:
    return {"MONITOR_DATABASE_URL": database_url, "MONITOR_RAW_DIR": str(tmp_path / "raw")}


@pytest.fixture
def server(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    return httpserver


def test_run_with_url_from_a_local_server(engine, server, cli_env, tmp_path):
    server.expect_request("/XVIII-16.en.xml").respond_with_data(UNTC_XML.read_bytes(), content_type="application/xml")
    done = cli_run("run", "untc_status", "--url", server.url_for("/XVIII-16.en.xml"), env=cli_env)
    assert done.returncode == 0, done.stderr
    assert "untc_status: success" in done.stderr
    participants = stored_participants(engine)
    assert len(participants) == 14 and participants["Côte d'Ivoire"]["iso3"] == "CIV"
    assert any(tmp_path.joinpath("raw", "untc_status").rglob("*.xml"))
    last = runs(engine)[-1]
    assert (last["source_id"], last["status"], last["url_override"]) == (
        "untc_status", "success", server.url_for("/XVIII-16.en.xml"))


def test_run_argument_errors(cli_env):
    done = cli_run("run", "untc_status", "unctad_cyberlaw", "--url", UNTC_XML.as_uri(), env=cli_env)
    assert done.returncode == 2 and "--url needs exactly one source" in done.stderr
    done = cli_run("run", "no_such_source", env=cli_env)
    assert done.returncode == 2 and "unknown source(s): no_such_source" in done.stderr


def test_run_two_sources_one_fails_the_other_still_stores(engine, server, small_seed, monkeypatch, capsys):
    server.expect_request("/untc.xml").respond_with_data(UNTC_XML.read_bytes(), content_type="application/xml")
    server.expect_request("/data.csv").respond_with_data("boom", status=500)
    server.expect_request("/document_links.json").respond_with_data("{}", content_type="application/json")
    monkeypatch.setitem(sources.SOURCES, "untc_status", dataclasses.replace(
        sources.SOURCES["untc_status"], urls=(server.url_for("/untc.xml"),)))
    monkeypatch.setitem(sources.SOURCES, "unctad_cyberlaw", dataclasses.replace(
        sources.SOURCES["unctad_cyberlaw"], urls=(server.url_for("/data.csv"), server.url_for("/document_links.json"))))
    waits = []
    monkeypatch.setattr(runner, "PoliteClient", functools.partial(PoliteClient, backoff=0.01, sleep=waits.append))

    status = cli.main(["run", "untc_status", "unctad_cyberlaw"])
    err = capsys.readouterr().err
    assert status == 1, err
    assert "untc_status: success" in err
    assert "unctad_cyberlaw: failed" in err and "HTTP 500 after 4 tries" in err
    assert len(waits) == 3
    assert len(stored_participants(engine)) == 14  # the good source's data stored
    last = {r["source_id"]: r for r in runs(engine)}
    assert last["untc_status"]["status"] == "success" and last["unctad_cyberlaw"]["status"] == "failed"
    with engine.connect() as conn:  # the failed source keeps its last good data (the seed)
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.cyberlaw_status)).scalar() == 975


@pytest.fixture
def small_seed(monkeypatch):
    """In-process commands seed only the two foundation sources (the full snapshot takes a while)."""
    monkeypatch.setattr(seed, "SEED_FILES", [f for f in seed.SEED_FILES
                                             if f.source_id in ("untc_status", "unctad_cyberlaw")])


def test_run_with_a_file_url(engine, small_seed, capsys):
    assert cli.main(["run", "untc_status", "--url", UNTC_XML.as_uri()]) == 0
    # the run replaces the 74 seeded rows: 10 listed in both, 5 new (4 invented + the record), 64 gone
    assert "untc_status: success - 5 new, 10 changed, 0 unchanged, 64 removed" in capsys.readouterr().err
    assert len(stored_participants(engine)) == 14


def test_failed_run_exits_1_keeps_the_data_and_status_shows_the_error(engine, small_seed, capsys):
    url = (FIXTURES / "untc_status" / "maintenance.html").as_uri()
    assert cli.main(["run", "untc_status", "--url", url]) == 1
    err = capsys.readouterr().err
    assert "untc_status: failed" in err and "maintenance page" in err
    assert len(stored_participants(engine)) == 74  # the bundled snapshot, untouched

    assert cli.main(["status"]) == 0
    untc = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("untc_status"))
    assert "last error:" in untc and "maintenance page" in untc
    assert cli.main(["list"]) == 0
    untc = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("untc_status"))
    assert "last run: failed at" in untc


def test_list_and_status_print_every_source(engine, small_seed, capsys):
    for command in ("list", "status"):
        assert cli.main([command]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert [line.split()[0] for line in lines] == list(sources.SOURCES)
        untc = next(line for line in lines if line.startswith("untc_status"))
        unctad = next(line for line in lines if line.startswith("unctad_cyberlaw"))
        if command == "list":
            assert "every 1 day" in untc and "last run: success at 2026-02-28" in untc
            assert "every 30 days" in unctad
            assert all("never run" in line for line in lines if line.split()[0] not in ("untc_status", "unctad_cyberlaw"))
        else:
            assert "last success 2026-02-28" in untc and "snapshot only" in untc
            assert "last success 2026-04-27" in unctad
