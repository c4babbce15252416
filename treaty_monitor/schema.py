"""The current tables, built by replaying the migrations (see ``treaty_monitor.migrations``).

Use as ``schema.treaty_participants`` or ``schema.table("treaty_participants")``.
"""
from __future__ import annotations

import sqlalchemy as sa

from .migrations import build_metadata

metadata: sa.MetaData = build_metadata()

# Columns the store fills in itself and never compares when deciding whether a row changed.
PROVENANCE = ("id", "source_id", "source_url", "retrieved_at", "raw_response_id")


def table(name: str) -> sa.Table:
    return metadata.tables[name]


def __getattr__(name: str) -> sa.Table:
    try:
        return metadata.tables[name]
    except KeyError:
        raise AttributeError(name) from None
