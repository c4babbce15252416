"""One source run: fetch (raw kept) -> parse -> store in one transaction -> run log and change events.

A failed or malformed fetch marks the run failed with a clear message and leaves the stored data as it
was; the raw response stays in the archive for diagnosis.
"""
from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass, field

import sqlalchemy as sa

from treaty_monitor import feeds, store
from . import archive, registry
from .base import ParseError, ParseResult
from .http import FetchError, HttpResponse, PoliteClient

log = logging.getLogger(__name__)


@dataclass
class RunOutcome:
    source_id: str
    status: str  # success | unchanged | failed | skipped
    run_id: int | None = None
    counts: store.Counts = field(default_factory=store.Counts)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.status == "failed"


class Fetcher:
    """GETs for one run: conditional headers from the archive, every response archived.

    A 304 answer is served from the archived body, so parsers always see whole documents.
    """

    def __init__(self, engine: sa.Engine, client: PoliteClient, source_id: str, max_bytes: int):
        self.engine, self.client, self.source_id, self.max_bytes = engine, client, source_id, max_bytes
        self.raw_ids: dict[str, int] = {}
        self.all_not_modified = True

    def get(self, url: str) -> HttpResponse:
        previous = archive.last_good(self.engine, self.source_id, url)
        try:
            response = self.client.get(
                url, etag=previous and previous["etag"], last_modified=previous and previous["last_modified"],
                max_bytes=self.max_bytes)
        except FetchError as exc:
            if exc.response is not None:
                archive.archive(self.engine, self.source_id, exc.response)
            raise
        if response.not_modified and previous:
            self.raw_ids[url] = previous["id"]
            return HttpResponse(url, 200, response.headers, archive.read_body(previous), response.fetched_at)
        self.all_not_modified = False
        self.raw_ids[url] = archive.archive(self.engine, self.source_id, response)
        if response.url != url:
            self.raw_ids[response.url] = self.raw_ids[url]
        if response.status != 200 or not response.content.strip():
            # e.g. the UN Digital Library's firewall answers an empty 202: a failed fetch, not "no documents"
            raise FetchError(f"{url}: HTTP {response.status} with {len(response.content)} bytes instead of the document")
        return response


def run_source(source_id: str, engine: sa.Engine, client: PoliteClient | None = None, *,
               url: str | None = None, trigger: str = "cli") -> RunOutcome:
    source = registry.source(source_id)
    module = registry.module(source_id)
    client = client or PoliteClient()
    if not store.acquire_lock(engine, source_id):
        return RunOutcome(source_id, "skipped", error="another run of this source is in progress")
    run_id = store.start_run(engine, source_id, trigger, url)
    outcome = RunOutcome(source_id, "failed", run_id)
    try:
        fetcher = Fetcher(engine, client, source_id, min(source.max_bytes, client.max_bytes))
        urls = [url] if url else list(source.urls)
        result = _fetch_and_parse(module, fetcher, urls, source.fetch_mode)
        outcome.warnings = result.warnings
        if fetcher.all_not_modified:
            outcome.status = "unchanged"
        else:
            outcome.counts = _store(engine, module, source_id, run_id, result, fetcher, urls[0])
            outcome.status = "success"
            if outcome.counts.new or outcome.counts.changed or outcome.counts.removed:
                _refresh_feeds(engine, outcome)
    except (FetchError, ParseError, store.RefusedSync) as exc:
        outcome.error = str(exc)
    except KeyboardInterrupt:
        outcome.error = "interrupted"
        store.finish_run(engine, run_id, "failed", warnings=outcome.warnings, error=outcome.error)
        raise
    except Exception as exc:  # a bug: record it in the run log rather than lose it
        log.error("run of %s crashed:\n%s", source_id, traceback.format_exc())
        outcome.error = f"unexpected error: {type(exc).__name__}: {exc}"
    finally:
        store.release_lock(engine, source_id)
    store.finish_run(engine, run_id, outcome.status, outcome.counts, outcome.warnings, outcome.error)
    return outcome


def _refresh_feeds(engine, outcome: RunOutcome) -> None:
    try:
        feeds.write_feeds(engine)
    except OSError as exc:  # the data is stored; a feed that cannot be written is worth a warning, not a failure
        outcome.warnings.append(f"change feeds not written: {exc}")


def _fetch_and_parse(module, fetcher: Fetcher, urls: list[str], mode: str) -> ParseResult:
    if hasattr(module, "fetch"):
        # fetch returns the responses, or (responses, warnings) when it may skip a failing URL
        fetched = module.fetch(fetcher.get, urls)
        responses, warnings = fetched if isinstance(fetched, tuple) else (fetched, [])
        result = _parse_all(module, responses)
        result.warnings[:0] = warnings
        return result
    if mode == "first_success":
        errors = []
        for url in urls:
            try:
                return _parse_all(module, [fetcher.get(url)])
            except (FetchError, ParseError) as exc:
                errors.append(str(exc))
        raise FetchError("; then ".join(errors))
    return _parse_all(module, [fetcher.get(url) for url in urls])


def _parse_all(module, responses: list[HttpResponse]) -> ParseResult:
    result = ParseResult()
    for response in responses:
        result.extend(module.parse(response.content, response.url))
    return result


def _store(engine, module, source_id, run_id, result: ParseResult, fetcher: Fetcher, default_url) -> store.Counts:
    ctx = store.SyncContext(source_id, run_id, store.utcnow(), fetcher.raw_ids, default_url,
                            getattr(module, "describe_change", None))
    counts = store.Counts()
    with engine.begin() as conn:  # one transaction per source run
        for table_name, rows in result.tables.items():
            counts.add(store.sync(conn, table_name, module.DATASETS[table_name], rows, ctx))
        store.write_events(conn, ctx)
    return counts
