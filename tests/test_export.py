"""CSV extracts: provenance columns, a BOM for Excel, and no cell a spreadsheet would run as a formula."""
import csv
import io
from datetime import date

import pandas as pd

from treaty_monitor.export import to_csv_bytes


def _rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_formula_like_cells_are_neutralized_and_numbers_are_not():
    frame = pd.DataFrame({
        "summary": ["=HYPERLINK(\"http://evil\")", "+1 555", "-rm", "@SUM(A1)", "\tTAB", "plain"],
        "count": [-3, 1, 2, 3, 4, 5],
    })
    rows = _rows(to_csv_bytes(frame, source_url="https://example.org/src", retrieved_at="2026-01-01"))
    assert [r["summary"] for r in rows] == ["'=HYPERLINK(\"http://evil\")", "'+1 555", "'-rm", "'@SUM(A1)",
                                            "'\tTAB", "plain"]
    assert rows[0]["count"] == "-3"


def test_provenance_columns_are_added_and_row_values_win():
    frame = pd.DataFrame({"country": ["Côte d'Ivoire", "Türkiye"], "source_url": ["https://a.example/x", None],
                          "signed": [date(2025, 10, 25), None]})
    data = to_csv_bytes(frame, source_url="https://view.example/", retrieved_at="2026-02-28 00:00 UTC")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = _rows(data)
    assert rows[0]["source_url"] == "https://a.example/x" and rows[1]["source_url"] == "https://view.example/"
    assert {r["retrieved_at"] for r in rows} == {"2026-02-28 00:00 UTC"}
    assert rows[0]["country"] == "Côte d'Ivoire" and rows[0]["signed"] == "2025-10-25"
    assert rows[1]["signed"] == ""  # missing stays missing, never 0
