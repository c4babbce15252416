"""Analyst imports end to end: the CLI (subprocess and in process) and treaty_monitor.incident_store.

Good CSV and XLSX files are written once (re-import adds nothing); a file with any error writes nothing
and every error is printed with its line and column; the template round-trips.
"""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from collectors import cli
from collectors.incident_import import ALL_COLUMNS, template_csv
from treaty_monitor import incident_store, schema, store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "incident_import"
GOOD = FIXTURES / "analyst_good.csv"
ERRORS = FIXTURES / "analyst_errors.csv"
N_GOOD = 5
HEADER = ",".join(ALL_COLUMNS)
GOOD_LINE = "Kenya,2025-03-02,arrest,Blogger detained over a post,https://example.org/ke,journalist,,Example NGO,confirmed"


def cli_run(*args, env: dict) -> subprocess.CompletedProcess:
    full_env = os.environ | {"PYTHONIOENCODING": "utf-8"} | env
    return subprocess.run([sys.executable, "-m", "collectors", *map(str, args)], cwd=ROOT, env=full_env,
                          capture_output=True, text=True, encoding="utf-8", timeout=180)


@pytest.fixture
def cli_env(database_url, tmp_path) -> dict:
    return {"MONITOR_DATABASE_URL": database_url, "MONITOR_RAW_DIR": str(tmp_path / "raw"),
            "MONITOR_FEEDS_DIR": str(tmp_path / "feeds")}


def incidents(engine) -> list[dict]:
    t = schema.incidents
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(t).order_by(t.c.id)).mappings()]


def count(engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(schema.table(table))).scalar()


def xlsx_of(csv_path: Path) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---- good files --------------------------------------------------------------------------------------------

def test_cli_imports_a_good_csv_once(engine, cli_env):
    done = cli_run("import-incidents", GOOD, "--by", "Ana Analyst", env=cli_env)
    assert done.returncode == 0, done.stderr
    assert f"{N_GOOD} new incident(s)" in done.stdout
    rows = incidents(engine)
    assert len(rows) == N_GOOD
    assert {r["source_id"] for r in rows} == {"analyst_import"} and {r["stream"] for r in rows} == {"analyst"}
    assert {r["recorded_by"] for r in rows} == {"Ana Analyst"}
    by_iso = {r["iso3"]: r for r in rows}
    assert by_iso["VNM"]["source_urls"] == "https://example.org/vn-1; https://example.org/vn-2"
    assert by_iso["EGY"]["summary"].startswith("=HYPERLINK(")  # stored as text; the CSV export neutralizes it

    again = cli_run("import-incidents", GOOD, "--by", "Someone Else", env=cli_env)
    assert again.returncode == 0, again.stderr
    assert "0 new incident(s)" in again.stdout and f"{N_GOOD} already stored" in again.stdout
    assert incidents(engine) == rows  # nothing added or changed, the first importer kept
    with engine.connect() as conn:
        runs = conn.execute(sa.select(schema.collector_runs)).mappings().all()
    assert [(r["source_id"], r["trigger"], r["status"], r["n_new"], r["run_by"]) for r in runs] == [
        ("analyst_import", "import", "success", N_GOOD, "Ana Analyst"),
        ("analyst_import", "import", "success", 0, "Someone Else")]


def test_xlsx_in_process_gives_the_same_rows_as_the_csv(engine, tmp_path, capsys):
    path = tmp_path / "incidents.xlsx"
    path.write_bytes(xlsx_of(GOOD))
    assert cli.main(["import-incidents", str(path), "--by", "ana"]) == 0
    assert f"{N_GOOD} new incident(s)" in capsys.readouterr().out
    from_xlsx = {r["incident_key"] for r in incidents(engine)}
    assert len(from_xlsx) == N_GOOD
    # the same content as CSV is the same incidents: nothing new
    result = incident_store.import_file(engine, GOOD.read_bytes(), GOOD.name, "ana")
    assert result.ok and (result.counts.new, result.counts.unchanged) == (0, N_GOOD)
    assert {r["incident_key"] for r in incidents(engine)} == from_xlsx


def test_only_confirmed_incidents_become_change_events(engine):
    result = incident_store.import_file(engine, GOOD.read_bytes(), GOOD.name, "ana")
    assert result.counts.new == N_GOOD
    with engine.connect() as conn:
        events = conn.execute(sa.select(schema.change_events)).mappings().all()
    assert len(events) == 1  # only the Jordan line is 'confirmed'
    assert events[0]["iso3"] == "JOR" and events[0]["kind"] == "added"
    assert events[0]["summary"].startswith("Jordan: confirmed incident, Prosecution or conviction (2024-08-14)")
    # the same incident re-imported as confirmed (it was 'reported'): an event for the confirmation
    upgraded = GOOD.read_text(encoding="utf-8").replace(
        "https://example.org/pk-election,General public,,,", "https://example.org/pk-election,General public,,,confirmed")
    again = incident_store.import_file(engine, upgraded.encode(), "upgraded.csv", "ana")
    assert (again.counts.new, again.counts.changed) == (0, 1)
    with engine.connect() as conn:
        events = conn.execute(sa.select(schema.change_events).order_by(schema.change_events.c.id)).mappings().all()
    assert [(e["iso3"], e["kind"], e["new_value"]) for e in events][1:] == [("PAK", "changed", "confirmed")]


def test_template_round_trips(engine, cli_env, tmp_path):
    path = tmp_path / "template.csv"
    with path.open("wb") as out:  # python -m collectors import-incidents --template > template.csv
        done = subprocess.run([sys.executable, "-m", "collectors", "import-incidents", "--template"], cwd=ROOT,
                              env=os.environ | cli_env, stdout=out, stderr=subprocess.PIPE, timeout=120)
    assert done.returncode == 0, done.stderr
    assert path.read_bytes() == template_csv()
    assert path.read_text(encoding="utf-8-sig").splitlines()[0] == HEADER
    imported = cli_run("import-incidents", path, env=cli_env)
    assert imported.returncode == 0, imported.stderr
    assert "1 new incident(s)" in imported.stdout
    (row,) = incidents(engine)
    assert (row["iso3"], row["category"], row["start_date"].isoformat(), row["date_precision"]) == (
        "KEN", "arrest", "2025-06-01", "month")
    assert row["recorded_by"].endswith("(cli)")  # the operator's login name by default


# ---- files with errors: nothing written, every error by line and column -----------------------------------------

def test_cli_prints_every_error_of_the_errors_fixture_and_writes_nothing(engine, cli_env):
    done = cli_run("import-incidents", ERRORS, env=cli_env)
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert "error: line 2, column country: 'Atlantis' is not a known country" in done.stderr
    assert "error: line 8, column source_url: 'javascript:alert(1)' is not an http(s) link" in done.stderr
    assert len(errors) == 11 and "nothing was imported" in done.stderr
    assert count(engine, "incidents") == 0 and count(engine, "collector_runs") == 0


BAD_LINES = {
    "country": ("Atlantis,2025-01-01,arrest,x,https://example.org/a,,,,", "line 3, column country"),
    "date": ("Kenya,2025-13-01,arrest,x,https://example.org/a,,,,", "line 3, column date"),
    "future date": ("Kenya,2999-01-01,arrest,x,https://example.org/a,,,,", "line 3, column date: '2999-01-01' is in the future"),
    "category": ("Kenya,2025-01-01,riot,x,https://example.org/a,,,,", "line 3, column category"),
    "summary": ("Kenya,2025-01-01,arrest,,https://example.org/a,,,,", "line 3, column summary"),
    "long summary": (f"Kenya,2025-01-01,arrest,{'x' * 1001},https://example.org/a,,,,", "line 3, column summary"),
    "link": ("Kenya,2025-01-01,arrest,x,javascript:alert(1),,,,", "line 3, column source_url"),
    "no link": ("Kenya,2025-01-01,arrest,x,,,,,", "line 3, column source_url: is empty"),
    "target group": ("Kenya,2025-01-01,arrest,x,https://example.org/a,children,,,", "line 3, column target_group"),
    "verification": ("Kenya,2025-01-01,arrest,x,https://example.org/a,,,,maybe", "line 3, column verification"),
    "repeat": (GOOD_LINE, "line 3: repeats the incident of line 2"),
}


@pytest.mark.parametrize("kind", list(BAD_LINES))
def test_one_bad_line_writes_nothing_and_names_its_line_and_column(kind, engine, tmp_path, capsys):
    line, expected = BAD_LINES[kind]
    path = tmp_path / "analyst.csv"
    path.write_text(f"{HEADER}\n{GOOD_LINE}\n{line}\n", encoding="utf-8")
    assert cli.main(["import-incidents", str(path), "--by", "ana"]) == 1
    err = capsys.readouterr().err
    assert f"error: {expected}" in err, err
    assert count(engine, "incidents") == 0 and count(engine, "change_events") == 0


@pytest.mark.parametrize("content, expected", [
    (b"country,date,category,summary\nKenya,2025,arrest,x\n", "line 1, column source_url: missing"),
    (b"", "the file is empty"),
    (b"<!doctype html><html><body>Sign in</body></html>", "looks like an HTML page"),
    (b"a,b,c\n1,2,3\n", "no recognised columns in line 1"),
    (HEADER.encode() + b"\n", "no incident lines below the header"),
])
def test_a_file_that_is_not_an_incident_table_writes_nothing(content, expected, engine, tmp_path, capsys):
    path = tmp_path / "analyst.csv"
    path.write_bytes(content)
    assert cli.main(["import-incidents", str(path)]) == 1
    assert expected in capsys.readouterr().err
    assert count(engine, "incidents") == 0


def test_cli_argument_errors(engine, tmp_path, capsys):
    assert cli.main(["import-incidents", str(tmp_path / "missing.csv")]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert cli.main(["import-incidents"]) == 2
    assert cli.main(["import-incidents", str(GOOD), "--template"]) == 2


def test_a_failure_while_writing_rolls_back_and_logs_a_failed_run(engine, monkeypatch):
    from collectors.incident_import import read_analyst_file
    rows, errors = read_analyst_file(GOOD.read_bytes(), GOOD.name)
    assert not errors
    real_sync = store.sync

    def sync_then_fail(conn, *args, **kwargs):
        real_sync(conn, *args, **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "sync", sync_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        incident_store.import_incidents(engine, rows, "ana")
    assert count(engine, "incidents") == 0
    with engine.connect() as conn:
        run = conn.execute(sa.select(schema.collector_runs)).mappings().one()
    assert (run["status"], run["error"]) == ("failed", "RuntimeError: disk full")
    assert store.acquire_lock(engine, incident_store.ANALYST_SOURCE_ID)  # the lock was released


def test_an_import_needs_a_name_and_waits_for_another_import(engine):
    with pytest.raises(ValueError):
        incident_store.import_incidents(engine, [], " ")
    assert store.acquire_lock(engine, incident_store.ANALYST_SOURCE_ID)
    with pytest.raises(incident_store.ImportBusy):
        incident_store.import_file(engine, GOOD.read_bytes(), GOOD.name, "ana")
    store.release_lock(engine, incident_store.ANALYST_SOURCE_ID)
    assert count(engine, "incidents") == 0


def test_link_report_records_who_linked_once(engine):
    incident_store.import_file(engine, GOOD.read_bytes(), GOOD.name, "ana")
    key = incidents(engine)[0]["incident_key"]
    with engine.begin() as conn:
        conn.execute(schema.reports.insert().values(report_key="r1", title="t", url="https://example.org/r",
                                                    source_id="ngo_feeds"))
    assert incident_store.link_report(engine, "r1", key, "ana") is True
    assert incident_store.link_report(engine, "r1", key, "bob") is False
    with engine.connect() as conn:
        links = conn.execute(sa.select(schema.report_incidents)).mappings().all()
    assert [(link["report_key"], link["incident_key"], link["linked_by"]) for link in links] == [("r1", key, "ana")]
    with pytest.raises(KeyError):
        incident_store.link_report(engine, "nope", key, "ana")
    with pytest.raises(KeyError):
        incident_store.link_report(engine, "r1", "nope", "ana")
