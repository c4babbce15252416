"""CSV extracts of exactly what a view shows: provenance columns, Excel-friendly, formula-safe."""
from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PROVENANCE_COLUMNS = ("source_url", "retrieved_at")


def neutralize(value):
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def with_provenance(frame: pd.DataFrame, source_url=None, retrieved_at=None) -> pd.DataFrame:
    """A copy with ``source_url`` and ``retrieved_at``; rows lacking their own get the view's."""
    out = frame.copy()
    for column, fallback in (("source_url", source_url), ("retrieved_at", retrieved_at)):
        if column not in out.columns:
            out[column] = fallback
        elif fallback is not None:
            out[column] = out[column].where(out[column].notna(), fallback)
    return out


def to_csv_bytes(frame: pd.DataFrame, *, source_url: str | None = None, retrieved_at=None) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads accents right), with source_url and retrieved_at.

    Rows that lack their own provenance get the view's ``source_url``/``retrieved_at``.
    """
    out = with_provenance(frame, source_url, retrieved_at)
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralize)
    return out.to_csv(index=False, lineterminator="\r\n", date_format="%Y-%m-%d").encode("utf-8-sig")
