"""UN Treaty Collection parser (XML view, HTML status page, broken inputs), the seed CSV, entry into force."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from collectors import untc_status
from collectors.base import ParseError
from treaty_monitor import config, treaty

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "untc_status"
XML = FIXTURES / "XVIII-16.format-illustration.xml"
HTML = FIXTURES / "ViewDetails.en.html"
SEED_CSV = config.SEED_DIR / "untc_status" / "signatories_XVIII-16_compiled.csv"
URL = "https://treaties.un.org/doc/Publication/MTDSG/Volume%20II/Chapter%20XVIII/XVIII-16.en.xml"


def participants(path: Path) -> dict[str, dict]:
    result = untc_status.parse(path.read_bytes(), URL)
    return {row["participant"]: row for row in result.rows("treaty_participants")}


@pytest.fixture(params=["xml", "html"])
def parsed(request):
    """Both forms of the record carry the same markers; most checks run on each."""
    path = XML if request.param == "xml" else HTML
    return untc_status.parse(path.read_bytes(), URL)


# --- what both forms give ------------------------------------------------------------------------

def test_participants_and_plain_dates(parsed):
    rows = {r["participant"]: r for r in parsed.rows("treaty_participants")}
    algeria = rows["Algeria"]
    assert algeria["iso3"] == "DZA"
    assert algeria["signature_date"] == date(2025, 10, 25)  # "25 Oct\t 2025": tab and space
    assert algeria["consent_date"] is None and algeria["consent_kind"] is None and algeria["consent_text"] is None
    assert algeria["flagged"] is False and algeria["footnotes"] is None
    assert algeria["confidence"] == "official" and algeria["source_url"] == URL


def test_footnote_markers_stripped_and_kept(parsed):
    rows = {r["participant"]: r for r in parsed.rows("treaty_participants")}
    assert rows["Examplestan"]["footnotes"] == "1"
    assert rows["Republic of Sample"]["footnotes"] == "2, 3"  # several markers in one superscript
    assert rows["European Union"]["footnotes"] == "4"
    assert not any(ch.isdigit() for name in rows for ch in name)


def test_european_union_is_a_participant_not_a_country(parsed):
    eu = next(r for r in parsed.rows("treaty_participants") if r["participant"] == "European Union")
    assert eu["iso3"] == "EUU"


def test_consent_kinds(parsed):
    rows = {r["participant"]: r for r in parsed.rows("treaty_participants")}
    assert (rows["Examplestan"]["consent_date"], rows["Examplestan"]["consent_kind"]) == (date(2026, 3, 12), "ratification")
    assert rows["Republic of Sample"]["consent_kind"] == "acceptance"  # "A"
    assert rows["Federation of Placeholder"]["consent_kind"] == "approval"  # "AA"
    assert rows["Demoland"]["consent_kind"] == "accession"  # "a"
    assert rows["Demoland"]["signature_date"] is None and rows["Demoland"]["signature_text"] is None


def test_bracketed_entry_is_kept_and_flagged(parsed):
    rows = {r["participant"]: r for r in parsed.rows("treaty_participants")}
    placeholder = rows["Federation of Placeholder"]
    assert placeholder["flagged"] is True
    assert placeholder["consent_text"] == "[20 Jul 2026 AA]"
    assert "bracketed" in placeholder["flag_note"]
    assert sum(r["flagged"] for r in rows.values()) == 1


def test_declarations_attached(parsed):
    rows = {r["participant"]: r for r in parsed.rows("treaty_participants")}
    assert rows["Examplestan"]["has_declarations"] is True
    assert "article 35" in rows["Examplestan"]["declarations"]
    assert rows["Republic of Sample"]["has_declarations"] is False and rows["Republic of Sample"]["declarations"] is None


def test_unresolved_names_are_warned_not_dropped(parsed):
    names = {r["participant"] for r in parsed.rows("treaty_participants")}
    assert "Examplestan" in names
    assert any("Examplestan" in w for w in parsed.warnings)
    assert not any("Algeria" in w for w in parsed.warnings)


def test_cote_divoire_from_each_encoding(parsed):
    civ = [r for r in parsed.rows("treaty_participants") if r["iso3"] == "CIV"]
    assert [r["participant"] for r in civ] == ["Côte d'Ivoire"]


def test_record_counts(parsed):
    [record] = parsed.rows("treaty_records")
    assert record["treaty"] == "XVIII-16"
    assert record["signatories_count"] == 72
    assert record["parties_count"] is None  # no "Parties" line yet
    assert "against Cybercrime" in record["title"]
    assert record["endnotes"].startswith("1 (illustration only)")


# --- form-specific details -----------------------------------------------------------------------

def test_xml_rows_in_document_order():
    rows = untc_status.parse(XML.read_bytes(), URL).rows("treaty_participants")
    assert len(rows) == 14
    assert [r["participant"] for r in rows][:3] == ["Algeria", "Angola", "Australia"]
    assert rows[-1]["participant"] == "European Union"


def test_xml_is_decoded_as_declared_iso_8859_1():
    raw = XML.read_bytes()
    assert b"encoding=\"iso-8859-1\"" in raw[:60] and "Côte".encode("latin-1") in raw
    assert "Côte d'Ivoire" in participants(XML)


def test_html_status_timestamp_and_note_index():
    result = untc_status.parse(HTML.read_bytes(), URL)
    [record] = result.rows("treaty_records")
    assert record["status_as_at"] == "16-11-2025 10:16:04 EDT"
    rows = {r["participant"]: r for r in result.rows("treaty_participants")}
    assert len(rows) == 8
    # an accession cell as older treaties print it
    assert rows["Demoland"]["consent_date"] == date(2001, 6, 27)
    assert "End notes" not in (record["endnotes"] or "")
    assert "4 The European Union" in record["endnotes"]


def test_html_older_grid_id_still_found():
    page = HTML.read_bytes().replace(b"ctl00_ctl00_ContentPlaceHolder1_ContentPlaceHolderInnerPage_tblgrid",
                                     b"ctl00_ContentPlaceHolder1_tblgrid")
    assert len(untc_status.parse(page, URL).rows("treaty_participants")) == 8


def test_third_column_keyed_on_position_not_header_text():
    xml = XML.read_bytes().replace(b"Acceptance(A), Ratification, Approval(AA), Accession(a)", b"Ratification")
    rows = {r["participant"]: r for r in untc_status.parse(xml, URL).rows("treaty_participants")}
    assert rows["Republic of Sample"]["consent_kind"] == "acceptance"


@pytest.mark.parametrize("cell, expected", [
    ("25 Oct\t 2025", (date(2025, 10, 25), "ratification", None)),
    ("27 Jun\t 2001 a", (date(2001, 6, 27), "accession", None)),
    ("3 Apr 2026 A", (date(2026, 4, 3), "acceptance", None)),
    ("9 Jun 2026 AA", (date(2026, 6, 9), "approval", None)),
    ("1 Feb 2027 d", (date(2027, 2, 1), "succession", None)),
    ("1 Feb 2027 c", (date(2027, 2, 1), "formal confirmation", None)),
    ("", (None, None, None)),
])
def test_act_cells(cell, expected):
    act = untc_status._act(cell)
    assert (act["date"], act["kind"], act["note"]) == expected


def test_struck_or_odd_entry_is_flagged_with_raw_text():
    act = untc_status._act("withdrawn 3 May 2026")
    assert act["date"] is None and act["text"] == "withdrawn 3 May 2026" and "not a plain date" in act["note"]
    assert "impossible" in untc_status._act("31 Feb 2026")["note"]


# --- broken inputs: one clear line each ---------------------------------------------------------

def _error(content: bytes) -> str:
    with pytest.raises(ParseError) as caught:
        untc_status.parse(content, URL)
    message = str(caught.value)
    assert message and "\n" not in message and len(message) < 300, message
    return message


def test_maintenance_page_is_an_error_not_zero_participants():
    message = _error((FIXTURES / "maintenance.html").read_bytes())
    assert "maintenance" in message


@pytest.mark.parametrize("content", [b"", b"   \n", b"\xef\xbb\xbf"])
def test_empty_document(content):
    assert "XVIII-16" in _error(content)


def test_truncated_xml():
    message = _error((FIXTURES / "truncated.xml").read_bytes())
    assert "truncated or malformed XML" in message and "XVIII-16" in message


def test_xml_of_another_treaty():
    message = _error((FIXTURES / "other-treaty.xml").read_bytes())
    assert "no. 15" in message and "Financing of Terrorism" in message


def test_xml_with_the_right_number_but_another_title():
    xml = XML.read_bytes().replace(b"United Nations Convention against Cybercrime", b"Convention on Something Else")
    assert "another treaty" in _error(xml)


def test_xml_without_treaty_or_participants():
    assert "without <Treaty>" in _error(b'<?xml version="1.0"?><Document><Other/></Document>')
    xml = XML.read_bytes()
    start, end = xml.index(b"<Rows>"), xml.index(b"</Rows>")
    assert "no participants" in _error(xml[:start] + b"<Rows>" + xml[end:])


def test_html_page_without_the_grid():
    assert "without the participants grid" in _error((FIXTURES / "no-grid.html").read_bytes())


def test_something_else_entirely():
    assert "neither XML nor HTML" in _error(b'{"json": "not the treaty"}')
    assert "neither XML nor HTML" in _error(b"code,country,Cybercrime\n004,Afghanistan,Legislation\n")


# --- the compiled signatories CSV of the bundled snapshot ----------------------------------------

@pytest.fixture(scope="module")
def seed_rows():
    result = untc_status.parse_compiled_csv(SEED_CSV.read_bytes(), "https://treaties.un.org/")
    return result


def test_seed_csv_rows(seed_rows):
    rows = seed_rows.rows("treaty_participants")
    assert len(rows) == 74
    assert len({r["participant"] for r in rows}) == 74
    assert all(r["iso3"] for r in rows), [r["participant"] for r in rows if not r["iso3"]]
    assert not seed_rows.warnings
    assert {r["iso3"] for r in rows if r["participant"] == "European Union"} == {"EUU"}


def test_seed_csv_confidence_levels(seed_rows):
    rows = {r["participant"]: r for r in seed_rows.rows("treaty_participants")}
    uae = rows["United Arab Emirates"]
    assert uae["confidence"] == "unconfirmed" and uae["signature_date"] is None and uae["signature_text"] == "unknown"
    assert rows["Algeria"]["confidence"] == "official"
    assert rows["Kazakhstan"]["confidence"] == "secondary"
    counts = pd.Series([r["confidence"] for r in rows.values()]).value_counts().to_dict()
    assert counts == {"official": 31, "secondary": 34, "press": 8, "unconfirmed": 1}


def test_seed_csv_press_rows_keep_their_text(seed_rows):
    press = [r for r in seed_rows.rows("treaty_participants") if r["confidence"] == "press"]
    assert len(press) == 8
    assert all(r["signature_date"] is None for r in press)
    assert all(r["signature_text"] == "2025-10-25 or 2025-10-26" for r in press)
    assert all("name confirmed by news" in r["evidence"] for r in press)


def test_seed_csv_mauritius_and_places(seed_rows):
    rows = {r["participant"]: r for r in seed_rows.rows("treaty_participants")}
    assert rows["Mauritius"]["signature_date"] == date(2025, 11, 19)
    assert rows["Mauritius"]["signature_place"] == "New York (UNHQ)"
    assert rows["Mali"]["signature_date"] == date(2025, 10, 26)
    assert rows["Côte d'Ivoire"]["iso3"] == "CIV" and rows["Türkiye"]["iso3"] == "TUR"
    assert all(r["consent_date"] is None for r in rows.values())


def test_seed_csv_wrong_file():
    with pytest.raises(ParseError, match="compiled signatories CSV"):
        untc_status.parse_compiled_csv(b"code,country\n004,Afghanistan\n", "x")


# --- entry into force (art. 65(1)) ---------------------------------------------------------------

def _frame(n_states: int, *, eu: bool = True, start=date(2026, 1, 1), extra: list[dict] = ()) -> pd.DataFrame:
    rows = [{"iso3": f"S{i:02d}", "consent_date": start + timedelta(days=i), "flagged": False,
             "confidence": "official"} for i in range(n_states)]
    if eu:
        rows.append({"iso3": "EUU", "consent_date": start, "flagged": False, "confidence": "official"})
    rows.append({"iso3": "NOS", "consent_date": None, "flagged": False, "confidence": "official"})
    return pd.DataFrame(rows + list(extra))


def test_entry_into_force_not_yet_with_39_states_and_the_eu():
    eif = treaty.entry_into_force(_frame(39))
    assert (eif.instruments, eif.needed, eif.remaining, eif.date, eif.fortieth_date) == (39, 40, 1, None, None)


def test_entry_into_force_90_days_after_the_40th():
    eif = treaty.entry_into_force(_frame(41))
    fortieth = date(2026, 1, 1) + timedelta(days=39)
    assert eif.instruments == 41 and eif.remaining == 0
    assert eif.fortieth_date == fortieth
    assert eif.date == fortieth + timedelta(days=90) == date(2026, 5, 10)


def test_entry_into_force_ignores_flagged_and_unconfirmed():
    extra = [{"iso3": "FLG", "consent_date": date(2025, 12, 1), "flagged": True, "confidence": "official"},
             {"iso3": "UNC", "consent_date": date(2025, 12, 1), "flagged": False, "confidence": "unconfirmed"}]
    assert treaty.entry_into_force(_frame(39, extra=extra)).instruments == 39


def test_entry_into_force_order_is_by_date_not_by_row():
    frame = _frame(40).sample(frac=1, random_state=3)
    assert treaty.entry_into_force(frame).fortieth_date == date(2026, 1, 1) + timedelta(days=39)


def test_entry_into_force_of_the_illustration_and_status_groups():
    rows = untc_status.parse(XML.read_bytes(), URL).rows("treaty_participants")
    eif = treaty.entry_into_force(pd.DataFrame(rows))
    assert eif.instruments == 3  # Examplestan, Republic of Sample, Demoland; not the bracketed entry
    by_name = {r["participant"]: treaty.status_of(r) for r in rows}
    assert by_name["Examplestan"] == treaty.RATIFIED
    assert by_name["Federation of Placeholder"] == treaty.SIGNED
    assert by_name["Algeria"] == treaty.SIGNED
