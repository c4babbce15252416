"""Analyst incident files: good CSV and XLSX, and every kind of error reported with its line and column."""
from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from collectors.incident_import import read_analyst_file, template_csv
from treaty_monitor.incident_vocab import INCIDENT_COLUMNS

FIXTURES = Path(__file__).parent / "fixtures" / "incident_import"
TODAY = date(2025, 6, 1)


def read_fixture(name: str):
    return read_analyst_file((FIXTURES / name).read_bytes(), name, today=TODAY)


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_good_csv_gives_incident_rows_shaped_like_the_other_streams():
    rows, errors = read_fixture("analyst_good.csv")
    assert errors == []
    assert [row["iso3"] for row in rows] == ["JOR", "VNM", "CIV", "PAK", "EGY"]
    assert all(tuple(row) == INCIDENT_COLUMNS for row in rows)
    jordan, vietnam, ivory_coast, pakistan, egypt = rows
    assert (jordan["start_date"], jordan["date_precision"], jordan["verification"]) == (date(2024, 8, 14), "day", "confirmed")
    assert (jordan["law_cited"], jordan["source_org"], jordan["target_group"]) == (
        "Cybercrime Law No. 17 of 2023 art. 15", "Example NGO", "journalist")
    assert (vietnam["start_date"], vietnam["date_precision"]) == (date(2024, 5, 1), "month")
    assert vietnam["source_urls"] == "https://example.org/vn-1; https://example.org/vn-2"
    assert vietnam["verification"] == "reported"  # the default
    assert (ivory_coast["start_date"], ivory_coast["date_precision"]) == (date(2023, 1, 1), "year")
    assert (pakistan["category"], pakistan["target_group"]) == ("shutdown", "general_public")  # labels accepted
    assert {row["stream"] for row in rows} == {"analyst"}


def test_formula_looking_cells_stay_text():
    rows, _ = read_fixture("analyst_good.csv")
    assert rows[-1]["summary"] == '=HYPERLINK("https://evil.example","click")'


def test_reimporting_the_same_file_gives_the_same_keys():
    first, _ = read_fixture("analyst_good.csv")
    second, _ = read_fixture("analyst_good.csv")
    assert [row["incident_key"] for row in first] == [row["incident_key"] for row in second]
    assert len({row["incident_key"] for row in first}) == len(first)


def test_every_error_names_its_line_and_column():
    rows, errors = read_fixture("analyst_errors.csv")
    assert [row["iso3"] for row in rows] == ["TZA"]
    assert errors == [
        "line 2, column country: 'Atlantis' is not a known country (use its English name or ISO3 code, one per line)",
        "line 3, column date: '2024-06-31' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)",
        "line 4, column date: '31/02/2025' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)",
        "line 5, column category: 'riot' is not one of: shutdown, arrest, prosecution, surveillance, blocking, "
        "data_request, harassment, legislation",
        "line 6, column summary: is empty (a short description of what happened is required)",
        "line 7, column source_url: 'ftp://example.org/f' is not an http(s) link",
        "line 8, column source_url: 'javascript:alert(1)' is not an http(s) link",
        "line 9, column target_group: 'children' is not one of: journalist, hrd, activist, opposition, minority, "
        "lgbtq, researcher, general_public, other",
        "line 10, column verification: 'maybe' is not one of: lead, reported, confirmed",
        "line 11, column country: is empty (one country per line)",
        "line 14: repeats the incident of line 12",
    ]


def test_good_xlsx_with_date_cells_and_formulas_kept_as_typed():
    content = xlsx_bytes([
        ["Country", "Date", "Category", "Summary", "Source URL", "Law cited"],
        ["Kenya", datetime(2024, 6, 25), "shutdown", "Internet disrupted during protests", "https://example.org/ke", None],
        ["Nigeria", 2023, "arrest", "=1+1", "https://example.org/ng", "Cybercrimes Act 2015, s. 24"],
        [None, None, None, None, None, None],
    ])
    rows, errors = read_analyst_file(content, "incidents.xlsx", today=TODAY)
    assert errors == []
    assert [(row["iso3"], row["start_date"], row["date_precision"]) for row in rows] == [
        ("KEN", date(2024, 6, 25), "day"), ("NGA", date(2023, 1, 1), "year")]
    assert rows[1]["summary"] == "=1+1"  # the formula as typed, never its result
    assert rows[1]["law_cited"] == "Cybercrimes Act 2015, s. 24"


def test_xlsx_errors_use_spreadsheet_line_numbers():
    content = xlsx_bytes([
        ["country", "date", "category", "summary", "source_url"],
        ["Kenya", "2024-02-30", "arrest", "Held", "https://example.org/1"],
        ["Kenya", "2024-02-03", "arrest", "x" * 1001, "https://example.org/2"],
    ])
    rows, errors = read_analyst_file(content, "incidents.xlsx", today=TODAY)
    assert rows == []
    assert errors == [
        "line 2, column date: '2024-02-30' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)",
        "line 3, column summary: has 1001 characters; at most 1000 are allowed",
    ]


def test_future_dates_are_refused():
    content = b"country,date,category,summary,source_url\nKenya,2030-01-01,arrest,Held,https://example.org/1\n"
    _, errors = read_analyst_file(content, "f.csv", today=TODAY)
    assert errors == ["line 2, column date: '2030-01-01' is in the future"]


def test_missing_required_columns_are_named():
    content = b"country,date,summary\nKenya,2024,Held\n"
    rows, errors = read_analyst_file(content, "f.csv", today=TODAY)
    assert rows == []
    assert errors == [
        "line 1, column category: missing; the required columns are country, date, category, summary, source_url",
        "line 1, column source_url: missing; the required columns are country, date, category, summary, source_url",
    ]


def test_semicolon_separated_csv_from_excel_is_read():
    content = "country;date;category;summary;source_url\r\nBrazil;2024-08-30;blocking;X suspended, decisão final;https://example.org/br\r\n"
    rows, errors = read_analyst_file(content.encode("cp1252"), "f.csv", today=TODAY)
    assert errors == [] and rows[0]["iso3"] == "BRA"
    assert rows[0]["summary"] == "X suspended, decisão final"  # a Windows-1252 file keeps its accents


@pytest.mark.parametrize("content, expected", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "this looks like a PDF file"),
    (b"name,age\nAda,36\n", "no recognised columns in line 1"),
    (b"<!DOCTYPE html><html><body>Login</body></html>", "this looks like an HTML page"),
    (b"PK\x03\x04garbage", "not a readable XLSX workbook"),
    (b"", "the file is empty"),
    (b"country,date,category,summary,source_url\n", "no incident lines below the header"),
])
def test_wrong_files_get_one_clear_error(content, expected):
    rows, errors = read_analyst_file(content, "upload.bin", today=TODAY)
    assert rows == [] and len(errors) == 1
    assert expected in errors[0] and errors[0].startswith("upload.bin: ")


def test_template_has_every_column_and_an_example_that_validates():
    template = template_csv()
    assert template.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    header = template.decode("utf-8-sig").splitlines()[0]
    assert header == "country,date,category,summary,source_url,target_group,law_cited,source_org,verification"
    rows, errors = read_analyst_file(template, "template.csv", today=TODAY)
    assert errors == [] and len(rows) == 1 and rows[0]["iso3"] == "KEN"
