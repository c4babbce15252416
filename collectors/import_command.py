"""``python -m collectors import-incidents FILE [--by NAME]``: an analyst's incident file into the database.

The CLI runs on the server, so whoever can run it is an operator and counts as authorised; the dashboard's
upload sits behind the login instead. Every error is printed with its line and column and nothing is
written unless the whole file is valid (exit 1); importing the same file again adds nothing.
``--template`` prints the CSV template (header and an example line) to standard output.
"""
from __future__ import annotations

import getpass
import sys
from pathlib import Path

from .cli import EXTRA_COMMANDS


def configure(parser) -> None:
    parser.add_argument("file", type=Path, nargs="?", metavar="FILE",
                        help="CSV or XLSX with the columns country, date, category, summary, source_url "
                             "(optional: target_group, law_cited, source_org, verification)")
    parser.add_argument("--by", metavar="NAME", help="who is importing (default: the operator's login name)")
    parser.add_argument("--template", action="store_true", help="print the CSV template and exit")


def operator_name() -> str:
    try:
        return f"{getpass.getuser()} (cli)"
    except (KeyError, OSError):  # no login name in a bare container
        return "operator (cli)"


def cmd_import_incidents(args) -> int:
    from collectors.cli import read_input
    from collectors.incident_import import template_csv
    from treaty_monitor import db, incident_store

    if args.template:
        if args.file:
            print("error: --template prints the template to standard output; give no FILE", file=sys.stderr)
            return 2
        sys.stdout.buffer.write(template_csv())
        sys.stdout.flush()
        return 0
    if args.file is None:
        print("error: give the FILE to import (or --template for the template)", file=sys.stderr)
        return 2
    content = read_input(args.file)
    if content is None:
        return 2
    by = (args.by or "").strip() or operator_name()
    try:
        # the schema and country table only: an import does not need (or wait for) the bundled snapshot
        result = incident_store.import_file(db.prepare(seed=False), content, args.file.name, by)
    except incident_store.ImportBusy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if not result.ok:
        for error in result.errors:
            print(f"error: {error}", file=sys.stderr)
        print(f"{args.file.name}: {len(result.errors)} error(s); nothing was imported. Fix the file and run again.",
              file=sys.stderr)
        return 1
    c = result.counts
    print(f"{args.file.name}: {c.new} new incident(s), {c.changed} updated, {c.unchanged} already stored "
          f"(imported by {by})")
    return 0


EXTRA_COMMANDS["import-incidents"] = (
    "import an analyst's CSV/XLSX of incidents (all or nothing; --template prints the template)",
    configure, cmd_import_incidents)
