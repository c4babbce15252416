"""Read queries and derived frames for the UN sessions page: sessions, documents, participation, votes.

Query functions take the engine first and return DataFrames carrying ``source_url`` and ``retrieved_at``.
The frame helpers below them (no engine) filter and aggregate what the queries return.

Sessions are named by one key everywhere: the UNODC key of a Committee session (``session-2``,
``intersessional-4``, ``cosp-rules-of-procedure``...) and ``ga-<n>`` for a General Assembly session.
"""
from __future__ import annotations

import re
from urllib.parse import urlencode

import pandas as pd
import sqlalchemy as sa

from . import countries, schema
from .incident_vocab import is_http_url
from .queries import read_frame

LANGUAGES = ("AR", "ZH", "EN", "FR", "RU", "ES")  # the six official languages, in the UN's order
VOTE_LABELS = {"Y": "Yes", "N": "No", "A": "Abstain", "X": "Not voting"}
AHC_BODY = "Ad Hoc Committee (A/AC.291)"
# UNODC page categories as document types next to the library's types
CATEGORY_TYPES = {"official": "official document", "chair": "Chair's document", "working": "working paper",
                  "submission": "submission", "statement": "statement"}
TREATY_RESOLUTIONS = ("A/RES/73/187", "A/RES/74/247", "A/RES/75/282", "A/RES/79/243")
PROVENANCE = ["source_url", "retrieved_at"]


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def country_link(iso3) -> str | None:
    """The country page's link for an ISO3 code (relative, so it works under any base path)."""
    return f"./Country?{urlencode({'country': iso3})}" if isinstance(iso3, str) and iso3 else None


def documents_link(session_key: str) -> str:
    return f"./UN_sessions?{urlencode({'view': 'Documents', 'session': session_key})}"


def http_only(url) -> str | None:
    """Only http(s) links are made clickable; anything else (javascript:, data:, file:) is dropped."""
    return url if is_http_url(url) else None


# --- session keys ----------------------------------------------------------------------------------

_GA_SESSION = re.compile(r"^(?:ES-)?\d+$", re.I)


def session_key_of(body: str | None, session: str | None) -> str | None:
    """The session key of a library document: its Committee session, or ``ga-<n>`` for a GA session."""
    from collectors.unodc_ahc import session_key

    if not session:
        return None
    if _GA_SESSION.match(session):
        return f"ga-{session.lower()}"
    return session_key(session)


def session_label(key: str, names: dict[str, str] | None = None) -> str:
    if names and key in names:
        return names[key]
    if key.startswith("ga-"):
        number = key[3:].upper()
        return f"General Assembly, {_ordinal(number)} session" if number.isdigit() else \
            f"General Assembly, {number} emergency special session"
    return key.replace("-", " ").capitalize()


def _ordinal(number: str) -> str:
    n = int(number)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ga_session_of(resolution: str) -> str | None:
    match = re.match(r"^A/RES/(\d+)/", resolution or "")
    return f"ga-{match.group(1)}" if match else None


# --- sessions and timeline --------------------------------------------------------------------------

def sessions(engine: sa.Engine) -> pd.DataFrame:
    t = schema.ahc_sessions
    frame = read_frame(engine, sa.select(t).order_by(t.c.start_date, t.c.session_key)).drop(columns=["id"])
    return _dates(frame, "start_date", "end_date")


def _kind(row) -> str:
    body, key = str(row["body"] or ""), row["session_key"]
    if key.startswith("ga-") or body.startswith("GA"):
        return "General Assembly"
    if body.lower().startswith("signing"):
        return "Signing"
    if "post-adoption" in body.lower() or key.startswith("cosp"):
        return "After adoption (Conference of the States Parties, protocol)"
    if key.startswith("intersessional"):
        return "Intersessional consultation"
    return "Ad Hoc Committee session"


TIMELINE_KINDS = ("General Assembly", "Ad Hoc Committee session", "Intersessional consultation", "Signing",
                  "After adoption (Conference of the States Parties, protocol)")


def _ga_key_in(name: str) -> str | None:
    match = re.search(r"\bres(?:olution)?\.?\s+(\d+)/\d+", name or "", re.I)
    return f"ga-{match.group(1)}" if match else None


def timeline(engine: sa.Engine) -> pd.DataFrame:
    """Sessions and meetings (UNODC, seed) and the GA votes behind the Convention, with document counts."""
    meetings = sessions(engine)
    res = resolutions(engine)
    res = res[res["resolution"].isin(TREATY_RESOLUTIONS)]
    ga = pd.DataFrame({
        "session_key": [ga_session_of(r) for r in res["resolution"]],
        "body": "GA",
        "name": [f"GA resolution {r.removeprefix('A/RES/')} adopted"
                 + (f" ({int(y)}-{int(n)}-{int(a)})" if pd.notna(y) and pd.notna(n) and pd.notna(a) else "")
                 for r, y, n, a in zip(res["resolution"], res["yes"], res["no"], res["abstain"])],
        "start_date": res["date"], "end_date": res["date"], "venue": "New York",
        "page_url": res["record_url"], "cited_source": None, "note": res["title"],
        "source_id": res["source_id"], "source_url": res["source_url"], "retrieved_at": res["retrieved_at"],
        "raw_response_id": None,
    })
    frame = pd.concat([meetings, ga], ignore_index=True) if len(ga) else meetings
    frame = frame[frame["start_date"].notna()].copy()
    frame["end_date"] = frame["end_date"].fillna(frame["start_date"])
    frame["kind"] = [_kind(r) for r in frame.to_dict("records")]
    docs = documents(engine)
    counts = docs.groupby("session_key").size() if len(docs) else pd.Series(dtype=int)
    # a GA event ("Adoption of res. 79/243") links to the documents of its GA session
    frame["documents_key"] = [_ga_key_in(name) if kind == "General Assembly" else key
                              for key, name, kind in zip(frame["session_key"], frame["name"], frame["kind"])]
    frame["documents_key"] = frame["documents_key"].fillna(frame["session_key"])
    frame["documents"] = [int(counts.get(k, 0)) for k in frame["documents_key"]]
    frame["documents_link"] = [documents_link(k) for k in frame["documents_key"]]
    frame["page_url"] = frame["page_url"].map(http_only)
    columns = ["session_key", "kind", "name", "start_date", "end_date", "venue", "documents", "documents_key",
               "documents_link",
               "page_url", "body", "cited_source", "note", "source_id", "source_url", "retrieved_at"]
    return frame[columns].sort_values(["start_date", "session_key"]).reset_index(drop=True)


# --- documents ---------------------------------------------------------------------------------------

def documents(engine: sa.Engine) -> pd.DataFrame:
    """One row per document: the library's records, then the UNODC pages' documents it does not hold.

    ``authors``/``author_iso3`` list the states named as author, sponsor or submitter; ``file_<LANG>``
    columns link to each language file (http(s) only); ``link`` is the UNODC page's link when that is
    all there is.
    """
    d, f, c = schema.un_documents, schema.un_document_files, schema.un_document_countries
    library = read_frame(engine, sa.select(d).order_by(d.c.date.desc(), d.c.symbol))
    files = read_frame(engine, sa.select(f.c.record_id, f.c.language, f.c.url))
    named = read_frame(engine, sa.select(c.c.record_id, c.c.iso3, c.c.role, c.c.name_in_source))
    library["session_key"] = [session_key_of(b, s) for b, s in zip(library["body"], library["session"])]
    library["source"] = "UN Digital Library"
    library["link"] = None

    files["url"] = files["url"].map(http_only)
    files = files[files["url"].notna() & files["language"].notna()]
    wide = files.drop_duplicates(["record_id", "language"]).pivot(index="record_id", columns="language",
                                                                   values="url")
    wide.columns = [f"file_{lang}" for lang in wide.columns]
    library = library.merge(wide, left_on="record_id", right_index=True, how="left")

    authors = _authors(named, "record_id", "name_in_source")
    library = library.merge(authors, on="record_id", how="left")

    a = schema.ahc_documents
    pages = read_frame(engine, sa.select(a))
    known = set(library["symbol"].dropna())
    pages = pages[~pages["symbol"].isin(known) | pages["symbol"].isna()].copy()
    pages["record_id"] = None
    pages["body"] = AHC_BODY
    pages["doc_type"] = pages["category"].map(CATEGORY_TYPES).fillna(pages["category"])
    pages["date"] = None
    pages["session"] = None
    pages["languages"] = None
    pages["record_url"] = None
    pages["link"] = pages["url"].map(http_only)
    pages["source"] = "UNODC Committee pages"
    pages["authors"] = pages["submitter_name"]
    pages["author_iso3"] = pages["iso3"]

    frame = pd.concat([library, pages], ignore_index=True) if len(pages) else library
    for lang in LANGUAGES:
        column = f"file_{lang}"
        if column not in frame.columns:
            frame[column] = None
    frame["record_url"] = frame["record_url"].map(http_only)
    frame = _dates(frame, "date")
    lang_columns = [f"file_{lang}" for lang in LANGUAGES] + sorted(
        c for c in frame.columns if c.startswith("file_") and c[5:] not in LANGUAGES)
    columns = ["symbol", "title", "date", "body", "session_key", "doc_type", "authors", "author_iso3",
               "languages", "record_url", *lang_columns, "link", "source", "record_id", "subjects",
               "source_id", "source_url", "retrieved_at"]
    return frame[columns].reset_index(drop=True)


def _authors(named: pd.DataFrame, key: str, name_column: str) -> pd.DataFrame:
    if named.empty:
        return pd.DataFrame(columns=[key, "authors", "author_iso3"])
    rows = []
    for record_id, group in named.groupby(key, sort=False):
        rows.append({key: record_id,
                     "authors": "; ".join(dict.fromkeys(group[name_column].dropna())),
                     "author_iso3": "; ".join(dict.fromkeys(group["iso3"].dropna()))})
    return pd.DataFrame(rows)


def filter_documents(docs: pd.DataFrame, body: str = "All", session: str = "All", doc_type: str = "All",
                     country: str = "All", language: str = "All") -> pd.DataFrame:
    """Documents of one body, session, type, author country (ISO3) and language ("All" keeps all)."""
    keep = pd.Series(True, index=docs.index)
    if body != "All":
        keep &= docs["body"] == body
    if session != "All":
        keep &= docs["session_key"] == session
    if doc_type != "All":
        keep &= docs["doc_type"] == doc_type
    if country != "All":
        keep &= docs["author_iso3"].fillna("").map(lambda cell: country in cell.split("; "))
    if language != "All":
        column = f"file_{language}"
        has_file = docs[column].notna() if column in docs.columns else False
        keep &= has_file | docs["languages"].fillna("").map(lambda cell: language in cell.split("; "))
    return docs[keep]


# --- participation -------------------------------------------------------------------------------------

PARTICIPATION_KINDS = ("submission", "statement", "sponsorship")


def country_participation(engine: sa.Engine) -> pd.DataFrame:
    """One row per state and document it submitted, delivered or sponsored, with the session.

    Library records: a state named as author counts as a submission, as (additional) sponsor as a
    sponsorship. UNODC pages: a state's submission or statement. Unresolved names are left out here (they
    are reported as warnings in the run log).
    """
    d, c = schema.un_documents, schema.un_document_countries
    library = read_frame(engine, sa.select(c.c.iso3, c.c.role, c.c.name_in_source, d.c.symbol, d.c.title, d.c.body,
                                       d.c.session, c.c.source_url, c.c.retrieved_at)
                     .join(d, sa.and_(d.c.record_id == c.c.record_id, d.c.source_id == c.c.source_id)))
    library["kind"] = library["role"].map(lambda r: "submission" if r == "author" else "sponsorship")
    library["session_key"] = [session_key_of(b, s) for b, s in zip(library["body"], library["session"])]
    a = schema.ahc_documents
    pages = read_frame(engine, sa.select(a.c.iso3, a.c.category.label("kind"), a.c.submitter_name.label("name_in_source"),
                                     a.c.symbol, a.c.title, a.c.session_key, a.c.source_url, a.c.retrieved_at)
                   .where(a.c.submitter_kind == "state", a.c.category.in_(("submission", "statement"))))
    pages["role"] = pages["kind"]
    frame = pd.concat([library, pages], ignore_index=True)
    frame = frame[frame["iso3"].notna()].copy()
    frame["country"] = frame["iso3"].map(countries.display_name)
    return frame[["iso3", "country", "kind", "role", "session_key", "symbol", "title", "name_in_source",
                  "source_url", "retrieved_at"]].reset_index(drop=True)


def participation_by_country(rows: pd.DataFrame) -> pd.DataFrame:
    """Per state: submissions, statements, sponsorships and their total (states with none are absent)."""
    columns = ["iso3", "country", *PARTICIPATION_KINDS, "total", "country_link", "source_url", "retrieved_at"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    table = rows.pivot_table(index=["iso3", "country"], columns="kind", values="role", aggfunc="count",
                             fill_value=0).reset_index()
    for kind in PARTICIPATION_KINDS:
        if kind not in table.columns:
            table[kind] = 0
    table["total"] = table[list(PARTICIPATION_KINDS)].sum(axis=1)
    table["country_link"] = table["iso3"].map(country_link)
    provenance = rows.groupby("iso3").agg(
        source_url=("source_url", lambda s: "; ".join(dict.fromkeys(s.dropna()))),
        retrieved_at=("retrieved_at", "max"))
    table = table.merge(provenance, left_on="iso3", right_index=True, how="left")
    table.columns.name = None
    return table[columns].sort_values(["total", "country"], ascending=[False, True]).reset_index(drop=True)


def stakeholder_participation(engine: sa.Engine) -> pd.DataFrame:
    """One row per organisation and session it took part in (approved, submitted, spoke)."""
    s, p = schema.stakeholders, schema.stakeholder_participation
    frame = read_frame(engine, sa.select(p.c.stakeholder_key, s.c.name, s.c.name_variants, s.c.category,
                                     s.c.country_iso3, p.c.session_key, p.c.role, p.c.source_url,
                                     p.c.retrieved_at)
                   .join(s, sa.and_(s.c.stakeholder_key == p.c.stakeholder_key, s.c.source_id == p.c.source_id),
                         isouter=True)
                   .order_by(p.c.session_key, s.c.name))
    frame["category"] = frame["category"].fillna("not stated")
    return frame


STAKEHOLDER_CATEGORIES = {
    "para7_igo": "Intergovernmental / UN bodies (para. 7)",
    "ecosoc_ngo": "NGOs in ECOSOC status (para. 8)",
    "para9": "Other approved (para. 9)",
    "para9_ngo": "Other approved: NGOs and civil society (para. 9)",
    "para9_academia": "Other approved: academia (para. 9)",
    "para9_private_sector": "Other approved: private sector (para. 9)",
    "other": "Other approved (para. 9)",
    "not stated": "Category not stated",
}


def stakeholders_by_session(rows: pd.DataFrame, session_names: dict[str, str] | None = None) -> pd.DataFrame:
    """Distinct organisations per session and category."""
    columns = ["session_key", "session", "category", "stakeholders", "source_url", "retrieved_at"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    grouped = rows.groupby(["session_key", "category"]).agg(
        stakeholders=("stakeholder_key", "nunique"),
        source_url=("source_url", lambda s: "; ".join(dict.fromkeys(s.dropna()))),
        retrieved_at=("retrieved_at", "max")).reset_index()
    grouped["session"] = [session_label(k, session_names) for k in grouped["session_key"]]
    grouped["category"] = grouped["category"].map(lambda c: STAKEHOLDER_CATEGORIES.get(c, c))
    return grouped[columns]


# --- votes ----------------------------------------------------------------------------------------------

def resolutions(engine: sa.Engine) -> pd.DataFrame:
    """Resolutions with stated totals, and how many state rows are stored for each; newest first."""
    r, v = schema.ga_resolutions, schema.ga_votes
    frame = read_frame(engine, sa.select(r)).drop(columns=["id"])
    counts = read_frame(engine, sa.select(v.c.resolution, sa.func.count().label("vote_rows"),
                                      sa.func.min(v.c.date).label("vote_date"),
                                      sa.func.max(v.c.source_url).label("vote_source_url"),
                                      sa.func.max(v.c.retrieved_at).label("vote_retrieved_at"))
                    .group_by(v.c.resolution))
    frame = frame.merge(counts, on="resolution", how="outer")
    frame["date"] = pd.to_datetime(frame["date"].fillna(frame["vote_date"])).dt.date
    frame["source_url"] = frame["source_url"].fillna(frame["vote_source_url"])
    frame["retrieved_at"] = frame["retrieved_at"].fillna(frame["vote_retrieved_at"])
    frame["vote_rows"] = frame["vote_rows"].fillna(0).astype(int)
    frame["record_url"] = frame["record_url"].map(http_only)
    frame = frame.drop(columns=["vote_date", "vote_source_url", "vote_retrieved_at"])
    return frame.sort_values(["date", "resolution"], ascending=[False, True], na_position="last") \
        .reset_index(drop=True)


def votes(engine: sa.Engine, resolution: str | None = None) -> pd.DataFrame:
    """One row per state and resolution: vote code and label, the state's UN group, a country-page link.

    A state recorded twice (two forms spelling its name differently) keeps its latest row.
    """
    v, c = schema.ga_votes, schema.countries
    query = sa.select(v, c.c.name.label("country"), c.c.un_group).join(c, c.c.iso3 == v.c.iso3, isouter=True)
    if resolution:
        query = query.where(v.c.resolution == resolution)
    frame = read_frame(engine, query.order_by(v.c.resolution, c.c.name))
    frame = frame.sort_values("retrieved_at", kind="stable")
    resolved = frame[frame["iso3"].notna()].drop_duplicates(["resolution", "iso3"], keep="last")
    frame = pd.concat([resolved, frame[frame["iso3"].isna()]]).sort_values(["resolution", "country"])
    frame["country"] = frame["country"].fillna(frame["country_name"])
    frame["vote_label"] = frame["vote"].map(VOTE_LABELS)
    frame["country_link"] = frame["iso3"].map(country_link)
    frame = _dates(frame, "date")
    return frame[["resolution", "country", "iso3", "vote", "vote_label", "un_group", "country_name", "date",
                  "country_link", "undl_record_id", "source_url", "retrieved_at"]].reset_index(drop=True)


def vote_totals(votes_frame: pd.DataFrame) -> dict[str, int]:
    """Counted from the state rows: Yes, No, Abstain, Not voting, total."""
    counted = votes_frame["vote_label"].value_counts()
    return {**{label: int(counted.get(label, 0)) for label in VOTE_LABELS.values()}, "Total": len(votes_frame)}


def vote_comparison(all_votes: pd.DataFrame, iso3s: list[str]) -> pd.DataFrame:
    """States x resolutions: the vote label of each chosen state (blank where no vote is recorded)."""
    chosen = all_votes[all_votes["iso3"].isin(iso3s)]
    order = sorted(all_votes["resolution"].dropna().unique())
    table = chosen.pivot_table(index=["iso3", "country"], columns="resolution", values="vote_label",
                               aggfunc="first").reindex(columns=order)
    missing = [i for i in iso3s if i not in set(chosen["iso3"])]
    if missing:
        extra = pd.DataFrame(index=pd.MultiIndex.from_tuples([(i, countries.display_name(i)) for i in missing],
                                                             names=["iso3", "country"]), columns=order)
        table = pd.concat([table, extra])
    table = table.reset_index()
    table.columns.name = None
    table["country_link"] = table["iso3"].map(country_link)
    table["source_url"] = "; ".join(dict.fromkeys(all_votes["source_url"].dropna())) or None
    table["retrieved_at"] = all_votes["retrieved_at"].max() if len(all_votes) else None
    return table.sort_values("country").reset_index(drop=True)
