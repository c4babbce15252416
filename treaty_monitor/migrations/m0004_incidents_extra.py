"""Who recorded an incident (the analyst who imported or confirmed it), and who started a run.

``incidents.recorded_by`` is set when an analyst's import or review first stores the incident and is never
overwritten by a later import of the same row. ``collector_runs.run_by`` names the operator or analyst of a
manual run (an import from the CLI or the review page); scheduled collector runs leave it empty.
"""
import sqlalchemy as sa


def upgrade(op):
    op.add_column("incidents", sa.Column("recorded_by", sa.Text))
    op.add_column("collector_runs", sa.Column("run_by", sa.Text))
