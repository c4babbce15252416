"""Parse every shared transparency-report sample and print what came out.

Usage: python scripts/transparency_counts.py [SAMPLES_DIR]
(default: ../shared/sources/transparency next to the repository)

Prints rows per provider, table and half-year (half-years present in two files are counted
twice), duplicate keys within one file (which storage would reject), the files that failed to
parse, and the country names that did not resolve.
"""
from __future__ import annotations

import importlib
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from collectors.base import ParseError  # noqa: E402

DEFAULT_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "sources" / "transparency"
MODULES = {"google": "google", "meta": "meta", "microsoft": "microsoft", "apple": "apple",
           "tiktok": "tiktok", "snap": "snap", "twitter": "x"}
UNRESOLVED = re.compile(r"^unresolved country name '(.+)' \((\d+) rows?")


def main(samples: Path) -> int:
    counts: Counter = Counter()
    keys: dict[str, Counter] = defaultdict(Counter)
    duplicates: Counter = Counter()  # rows sharing a key within one file (storage would reject)
    unresolved: dict[str, Counter] = defaultdict(Counter)
    for folder, suffix in MODULES.items():
        module = importlib.import_module(f"collectors.transparency_{suffix}")
        for path in sorted((samples / folder).glob("*")):
            if path.suffix.lower() not in (".csv", ".xlsx"):
                continue
            try:
                result = module.parse(path.read_bytes(), path.as_uri())
            except ParseError as exc:
                print(f"not parsed: {folder}/{path.name}: {exc}")
                continue
            for table, rows in result.tables.items():
                key_columns = module.DATASETS[table].key
                in_file = Counter(tuple(row[c] for c in key_columns) for row in rows)
                duplicates[f"{folder}/{path.name}"] += sum(n - 1 for n in in_file.values())
                for row in rows:
                    counts[(row["provider"], table, row["period_end"].isoformat())] += 1
                    keys[table][tuple(row[c] for c in key_columns)] += 1
            for warning in result.warnings:
                if match := UNRESOLVED.match(warning):
                    unresolved[folder][match[1]] += int(match[2])
    _print_counts(counts)
    print()
    for table, seen in keys.items():
        overlap = sum(1 for n in seen.values() if n > 1)
        print(f"{table}: {len(seen)} distinct keys; {overlap} given by more than one file "
              "(overlapping downloads of the same half-year)")
    clashing = {name: n for name, n in duplicates.items() if n}
    print(f"duplicate keys within one file: {clashing or 'none'}")
    print("\nUnresolved country names (rows):")
    for folder, names in unresolved.items():
        listed = ", ".join(f"{name} ({n})" for name, n in sorted(names.items()))
        print(f"  {folder}: {listed}")
    return 0


def _print_counts(counts: Counter) -> None:
    by_provider: dict[tuple, list] = defaultdict(list)
    for (provider, table, period_end), n in sorted(counts.items()):
        by_provider[(provider, table)].append(f"{period_end[:7]}:{n}")
    for (provider, table), cells in by_provider.items():
        total = sum(int(c.rsplit(":", 1)[1]) for c in cells)
        print(f"{provider} / {table}: {total} rows, {len(cells)} half-years")
        print("   " + "  ".join(cells))


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR))
