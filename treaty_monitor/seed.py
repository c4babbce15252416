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
    as_of = min(f.as_of for f in files)  # the run is dated to the snapshot, so freshness reads true
    run_id = store.start_run(engine, source_id, "seed", started_at=as_of)
    counts = store.Counts()
    warnings: list[str] = []
    # As a collector run does with its URLs, all files are stored with one sync per table (the first file
    # wins a key given twice); each row keeps its own file's URL and date.
    batches: dict[str, list[dict]] = {}
    for seed_file in files:
        content = (config.SEED_DIR / seed_file.path).read_bytes()
        result = getattr(module, seed_file.parser)(content, seed_file.url)
        warnings += result.warnings
        for table_name, rows in result.tables.items():
            batches.setdefault(table_name, []).extend(
                row | {"source_url": row.get("source_url") or seed_file.url, "retrieved_at": seed_file.as_of}
                for row in rows)
    with engine.begin() as conn:
        ctx = store.SyncContext(source_id, run_id, as_of)
        for table_name, rows in batches.items():
            counts.add(store.sync(conn, table_name, module.DATASETS[table_name], rows, ctx))
    store.finish_run(engine, run_id, "success", counts, warnings, finished_at=as_of)
    return counts


# --- Provider transparency reports (issue 6): copies of the providers' own downloads -------------
# Taken from public GitHub repositories that had committed them (see ../shared/sources/transparency/
# README.md); the url is the provider's download, the note names the repository and commit.
_NSL = ("github.com/ucsdsysnet/nsl-empirical-analysis (data/raw/transparency_reports/) at commit "
        "07990ebb1678701e488bc3d63f163e947246e12d")
_CS263 = "github.com/jloza01/cs263-final (trans-data/) at commit 995700b62001a2d8afd9efc6519e2f63b5809bc2"
_KRM = "github.com/krmaynard/content-policy at commit 7335b1946262f2881165222acab46c5390d26f57"
_QUT = ("github.com/qut-dmrc/transparency-aggregator (tests/Transparency_Reports/) at commit "
        "b9db6f81ac2e7c78b9dbedbc2df2293f7bc3b024")
_SOC = "github.com/mitchelle923/SOC-367S-Data-Science-Society at commit 33549879a8b21d1c98152840979b4526d8369756"
_NOT_LICENSED = " No licence statement found; provider's terms apply."
_GOOGLE_USER = "https://storage.googleapis.com/transparencyreport/google-user-data-requests.zip"
_GOOGLE_REMOVALS = "https://storage.googleapis.com/transparencyreport/google-government-removals.zip"
_HALVES = [f"{year}-H{half}" for year in range(2013, 2024) for half in (1, 2)]

SEED_FILES += [
    *(SeedFile("transparency_google", f"transparency_google/{name}", _GOOGLE_USER, _utc(2023, 6, 30),
               note=f"One CSV of Google's user-data ZIP, copied unmodified from {_CS263}.{_NOT_LICENSED}")
      for name in ("google-global-user-data-requests.csv", "google-global-user-data-dlr-requests.csv",
                   "google-enterprise-data-requests.csv", "google-enterprise-data-dlr-requests.csv")),
    *(SeedFile("transparency_google", f"transparency_google/{name}", _GOOGLE_REMOVALS, _utc(2023, 6, 30),
               note=f"One CSV of Google's government-removals ZIP (data to 2022-06-30), copied unmodified "
                    f"from {_KRM}.{_NOT_LICENSED}")
      for name in ("google-government-removal-requests-historical.csv",
                   "google-government-removal-requests.csv",
                   "google-government-detailed-removal-requests.csv")),
    *(SeedFile("transparency_meta",
               f"transparency_meta/PRPL-Facebook-Government-Report-{half.replace('-', '_')}.csv",
               f"https://transparency.facebook.com/download/{half}/", _utc(2023, 6, 30),
               note=("Meta's CSV for this half-year, copied unmodified from "
                     + (_CS263 if half == "2023-H1" else _NSL) + "." + _NOT_LICENSED))
      for half in _HALVES[:21]),
    *(SeedFile("transparency_microsoft", f"transparency_microsoft/Microsoft-LERR-{half}.xlsx",
               f"https://cdn-dynmedia-1.microsoft.com/is/content/microsoftcorp/Microsoft-LERR-{half}",
               _utc(2022, 6, 30),
               note=f"Microsoft's LERR workbook for this half-year from {_NSL} (stored there as "
                    f"'Microsoft LERR_{half.replace('-', '_')}.xlsx').{_NOT_LICENSED}")
      for half in _HALVES[:19]),
    *(SeedFile("transparency_apple", f"transparency_apple/{name}.csv",
               "https://www.apple.com/legal/zip/transparency/Apple_Transparency_Report.zip", _utc(2022, 12, 31),
               note=f"One CSV of Apple's transparency-report ZIP (data to 2022 H2), copied unmodified from "
                    f"{_CS263}.{_NOT_LICENSED}")
      for name in ("account_preservation_requests", "account_requests", "account_restriction_deletion_requests",
                   "app_takedown_legal_violation_requests", "app_takedown_platform_policy_violation_requests",
                   "device_requests", "digital_content_provider_requests", "emergency_requests",
                   "financial_identifier_requests", "push_token_requests", "us_national_security_requests")),
    # the newer CSV first (the first file wins a key given twice), then the 2022-H1 workbook for its
    # content-removal requests; their 2022-H1 request figures differ only in the rounding of a few shares
    SeedFile("transparency_tiktok", "transparency_tiktok/2023H1_raw_data_law_English.csv",
             "https://sf16-va.tiktokcdn.com/obj/eden-va2/uhsllrta/H1%20%2723%20LIGR/law/"
             "2023H1_raw_data_law_English.csv", _utc(2023, 6, 30),
             note=f"TikTok's 2023-H1 download (2022-H1 to 2023-H1 per country), copied unmodified from {_SOC}."
                  + _NOT_LICENSED),
    SeedFile("transparency_tiktok", "transparency_tiktok/English_LIPGR_2022_H1.xlsx",
             "https://www.tiktok.com/transparency/en/government-requests/", _utc(2023, 6, 30),
             note=f"TikTok's H1 2022 workbook from {_KRM} (stored there as 'English_LIPGR_2022_H1 (1).xlsx')."
                  + _NOT_LICENSED),
    SeedFile("transparency_snap", "transparency_snap/snap-government-requests-2020H1-2022H1.csv",
             "https://values.snap.com/privacy/transparency", _utc(2022, 6, 30),
             note=f"A row subset (the government-request sections, header and rows as published) of Snap's five "
                  f"CSVs for 2020-H1 to 2022-H1, from {_NSL}.{_NOT_LICENSED}"),
    SeedFile("transparency_x", "transparency_x/information-requests-report-jan-jun-2017.csv",
             "https://transparency.twitter.com/content/dam/transparency-twitter/data/"
             "download-govt-information-requests/information-requests-report-jan-jun-2017.csv", _utc(2017, 6, 30),
             note=f"Twitter's per-country CSV for 2017-H1, copied unmodified from {_QUT}.{_NOT_LICENSED}"),
]

# --- UN session records (issue 3) -----------------------------------------------------------------
_DHL_VOTING = "https://digitallibrary.un.org/record/4060887"
SEED_FILES += [
    *(SeedFile("ga_votes", f"ga_votes/{name}", _DHL_VOTING, _utc(2026, 2, 6),
               note="Rows for one resolution from the Dag Hammarskjöld Library's GA voting dataset (record "
                    "4060887, non-commercial use with attribution); as-of date assumed to be the dataset "
                    "release of 6 Feb 2026 named in the shared source notes. Votes of 2018-2019 are final.")
      for name in ("ga_votes_A-RES-74-247.csv", "ga_votes_A-RES-73-187.csv")),
    SeedFile("ga_votes", "ga_votes/ga_resolutions_summary.csv", _DHL_VOTING, _utc(2026, 2, 6),
             note="Titles, meetings and totals of four resolutions from the library's voting dataset and records "
                  "(same release)."),
    SeedFile("unodc_ahc", "unodc_ahc/ahc_sessions.csv",
             "https://www.unodc.org/unodc/en/cybercrime/ad_hoc_committee/home", _utc(2026, 1, 28),
             "sessions_from_seed_csv",
             "Sessions and meetings 2021-2026 compiled by hand from the Committee's home and session pages "
             "(stored copies, incl. a 12 May 2024 copy), UNTC for the adoption and signing, and news of "
             "27-28 Jan 2026 for the rules-of-procedure meeting; each row names its own source."),
    SeedFile("undl_documents", "undl_documents/undl_marcxml_search_2records.xml",
             'https://digitallibrary.un.org/search?p=191__a:"A/C.3/78/L.*"&of=xm&rg=200', _utc(2025, 5, 16),
             note="Two real records (A/C.3/78/L.49/Rev.1 and its amendment) of a 94-record MARCXML export of the "
                  "UN Digital Library; as of the records' last change (MARC 005, 16 May 2025)."),
]

# --- Human-rights incidents (issue 4): Access Now's 2020 STOP sheet ---------------------------------
SEED_FILES += [
    SeedFile("keepiton", "keepiton/stop_2020_sheet.csv",
             "https://docs.google.com/spreadsheets/d/1DvPAuHNLp5BXGb0nnZDGNoiIwEeu2ogdXEIDvT4Hyfk/export?format=xlsx",
             _utc(2020, 12, 31),
             note="Access Now's #KeepItOn STOP dataset, 2020 sheet (internet shutdowns of 2020), as published by "
                  "Access Now (accessnow.org/keepiton-data-spreadsheet) and kept unmodified from a public copy "
                  "of the sheet's CSV export. Data: Access Now, #KeepItOn campaign; attribute to Access Now."),
]
