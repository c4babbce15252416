"""Writing analysts' incidents: imports of their own files, and links between reports and incidents.

The validation is pure and lives in ``collectors.incident_import``; this module stores what it accepted.
Used by ``python -m collectors import-incidents`` (an operator on the server) and by the review page
(behind the login). Nothing here checks who may write: the callers do.

An import is all or nothing: one transaction, one run-log entry (source ``analyst_import``, trigger
``import``, ``run_by`` the importer). Rows are keyed by ``incident_key`` (a hash of the row's content),
so importing the same file again adds nothing. A new incident an analyst marks ``confirmed`` (or a stored
one whose verification becomes ``confirmed``) is a change event, so it reaches the change feeds.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

import sqlalchemy as sa

from collectors.base import Dataset
from . import countries, schema, store
from .incident_vocab import CATEGORIES

log = logging.getLogger(__name__)

ANALYST_SOURCE_ID = "analyst_import"
IMPORT_TRIGGER = "import"
DATASET = Dataset(key=("incident_key",), tracked=("verification",), snapshot=False, track_additions=True)


class ImportBusy(RuntimeError):
    """Another import is being written right now; try again in a moment."""


@dataclass
class ImportResult:
    """What ``import_file`` did: the errors (nothing written when there are any) or the counts."""

    counts: store.Counts = field(default_factory=store.Counts)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def describe_incident(table_name, kind, row, column, old, new) -> str:
    """'Kenya: confirmed incident, Arrest or detention (2025-06): <summary>' for the change feeds."""
    place = countries.display_name(row.get("iso3")) if row.get("iso3") else (row.get("country_name") or "?")
    category = CATEGORIES.get(row.get("category"), row.get("category"))
    when = row.get("start_date")
    when = when.isoformat()[:{"year": 4, "month": 7}.get(row.get("date_precision"), 10)] if when else "date unknown"
    summary = (row.get("summary") or "")[:140]
    return f"{place}: confirmed incident, {category} ({when}): {summary}"


def _confirmed_events(ctx: store.SyncContext) -> list[dict]:
    """Keep the events of incidents that are confirmed (new ones, or stored ones now confirmed)."""
    return [event for event in ctx.events
            if (event["kind"] == "added" and event["_verification"] == "confirmed")
            or (event["kind"] == "changed" and event["new_value"] == "confirmed")]


def import_incidents(engine: sa.Engine, rows: list[dict], imported_by: str, *, label: str | None = None) -> store.Counts:
    """Store validated incident rows (from ``collectors.incident_import.read_analyst_file``) in one transaction.

    ``imported_by`` is recorded in the run log and on each new incident. Returns the counts (new, changed,
    unchanged). Raises ``ImportBusy`` when another import holds the lock; on any other error nothing is
    written and the run is logged as failed.
    """
    if not imported_by or not str(imported_by).strip():
        raise ValueError("imported_by is required: every import names who made it")
    imported_by = str(imported_by).strip()
    if not store.acquire_lock(engine, ANALYST_SOURCE_ID):
        raise ImportBusy("another import of incidents is being written; try again in a moment")
    try:
        run_id = store.start_run(engine, ANALYST_SOURCE_ID, IMPORT_TRIGGER, url_override=label)
        runs = schema.collector_runs
        with engine.begin() as conn:
            conn.execute(runs.update().where(runs.c.id == run_id).values(run_by=imported_by))
        try:
            counts = _write(engine, rows, imported_by, run_id)
        except Exception as exc:
            store.finish_run(engine, run_id, "failed", error=f"{type(exc).__name__}: {exc}")
            raise
        store.finish_run(engine, run_id, "success", counts)
    finally:
        store.release_lock(engine, ANALYST_SOURCE_ID)
    if counts.new or counts.changed:
        _refresh_feeds(engine)
    return counts


def _write(engine: sa.Engine, rows: list[dict], imported_by: str, run_id: int) -> store.Counts:
    incidents = schema.incidents
    ctx = store.SyncContext(ANALYST_SOURCE_ID, run_id, store.utcnow(), describe=describe_incident)
    with engine.begin() as conn:  # all or nothing
        stored = set(conn.execute(sa.select(incidents.c.incident_key)
                                  .where(incidents.c.source_id == ANALYST_SOURCE_ID)).scalars())
        # the first importer of a row stays its recorder (None leaves a stored value alone in a stream)
        prepared = [row | {"recorded_by": None if row["incident_key"] in stored else imported_by} for row in rows]
        counts = store.sync(conn, "incidents", DATASET, prepared, ctx)
        verification = {row["incident_key"]: row.get("verification") for row in prepared}
        for event in ctx.events:
            event["_verification"] = verification.get(event["record_key"])
        ctx.events = [{k: v for k, v in event.items() if k != "_verification"} for event in _confirmed_events(ctx)]
        store.write_events(conn, ctx)
    return counts


def import_file(engine: sa.Engine, content: bytes, filename: str, imported_by: str) -> ImportResult:
    """Validate and import an analyst's CSV/XLSX: every error (line and column) and nothing written, or the counts."""
    from collectors.incident_import import read_analyst_file  # late: collectors import this package

    rows, errors = read_analyst_file(content, filename)
    if errors:
        return ImportResult(errors=errors)
    counts = import_incidents(engine, rows, imported_by, label=f"file:{filename}")
    return ImportResult(counts=counts)


def link_report(engine: sa.Engine, report_key: str, incident_key: str, linked_by: str) -> bool:
    """Record that a report evidences an incident; True when the link is new, False when it existed.

    Raises KeyError when the report or the incident is not stored.
    """
    if not linked_by or not str(linked_by).strip():
        raise ValueError("linked_by is required")
    reports, incidents, links = schema.reports, schema.incidents, schema.report_incidents
    with engine.begin() as conn:
        if conn.execute(sa.select(sa.func.count()).where(reports.c.report_key == report_key)).scalar() == 0:
            raise KeyError(f"no report with key {report_key!r}")
        if conn.execute(sa.select(sa.func.count()).where(incidents.c.incident_key == incident_key)).scalar() == 0:
            raise KeyError(f"no incident with key {incident_key!r}")
        exists = conn.execute(sa.select(sa.func.count()).where(
            links.c.report_key == report_key, links.c.incident_key == incident_key)).scalar()
        if exists:
            return False
        conn.execute(links.insert().values(report_key=report_key, incident_key=incident_key,
                                           linked_at=store.utcnow(), linked_by=str(linked_by).strip()))
    return True


def _refresh_feeds(engine: sa.Engine) -> None:
    from . import feeds  # late: feeds reads the registry and queries

    try:
        feeds.write_feeds(engine)
    except OSError as exc:  # the incidents are stored; a feed that cannot be written is not a failed import
        log.warning("change feeds not written: %s", exc)
