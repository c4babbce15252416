"""Recorded GA votes: the library's voting records (MARCXML) and its voting CSV give the same rows."""
import csv
import io
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from collectors.base import ParseError
from collectors.ga_votes import parse

FIXTURES = Path(__file__).parent / "fixtures" / "ga_votes"
URL = "https://digitallibrary.un.org/record/4060887/files/ga_voting.csv"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def voting_record_from_csv(content: bytes, totals: tuple[int, int, int, int, int]) -> bytes:
    """A "Voting Data" MARCXML record holding the same votes as the CSV, the way the library writes it."""
    lines = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    first = lines[0]
    states = "".join(
        '<datafield tag="967" ind1=" " ind2=" ">'
        f'<subfield code="a">{line["seq"]}</subfield><subfield code="c">{line["iso3"]}</subfield>'
        + (f'<subfield code="d">{line["vote"]}</subfield>' if line["vote"] in "YNA" else "")
        + f'<subfield code="e">{escape(line["country"])}</subfield></datafield>\n'
        for line in lines)
    tallies = "".join(f'<subfield code="{code}">{value}</subfield>' for code, value in zip("bcdef", totals))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<collection xmlns="http://www.loc.gov/MARC21/slim"><record>
<controlfield tag="001">{first["undl_id"]}</controlfield>
<datafield tag="245" ind1=" " ind2=" "><subfield code="a">Countering the use of information and communications technologies for criminal purposes :</subfield><subfield code="b">resolution /</subfield></datafield>
<datafield tag="269" ind1=" " ind2=" "><subfield code="a">{first["date"]}</subfield></datafield>
<datafield tag="791" ind1=" " ind2=" "><subfield code="a">{first["symbol"]}</subfield><subfield code="c">74</subfield></datafield>
<datafield tag="952" ind1=" " ind2=" "><subfield code="a">A/74/PV.52</subfield></datafield>
<datafield tag="996" ind1=" " ind2=" ">{tallies}</datafield>
{states}</record></collection>""".encode("utf-8")


RES_74_247_TOTALS = (79, 60, 33, 21, 193)


def test_csv_gives_one_row_per_state_with_not_voting_as_x():
    result = parse(fixture("ga_votes_A-RES-74-247.csv"), URL)
    votes = result.rows("ga_votes")
    assert len(votes) == 193
    tally = {v: sum(r["vote"] == v for r in votes) for v in "YNAX"}
    assert tally == {"Y": 79, "N": 60, "A": 33, "X": 21}
    by_iso3 = {r["iso3"]: r for r in votes}
    assert by_iso3["AFG"]["vote"] == "X" and by_iso3["ALB"]["vote"] == "N"
    assert by_iso3["CIV"]["country_name"] == "CÔTE D'IVOIRE"
    assert by_iso3["RUS"] == {"resolution": "A/RES/74/247", "iso3": "RUS", "country_name": "RUSSIAN FEDERATION",
                              "vote": "Y", "date": date(2019, 12, 27), "undl_record_id": "3841023",
                              "source_url": URL}
    assert all(r["iso3"] for r in votes) and not result.warnings


def test_csv_for_73_187():
    votes = parse(fixture("ga_votes_A-RES-73-187.csv"), URL).rows("ga_votes")
    tally = {v: sum(r["vote"] == v for r in votes) for v in "YNAX"}
    assert tally == {"Y": 94, "N": 59, "A": 33, "X": 7}
    assert {r["resolution"] for r in votes} == {"A/RES/73/187"}


def test_voting_record_and_csv_give_identical_rows():
    csv_bytes = fixture("ga_votes_A-RES-74-247.csv")
    from_csv = parse(csv_bytes, URL)
    from_record = parse(voting_record_from_csv(csv_bytes, RES_74_247_TOTALS), URL)
    assert from_record.rows("ga_votes") == from_csv.rows("ga_votes")
    [resolution] = from_record.rows("ga_resolutions")
    assert resolution == {
        "resolution": "A/RES/74/247",
        "title": "Countering the use of information and communications technologies for criminal purposes",
        "date": date(2019, 12, 27), "meeting": "A/74/PV.52", "yes": 79, "no": 60, "abstain": 33,
        "non_voting": 21, "total": 193, "undl_record_id": "3841023",
        "record_url": "https://digitallibrary.un.org/record/3841023", "source_url": URL}


def test_totals_that_do_not_match_the_rows_fail_the_parse():
    csv_bytes = fixture("ga_votes_A-RES-74-247.csv")
    # Albania's "No" recorded as "Yes": the record's own totals (79 yes, 60 no) no longer add up
    tampered = csv_bytes.replace(b",2,ALB,ALBANIA,N", b",2,ALB,ALBANIA,Y")
    with pytest.raises(ParseError) as err:
        parse(voting_record_from_csv(tampered, RES_74_247_TOTALS), URL)
    message = str(err.value)
    assert "A/RES/74/247" in message and "yes 79" in message and "yes 80" in message
    assert "\n" not in message


def test_trimmed_library_record_fails_because_its_totals_cover_193_states():
    with pytest.raises(ParseError, match=r"A/RES/80/214.*total 193.*3 state rows"):
        parse(fixture("undl_voting_records_trimmed.xml"), URL)


def test_voting_records_without_totals_parse_with_a_warning():
    content = fixture("undl_voting_records_trimmed.xml")
    start, end = content.index(b'<datafield tag="996"'), content.index(b'<datafield tag="967"')
    result = parse(content[:start] + content[end:], URL)
    votes = {(r["resolution"], r["iso3"]): r["vote"] for r in result.rows("ga_votes")}
    assert votes == {("A/RES/80/214", "USA"): "N", ("A/RES/80/214", "GBR"): "Y", ("A/RES/80/214", "RUS"): "X",
                     ("A/RES/ES-10/21", "ALB"): "A", ("A/RES/ES-10/21", "BEN"): "X"}
    assert sum("no vote totals" in w for w in result.warnings) == 2
    meeting = {r["resolution"]: r["meeting"] for r in result.rows("ga_resolutions")}
    assert meeting == {"A/RES/80/214": "A/80/PV.69", "A/RES/ES-10/21": None}


def test_resolution_summary_gives_titles_meetings_and_totals():
    rows = {r["resolution"]: r for r in parse(fixture("ga_resolutions_summary.csv"), URL).rows("ga_resolutions")}
    res = rows["A/RES/73/187"]
    assert res["title"] == "Countering the use of information and communications technologies for criminal purposes"
    assert (res["yes"], res["no"], res["abstain"], res["non_voting"], res["total"]) == (94, 59, 33, 7, 193)
    assert res["meeting"] == "A/73/PV.56" and res["date"] == date(2018, 12, 17)


@pytest.mark.parametrize("content, expected", [
    (b"", "empty response"),
    (b"<!DOCTYPE html><html><body>Access denied</body></html>", "HTML page"),
    (b"name,value\nfoo,1\n", "no column for resolution"),
])
def test_wrong_bytes_fail_with_a_clear_message(content, expected):
    with pytest.raises(ParseError, match=expected):
        parse(content, URL)
