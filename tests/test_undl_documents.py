"""UN Digital Library MARCXML search pages -> un_documents, un_document_files, un_document_countries."""
from datetime import date
from pathlib import Path

import pytest

from collectors import undl_documents
from collectors.base import ParseError, ParseResult
from collectors.undl_documents import next_page_urls, parse

FIXTURES = Path(__file__).parent / "fixtures" / "undl_documents"
SEARCH = 'https://digitallibrary.un.org/search?p=191__a:"A/AC.291/*"&of=xm&rg=200&jrec=1'


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture(scope="module")
def two_records() -> ParseResult:
    return parse(fixture("undl_marcxml_search_2records.xml"), SEARCH)


def by_id(rows, record_id):
    return [r for r in rows if r["record_id"] == record_id]


def test_search_page_gives_one_document_per_record(two_records):
    docs = two_records.rows("un_documents")
    assert [d["record_id"] for d in docs] == ["4026910", "4026780"]
    first = docs[0]
    assert first["symbol"] == "A/C.3/78/L.49/Rev.1"
    assert first["body"] == "Third Committee"
    assert first["session"] == "78"
    assert first["title"] == "Promotion and protection of human rights in the context of digital technologies"
    assert first["date"] == date(2023, 11, 8)
    assert first["doc_type"] == "draft resolution"
    assert first["subjects"].split("; ")[:2] == ["HUMAN RIGHTS", "HUMAN RIGHTS ADVANCEMENT"]
    assert first["record_url"] == "https://digitallibrary.un.org/record/4026910"
    assert first["source_url"] == SEARCH
    assert docs[1]["doc_type"] == "amendment"
    assert two_records.meta["total_results"] == 94


def test_file_language_comes_from_the_file_name_not_the_misencoded_label(two_records):
    files = by_id(two_records.rows("un_document_files"), "4026910")
    assert [f["language"] for f in files] == ["AR", "ZH", "EN", "FR", "RU", "ES"]
    english = [f["url"] for f in files if f["language"] == "EN"]
    assert english == ["https://digitallibrary.un.org/record/4026910/files/A_C.3_78_L.49_Rev.1-EN.pdf"]
    assert two_records.rows("un_documents")[0]["languages"] == "AR; ZH; EN; FR; RU; ES"


def test_sponsors_and_additional_sponsors_resolve_to_countries(two_records):
    named = by_id(two_records.rows("un_document_countries"), "4026910")
    sponsors = [r["iso3"] for r in named if r["role"] == "sponsor"]
    extra = [r["iso3"] for r in named if r["role"] == "additional sponsor"]
    assert len(sponsors) == 24 and "NLD" in sponsors  # "Netherlands (Kingdom of the)"
    assert len(extra) == 49 and extra[0] == "ALB" and extra[-1] == "ZMB"
    assert {"BIH", "USA", "KOR"} <= set(extra)  # "Bosnia and Herzegovina" is not split on "and"
    assert all(r["iso3"] for r in two_records.rows("un_document_countries"))


def test_double_encoded_names_are_repaired_and_reported(two_records):
    amendment = by_id(two_records.rows("un_document_countries"), "4026780")
    ivory_coast = [r for r in amendment if r["iso3"] == "CIV"]
    assert ivory_coast and ivory_coast[0]["name_in_source"] == "Côte d'Ivoire"
    extra = [r["name_in_source"] for r in amendment if r["role"] == "additional sponsor"]
    assert extra == ["Burundi", "United Republic of Tanzania", "Zimbabwe"]
    assert any("double-encoded" in w for w in two_records.warnings)


def test_voting_records_parse_as_resolutions():
    result = parse(fixture("undl_voting_records_trimmed.xml"), SEARCH)
    docs = result.rows("un_documents")
    assert [(d["symbol"], d["doc_type"], d["session"], d["body"]) for d in docs] == [
        ("A/RES/80/214", "resolution", "80", "General Assembly"),
        ("A/RES/ES-10/21", "resolution", "ES-10", "General Assembly"),
    ]
    assert docs[0]["title"] == "National human rights institutions"
    assert docs[1]["date"] == date(2023, 10, 27)


def test_paged_search_with_and_without_namespace_prefix():
    # Page 1: the library's export (records with an ns0: prefix); page 2: no namespace at all.
    page1 = fixture("undl_marcxml_search_2records.xml").replace(
        b"Total-Number-Of-Results: 94", b"Total-Number-Of-Results: 3")
    first_url = SEARCH.replace("rg=200", "rg=2")
    result = parse(page1, first_url)
    pages = next_page_urls(first_url, result.meta["total_results"])
    assert pages == [first_url.replace("jrec=1", "jrec=3")]
    result.extend(parse(fixture("undl_search_page2_no_namespace.xml"), pages[0]))

    docs = result.rows("un_documents")
    assert [d["record_id"] for d in docs] == ["4026910", "4026780", "9990001"]
    report = docs[2]
    assert report["source_url"] == pages[0]
    assert report["body"] == "Ad Hoc Committee (A/AC.291)"
    assert report["session"] == "Fifth session"
    assert report["doc_type"] == "report"
    assert report["date"] == date(2023, 5, 5)


def test_what_cannot_be_resolved_is_kept_and_reported():
    result = parse(fixture("undl_search_page2_no_namespace.xml"), SEARCH)
    named = result.rows("un_document_countries")
    # the UN organ as corporate author is not a state; the unknown state is kept without iso3
    assert [(r["name_in_source"], r["iso3"]) for r in named] == [("Republic of Atlantis", None)]
    assert any("Republic of Atlantis" in w for w in result.warnings)
    files = result.rows("un_document_files")
    assert [f["language"] for f in files] == ["EN", "FR", None]
    assert any("cover.pdf" in w for w in result.warnings)


@pytest.mark.parametrize("content, expected", [
    (b"", "empty response"),
    (b"   \n", "empty response"),
    (b"<!DOCTYPE html><html><body>Request blocked</body></html>", "HTML page"),
    (b"<collection><record>", "malformed XML"),
    (b'<?xml version="1.0"?><rss><channel/></rss>', "root <rss>"),
])
def test_wrong_bytes_fail_with_one_line_naming_what_was_expected(content, expected):
    with pytest.raises(ParseError) as err:
        parse(content, SEARCH)
    message = str(err.value)
    assert "expected a MARCXML <collection> from the UN Digital Library" in message
    assert expected in message and "\n" not in message


def test_an_empty_search_is_not_an_error():
    content = b'<?xml version="1.0"?>\n<!-- Search-Engine-Total-Number-Of-Results: 0 -->\n' \
              b'<collection xmlns="http://www.loc.gov/MARC21/slim"></collection>'
    result = parse(content, SEARCH)
    assert result.rows("un_documents") == [] and result.meta["total_results"] == 0


def test_next_page_urls_keep_the_query_as_written():
    assert next_page_urls(SEARCH, 450) == [SEARCH.replace("jrec=1", "jrec=201"),
                                           SEARCH.replace("jrec=1", "jrec=401")]
    assert next_page_urls(SEARCH, 200) == []
    assert next_page_urls(SEARCH, 0) == []
    no_paging = 'https://digitallibrary.un.org/search?p=191__a:"A/AC.291/*"&of=xm'
    assert next_page_urls(no_paging, 250, page_size=100) == [
        no_paging + "&rg=100&jrec=101", no_paging + "&rg=100&jrec=201"]


@pytest.mark.parametrize("subtitle, title, symbol, expected", [
    ("revised draft resolution /", "Countering the use of ICT", "A/C.3/74/L.11/Rev.1", "draft resolution"),
    ("resolution / adopted by the General Assembly", "Countering the use of ICT", "A/RES/74/247", "resolution"),
    (None, "Annotated provisional agenda", "A/AC.291/8", "agenda"),
    (None, "Compilation of proposals and contributions submitted by Member States", "A/AC.291/9", "submission"),
    (None, "List of participants", "A/AC.291/INF/3", "list of participants"),
    ("note by the Secretariat", "Mechanisms of implementation", "A/AC.291/17", "note"),
    (None, "Untitled", "A/AC.291/CRP.1", "working paper"),
    (None, "Untitled", "A/AC.291/99", "other"),
])
def test_document_type_is_inferred_from_subtitle_title_and_symbol(subtitle, title, symbol, expected):
    assert undl_documents.infer_doc_type(subtitle, title, None, symbol) == expected
