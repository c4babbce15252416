"""store.sync: new / changed / unchanged / removed, snapshot vs stream datasets, refusals; the run lock."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa

from collectors.base import Dataset
from treaty_monitor import schema, store

SNAPSHOT = Dataset(key=("participant",), tracked=("signature_date", "consent_date"))
STREAM = Dataset(key=("participant",), tracked=("consent_date",), snapshot=False)
QUIET = Dataset(key=("participant",), tracked=(), track_additions=False)
URL = "https://example.org/status.xml"


def participant(name, signed=date(2025, 10, 25), consent=None, **extra) -> dict:
    return {"participant": name, "iso3": None, "signature_date": signed, "consent_date": consent,
            "consent_kind": "ratification" if consent else None, "flagged": False, "has_declarations": False,
            "confidence": "official", "source_url": URL} | extra


def sync(engine, rows, dataset=SNAPSHOT, source_id="test_source", run_id=1):
    ctx = store.SyncContext(source_id, run_id, datetime(2026, 1, 1, tzinfo=timezone.utc),
                            raw_ids={URL: 7}, default_url=URL)
    with engine.begin() as conn:
        counts = store.sync(conn, "treaty_participants", dataset, rows, ctx)
        store.write_events(conn, ctx)
    return counts, ctx.events


def stored(engine, source_id="test_source") -> dict[str, dict]:
    t = schema.treaty_participants
    with engine.connect() as conn:
        return {r["participant"]: dict(r) for r in conn.execute(
            sa.select(t).where(t.c.source_id == source_id)).mappings()}


def counts_of(counts: store.Counts) -> tuple:
    return counts.new, counts.changed, counts.unchanged, counts.removed


def test_new_rows_with_provenance_and_events(engine):
    counts, events = sync(engine, [participant("Algeria", iso3="DZA"), participant("Angola")])
    assert counts_of(counts) == (2, 0, 0, 0)
    rows = stored(engine)
    assert set(rows) == {"Algeria", "Angola"}
    algeria = rows["Algeria"]
    assert (algeria["source_id"], algeria["source_url"], algeria["raw_response_id"]) == ("test_source", URL, 7)
    assert algeria["signature_date"] == date(2025, 10, 25) and algeria["iso3"] == "DZA"
    assert [e["kind"] for e in events] == ["added", "added"]
    assert events[0]["summary"] == "Algeria: added (treaty_participants)" and events[0]["iso3"] == "DZA"
    assert events[0]["record_key"] == "Algeria" and events[0]["raw_response_id"] == 7


def test_unchanged_rerun_writes_nothing(engine):
    rows = [participant("Algeria"), participant("Angola")]
    sync(engine, rows)
    before = stored(engine)
    counts, events = sync(engine, rows, run_id=2)
    assert counts_of(counts) == (0, 0, 2, 0)
    assert events == []
    assert stored(engine) == before


def test_changed_tracked_and_untracked_fields(engine):
    sync(engine, [participant("Algeria"), participant("Angola")])
    counts, events = sync(engine, [participant("Algeria", consent=date(2026, 2, 3)),
                                   participant("Angola", evidence="new note")], run_id=2)
    assert counts_of(counts) == (0, 2, 0, 0)
    assert [(e["kind"], e["field"], e["old_value"], e["new_value"]) for e in events] == [
        ("changed", "consent_date", None, "2026-02-03")]
    assert events[0]["summary"] == "Algeria: consent_date changed from none to 2026-02-03"
    rows = stored(engine)
    assert rows["Algeria"]["consent_date"] == date(2026, 2, 3) and rows["Algeria"]["consent_kind"] == "ratification"
    assert rows["Angola"]["evidence"] == "new note"


def test_snapshot_removes_rows_that_disappeared(engine):
    sync(engine, [participant("Algeria"), participant("Angola")])
    counts, events = sync(engine, [participant("Algeria")], run_id=2)
    assert counts_of(counts) == (0, 0, 1, 1)
    assert set(stored(engine)) == {"Algeria"}
    assert [(e["kind"], e["record_key"]) for e in events] == [("removed", "Angola")]


def test_stream_keeps_rows_missing_from_a_run(engine):
    sync(engine, [participant("Algeria"), participant("Angola")], dataset=STREAM)
    counts, events = sync(engine, [participant("Brazil")], dataset=STREAM, run_id=2)
    assert counts_of(counts) == (1, 0, 0, 0)
    assert set(stored(engine)) == {"Algeria", "Angola", "Brazil"}
    assert [e["kind"] for e in events] == ["added"]
    counts, _ = sync(engine, [], dataset=STREAM, run_id=3)  # an empty stream run removes nothing
    assert counts_of(counts) == (0, 0, 0, 0) and len(stored(engine)) == 3


def test_refuses_to_empty_a_snapshot_table(engine):
    sync(engine, [participant("Algeria"), participant("Angola")])
    with pytest.raises(store.RefusedSync, match="refusing to remove all 2 stored rows"):
        sync(engine, [], run_id=2)
    assert set(stored(engine)) == {"Algeria", "Angola"}


def test_empty_first_run_is_fine(engine):
    counts, events = sync(engine, [])
    assert counts_of(counts) == (0, 0, 0, 0) and events == []


def test_unknown_column_is_an_error_and_writes_nothing(engine):
    with pytest.raises(ValueError, match=r"columns not in the schema: \['colour'\]"):
        sync(engine, [participant("Algeria", colour="blue")])
    assert stored(engine) == {}


def test_duplicate_keys_in_one_run_count_once(engine):
    counts, _ = sync(engine, [participant("Algeria"), participant("Algeria", consent=date(2026, 1, 1))])
    assert counts_of(counts) == (1, 0, 0, 0)
    assert stored(engine)["Algeria"]["consent_date"] is None  # the first listing wins


def test_sources_do_not_touch_each_other(engine):
    sync(engine, [participant("Algeria")], source_id="a")
    sync(engine, [participant("Angola")], source_id="b")
    counts, _ = sync(engine, [participant("Brazil")], source_id="a", run_id=2)
    assert counts_of(counts) == (1, 0, 0, 1)
    assert set(stored(engine, "a")) == {"Brazil"} and set(stored(engine, "b")) == {"Angola"}


def test_quiet_dataset_writes_no_events(engine):
    _, events = sync(engine, [participant("Algeria")], dataset=QUIET)
    assert events == []
    counts, events = sync(engine, [participant("Algeria", consent=date(2026, 1, 1))], dataset=QUIET, run_id=2)
    assert counts.changed == 1 and events == []


def test_custom_summary_is_used(engine):
    ctx = store.SyncContext("s", 1, store.utcnow(), default_url=URL,
                            describe=lambda table, kind, row, column, old, new: f"{row['participant']} {kind}")
    with engine.begin() as conn:
        store.sync(conn, "treaty_participants", SNAPSHOT, [participant("Algeria")], ctx)
        store.write_events(conn, ctx)
    with engine.connect() as conn:
        assert conn.execute(sa.select(schema.change_events.c.summary)).scalars().all() == ["Algeria added"]


def test_run_log(engine):
    run_id = store.start_run(engine, "test_source", "cli", "file:///x.xml")
    store.finish_run(engine, run_id, "failed", store.Counts(1, 2, 3, 4), ["a warning"], "it broke")
    with engine.connect() as conn:
        run = conn.execute(sa.select(schema.collector_runs)).mappings().one()
    assert (run["status"], run["error"], run["url_override"], run["trigger"]) == ("failed", "it broke", "file:///x.xml", "cli")
    assert (run["n_new"], run["n_changed"], run["n_unchanged"], run["n_removed"]) == (1, 2, 3, 4)
    assert run["warnings"] == '["a warning"]' and run["finished_at"] is not None


def test_lock_is_exclusive_until_released(engine):
    assert store.acquire_lock(engine, "untc_status") is True
    assert store.acquire_lock(engine, "untc_status") is False
    assert store.acquire_lock(engine, "unctad_cyberlaw") is True  # per source
    store.release_lock(engine, "untc_status")
    assert store.acquire_lock(engine, "untc_status") is True


def test_stale_lock_is_taken_over(engine):
    with engine.begin() as conn:
        conn.execute(schema.source_locks.insert().values(
            source_id="untc_status", holder="gone:1", acquired_at=datetime(2020, 1, 1, tzinfo=timezone.utc)))
    assert store.acquire_lock(engine, "untc_status") is True
