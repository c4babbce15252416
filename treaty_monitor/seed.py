"""The bundled snapshot: real records in data/seed/, loaded into an empty database on first start.

Each file goes through its source's own parser and is stored as a run with trigger ``seed``, dated to
the snapshot's as-of date, so every view can say "snapshot of <date>" until a collector run replaces it.
No change events are written for the seed: it is where the record starts, not a detected change.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa

from . import config, schema, store


@dataclass(frozen=True)
class SeedFile:
    source_id: str
    path: str  # relative to data/seed
    url: str  # where the content was published
    as_of: datetime
    parser: str = "parse"  # function of collectors.<source_id>
    note: str = ""


def _utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


SEED_FILES: list[SeedFile] = [
    SeedFile("untc_status", "untc_status/signatories_XVIII-16_compiled.csv",
             "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-16&chapter=18&clang=_en",
             _utc(2026, 2, 28), "parse_compiled_csv",
             "Compiled from a stored UNTC copy (Oct-Nov 2025), the Dutch treaty database and press reports; "
             "each row keeps its own source and confidence."),
    SeedFile("unctad_cyberlaw", "unctad_cyberlaw/data.csv",
             "https://storage.unctad.org/2026-cyberlaw_tracker/assets/data/data.csv", _utc(2026, 4, 27),
             note="UNCTAD Global Cyberlaw Tracker 2026 data file, used with acknowledgement."),
    SeedFile("unctad_cyberlaw", "unctad_cyberlaw/document_links.json",
             "https://storage.unctad.org/2026-cyberlaw_tracker/assets/data/document_links.json", _utc(2026, 4, 27)),
]


def fill_if_empty(engine: sa.Engine) -> list[str]:
    """Load the seed of every source that has never run; return the ids loaded."""
    runs = schema.collector_runs
    with engine.begin() as conn:
        have_run = set(conn.execute(sa.select(runs.c.source_id).distinct()).scalars())
    pending = [s for s in SEED_FILES if s.source_id not in have_run]
    for source_id in dict.fromkeys(s.source_id for s in pending):
        load(engine, source_id, [s for s in pending if s.source_id == source_id])
    return list(dict.fromkeys(s.source_id for s in pending))


def load(engine: sa.Engine, source_id: str, files: list[SeedFile]) -> store.Counts:
    module = importlib.import_module(f"collectors.{source_id}")
    run_id = store.start_run(engine, source_id, "seed")
    counts = store.Counts()
    warnings: list[str] = []
    with engine.begin() as conn:
        for seed_file in files:
            content = (config.SEED_DIR / seed_file.path).read_bytes()
            result = getattr(module, seed_file.parser)(content, seed_file.url)
            warnings += result.warnings
            ctx = store.SyncContext(source_id, run_id, seed_file.as_of, default_url=seed_file.url)
            for table_name, rows in result.tables.items():
                counts.add(store.sync(conn, table_name, module.DATASETS[table_name], rows, ctx))
    store.finish_run(engine, run_id, "success", counts, warnings)
    # the run log's start and end are the snapshot's as-of date, so freshness reads true
    as_of = min(f.as_of for f in files)
    with engine.begin() as conn:
        conn.execute(runs_update(run_id, as_of))
    return counts


def runs_update(run_id: int, as_of: datetime):
    runs = schema.collector_runs
    return runs.update().where(runs.c.id == run_id).values(started_at=as_of, finished_at=as_of)


def is_snapshot(engine: sa.Engine, source_id: str) -> bool:
    """True while the source's data still comes from the bundled seed (no successful collector run yet)."""
    runs = schema.collector_runs
    with engine.begin() as conn:
        real = conn.execute(sa.select(sa.func.count()).where(
            runs.c.source_id == source_id, runs.c.trigger != "seed", runs.c.status == "success")).scalar()
    return not real
