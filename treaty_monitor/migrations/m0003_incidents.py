"""Human-rights incidents from three streams, the NGO reports behind them, leads and their review."""
import sqlalchemy as sa

from . import provenance_columns

C = sa.Column


def upgrade(op):
    op.create_table(
        "incidents",
        C("id", sa.Integer, primary_key=True, autoincrement=True),
        C("incident_key", sa.String(64), nullable=False, index=True),
        C("event_key", sa.String(64), index=True),  # shared by the per-country rows of one event
        C("iso3", sa.String(3), index=True),
        C("country_name", sa.Text),
        C("start_date", sa.Date, index=True),
        C("end_date", sa.Date),
        C("date_precision", sa.String(8)),
        C("ongoing", sa.Boolean),
        C("duration_days", sa.Integer),
        C("duration_text", sa.Text),
        C("category", sa.String(32), nullable=False, index=True),
        C("shutdown_type", sa.Text),
        C("scope", sa.Text),
        C("cause", sa.Text),
        C("ordered_by", sa.Text),
        C("decision_maker", sa.Text),
        C("hr_abuse_reported", sa.Boolean),
        C("election", sa.Boolean),
        C("violence", sa.Boolean),
        C("target_group", sa.String(32)),
        C("law_cited", sa.Text),
        C("summary", sa.Text),
        C("source_org", sa.Text),
        C("source_urls", sa.Text),
        C("verification", sa.String(16), nullable=False),
        C("stream", sa.String(16), nullable=False),
        C("lead_key", sa.String(64)),  # the lead an analyst confirmed, for incidents from the review queue
        *provenance_columns(),
    )
    op.create_table(
        "reports",
        C("id", sa.Integer, primary_key=True, autoincrement=True),
        C("report_key", sa.String(64), nullable=False, index=True),
        C("organisation", sa.Text),
        C("title", sa.Text),
        C("url", sa.Text),
        C("published", sa.DateTime(timezone=True), index=True),
        C("summary", sa.Text),
        C("countries", sa.Text),
        C("category", sa.String(32)),
        C("target_group", sa.String(32)),
        *provenance_columns(),
    )
    op.create_table(
        "leads",
        C("id", sa.Integer, primary_key=True, autoincrement=True),
        C("lead_key", sa.String(64), nullable=False, index=True),
        C("report_key", sa.String(64), nullable=False, index=True),
        C("iso3", sa.String(3), index=True),
        C("country_name", sa.Text),
        C("category", sa.String(32)),
        C("target_group", sa.String(32)),
        C("summary", sa.Text),
        C("date", sa.Date),
        C("date_precision", sa.String(8)),
        C("verification", sa.String(16), nullable=False),
        C("stream", sa.String(16), nullable=False),
        C("source_org", sa.Text),
        C("source_urls", sa.Text),
        *provenance_columns(),
    )
    op.create_table(  # which reports evidence which incidents
        "report_incidents",
        C("report_key", sa.String(64), primary_key=True),
        C("incident_key", sa.String(64), primary_key=True),
        C("linked_at", sa.DateTime(timezone=True), nullable=False),
        C("linked_by", sa.Text),
    )
    op.create_table(  # the audit log of every review decision
        "review_decisions",
        C("id", sa.Integer, primary_key=True, autoincrement=True),
        C("lead_key", sa.String(64), nullable=False, index=True),
        C("decision", sa.String(16), nullable=False),  # confirm | reject | correct
        C("decided_by", sa.Text, nullable=False),
        C("decided_at", sa.DateTime(timezone=True), nullable=False),
        C("changes", sa.Text),  # JSON: field -> [old, new]
        C("incident_key", sa.String(64)),
    )
    op.create_table(
        "login_attempts",
        C("id", sa.Integer, primary_key=True, autoincrement=True),
        C("client", sa.Text, nullable=False),
        C("attempted_at", sa.DateTime(timezone=True), nullable=False, index=True),
        C("succeeded", sa.Boolean, nullable=False),
    )
