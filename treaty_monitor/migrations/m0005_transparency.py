"""Provider transparency reports: government requests for user data, and for content removal.

The columns are exactly what ``collectors.transparency_common.request_row`` / ``removal_row`` emit.
A count is either exact (``requests``), a published range (``requests_low``/``requests_high``) or a
bound (``requests_bound`` such as ``<10``, with low/high 0-9); a count the provider did not report is
NULL, never 0. Counts are BigInteger: removal item counts run into the hundreds of thousands per row
and sums over them must not overflow. Percentages are 0-100 floats.
"""
import sqlalchemy as sa

from . import provenance_columns

C = sa.Column


def _figure(prefix: str) -> list[sa.Column]:
    return [C(prefix, sa.BigInteger), C(f"{prefix}_low", sa.BigInteger), C(f"{prefix}_high", sa.BigInteger),
            C(f"{prefix}_bound", sa.String(16))]


def upgrade(op):
    op.create_table(
        "data_requests",
        C("id", sa.Integer, primary_key=True, autoincrement=True),
        C("provider", sa.String(64), nullable=False),
        C("product", sa.Text),
        C("period_start", sa.Date, nullable=False),
        C("period_end", sa.Date, nullable=False),
        C("country_name", sa.Text),
        C("iso3", sa.String(3)),
        C("request_type", sa.String(64), nullable=False),
        C("request_type_label", sa.Text),
        C("assisting_country", sa.Text),
        *_figure("requests"),
        *_figure("accounts"),
        C("disclosed_pct", sa.Float),
        C("disclosed_requests", sa.BigInteger),
        *provenance_columns(),
    )
    op.create_index("ix_data_requests_iso3", "data_requests", "iso3")
    op.create_index("ix_data_requests_period_end", "data_requests", "period_end")
    op.create_index("ix_data_requests_provider", "data_requests", "provider", "request_type")
    op.create_table(
        "removal_requests",
        C("id", sa.Integer, primary_key=True, autoincrement=True),
        C("provider", sa.String(64), nullable=False),
        C("product", sa.Text),
        C("period_start", sa.Date, nullable=False),
        C("period_end", sa.Date, nullable=False),
        C("country_name", sa.Text),
        C("iso3", sa.String(3)),
        C("requester", sa.Text),
        C("reason", sa.Text),
        *_figure("requests"),
        *_figure("items"),
        C("removed_pct", sa.Float),
        *provenance_columns(),
    )
    op.create_index("ix_removal_requests_iso3", "removal_requests", "iso3")
    op.create_index("ix_removal_requests_period_end", "removal_requests", "period_end")
    op.create_index("ix_removal_requests_provider", "removal_requests", "provider")
