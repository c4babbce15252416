"""UNCTAD Global Cyberlaw Tracker parser: data.csv (status per area) and document_links.json (laws)."""
from __future__ import annotations

from pathlib import Path

import pytest

from collectors import unctad_cyberlaw
from collectors.base import ParseError
from treaty_monitor import config

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "unctad_cyberlaw"
SEED = config.SEED_DIR / "unctad_cyberlaw"
URL = "https://storage.unctad.org/2026-cyberlaw_tracker/assets/data/data.csv"


def test_status_rows_per_country_and_area():
    result = unctad_cyberlaw.parse((FIXTURES / "data.csv").read_bytes(), URL)
    rows = result.rows("cyberlaw_status")
    assert len(rows) == 6 * 5
    assert not result.warnings
    by_key = {(r["iso3"], r["area"]): r for r in rows}
    assert by_key[("AFG", "Cybercrime")]["status"] == "Legislation"
    assert by_key[("AFG", "Consumer Protection")]["status"] == "No Legislation"
    assert by_key[("BHS", "Consumer Protection")]["status"] == "Draft Legislation"
    assert by_key[("BLZ", "Consumer Protection")]["status"] == "No Data"  # missing is kept as "No Data"
    civ = by_key[("CIV", "Cybercrime")]
    assert (civ["m49"], civ["country_name"], civ["source_url"]) == ("384", "Côte d'Ivoire", URL)
    assert {r["area"] for r in rows} == set(unctad_cyberlaw.AREAS)


def test_whole_seed_file():
    result = unctad_cyberlaw.parse((SEED / "data.csv").read_bytes(), URL)
    rows = result.rows("cyberlaw_status")
    assert len(rows) == 975  # 195 countries x 5 areas
    assert not result.warnings and all(r["iso3"] for r in rows)
    assert len({r["iso3"] for r in rows}) == 195


def test_m49_codes_zero_padded_and_unknown_status_warned():
    header = "code,country," + ",".join(unctad_cyberlaw.AREAS)
    content = f"{header}\n4,Afghanistan,Legislation,Legislation,Legislation,Maybe,Legislation\n".encode()
    result = unctad_cyberlaw.parse(content, URL)
    rows = {r["area"]: r for r in result.rows("cyberlaw_status")}
    assert rows["Cybercrime"]["m49"] == "004" and rows["Cybercrime"]["iso3"] == "AFG"
    assert rows["Cybercrime"]["status"] is None
    assert any("Maybe" in w for w in result.warnings)


def test_unresolved_country_is_warned_not_dropped():
    header = "code,country," + ",".join(unctad_cyberlaw.AREAS)
    content = f"{header}\n999,Atlantis,Legislation,Legislation,Legislation,Legislation,Legislation\n".encode()
    result = unctad_cyberlaw.parse(content, URL)
    assert len(result.rows("cyberlaw_status")) == 5
    assert result.rows("cyberlaw_status")[0]["iso3"] is None
    assert any("Atlantis" in w for w in result.warnings)


def test_document_links():
    result = unctad_cyberlaw.parse((FIXTURES / "document_links.json").read_bytes(), URL)
    docs = result.rows("cyberlaw_documents")
    assert not result.warnings
    assert {d["iso3"] for d in docs} == {"AFG", "DZA", "CIV"}
    afg = [d for d in docs if d["iso3"] == "AFG"]
    assert {d["area"] for d in afg} == {"Electronic Transactions", "Cybercrime"}  # false = no documents
    cyber = next(d for d in afg if d["area"] == "Cybercrime")
    assert cyber["url"].startswith("http://laws.moj.gov.af") and "Cyber Crime Code" in cyber["title"]
    # a link that is not http(s) keeps its title and loses the link
    assert any(d["url"] is None and d["title"] for d in docs if d["iso3"] == "DZA")
    assert all(d["url"] is None or d["url"].startswith(("http://", "https://")) for d in docs)


def test_whole_seed_links_file():
    result = unctad_cyberlaw.parse((SEED / "document_links.json").read_bytes(), URL)
    assert len(result.rows("cyberlaw_documents")) > 1000 and not result.warnings


def _error(content: bytes) -> str:
    with pytest.raises(ParseError) as caught:
        unctad_cyberlaw.parse(content, URL)
    message = str(caught.value)
    assert message and "\n" not in message and len(message) < 300, message
    return message


def test_truncated_json():
    assert "truncated or malformed document_links.json" in _error(
        (FIXTURES / "document_links.truncated.json").read_bytes())


@pytest.mark.parametrize("content", [
    b"",
    b"<html><body>Not found</body></html>",
    Path(__file__).resolve().parent.joinpath("fixtures/untc_status/XVIII-16.format-illustration.xml").read_bytes(),
    b"country,code\nAfghanistan,004\n",
])
def test_wrong_files_name_what_was_expected(content):
    assert "expected UNCTAD cyberlaw data.csv" in _error(content)


def test_csv_missing_an_area_column():
    assert "missing ['Indirect Taxation']" in _error(
        b"code,country,Electronic Transactions,Consumer Protection,Privacy and Data Protection,Cybercrime\n")


def test_csv_header_without_countries():
    header = "code,country," + ",".join(unctad_cyberlaw.AREAS) + "\n"
    assert "no countries" in _error(header.encode())


def test_json_of_another_shape():
    assert "expected UNCTAD document_links.json" in _error(b'{"004": ["not", "an", "object"]}')
