"""python -m collectors: list | run | parse | status | schedule (a contract other tools rely on)."""
from __future__ import annotations

import argparse
import csv
import json
import logging
import sys
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from treaty_monitor import db, freshness
from treaty_monitor.sources import SOURCES
from . import registry, runner, scheduler
from .base import ParseError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m collectors", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="sources with cadence and last run")
    run = commands.add_parser("run", help="fetch, parse and store sources (all when none is named)")
    run.add_argument("sources", nargs="*", metavar="SOURCE")
    run.add_argument("--url", help="fetch this URL instead of the registry's (one source only)")
    parse = commands.add_parser("parse", help="parse a saved file and print its records; touches no database")
    parse.add_argument("source", metavar="SOURCE")
    parse.add_argument("file", type=Path, metavar="FILE")
    parse.add_argument("--format", choices=("csv", "json"), default="csv")
    parse.add_argument("--table", help="print this table instead of the source's main one")
    commands.add_parser("status", help="freshness of each source")
    commands.add_parser("schedule", help="run every source on its cadence until Ctrl-C")
    _add_extra_commands(commands)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    return COMMANDS[args.command](args)


def _add_extra_commands(commands) -> None:
    """Commands that other modules contribute (e.g. import-incidents) register themselves here."""
    for name, (help_text, configure, handler) in EXTRA_COMMANDS.items():
        configure(commands.add_parser(name, help=help_text))
        COMMANDS[name] = handler


def cmd_list(args) -> int:
    table = freshness.freshness_table(db.prepare())
    for row in table.itertuples():
        last = f"{row.last_status} at {row.last_attempt:%Y-%m-%d %H:%M}" if _known(row.last_attempt) else "never run"
        print(f"{row.source_id:<24} every {_days(row.cadence_days):<9} last run: {last}")
    return 0


def cmd_run(args) -> int:
    names = args.sources or list(SOURCES)
    unknown = [n for n in names if n not in SOURCES]
    if unknown:
        print(f"unknown source(s): {', '.join(unknown)}; known: {', '.join(SOURCES)}", file=sys.stderr)
        return 2
    if args.url and len(names) != 1:
        print("--url needs exactly one source", file=sys.stderr)
        return 2
    engine = db.prepare()
    failed = False
    with tqdm(names, desc="sources", unit="source", file=sys.stderr) as bar:
        for name in bar:
            bar.set_postfix_str(name)
            outcome = runner.run_source(name, engine, url=args.url)
            failed |= outcome.failed
            c = outcome.counts
            detail = outcome.error or f"{c.new} new, {c.changed} changed, {c.unchanged} unchanged, {c.removed} removed"
            tqdm.write(f"{name}: {outcome.status} - {detail}"
                       + (f" ({len(outcome.warnings)} warnings)" if outcome.warnings else ""), file=sys.stderr)
            for warning in outcome.warnings[:20]:
                tqdm.write(f"  warning: {warning}", file=sys.stderr)
    return 1 if failed else 0


def cmd_parse(args) -> int:
    if args.source not in SOURCES:
        print(f"error: unknown source {args.source!r}; known: {', '.join(SOURCES)}", file=sys.stderr)
        return 2
    content = read_input(args.file)
    if content is None:
        return 2
    module = registry.module(args.source)
    try:
        result = module.parse(content, args.file.resolve().as_uri())
    except ParseError as exc:
        print(f"error: {args.file.name}: {exc}", file=sys.stderr)
        return 2
    rows = result.tables.get(args.table or module.CLI_TABLE, [])
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    _print_rows(rows, args.format)
    return 0


def read_input(path: Path) -> bytes | None:
    """The bytes of a file named on the command line, or None after a one-line error on stderr."""
    try:
        return path.read_bytes()
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return None


def _print_rows(rows: list[dict], fmt: str) -> None:
    rows = [{k: _plain(v) for k, v in row.items()} for row in rows]
    if fmt == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    columns = list(dict.fromkeys(k for row in rows for k in row))
    writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ";".join(map(str, value))
    return value


def cmd_status(args) -> int:
    table = freshness.freshness_table(db.prepare())
    for row in table.itertuples():
        age = f"last success {row.last_success:%Y-%m-%d %H:%M} UTC" if _known(row.last_success) else "never succeeded"
        flags = [f for f, on in (("STALE", row.stale), ("snapshot only", row.snapshot_only)) if on]
        error = f"; last error: {row.last_error}" if row.last_status == "failed" else ""
        print(f"{row.source_id:<24} {age}; next run {row.next_run:%Y-%m-%d %H:%M} UTC"
              f"{' [' + ', '.join(flags) + ']' if flags else ''}{error}")
    return 0


def cmd_schedule(args) -> int:
    return scheduler.run_forever(db.prepare())


def _known(value) -> bool:
    """A timestamp from the freshness table: missing is None or NaT (and NaT is truthy)."""
    return value is not None and value is not pd.NaT and not (isinstance(value, float) and value != value)


def _days(days: float) -> str:
    return f"{days:g} day" + ("s" if days != 1 else "")


COMMANDS = {"list": cmd_list, "run": cmd_run, "parse": cmd_parse, "status": cmd_status, "schedule": cmd_schedule}
EXTRA_COMMANDS: dict = {}

from . import import_command  # noqa: E402,F401  (registers import-incidents in EXTRA_COMMANDS)
