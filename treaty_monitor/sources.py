"""The source registry: one entry per public source.

It drives the CLI (``python -m collectors``), the scheduler, the data-sources page, the methodology
notes and the provenance written into every CSV extract. The code that fetches and parses a source
lives in ``collectors/<id>.py``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    publisher: str
    urls: tuple[str, ...]
    cadence: timedelta
    licence: str
    attribution: str
    method: str
    home_url: str
    tables: tuple[str, ...]
    # "all": every URL is fetched; "first_success": the URLs are alternatives tried in order.
    fetch_mode: str = "all"
    max_bytes: int = 50_000_000
    topics: tuple[str, ...] = field(default=())


DAY = timedelta(days=1)

SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    SOURCES[source.id] = source
    return source


register(Source(
    id="untc_status",
    name="UN Treaty Collection: status of the Convention (MTDSG XVIII-16)",
    publisher="United Nations Treaty Collection",
    urls=(
        "https://treaties.un.org/doc/Publication/MTDSG/Volume%20II/Chapter%20XVIII/XVIII-16.en.xml",
        "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-16&chapter=18&clang=_en",
    ),
    fetch_mode="first_success",
    cadence=DAY,
    licence="Official UN depositary record, public",
    attribution="United Nations Treaty Collection, MTDSG chapter XVIII-16",
    method=(
        "The depositary record of the UN Secretary-General: the XML view first, the HTML status page as "
        "fallback. One row per participant with its signature and its consent to be bound (ratification, "
        "acceptance (A), approval (AA), accession (a), succession (d), formal confirmation (c)). Bracketed "
        "or struck entries are kept and flagged. Entry into force follows art. 65(1): the 90th day after the "
        "40th instrument, not counting the European Union's. The bundled snapshot compiles the UNTC copy "
        "with the Dutch treaty database and press reports; each row keeps its source and confidence."
    ),
    home_url="https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-16&chapter=18&clang=_en",
    tables=("treaty_participants", "treaty_records"),
    topics=("treaty",),
))

register(Source(
    id="unctad_cyberlaw",
    name="UNCTAD Global Cyberlaw Tracker",
    publisher="UN Trade and Development (UNCTAD)",
    urls=(
        "https://storage.unctad.org/2026-cyberlaw_tracker/assets/data/data.csv",
        "https://storage.unctad.org/2026-cyberlaw_tracker/assets/data/document_links.json",
    ),
    cadence=timedelta(days=30),
    licence="May be freely quoted and used with appropriate acknowledgement",
    attribution="UNCTAD Global Cyberlaw Tracker (unctad.org/page/cybercrime-legislation-worldwide)",
    method=(
        "Per UNCTAD member state (keyed by UN M49 code), whether it has adopted legislation, a draft, no "
        "legislation, or no data, in five areas: e-transactions, consumer protection, privacy and data "
        "protection, cybercrime and indirect taxation; with the titles and links of the laws."
    ),
    home_url="https://unctad.org/page/cybercrime-legislation-worldwide",
    tables=("cyberlaw_status", "cyberlaw_documents"),
    topics=("law",),
))

# --- Provider transparency reports: government requests for user data (issue 6) -------------------
_PROVIDER_TERMS = "No licence statement found; provider's terms apply — check before republishing"
_COUNTS_DIFFER = (
    " Providers count differently: some count requests, others accounts or other identifiers "
    "(devices, financial identifiers); 'disclosed' means 'some data produced' and its scope differs by "
    "provider and request type; request types (legal process, emergency, preservation, diplomatic) are "
    "each provider's own; periods are half-years but products and coverage change over the years. "
    "Figures are never summed across providers. A value the provider marks as not reported is missing, "
    "not zero; a published range or bound ('<10') is kept as such."
)

register(Source(
    id="transparency_google",
    name="Google Transparency Report: government requests for user data and content removal",
    publisher="Google",
    urls=(
        "https://storage.googleapis.com/transparencyreport/google-user-data-requests.zip",
        "https://storage.googleapis.com/transparencyreport/google-government-removals.zip",
    ),
    cadence=timedelta(days=30),
    licence=_PROVIDER_TERMS,
    attribution="Google Transparency Report (transparencyreport.google.com)",
    method=(
        "Google's ZIPs of CSVs, per half-year (labelled by period end) and country (name and CLDR code): "
        "user-data requests by legal process (one 'All' figure before 2014-H2, then emergency, other "
        "legal and preservation requests; US rows split by subpoena, warrant, court order...), the "
        "accounts specified and the percentage where some data was produced; Enterprise Cloud requests; "
        "diplomatic legal requests (MLAT-type requests routed through the US or Ireland, the closest "
        "measure of cross-border evidence requests); and content-removal requests by requester and by "
        "product and reason. Preservation requests are not in Google's totals. Accounts (to 2010-H2) and "
        "the disclosed share (to 2010-H1) were not yet published and are stored as missing." + _COUNTS_DIFFER
    ),
    home_url="https://transparencyreport.google.com/user-data/overview",
    tables=("data_requests", "removal_requests"),
    topics=("requests",),
))

register(Source(
    id="transparency_meta",
    name="Meta Transparency Center: government requests for user data",
    publisher="Meta Platforms",
    # One CSV per half-year. The half-year is read from the URL's file name. The known download pattern
    # (used by QUT's transparency aggregator) may no longer be live; `--url` fetches any other copy.
    urls=tuple(f"https://transparency.facebook.com/download/{half}/"
               for half in ("2023-H1", "2023-H2", "2024-H1", "2024-H2")),
    cadence=timedelta(days=30),
    licence=_PROVIDER_TERMS,
    attribution="Meta Transparency Center, government requests for user data (transparency.meta.com)",
    method=(
        "One CSV per half-year, one row per country (English names only): total requests, legal-process "
        "and emergency requests, each with the accounts ('users/accounts requested') and the percentage "
        "of requests where some data was produced, preservation requests, and US-only legal-process "
        "types. Early US figures are published as ranges and kept as ranges; from 2019-H2 every "
        "territory is listed, so many rows are zero. The half-year comes from the file name; the "
        "direct download URL pattern could not be confirmed and may need `--url`." + _COUNTS_DIFFER
    ),
    home_url="https://transparency.meta.com/reports/government-data-requests/",
    tables=("data_requests",),
    topics=("requests",),
))

register(Source(
    id="transparency_microsoft",
    name="Microsoft Law Enforcement Requests Report",
    publisher="Microsoft",
    urls=tuple(f"https://cdn-dynmedia-1.microsoft.com/is/content/microsoftcorp/Microsoft-LERR-{half}"
               for half in ("2022-H2", "2023-H1", "2023-H2", "2024-H1", "2024-H2", "2025-H1", "2025-H2")),
    cadence=timedelta(days=30),
    licence=_PROVIDER_TERMS,
    attribution="Microsoft Law Enforcement Requests Report (microsoft.com/corporate-responsibility)",
    method=(
        "One XLSX workbook per half-year, laid out for print and read by header text: per country, "
        "law-enforcement requests, accounts/users specified, and the shares where content or only "
        "non-content data was disclosed (their sum is stored as the disclosed percentage). All requests "
        "in one table to 2016; from 2017 criminal ('legal') and emergency requests apart, from 2018 civil "
        "requests too; 2013 has Skype separately (already included in the Microsoft figures). US "
        "national-security orders are published in bands and kept as ranges. Plain 'Korea' in some "
        "workbooks is read as the Republic of Korea (Microsoft's usage only). The registry lists the "
        "latest workbooks; older ones are in the bundled snapshot." + _COUNTS_DIFFER
    ),
    home_url="https://www.microsoft.com/en-us/corporate-responsibility/law-enforcement-requests-report",
    tables=("data_requests",),
    topics=("requests",),
))

register(Source(
    id="transparency_apple",
    name="Apple Transparency Report: government and private party requests",
    publisher="Apple",
    urls=("https://www.apple.com/legal/zip/transparency/Apple_Transparency_Report.zip",),
    cadence=timedelta(days=30),
    licence=_PROVIDER_TERMS,
    attribution="Apple Transparency Report (apple.com/legal/transparency)",
    method=(
        "One ZIP of CSVs, one per request type, per half-year and country (English names): device, "
        "account, emergency, financial-identifier, preservation, account restriction/deletion, push-token "
        "and digital-content-provider requests. 'Accounts' holds what each type specifies (devices, "
        "accounts, financial identifiers or push tokens), so it is not comparable across types. Government "
        "app-takedown requests (legal or platform-policy violations) are removal requests. US national "
        "security requests are published in bands and kept as ranges. ' -' means not reported." + _COUNTS_DIFFER
    ),
    home_url="https://www.apple.com/legal/transparency/",
    tables=("data_requests", "removal_requests"),
    topics=("requests",),
))

register(Source(
    id="transparency_tiktok",
    name="TikTok Transparency Center: government requests for user information",
    publisher="TikTok",
    urls=("https://sf16-va.tiktokcdn.com/obj/eden-va2/uhsllrta/H1%20%2723%20LIGR/law/"
          "2023H1_raw_data_law_English.csv",),
    cadence=timedelta(days=30),
    licence=_PROVIDER_TERMS,
    attribution="TikTok Transparency Center, government requests for user information (tiktok.com/transparency)",
    method=(
        "The report page's download: a long CSV with one figure per line, several half-years per file "
        "(or, for 2022-H1, an XLSX with a per-country sheet and government content-removal requests). "
        "Per country: total, legal, emergency and preservation requests, accounts specified and the share "
        "of legal and emergency requests where some data was disclosed. TikTok-wide totals are not kept. "
        "Each half-year's download has its own URL; pass the newest with `--url`." + _COUNTS_DIFFER
    ),
    home_url="https://www.tiktok.com/transparency/en/government-requests/",
    tables=("data_requests", "removal_requests"),
    topics=("requests",),
))

register(Source(
    id="transparency_snap",
    name="Snap transparency report: government information requests",
    publisher="Snap Inc.",
    # Per-period CSV assets linked from each values.snap.com/privacy/transparency-<period> page.
    urls=(
        "https://assets.ctfassets.net/kw9k15zxztrs/1lHFTspWwHmVCAKT236Oo1/8105fc04c43056397fdbf240e07fa92e/"
        "Snap_Transparency_Report_H1-2024.csv",
        "https://assets.ctfassets.net/kw9k15zxztrs/59JIr8caki5HjwkGRXXY2u/9a009d4ee87d0217cc2e1bc8421a3f5b/"
        "Snap_Transparency_Report_H2-2024.csv",
    ),
    cadence=timedelta(days=30),
    licence=_PROVIDER_TERMS,
    attribution="Snap Inc. transparency report (values.snap.com/privacy/transparency)",
    method=(
        "One long CSV per half-year (period, section, category, sub-categories, metric, value). Per "
        "country: emergency and other information requests with account identifiers and the share where "
        "some data was produced; US criminal legal requests by process; US national-security requests in "
        "bands, kept as ranges. Snap's government content-removal figure names no country and is not "
        "kept. The bundled snapshot is a row subset (the request sections) of the 2020-H1 to 2022-H1 "
        "files." + _COUNTS_DIFFER
    ),
    home_url="https://values.snap.com/privacy/transparency",
    tables=("data_requests",),
    topics=("requests",),
))

register(Source(
    id="transparency_x",
    name="X (Twitter) transparency report, historic: information requests",
    publisher="X Corp. (formerly Twitter)",
    # Historic download pattern (…-<jan-jun|jul-dec>-<YYYY>.csv, 2012 onwards); probably gone since X
    # moved its transparency centre. Kept so a run says so plainly; use `--url` for an archived copy.
    urls=("https://transparency.twitter.com/content/dam/transparency-twitter/data/"
          "download-govt-information-requests/information-requests-report-jan-jun-2017.csv",),
    cadence=timedelta(days=365),
    licence=_PROVIDER_TERMS,
    attribution="Twitter Transparency Report (historic, transparency.twitter.com)",
    method=(
        "Twitter's per-country CSV for one half-year: account information requests, the percentage "
        "where some information was produced, and accounts specified, with the country's two-letter "
        "code. No emergency/legal split: every row is 'all'. '-' is stored as missing. The live download "
        "is probably gone (X no longer publishes these files); the bundled snapshot holds 2017-H1 "
        "only." + _COUNTS_DIFFER
    ),
    home_url="https://transparency.x.com/",
    tables=("data_requests",),
    topics=("requests",),
))

# --- UN session records (issue 3): UN Digital Library, GA votes, UNODC Ad Hoc Committee pages -------
_UNDL_SEARCH = "https://digitallibrary.un.org/search?of=xm&rg=200&jrec=1&p="
_UN_TERMS = "United Nations terms of use (un.org/en/about-us/terms-of-use); cite the UN document symbol"

register(Source(
    id="undl_documents",
    name="UN Digital Library: Ad Hoc Committee documents and the resolutions behind the Convention",
    publisher="United Nations Dag Hammarskjöld Library",
    urls=(
        _UNDL_SEARCH + '191__a:"A/AC.291/*"',
        *(_UNDL_SEARCH + f'191__a:"{symbol}"' for symbol in (
            "A/RES/73/187", "A/RES/74/247", "A/RES/75/282", "A/RES/79/243",
            "A/C.3/73/L.9/Rev.1", "A/C.3/74/L.11/Rev.1")),
        _UNDL_SEARCH + 'title:"Countering the use of information and communications technologies for '
                       'criminal purposes"',
    ),
    cadence=timedelta(days=7),
    licence=_UN_TERMS,
    attribution="UN Digital Library (digitallibrary.un.org), United Nations Dag Hammarskjöld Library",
    method=(
        "Searches of the UN Digital Library exported as MARCXML (of=xm), 200 records a page, paged with jrec "
        "up to the total the library states: every document whose symbol starts A/AC.291/ (the Ad Hoc "
        "Committee), the four General Assembly resolutions (73/187, 74/247, 75/282, 79/243), their Third "
        "Committee drafts, and every record titled 'Countering the use of information and communications "
        "technologies for criminal purposes'. One row per record (symbol 191, title 245, date 269/992, "
        "session, type inferred from the title and symbol), one per language file (856, language from the "
        "file name), one per state named as author (710) or sponsor (245 $c, 515 'Additional sponsors'). "
        "The library answers some clients with an empty HTTP 202: that is a failed run, never 'no documents'. "
        "Runs add and update; a document is never removed because a page failed."
    ),
    home_url="https://digitallibrary.un.org/search?p=191__a%3A%22A%2FAC.291%2F*%22",
    tables=("un_documents", "un_document_files", "un_document_countries"),
    topics=("un",),
))

register(Source(
    id="ga_votes",
    name="UN General Assembly: recorded votes on the resolutions behind the Convention",
    publisher="United Nations Dag Hammarskjöld Library",
    urls=tuple(
        "https://digitallibrary.un.org/search?c=Voting%20Data&of=xm&rg=200&jrec=1&p=" + f'791__a:"{symbol}"'
        for symbol in ("A/RES/73/187", "A/RES/74/247", "A/RES/75/282", "A/RES/79/243")),
    cadence=timedelta(days=30),
    licence="UN Digital Library voting data: non-commercial use with attribution",
    attribution="United Nations Dag Hammarskjöld Library, UN General Assembly voting data "
                "(digitallibrary.un.org/record/4060887)",
    method=(
        "The library's 'Voting Data' records (MARCXML: 791 the resolution, 996 the totals, one 967/968/969 "
        "per state with its vote) and its GA voting CSV dataset (record 4060887; load a downloaded file with "
        "`python -m collectors run ga_votes --url file:///path/to/ga_voting.csv`, the file sits behind a "
        "browser check) give the same rows: one per state and resolution, vote Y (yes), N (no), A (abstain) "
        "or X (did not vote). The totals the record states must match its state rows, or the run fails and "
        "nothing is stored. Resolution 79/243 (the Convention) was adopted without a vote: it has no voting "
        "record. The bundled snapshot holds the library's rows for 73/187 and 74/247."
    ),
    home_url="https://digitallibrary.un.org/record/4060887",
    tables=("ga_votes", "ga_resolutions"),
    topics=("un",),
))

_AHC = "https://www.unodc.org/unodc/en/cybercrime/ad_hoc_committee/"
register(Source(
    id="unodc_ahc",
    name="UNODC: Ad Hoc Committee on cybercrime, sessions, documents and stakeholders",
    publisher="United Nations Office on Drugs and Crime (UNODC)",
    urls=tuple(_AHC + page for page in (
        "home", "ahc-session-organizational-matters.html", "ahc-second-session.html", "ahc_fifth_session/main",
        "ahc_sixth_session/main", "ahc_reconvened_concluding_session/main",
        "information-for-multi-stakeholders.html")),
    cadence=timedelta(days=7),
    licence=_UN_TERMS,
    attribution="UNODC, Ad Hoc Committee to Elaborate a Comprehensive International Convention on Countering "
                "the Use of ICTs for Criminal Purposes (unodc.org)",
    method=(
        "The Committee's web pages: the home page lists the sessions and intersessional consultations with "
        "dates and venues; each session page lists its documents (official, Chair's, working documents, "
        "submissions and statements by states and by stakeholders); the multi-stakeholder pages list the "
        "approved organisations. Pages are read by their headings, not by position, as their layout changed "
        "over the years. States are resolved to the country table; organisations are merged across spellings "
        "into one stakeholder with its category (para. 7 intergovernmental, para. 8 ECOSOC-status NGO, "
        "para. 9 other approved organisations). The bundled snapshot holds the sessions and meetings, "
        "compiled from these pages and news of the 2026 meeting on the Conference of the States Parties' "
        "rules of procedure."
    ),
    home_url=_AHC + "home",
    tables=("ahc_sessions", "ahc_documents", "stakeholders", "stakeholder_participation"),
    topics=("un",),
))

# --- Human-rights incidents (issue 4): Access Now STOP dataset, NGO feeds -------------------------
_STOP_SHEET = "1DvPAuHNLp5BXGb0nnZDGNoiIwEeu2ogdXEIDvT4Hyfk"

register(Source(
    id="keepiton",
    name="Access Now STOP (#KeepItOn): internet shutdowns",
    publisher="Access Now",
    urls=(f"https://docs.google.com/spreadsheets/d/{_STOP_SHEET}/export?format=xlsx",),
    cadence=timedelta(days=7),
    licence="Public dataset; attribute to Access Now (#KeepItOn STOP data)",
    attribution="Access Now, #KeepItOn Shutdown Tracker Optimization Project (STOP) dataset",
    method=(
        "Access Now's public STOP sheet, exported as an XLSX workbook: its 'Combined' sheet holds every "
        "internet shutdown once (the per-year sheets repeat events ongoing at a year's turn and are not "
        "read); the 2016-2020 yearly CSV layout is read too. One row is one shutdown event: start and end "
        "date, ongoing, duration, shutdown type (full or throttling), geographic scope, cause, who ordered "
        "it, and the human-rights, election and violence flags. A row naming several countries becomes one "
        "incident per country, sharing an event key, so country counts are per country and event counts "
        "are per event. Every shutdown is an incident with verification 'reported' (reported by Access Now); "
        "the target group is read from 'users targeted'. Methodology: "
        "https://www.accessnow.org/guide/shutdown-tracker-optimization-project/ . The bundled snapshot is "
        "the 2020 sheet."
    ),
    home_url="https://www.accessnow.org/keepiton-data-spreadsheet",
    tables=("incidents",),
    topics=("incidents",),
))


def _ngo_feed_urls() -> tuple[str, ...]:
    """The configured feeds (data/feeds.csv, else the defaults of treaty_monitor.ngo_feed_list)."""
    from .ngo_feed_list import DEFAULT_FEEDS, feed_list

    try:
        return tuple(feed.url for feed in feed_list())
    except (OSError, ValueError) as exc:  # a broken feeds.csv must not take the dashboard down
        import logging
        logging.getLogger(__name__).warning("feed list not read (%s); using the default feeds", exc)
        return tuple(feed.url for feed in DEFAULT_FEEDS)


register(Source(
    id="ngo_feeds",
    name="NGO news feeds: reports, and leads for review",
    publisher="Human Rights Watch, Amnesty International, Access Now, ARTICLE 19, EFF, Privacy International, "
              "Freedom House, CPJ, Citizen Lab, Global Voices",
    urls=_ngo_feed_urls(),
    cadence=timedelta(hours=6),
    licence="headline, link and date only; the text belongs to the publisher",
    attribution="The publishing organisations' RSS/Atom feeds (each report names its organisation)",
    method=(
        "The RSS and Atom feeds of human-rights and digital-rights organisations (the list is configurable "
        "in data/feeds.csv), read leniently as feeds often do not validate. Each item is stored as a report: "
        "headline, link, date and organisation, with a short plain-text summary; markup is never kept. "
        "Countries, an incident category and a target group are inferred from the headline (then the "
        "summary) by keyword rules (treaty_monitor/inference.py; precision measured on a hand-labelled "
        "sample by scripts/inference_precision.py). An item that names a country and matches a category "
        "becomes one lead per country. A lead is a guess, not an incident: it is counted nowhere until an "
        "analyst confirms it on the review page, and is shown only when asked for, marked as a lead. A feed "
        "that fails is skipped with a warning; the run fails only when every feed fails."
    ),
    # no single home: the feed list itself (each report's own link is in its row)
    home_url="https://github.com/cybercrime-treaty-monitor/monitor/blob/main/treaty_monitor/ngo_feed_list.py",
    tables=("reports", "leads"),
    topics=("incidents",),
))
