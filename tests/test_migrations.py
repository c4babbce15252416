"""Versioned schema: an older (version-1) database upgrades in place; db.prepare seeds once."""
from __future__ import annotations

from datetime import date, datetime, timezone

import sqlalchemy as sa

from treaty_monitor import db, migrations, schema

FIRST = "m0001_foundation"


def table_names(engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def row_counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                for name, t in schema.metadata.tables.items()}


def test_versions_are_ordered_and_start_with_the_foundation():
    versions = migrations.all_versions()
    assert versions[0] == FIRST and versions == sorted(versions)


def test_replaying_migrations_builds_the_current_schema():
    assert set(migrations.build_metadata().tables) == set(schema.metadata.tables)
    assert {"treaty_participants", "collector_runs", "raw_responses"} <= set(
        migrations.build_metadata(up_to=FIRST).tables)


def test_version_one_database_upgrades_in_place(database_url):
    engine = db.get_engine(database_url)
    assert migrations.upgrade(engine, target=FIRST) == [FIRST]
    assert migrations.applied_versions(engine) == [FIRST]
    v1 = migrations.build_metadata(up_to=FIRST)
    assert set(v1.tables) <= table_names(engine)

    # rows written by version 1 of the code
    started = datetime(2025, 11, 1, 12, 0, tzinfo=timezone.utc)
    with engine.begin() as conn:
        conn.execute(v1.tables["treaty_participants"].insert().values(
            participant="Algeria", iso3="DZA", signature_date=date(2025, 10, 25), flagged=False,
            has_declarations=False, confidence="official", source_id="untc_status"))
        conn.execute(v1.tables["collector_runs"].insert().values(
            source_id="untc_status", trigger="cli", started_at=started, finished_at=started, status="success",
            n_new=1, n_changed=0, n_unchanged=0, n_removed=0))

    applied = migrations.upgrade(engine)
    assert applied == migrations.all_versions()[1:]
    assert migrations.applied_versions(engine) == migrations.all_versions()
    assert set(schema.metadata.tables) <= table_names(engine)
    for name, table in schema.metadata.tables.items():  # every column of the head schema exists
        assert {c.name for c in table.columns} <= {c["name"] for c in sa.inspect(engine).get_columns(name)}, name

    with engine.connect() as conn:
        [participant] = conn.execute(sa.select(schema.treaty_participants)).mappings().all()
        [run] = conn.execute(sa.select(schema.collector_runs)).mappings().all()
    assert (participant["participant"], participant["iso3"], participant["signature_date"]) == (
        "Algeria", "DZA", date(2025, 10, 25))
    assert (run["source_id"], run["status"], run["n_new"]) == ("untc_status", "success", 1)

    assert migrations.upgrade(engine) == []  # nothing left to apply
    assert migrations.applied_versions(engine) == migrations.all_versions()


def test_upgrade_of_an_empty_database_applies_everything_once(database_url):
    engine = db.get_engine(database_url)
    assert migrations.upgrade(engine) == migrations.all_versions()
    assert migrations.upgrade(engine) == []


def test_prepare_fills_the_seed_once(database_url):
    engine = db.prepare(db.get_engine(database_url))
    counts = row_counts(engine)
    assert counts["treaty_participants"] == 74
    assert counts["cyberlaw_status"] == 975
    assert counts["cyberlaw_documents"] > 1000
    assert counts["countries"] == 251
    assert counts["change_events"] == 0  # the seed is where the record starts, not a change
    with engine.connect() as conn:
        runs = conn.execute(sa.select(schema.collector_runs)
                            .where(schema.collector_runs.c.source_id.in_(["untc_status", "unctad_cyberlaw"]))
                            ).mappings().all()
    assert sorted(r["source_id"] for r in runs) == ["unctad_cyberlaw", "untc_status"]
    assert all(r["trigger"] == "seed" and r["status"] == "success" for r in runs)

    t = schema.treaty_participants
    with engine.connect() as conn:
        uae = conn.execute(sa.select(t).where(t.c.iso3 == "ARE")).mappings().one()
        eu = conn.execute(sa.select(t).where(t.c.iso3 == "EUU")).mappings().one()
    assert uae["confidence"] == "unconfirmed" and uae["signature_date"] is None
    assert eu["participant"] == "European Union" and eu["source_id"] == "untc_status"

    db.prepare(engine)
    assert row_counts(engine) == counts


def test_engine_fixture_is_empty(engine):
    counts = row_counts(engine)
    assert counts["countries"] == 251
    for name in ("treaty_participants", "treaty_records", "cyberlaw_status", "collector_runs", "raw_responses",
                 "change_events"):
        assert counts[name] == 0, name
