"""What every source module shares: the parse result and the parse error.

A source module (one per public source, e.g. ``collectors/untc_status.py``) provides:

* ``SOURCE_ID``: its id in the registry (``treaty_monitor/sources.py``);
* ``parse(content: bytes, url: str) -> ParseResult``: a pure function, no network, no database;
* ``DATASETS``: for each table it writes, how rows are matched and which fields are tracked;
* ``CLI_TABLE``: the table ``python -m collectors parse`` prints;
* optionally ``fetch(client, urls)`` when one GET per URL is not enough (paging, fallbacks).
"""
from __future__ import annotations

from dataclasses import dataclass, field


class ParseError(ValueError):
    """The bytes are not what the source expects (wrong file, maintenance page, truncated...).

    The message is one line that names what was expected; the CLI prints it and exits 2.
    """


@dataclass
class ParseResult:
    """Normalized records from one raw response.

    ``tables`` maps a table name to its rows: plain dicts whose dates are ``datetime.date`` and whose
    countries carry the ISO3 code beside the source's own name. ``warnings`` holds what a reader
    should know but did not stop the parse (an unresolved country name, a row that could not be placed).
    ``meta`` holds facts about the document as a whole (status timestamp, the record's own counts).
    """

    tables: dict[str, list[dict]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def rows(self, table: str) -> list[dict]:
        return self.tables.setdefault(table, [])

    def extend(self, other: "ParseResult") -> None:
        """Merge another result (e.g. the next page of a paged search) into this one."""
        for name, rows in other.tables.items():
            self.rows(name).extend(rows)
        self.warnings.extend(other.warnings)
        for key, value in other.meta.items():
            self.meta.setdefault(key, value)


@dataclass(frozen=True)
class Dataset:
    """How a source's rows for one table are stored.

    ``key``: the columns that identify a row within the source (e.g. the participant's name).
    ``tracked``: the columns whose changes are appended as change events (others update silently).
    ``snapshot``: True when every run returns the whole table, so a row missing from a run is removed;
    False for streams (feeds) where a run only adds or updates.
    """

    key: tuple[str, ...]
    tracked: tuple[str, ...] = ()
    snapshot: bool = True
    # Whether a new or removed row is itself news (a signature, a new document) worth a change event.
    track_additions: bool = True
