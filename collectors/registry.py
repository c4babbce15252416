"""Source id -> collector module. Every entry of ``treaty_monitor.sources.SOURCES`` has one."""
from __future__ import annotations

import importlib
from types import ModuleType

from treaty_monitor.sources import SOURCES, Source


def source(source_id: str) -> Source:
    try:
        return SOURCES[source_id]
    except KeyError:
        raise KeyError(f"unknown source {source_id!r}; known: {', '.join(SOURCES)}") from None


def module(source_id: str) -> ModuleType:
    source(source_id)
    return importlib.import_module(f"collectors.{source_id}")
