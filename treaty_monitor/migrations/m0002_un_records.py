"""UN records: UN Digital Library documents, recorded GA votes, UNODC Ad Hoc Committee pages.

One table per table the parsers emit (collectors/undl_documents.py, ga_votes.py, unodc_ahc.py), with
exactly their columns; ``source_url`` comes with the provenance columns.
"""
import sqlalchemy as sa

from . import provenance_columns

C = sa.Column


def _id() -> sa.Column:
    return C("id", sa.Integer, primary_key=True, autoincrement=True)


def upgrade(op):
    # --- UN Digital Library (undl_documents) ---
    op.create_table(
        "un_documents",
        _id(),
        C("record_id", sa.String(32), nullable=False),
        C("symbol", sa.Text),
        C("body", sa.Text),
        C("session", sa.Text),
        C("title", sa.Text),
        C("date", sa.Date),
        C("doc_type", sa.String(64)),
        C("subjects", sa.Text),
        C("languages", sa.Text),
        C("record_url", sa.Text),
        *provenance_columns(),
    )
    op.create_index("ix_un_documents_record_id", "un_documents", "record_id")
    op.create_table(
        "un_document_files",
        _id(),
        C("record_id", sa.String(32), nullable=False),
        C("language", sa.String(8)),
        C("url", sa.Text, nullable=False),
        *provenance_columns(),
    )
    op.create_index("ix_un_document_files_record_id", "un_document_files", "record_id")
    op.create_table(
        "un_document_countries",
        _id(),
        C("record_id", sa.String(32), nullable=False),
        C("iso3", sa.String(3)),
        C("role", sa.String(32), nullable=False),
        C("name_in_source", sa.Text),
        *provenance_columns(),
    )
    op.create_index("ix_un_document_countries_record_id", "un_document_countries", "record_id")
    op.create_index("ix_un_document_countries_iso3", "un_document_countries", "iso3")

    # --- recorded General Assembly votes (ga_votes) ---
    op.create_table(
        "ga_votes",
        _id(),
        C("resolution", sa.String(64), nullable=False),
        C("iso3", sa.String(3)),
        C("country_name", sa.Text),
        C("vote", sa.String(1)),  # Y, N, A, or X (not voting)
        C("date", sa.Date),
        C("undl_record_id", sa.String(32)),
        *provenance_columns(),
    )
    op.create_index("ix_ga_votes_resolution", "ga_votes", "resolution")
    op.create_index("ix_ga_votes_iso3", "ga_votes", "iso3")
    op.create_table(
        "ga_resolutions",
        _id(),
        C("resolution", sa.String(64), nullable=False),
        C("title", sa.Text),
        C("date", sa.Date),
        C("meeting", sa.Text),
        C("yes", sa.Integer),
        C("no", sa.Integer),
        C("abstain", sa.Integer),
        C("non_voting", sa.Integer),
        C("total", sa.Integer),
        C("undl_record_id", sa.String(32)),
        C("record_url", sa.Text),
        *provenance_columns(),
    )
    op.create_index("ix_ga_resolutions_resolution", "ga_resolutions", "resolution")

    # --- UNODC Ad Hoc Committee pages (unodc_ahc) ---
    op.create_table(
        "ahc_sessions",
        _id(),
        C("session_key", sa.String(128), nullable=False),
        C("body", sa.Text),
        C("name", sa.Text),
        C("start_date", sa.Date),
        C("end_date", sa.Date),
        C("venue", sa.Text),
        C("page_url", sa.Text),
        C("cited_source", sa.Text),
        C("note", sa.Text),
        *provenance_columns(),
    )
    op.create_index("ix_ahc_sessions_session_key", "ahc_sessions", "session_key")
    op.create_table(
        "ahc_documents",
        _id(),
        C("session_key", sa.String(128)),
        C("symbol", sa.Text),
        C("title", sa.Text),
        C("category", sa.String(32)),
        C("submitter_kind", sa.String(32)),
        C("submitter_name", sa.Text),
        C("iso3", sa.String(3)),
        C("url", sa.Text),
        *provenance_columns(),
    )
    op.create_index("ix_ahc_documents_session_key", "ahc_documents", "session_key")
    op.create_index("ix_ahc_documents_iso3", "ahc_documents", "iso3")
    op.create_table(
        "stakeholders",
        _id(),
        C("stakeholder_key", sa.String(255), nullable=False),
        C("name", sa.Text, nullable=False),
        C("name_variants", sa.Text),
        C("category", sa.String(64)),
        C("country_iso3", sa.String(3)),
        *provenance_columns(),
    )
    op.create_index("ix_stakeholders_stakeholder_key", "stakeholders", "stakeholder_key")
    op.create_index("ix_stakeholders_country_iso3", "stakeholders", "country_iso3")
    op.create_table(
        "stakeholder_participation",
        _id(),
        C("stakeholder_key", sa.String(255), nullable=False),
        C("session_key", sa.String(128), nullable=False),
        C("role", sa.String(32), nullable=False),
        *provenance_columns(),
    )
    op.create_index("ix_stakeholder_participation_session_key", "stakeholder_participation", "session_key")
    op.create_index("ix_stakeholder_participation_stakeholder_key", "stakeholder_participation",
                    "stakeholder_key")
