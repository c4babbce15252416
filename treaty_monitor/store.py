"""Writing a source's records: diff against what is stored, append change events, keep the run log.

``sync`` compares a source's new rows with its stored rows by the dataset key: new rows are inserted,
changed rows updated, unchanged rows left alone (so a re-run over unchanged data writes nothing), and,
for snapshot datasets, rows that disappeared are removed. In stream datasets a missing (None) value never
erases a stored one. Changes to tracked fields, and additions and
removals, become ``change_events``.
"""
from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa

from collectors.base import Dataset
from . import schema

LOCK_STALE_AFTER = timedelta(hours=6)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Counts:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0

    def add(self, other: "Counts") -> None:
        self.new += other.new
        self.changed += other.changed
        self.unchanged += other.unchanged
        self.removed += other.removed


@dataclass
class SyncContext:
    """One source run: which raw response (by URL) each row came from, and the events collected."""

    source_id: str
    run_id: int
    retrieved_at: datetime
    raw_ids: dict[str, int] = field(default_factory=dict)  # url -> raw_responses.id
    default_url: str | None = None
    describe: callable = None  # (table, kind, row, field, old, new) -> str
    events: list[dict] = field(default_factory=list)


class RefusedSync(RuntimeError):
    """The new data would wipe out a stored table: treated as a failed run, nothing written."""


def sync(conn: sa.Connection, table_name: str, dataset: Dataset, rows: list[dict], ctx: SyncContext) -> Counts:
    table = schema.table(table_name)
    compared = [c.name for c in table.columns if c.name not in schema.PROVENANCE]
    unknown = {k for row in rows for k in row} - set(table.c.keys())
    if unknown:
        raise ValueError(f"{table_name}: columns not in the schema: {sorted(unknown)}")
    stored = {
        _key(row, dataset.key): row
        for row in conn.execute(sa.select(table).where(table.c.source_id == ctx.source_id)).mappings()
    }
    if dataset.snapshot and stored and not rows:
        raise RefusedSync(f"{table_name}: the new data has no rows; refusing to remove all {len(stored)} stored rows")
    counts = Counts()
    seen = set()
    inserts = []
    for row in rows:
        key = _key(row, dataset.key)
        if key in seen:
            continue  # a source listing the same record twice
        seen.add(key)
        full = {c: row.get(c) for c in compared}
        old = stored.get(key)
        if old is not None and not dataset.snapshot:
            # a stream page that does not mention a field (None) does not erase what another page told us
            full = {c: old[c] if full[c] is None else full[c] for c in compared}
        if old is None:
            inserts.append(full | _provenance(ctx, row))
            counts.new += 1
            if dataset.track_additions:
                _event(ctx, table_name, key, "added", full)
        elif any(not _same(old[c], full[c]) for c in compared):
            conn.execute(table.update().where(table.c.id == old["id"]).values(**full, **_provenance(ctx, row)))
            counts.changed += 1
            moved = [c for c in dataset.tracked if not _same(old[c], full[c])]
            if moved:  # one event per changed record, told by its first tracked field (e.g. the consent date)
                _event(ctx, table_name, key, "changed", full, moved[0], old[moved[0]], full[moved[0]])
        else:
            counts.unchanged += 1
    if inserts:
        conn.execute(table.insert(), inserts)
    if dataset.snapshot:
        gone = [old for key, old in stored.items() if key not in seen]
        for old in gone:
            conn.execute(table.delete().where(table.c.id == old["id"]))
            if dataset.track_additions:
                _event(ctx, table_name, _key(old, dataset.key), "removed", dict(old))
        counts.removed += len(gone)
    return counts


def write_events(conn: sa.Connection, ctx: SyncContext) -> None:
    if ctx.events:
        conn.execute(schema.change_events.insert(), ctx.events)


def _provenance(ctx: SyncContext, row: dict) -> dict:
    url = row.get("source_url") or ctx.default_url
    return {"source_id": ctx.source_id, "source_url": url, "retrieved_at": row.get("retrieved_at") or ctx.retrieved_at,
            "raw_response_id": ctx.raw_ids.get(url)}


def _event(ctx, table_name, key, kind, row, column=None, old=None, new=None) -> None:
    describe = ctx.describe or default_summary
    ctx.events.append({
        "source_id": ctx.source_id, "run_id": ctx.run_id,
        "raw_response_id": ctx.raw_ids.get(row.get("source_url") or ctx.default_url),
        "table_name": table_name, "record_key": " | ".join(str(k) for k in key),
        "iso3": row.get("iso3"), "kind": kind, "field": column,
        "old_value": _text(old), "new_value": _text(new),
        "summary": describe(table_name, kind, row, column, old, new),
        "detected_at": utcnow(),
    })


def default_summary(table_name, kind, row, column, old, new) -> str:
    label = row.get("title") or row.get("participant") or row.get("country_name") or row.get("iso3") or ""
    if kind == "changed":
        return f"{label}: {column} changed from {_text(old) or 'none'} to {_text(new) or 'none'}"
    return f"{label}: {kind} ({table_name})"


def _key(row, columns) -> tuple:
    return tuple(_text(row.get(c)) for c in columns)


def _same(a, b) -> bool:
    if isinstance(a, datetime) and isinstance(b, datetime):
        return as_utc(a) == as_utc(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return float(a) == float(b)
    return a == b


def as_utc(value: datetime) -> datetime:
    """A datetime in UTC (naive values, as SQLite returns them, are taken as UTC)."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


# --- run log -------------------------------------------------------------------------------------

def start_run(engine: sa.Engine, source_id: str, trigger: str, url_override: str | None = None,
              started_at: datetime | None = None) -> int:
    with engine.begin() as conn:
        return conn.execute(schema.collector_runs.insert().values(
            source_id=source_id, trigger=trigger, url_override=url_override,
            started_at=started_at or utcnow(), status="running", n_new=0, n_changed=0, n_unchanged=0, n_removed=0,
        )).inserted_primary_key[0]


def finish_run(engine: sa.Engine, run_id: int, status: str, counts: Counts | None = None,
               warnings: list[str] | None = None, error: str | None = None,
               finished_at: datetime | None = None) -> None:
    counts = counts or Counts()
    with engine.begin() as conn:
        conn.execute(schema.collector_runs.update().where(schema.collector_runs.c.id == run_id).values(
            finished_at=finished_at or utcnow(), status=status, n_new=counts.new, n_changed=counts.changed,
            n_unchanged=counts.unchanged, n_removed=counts.removed,
            warnings=json.dumps(warnings or [], ensure_ascii=False), error=error,
        ))


# --- one run per source at a time, across processes ----------------------------------------------

def acquire_lock(engine: sa.Engine, source_id: str) -> bool:
    locks = schema.source_locks
    holder = f"{socket.gethostname()}:{os.getpid()}"
    with engine.begin() as conn:
        held = conn.execute(sa.select(locks).where(locks.c.source_id == source_id)).mappings().first()
        if held and utcnow() - as_utc(held["acquired_at"]) < LOCK_STALE_AFTER:
            return False
        if held:
            conn.execute(locks.delete().where(locks.c.source_id == source_id))
    try:
        with engine.begin() as conn:
            conn.execute(locks.insert().values(source_id=source_id, holder=holder, acquired_at=utcnow()))
        return True
    except sa.exc.IntegrityError:
        return False


def release_lock(engine: sa.Engine, source_id: str) -> None:
    with engine.begin() as conn:
        conn.execute(schema.source_locks.delete().where(schema.source_locks.c.source_id == source_id))
