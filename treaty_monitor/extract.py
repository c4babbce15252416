"""The "full extract": a zip of the current view's tables plus a README that makes them citable."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timezone

import pandas as pd

from . import columns, config, export
from .sources import SOURCES


def build_zip(tables: dict[str, pd.DataFrame], *, view_title: str, view_link: str, source_ids,
              retrieved: dict[str, str | None], data_version: str) -> bytes:
    """One CSV per table (as ``export.to_csv_bytes`` writes them) and README.md describing them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        names = {}
        for label, frame in tables.items():
            name = _filename(label, names)
            names[name] = label
            archive.writestr(name, export.to_csv_bytes(frame))
        archive.writestr("README.md", readme(tables, names, view_title, view_link, source_ids, retrieved, data_version))
    return buffer.getvalue()


def readme(tables, names, view_title, view_link, source_ids, retrieved, data_version) -> str:
    lines = [f"# {view_title}: extract from the Cybercrime Treaty Monitor", "",
             f"- Reproduce this view: {view_link}",
             f"- Extracted: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
             f"- Data version: {data_version} (monitor {config.VERSION})", "", "## Sources", ""]
    for source_id in source_ids:
        source = SOURCES[source_id]
        lines += [f"### {source.name}", f"- Publisher: {source.publisher}", f"- Licence: {source.licence}",
                  f"- Attribution: {source.attribution}", f"- Retrieved: {retrieved.get(source_id) or 'unknown'}",
                  f"- Home: {source.home_url}", f"- Method: {source.method}", ""]
    lines += ["## Files", ""]
    for name, label in names.items():
        frame = tables[label]
        lines += [f"### {name}", f"{label}: {len(frame)} rows.", "", "| column | meaning |", "| --- | --- |"]
        lines += [f"| {c} | {columns.describe(c)} |" for c in frame.columns]
        lines.append("")
    lines += ["Missing values are empty cells, never zero. Text cells that a spreadsheet would run as a formula",
              "start with an apostrophe. Files are UTF-8 with a byte-order mark."]
    return "\n".join(lines) + "\n"


def _filename(label: str, taken: dict) -> str:
    stem = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_") or "table"
    name, n = f"{stem}.csv", 2
    while name in taken:
        name, n = f"{stem}_{n}.csv", n + 1
    return name
