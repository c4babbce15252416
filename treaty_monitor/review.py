"""The analysts' review of leads: the queue, confirm / reject / correct, the decision log, the in-app import.

A lead (``leads``, made by the ``ngo_feeds`` collector from a report naming a country and matching an
incident category) is not an incident until an analyst confirms it. Every decision is recorded in
``review_decisions``: who, when, which decision, and what changed (JSON ``{field: [old, new]}``).

* ``confirm_lead`` creates the incident (verification ``confirmed``, stream ``ngo_feeds``, source
  ``analyst_review``), links the report to it, records the decision and appends a change event, all in ONE
  transaction; then the Atom change feeds are rewritten so the new incident shows there.
* ``reject_lead`` records the decision; the lead leaves the queue.
* ``correct_lead`` records a corrected country and/or category and updates the lead, which stays in the
  queue. The correction is also re-applied when the queue is read, so a later collector run that rewrites
  the lead from the feed does not undo it.

Each decision is also a run in the run log (source ``analyst_review``, trigger ``review``, ``run_by`` the
reviewer): that is what moves the data version, so the cached pages show the change at once.

The writing functions refuse an empty reviewer: the page checks the login first (``auth.require_reviewer``),
and this is the second line of defence. A lead decided once (confirmed or rejected) cannot be decided again;
concurrent reviewers are serialised by taking a write lock on the lead row before anything is read.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from . import countries, schema, store
from .incident_vocab import CATEGORIES, is_http_url, new_incident, stable_key

log = logging.getLogger(__name__)

REVIEW_SOURCE_ID = "analyst_review"
REVIEW_TRIGGER = "review"
FINAL_DECISIONS = ("confirm", "reject")
UPLOAD_MAX_BYTES = 5 * 1024 * 1024


class ReviewError(ValueError):
    """A decision that cannot be made: unknown lead, already decided, invalid correction, no reviewer."""


class AlreadyDecided(ReviewError):
    pass


_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:=\"'&")


def escape_markdown(text) -> str:
    """Source text shown through st.markdown as the characters it is: no links, emphasis, HTML or directives."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in " ".join(str(text or "").split()))


# ---- reading ----------------------------------------------------------------------------------------------

def _frame(conn, query) -> pd.DataFrame:
    return pd.read_sql(query, conn)


def _decided_keys():
    d = schema.review_decisions
    return sa.select(d.c.lead_key).where(d.c.decision.in_(FINAL_DECISIONS))


def _corrections(conn, lead_keys=None) -> dict[str, dict]:
    """lead_key -> {field: new value} from its correction decisions, latest last."""
    d = schema.review_decisions
    query = sa.select(d.c.lead_key, d.c.changes).where(d.c.decision == "correct").order_by(d.c.id)
    if lead_keys is not None:
        query = query.where(d.c.lead_key.in_(list(lead_keys)))
    out: dict[str, dict] = {}
    for lead_key, changes in conn.execute(query):
        for name, (_old, new) in json.loads(changes or "{}").items():
            out.setdefault(lead_key, {})[name] = new
    return out


PENDING_COLUMNS = [
    "lead_key", "report_key", "iso3", "country", "category", "target_group", "date", "date_precision",
    "title", "organisation", "url", "published", "report_summary", "report_countries", "corrected",
    "source_url", "retrieved_at",
]


def pending_leads(engine: sa.Engine, limit: int | None = None) -> pd.DataFrame:
    """Leads with no confirm or reject decision, newest first, with their report; corrections applied."""
    leads, reports = schema.leads, schema.reports
    query = (
        sa.select(
            leads.c.lead_key, leads.c.report_key, leads.c.iso3, leads.c.category, leads.c.target_group,
            leads.c.date, leads.c.date_precision, leads.c.summary, leads.c.source_org, leads.c.source_urls,
            leads.c.source_url, leads.c.retrieved_at, leads.c.id,
            reports.c.title, reports.c.organisation, reports.c.url, reports.c.published,
            reports.c.summary.label("report_summary"), reports.c.countries.label("report_countries"),
        )
        .select_from(leads.outerjoin(reports, reports.c.report_key == leads.c.report_key))
        .where(leads.c.lead_key.not_in(_decided_keys()))
        .order_by(sa.case((leads.c.date.is_(None), 1), else_=0), leads.c.date.desc(), leads.c.id.desc())
    )
    if limit:
        query = query.limit(limit)
    with engine.connect() as conn:
        frame = _frame(conn, query)
        corrections = _corrections(conn, frame["lead_key"].tolist()) if len(frame) else {}
    frame = frame.drop_duplicates("lead_key")  # a report in two feeds: one lead
    frame["corrected"] = frame["lead_key"].isin(list(corrections))
    for index, lead_key in frame["lead_key"].items():
        for name, value in corrections.get(lead_key, {}).items():
            frame.at[index, name] = value
    frame["title"] = frame["title"].fillna(frame["summary"])
    frame["organisation"] = frame["organisation"].fillna(frame["source_org"])
    frame["url"] = [u if is_http_url(u) else (s if is_http_url(s) else None)
                    for u, s in zip(frame["url"], frame["source_urls"])]
    frame["country"] = [countries.display_name(i) if isinstance(i, str) else None for i in frame["iso3"]]
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    frame = frame[PENDING_COLUMNS].astype(object)
    return frame.where(frame.notna(), None).reset_index(drop=True)  # missing is None, never NaN


def count_pending(engine: sa.Engine) -> int:
    leads = schema.leads
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count(sa.distinct(leads.c.lead_key)))
                            .where(leads.c.lead_key.not_in(_decided_keys()))).scalar()


def decisions(engine: sa.Engine, limit: int = 200) -> pd.DataFrame:
    """The decision log, newest first: who, when, which lead (country, report title), what changed."""
    d, leads, reports = schema.review_decisions, schema.leads, schema.reports
    lead_info = (sa.select(leads.c.lead_key, sa.func.min(leads.c.report_key).label("report_key"))
                 .group_by(leads.c.lead_key).subquery())
    titles = (sa.select(reports.c.report_key, sa.func.min(reports.c.title).label("title"))
              .group_by(reports.c.report_key).subquery())
    query = (
        sa.select(d.c.decided_at, d.c.decided_by, d.c.decision, d.c.changes, d.c.lead_key, d.c.incident_key,
                  titles.c.title)
        .select_from(d.outerjoin(lead_info, lead_info.c.lead_key == d.c.lead_key)
                     .outerjoin(titles, titles.c.report_key == lead_info.c.report_key))
        .order_by(d.c.decided_at.desc(), d.c.id.desc()).limit(limit)
    )
    with engine.connect() as conn:
        frame = _frame(conn, query)
    frame["what_changed"] = [describe_changes(c) for c in frame["changes"]]
    return frame[["decided_at", "decided_by", "decision", "what_changed", "title", "lead_key", "incident_key",
                  "changes"]]


def describe_changes(changes: str | None) -> str:
    """'country: EGY → SDN; category: arrest → prosecution' from the JSON of a decision."""
    parsed = json.loads(changes or "{}")
    return "; ".join(f"{name}: {_shown(old)} → {_shown(new)}" for name, (old, new) in parsed.items())


def _shown(value) -> str:
    return "none" if value in (None, "") else str(value)


# ---- writing ----------------------------------------------------------------------------------------------

def _reviewer(reviewer) -> str:
    name = " ".join(str(reviewer or "").split())
    if not name:
        raise ReviewError("no reviewer: every decision names who made it (log in first)")
    return name


def _claim(conn, lead_key: str) -> dict:
    """Lock the lead row (the first statement of the transaction is a write), then read it.

    On SQLite the write takes the database's write lock, on PostgreSQL the row lock, so two reviewers
    deciding the same lead at once are serialised and the second sees the first one's decision.
    """
    leads = schema.leads
    claimed = conn.execute(leads.update().where(leads.c.lead_key == lead_key)
                           .values(verification=leads.c.verification)).rowcount
    if not claimed:
        raise ReviewError(f"no lead with key {lead_key!r}")
    lead = dict(conn.execute(sa.select(leads).where(leads.c.lead_key == lead_key).order_by(leads.c.id)).mappings().first())
    d = schema.review_decisions
    done = conn.execute(sa.select(d.c.decision, d.c.decided_by, d.c.decided_at)
                        .where(d.c.lead_key == lead_key, d.c.decision.in_(FINAL_DECISIONS))).first()
    if done:
        raise AlreadyDecided(f"this lead was already {done.decision}ed by {done.decided_by} on "
                             f"{pd.Timestamp(done.decided_at):%Y-%m-%d %H:%M} UTC")
    for name, value in _corrections(conn, [lead_key]).get(lead_key, {}).items():
        lead[name] = value  # a correction a later collector run wrote over
    return lead


def _validated(iso3, category) -> tuple[str | None, str | None]:
    if iso3 is not None:
        country = countries.get(iso3)
        if country is None:
            raise ReviewError(f"{iso3!r} is not a known country code")
        iso3 = country.iso3
    if category is not None and category not in CATEGORIES:
        raise ReviewError(f"{category!r} is not an incident category ({', '.join(CATEGORIES)})")
    return iso3, category


def _changes(lead: dict, iso3, category) -> dict:
    changes = {}
    if iso3 is not None and iso3 != lead["iso3"]:
        changes["iso3"] = [lead["iso3"], iso3]
    if category is not None and category != lead["category"]:
        changes["category"] = [lead["category"], category]
    return changes


def _run(conn, reviewer: str, now: datetime, n_new: int = 0, n_changed: int = 0) -> int:
    """A run-log entry for the decision: it moves the data version, so cached pages refresh."""
    runs = schema.collector_runs
    return conn.execute(runs.insert().values(
        source_id=REVIEW_SOURCE_ID, trigger=REVIEW_TRIGGER, started_at=now, finished_at=now, status="success",
        n_new=n_new, n_changed=n_changed, n_unchanged=0, n_removed=0, warnings="[]", run_by=reviewer,
    )).inserted_primary_key[0]


def _decide(conn, lead_key, decision, reviewer, now, changes, incident_key=None) -> None:
    conn.execute(schema.review_decisions.insert().values(
        lead_key=lead_key, decision=decision, decided_by=reviewer, decided_at=now,
        changes=json.dumps(changes, ensure_ascii=False, default=str), incident_key=incident_key))


def review_incident_key(lead_key: str) -> str:
    return stable_key(REVIEW_SOURCE_ID, lead_key)


def confirm_lead(engine: sa.Engine, lead_key: str, reviewer: str, corrections: dict | None = None) -> str:
    """Make the lead an incident (corrections: optional ``iso3`` / ``category``); return the incident key."""
    reviewer = _reviewer(reviewer)
    corrections = corrections or {}
    unknown = set(corrections) - {"iso3", "category"}
    if unknown:
        raise ReviewError(f"only the country (iso3) and the category can be corrected, not {sorted(unknown)}")
    iso3, category = _validated(corrections.get("iso3"), corrections.get("category"))
    now = store.utcnow()
    reports, incidents = schema.reports, schema.incidents
    with engine.begin() as conn:  # one transaction: incident, link, decision, change event
        lead = _claim(conn, lead_key)
        changes = _changes(lead, iso3, category)
        iso3, category = iso3 or lead["iso3"], category or lead["category"]
        if not iso3 or category not in CATEGORIES:
            raise ReviewError("a confirmed incident needs a country and a category: correct the lead first")
        key = review_incident_key(lead_key)
        if conn.execute(sa.select(sa.func.count()).where(incidents.c.incident_key == key)).scalar():
            raise AlreadyDecided("this lead's incident already exists")
        report = conn.execute(sa.select(reports).where(reports.c.report_key == lead["report_key"])
                              .order_by(reports.c.id)).mappings().first() or {}
        link = report.get("url") if is_http_url(report.get("url")) else None
        link = link or next((u for u in str(lead.get("source_urls") or "").split("; ") if is_http_url(u)), None)
        summary = report.get("title") or lead.get("summary") or ""
        run_id = _run(conn, reviewer, now, n_new=1)
        row = new_incident(
            incident_key=key, event_key=key, iso3=iso3, country_name=countries.display_name(iso3),
            start_date=lead.get("date"), date_precision=lead.get("date_precision"), category=category,
            target_group=lead.get("target_group"), summary=summary,
            source_org=report.get("organisation") or lead.get("source_org"), source_urls=link,
            verification="confirmed", stream="ngo_feeds", source_url=link or lead.get("source_url"),
        )
        conn.execute(incidents.insert().values(
            **row, lead_key=lead_key, recorded_by=reviewer, source_id=REVIEW_SOURCE_ID,
            retrieved_at=report.get("retrieved_at") or lead.get("retrieved_at") or now,
            raw_response_id=report.get("raw_response_id")))
        if report:
            conn.execute(schema.report_incidents.insert().values(
                report_key=lead["report_key"], incident_key=key, linked_at=now, linked_by=reviewer))
        _decide(conn, lead_key, "confirm", reviewer, now,
                {**changes, "verification": [lead.get("verification") or "lead", "confirmed"]}, key)
        conn.execute(schema.change_events.insert().values(
            source_id=REVIEW_SOURCE_ID, run_id=run_id, raw_response_id=report.get("raw_response_id"),
            table_name="incidents", record_key=key, iso3=iso3, kind="added", field=None, old_value=None,
            new_value=None, summary=f"New confirmed incident: {summary}", detected_at=now))
    _refresh_feeds(engine)
    return key


def reject_lead(engine: sa.Engine, lead_key: str, reviewer: str) -> None:
    """Record that the lead is not an incident; it leaves the queue."""
    reviewer = _reviewer(reviewer)
    now = store.utcnow()
    with engine.begin() as conn:
        lead = _claim(conn, lead_key)
        _run(conn, reviewer, now)
        _decide(conn, lead_key, "reject", reviewer, now,
                {"verification": [lead.get("verification") or "lead", "rejected"]})


def correct_lead(engine: sa.Engine, lead_key: str, reviewer: str, iso3: str | None = None,
                 category: str | None = None) -> dict:
    """Correct the lead's country and/or category; it stays pending. Returns the changes (empty: none)."""
    reviewer = _reviewer(reviewer)
    iso3, category = _validated(iso3, category)
    now = store.utcnow()
    leads = schema.leads
    with engine.begin() as conn:
        lead = _claim(conn, lead_key)
        changes = _changes(lead, iso3, category)
        if not changes:
            return {}
        values = {}
        if "iso3" in changes:
            values |= {"iso3": iso3, "country_name": countries.display_name(iso3)}
        if "category" in changes:
            values["category"] = category
        conn.execute(leads.update().where(leads.c.lead_key == lead_key).values(**values))
        _run(conn, reviewer, now, n_changed=1)
        _decide(conn, lead_key, "correct", reviewer, now, changes)
    return changes


def _refresh_feeds(engine: sa.Engine) -> None:
    from . import feeds  # late: feeds reads the registry and queries

    try:
        feeds.write_feeds(engine)
    except OSError as exc:  # the decision is stored; a feed that cannot be written is only logged
        log.warning("change feeds not written: %s", exc)


# ---- the in-app import of analysts' files ------------------------------------------------------------------

@dataclass
class UploadCheck:
    """An uploaded file after validation: the rows to import, or the errors (then nothing may be written)."""

    filename: str
    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    def preview(self) -> pd.DataFrame:
        columns = ["iso3", "country", "start_date", "date_precision", "category", "target_group",
                   "summary", "law_cited", "source_org", "source_urls", "verification"]
        rows = [row | {"country": countries.display_name(row["iso3"])} for row in self.rows]
        return pd.DataFrame(rows, columns=columns)


def check_upload(content: bytes, filename: str) -> UploadCheck:
    """Validate an uploaded CSV/XLSX (``collectors.incident_import.read_analyst_file``); writes nothing."""
    from collectors.incident_import import read_analyst_file  # late: collectors import this package

    name = (filename or "upload").rsplit("/", 1)[-1][:120]
    if len(content) > UPLOAD_MAX_BYTES:
        return UploadCheck(name, errors=[f"{name}: {len(content) / 1e6:.1f} MB is more than the "
                                         f"{UPLOAD_MAX_BYTES // (1024 * 1024)} MB allowed; split the file"])
    rows, errors = read_analyst_file(content, name)
    return UploadCheck(name, rows, errors)


def import_upload(engine: sa.Engine, check: UploadCheck, reviewer: str) -> store.Counts:
    """Store a checked upload (all or nothing); refuses a file with errors and an empty reviewer."""
    from . import incident_store

    reviewer = _reviewer(reviewer)
    if not check.ok:
        raise ReviewError("the file has errors (or no rows): nothing is imported")
    return incident_store.import_incidents(engine, check.rows, reviewer, label=f"upload:{check.filename}")
