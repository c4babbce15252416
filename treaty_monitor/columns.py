"""What each column of an extract means: one registry, used by the README inside every full extract."""
from __future__ import annotations

COLUMN_DOCS = {
    # places
    "country": "Country or participant name as shown in the monitor (short UN name)",
    "country_name": "Country name as the source wrote it",
    "participant": "Participant name as the UN Treaty Collection writes it (footnote markers removed)",
    "iso3": "ISO 3166-1 alpha-3 code (EUU for the European Union; XKX for Kosovo)",
    "m49": "UN M49 numeric code, zero-padded",
    "un_group": "UN regional group (member states only)",
    "region": "UN M49 region",
    "subregion": "UN M49 sub-region",
    # treaty
    "status": "Treaty status group: Ratified or equivalent, Signed only, Reported unconfirmed, Not signed",
    "signature_date": "Date of signature (blank when no source gave the exact date)",
    "signature_text": "The signature entry as the source wrote it, when it is not a plain date",
    "signature_place": "Where the Convention was signed (Hanoi or UN Headquarters, New York)",
    "consent_date": "Date of the instrument of ratification, acceptance, approval or accession",
    "consent_kind": "Kind of consent to be bound: ratification, acceptance, approval, accession, succession",
    "consent_text": "The consent entry as the source wrote it",
    "footnotes": "UNTC footnote numbers attached to the participant",
    "flagged": "True when the entry is bracketed, struck or otherwise a special case",
    "flag_note": "Why the entry is flagged",
    "has_declarations": "Whether the participant made declarations or reservations",
    "declarations": "Text of the declarations or reservations",
    "confidence": "How the row is confirmed: official (UNTC), secondary (mirror of UNTC), press, unconfirmed",
    "evidence": "The sources behind the row, as compiled",
    # law
    "area": "UNCTAD legislation area",
    "law_status": "UNCTAD cybercrime legislation status: Legislation, Draft Legislation, No Legislation, No Data",
    "title": "Title as published by the source",
    "url": "Link to the document (http/https only)",
    # incidents
    "start_date": "Date the incident started (precision in date_precision)",
    "end_date": "Date it ended (blank when ongoing or unknown)",
    "date_precision": "Precision of the date: day, month or year",
    "category": "Incident category (see the methodology)",
    "target_group": "Who was targeted (journalist, human-rights defender, activist, ...)",
    "verification": "lead (inferred, not yet reviewed), reported (by a source organisation), confirmed (by an analyst)",
    "stream": "How the record entered the monitor: keepiton, ngo_feeds, analyst",
    "summary": "Short summary (source text, shown as plain text)",
    "source_org": "Organisation that published the record",
    "source_urls": "Links to the sources of the record, separated by ';'",
    # UN
    "resolution": "General Assembly resolution symbol",
    "vote": "Recorded vote: Y yes, N no, A abstention, X not voting",
    "symbol": "UN document symbol",
    "doc_type": "Document type (report, draft resolution, working paper, submission, statement, ...)",
    "session_key": "Session identifier",
    # requests
    "provider": "Service provider publishing the transparency report",
    "period_end": "Last day of the half-year the figure covers",
    "request_type": "Kind of request as normalized by the monitor (legal, emergency, preservation, ...)",
    "requests": "Number of requests (blank when the provider gives a range or a bound, or does not report)",
    "accounts": "Accounts or users specified in the requests",
    "disclosed_pct": "Share of requests where some data was produced, in percent",
    # provenance
    "source_id": "Monitor source id (see Data sources)",
    "source_url": "URL of the document the record was read from",
    "retrieved_at": "When the monitor retrieved that document (UTC)",
    "count": "Number of records",
    "incidents": "Number of incidents",
}


def describe(column: str) -> str:
    return COLUMN_DOCS.get(column, "see the source's method note on the Data sources page")
