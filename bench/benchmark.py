"""Benchmarks (numbers for the notes, not asserts): parse speed and page run times.

    python bench/benchmark.py

* UNTC parse: a 200-participant XVIII-16 record built from the illustration's structure.
* Page runs: each page under Streamlit's AppTest on a freshly seeded SQLite database, cold (empty
  caches) and warm (second run in the same process).
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

ROW = "<Row><Entry>Participant {i}<superscript>{f}</superscript></Entry><Entry>25 Oct\t 2025</Entry><Entry>{c}</Entry></Row>"


def untc_record(rows: int) -> bytes:
    template = (ROOT / "tests/fixtures/untc_status/XVIII-16.format-illustration.xml").read_bytes().decode("latin-1")
    head, rest = template.split("<Rows>", 1)
    tail = rest.split("</Rows>", 1)[1]
    body = "".join(ROW.format(i=i, f=i % 7 + 1, c="12 Mar\t 2026" if i % 3 == 0 else "") for i in range(rows))
    return (head + "<Rows>" + body + "</Rows>" + tail).encode("latin-1")


def time_it(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def bench_parse() -> None:
    from collectors import untc_status
    content = untc_record(200)
    median, best = time_it(lambda: untc_status.parse(content, "file:///bench.xml"), 30)
    print(f"untc_status.parse, 200 participants ({len(content):,} bytes): median {median*1000:.1f} ms, best {best*1000:.1f} ms")


def bench_pages(pages: list) -> None:
    """``pages``: script paths, or (script, {query params}) pairs."""
    import support
    from streamlit.testing.v1 import AppTest
    with tempfile.TemporaryDirectory() as tmp:
        database = support.make_template(Path(tmp) / "monitor.db")
        os.environ["MONITOR_DATABASE_URL"] = f"sqlite:///{database}"
        for entry in pages:
            script, params = entry if isinstance(entry, tuple) else (entry, {})
            support.reset_streamlit_caches()
            runs = []
            for _ in range(2):
                at = AppTest.from_file(str(ROOT / script), default_timeout=120)
                for key, value in params.items():
                    at.query_params[key] = value
                start = time.perf_counter()
                at.run()
                runs.append(time.perf_counter() - start)
                assert not at.exception, at.exception
            shown = script + (f"?{'&'.join(f'{k}={v}' for k, v in params.items())}" if params else "")
            print(f"{shown}: cold {runs[0]:.2f} s, warm {runs[1]:.2f} s")


if __name__ == "__main__":
    bench_parse()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        import support
        support.make_template(Path(tmp) / "seed.db")
    print(f"first start (migrate + load countries + seed) on empty SQLite: {time.perf_counter() - start:.2f} s")
    bench_pages(["dashboard.py"] + sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))
                + [("pages/5_Country.py", {"country": "IND"}), ("pages/6_Compare.py", {"countries": "IND,BRA,FRA"}),
                   ("pages/4_Data_requests.py", {"mode": "Country", "country": "DEU"})])
