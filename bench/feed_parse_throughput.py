"""Feed parse throughput: items per second of collectors.ngo_feeds.parse on the saved feeds, repeated.

    python bench/feed_parse_throughput.py [--repeat 200]

Parses each fixture feed (tests/fixtures/ngo_feeds) and a synthetic 500-item RSS feed built from their items,
and prints items/s and MB/s. Touches no network and no database.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from collectors import ngo_feeds  # noqa: E402

FEEDS = ROOT / "tests" / "fixtures" / "ngo_feeds"


def synthetic(n: int = 500) -> bytes:
    items = "".join(
        f"<item><title>Egypt: blogger {i} detained over posts criticising price rises</title>"
        f"<link>https://www.hrw.org/news/2025/03/04/item-{i}</link><pubDate>Tue, 04 Mar 2025 14:30:00 GMT</pubDate>"
        f"<description>&lt;p&gt;Security forces arrested the blogger &amp; seized a laptop under the 2018 "
        f"cybercrime law.&lt;/p&gt;</description></item>" for i in range(n))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>HRW</title>{items}</channel></rss>'.encode()


def measure(content: bytes, repeat: int) -> tuple[float, int]:
    items = len(ngo_feeds.parse(content, "https://www.hrw.org/rss/news").tables.get("reports", []))
    start = time.perf_counter()
    for _ in range(repeat):
        ngo_feeds.parse(content, "https://www.hrw.org/rss/news")
    return time.perf_counter() - start, items


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    cases = {path.name: path.read_bytes() for path in sorted(FEEDS.glob("*.xml"))}
    cases["synthetic 500 items"] = synthetic()
    for name, content in cases.items():
        seconds, items = measure(content, args.repeat)
        per_parse = seconds / args.repeat
        print(f"{name:<32} {items:>4} items {len(content) / 1024:>8.1f} KiB  {per_parse * 1000:>7.2f} ms/parse  "
              f"{items / per_parse if per_parse else 0:>9.0f} items/s  {len(content) / per_parse / 1e6:>6.1f} MB/s")


if __name__ == "__main__":
    main()
