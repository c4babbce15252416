"""Foundation: reference data, collector bookkeeping, treaty status and domestic law."""
import sqlalchemy as sa

from . import provenance_columns

C = sa.Column


def upgrade(op):
    op.create_table("meta", C("key", sa.String(64), primary_key=True), C("value", sa.Text))
    op.create_table(
        "countries",
        C("iso3", sa.String(3), primary_key=True),
        C("iso2", sa.String(2)),
        C("m49", sa.String(3)),
        C("name", sa.Text, nullable=False),
        C("formal_name", sa.Text),
        C("kind", sa.String(32), nullable=False),
        C("un_member", sa.Boolean, nullable=False),
        C("region", sa.Text),
        C("subregion", sa.Text),
        C("un_group", sa.Text),
        C("un_group_note", sa.Text),
    )
    op.create_table(
        "raw_responses",
        C("id", sa.Integer, primary_key=True, autoincrement=True),
        C("source_id", sa.String(64), nullable=False, index=True),
        C("url", sa.Text, nullable=False),
        C("status_code", sa.Integer),
        C("headers", sa.Text),
        C("content_sha256", sa.String(64)),
        C("size", sa.Integer),
        C("path", sa.Text),
        C("etag", sa.Text),
        C("last_modified", sa.Text),
        C("first_fetched_at", sa.DateTime(timezone=True), nullable=False),
        C("last_fetched_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "collector_runs",
        C("id", sa.Integer, primary_key=True, autoincrement=True),
        C("source_id", sa.String(64), nullable=False, index=True),
        C("trigger", sa.String(16), nullable=False),
        C("url_override", sa.Text),
        C("started_at", sa.DateTime(timezone=True), nullable=False),
        C("finished_at", sa.DateTime(timezone=True)),
        C("status", sa.String(16), nullable=False),
        C("n_new", sa.Integer, nullable=False, default=0),
        C("n_changed", sa.Integer, nullable=False, default=0),
        C("n_unchanged", sa.Integer, nullable=False, default=0),
        C("n_removed", sa.Integer, nullable=False, default=0),
        C("warnings", sa.Text),
        C("error", sa.Text),
    )
    op.create_table(
        "change_events",
        C("id", sa.Integer, primary_key=True, autoincrement=True),
        C("source_id", sa.String(64), nullable=False, index=True),
        C("run_id", sa.Integer, nullable=False),
        C("raw_response_id", sa.Integer),
        C("table_name", sa.String(64), nullable=False),
        C("record_key", sa.Text, nullable=False),
        C("iso3", sa.String(3), index=True),
        C("kind", sa.String(16), nullable=False),
        C("field", sa.String(64)),
        C("old_value", sa.Text),
        C("new_value", sa.Text),
        C("summary", sa.Text, nullable=False),
        C("detected_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "source_locks",
        C("source_id", sa.String(64), primary_key=True),
        C("holder", sa.Text, nullable=False),
        C("acquired_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "treaty_participants",
        C("id", sa.Integer, primary_key=True, autoincrement=True),
        C("participant", sa.Text, nullable=False),
        C("iso3", sa.String(3), index=True),
        C("signature_date", sa.Date),
        C("signature_text", sa.Text),
        C("signature_place", sa.Text),
        C("consent_date", sa.Date),
        C("consent_kind", sa.String(32)),
        C("consent_text", sa.Text),
        C("footnotes", sa.Text),
        C("flagged", sa.Boolean, nullable=False, default=False),
        C("flag_note", sa.Text),
        C("has_declarations", sa.Boolean, nullable=False, default=False),
        C("declarations", sa.Text),
        C("confidence", sa.String(32), nullable=False),
        C("evidence", sa.Text),
        *provenance_columns(),
    )
    op.create_table(
        "treaty_records",
        C("id", sa.Integer, primary_key=True, autoincrement=True),
        C("treaty", sa.String(32), nullable=False),
        C("title", sa.Text),
        C("status_as_at", sa.Text),
        C("signatories_count", sa.Integer),
        C("parties_count", sa.Integer),
        C("endnotes", sa.Text),
        *provenance_columns(),
    )
    op.create_table(
        "cyberlaw_status",
        C("id", sa.Integer, primary_key=True, autoincrement=True),
        C("m49", sa.String(3), nullable=False),
        C("iso3", sa.String(3), index=True),
        C("country_name", sa.Text),
        C("area", sa.String(64), nullable=False),
        C("status", sa.String(32)),
        *provenance_columns(),
    )
    op.create_table(
        "cyberlaw_documents",
        C("id", sa.Integer, primary_key=True, autoincrement=True),
        C("m49", sa.String(3), nullable=False),
        C("iso3", sa.String(3), index=True),
        C("area", sa.String(64), nullable=False),
        C("title", sa.Text),
        C("url", sa.Text),
        *provenance_columns(),
    )
