"""UN Digital Library search results in MARCXML (``of=xm``): the documents behind the Convention.

One response is one page of a search (up to 200 records, paged with ``jrec``). Each record becomes a
row of ``un_documents``, one row per language file in ``un_document_files`` and one row per state
named as author or sponsor in ``un_document_countries``.

The MARC reading helpers here (``read_marc_records``, ``parse_marc_date``, ``clean_title``) are also
used by ``collectors.ga_votes`` for the library's voting records.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date

from collectors.base import Dataset, ParseError, ParseResult
from collectors.unodc_ahc import find_session
from treaty_monitor import countries

SOURCE_ID = "undl_documents"
CLI_TABLE = "un_documents"
RECORD_URL = "https://digitallibrary.un.org/record/{}"

# A paged search can fail on one page, and the documents it covers never disappear from the
# library: a run adds and updates, it never removes.
DATASETS = {
    "un_documents": Dataset(
        key=("record_id",),
        tracked=("symbol", "title", "date", "doc_type", "session", "languages"),
        snapshot=False,
    ),
    "un_document_files": Dataset(key=("record_id", "url"), tracked=("language",), snapshot=False),
    "un_document_countries": Dataset(
        key=("record_id", "role", "name_in_source"), tracked=("iso3",), snapshot=False),
}

EXPECTED = "expected a MARCXML <collection> from the UN Digital Library"


# ---------------------------------------------------------------------------------------------
# MARCXML reading

@dataclass
class MarcField:
    tag: str
    ind1: str
    ind2: str
    subfields: list[tuple[str, str]] = field(default_factory=list)

    def first(self, code: str) -> str | None:
        return next((value for c, value in self.subfields if c == code), None)

    def all(self, code: str) -> list[str]:
        return [value for c, value in self.subfields if c == code]


@dataclass
class MarcRecord:
    controls: dict[str, str]
    fields: list[MarcField]

    @property
    def record_id(self) -> str | None:
        return self.controls.get("001")

    def fields_of(self, *tags: str) -> list[MarcField]:
        return [f for f in self.fields if f.tag in tags]

    def first(self, tag: str, code: str) -> str | None:
        return next((v for f in self.fields_of(tag) if (v := f.first(code))), None)


_TOTAL_COMMENT = re.compile(rb"Search-Engine-Total-Number-Of-Results:\s*(\d+)")
_MOJIBAKE_HINT = re.compile("[\u00c2\u00c3\u00d0\u00d8\u00d9\u00e2\u00e4\u00e5\u00e6]")


def total_results(content: bytes) -> int | None:
    """The library's own count of the search's hits, from its header comment."""
    match = _TOTAL_COMMENT.search(content[:2000])
    return int(match.group(1)) if match else None


def _local(tag: str) -> str:
    # "{http://www.loc.gov/MARC21/slim}record" and "record" both give "record"
    return tag.rsplit("}", 1)[-1]


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded once as Latin-1 ("CÃ´te d'Ivoire" -> "Côte d'Ivoire").

    The round trip only succeeds on genuinely double-encoded text, so correct text is left alone.
    """
    if not _MOJIBAKE_HINT.search(text):
        return text
    for codec in ("latin-1", "cp1252"):
        try:
            return text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return text


def _decode(content: bytes, warnings: list[str]) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        warnings.append(f"the response is not valid UTF-8 (first bad byte at {exc.start}); "
                        "undecodable bytes were replaced")
        return content.decode("utf-8-sig", errors="replace")


def _refuse_non_xml(text: str, expected: str) -> None:
    head = text.lstrip()[:500].lower()
    if not head:
        raise ParseError(f"{expected}, got an empty response (the library's firewall answers some "
                         "clients with an empty HTTP 202: a failed fetch, not an empty search)")
    if head.startswith("<!doctype html") or "<html" in head:
        raise ParseError(f"{expected}, got an HTML page")
    if not head.startswith("<"):
        raise ParseError(f"{expected}, got text starting {text.lstrip()[:40]!r}")


def read_marc_records(content: bytes, warnings: list[str], expected: str = EXPECTED) -> list[MarcRecord]:
    """Every MARC <record> in the response, whatever its namespace prefix (or none)."""
    text = _decode(content, warnings)
    _refuse_non_xml(text, expected)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ParseError(f"{expected}, got malformed XML ({exc})") from None
    elements = [el for el in root.iter() if _local(el.tag) == "record"]
    if not elements and _local(root.tag) not in ("collection", "record"):
        raise ParseError(f"{expected}, got an XML document with root <{_local(root.tag)}>")
    repaired = [0]
    records = [_read_record(el, repaired) for el in elements]
    if repaired[0]:
        warnings.append(f"repaired {repaired[0]} double-encoded text value(s) (UTF-8 read as Latin-1)")
    return records


def _read_record(element: ET.Element, repaired: list[int]) -> MarcRecord:
    def clean(value: str | None) -> str:
        value = (value or "").strip()
        fixed = repair_mojibake(value)
        if fixed != value:
            repaired[0] += 1
        return fixed

    controls, fields = {}, []
    for child in element:
        name = _local(child.tag)
        if name == "controlfield":
            controls[child.get("tag", "")] = clean(child.text)
        elif name == "datafield":
            subfields = [(sub.get("code", ""), clean(sub.text)) for sub in child
                         if _local(sub.tag) == "subfield"]
            fields.append(MarcField(child.get("tag", ""), child.get("ind1", " "), child.get("ind2", " "),
                                    [(c, v) for c, v in subfields if v]))
    return MarcRecord(controls, fields)


_ISO_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")


def parse_marc_date(value: str | None) -> date | None:
    """"2023-11-08" or "20231108" (992 may list several, comma-separated: the first is taken)."""
    if not value:
        return None
    match = _ISO_DATE.match(value.split(",")[0].strip())
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


def clean_title(value: str | None) -> str | None:
    """245 $a without its ISBD punctuation ("Title :" -> "Title")."""
    if not value:
        return None
    return re.sub(r"[\s:;/=,.]+$", "", value).strip() or None


# ---------------------------------------------------------------------------------------------
# Document rows

_COMMITTEES = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth")
# Longest prefix first: "A/AC.291/" must win over "A/".
BODY_BY_SYMBOL_PREFIX = [
    ("A/AC.291/", "Ad Hoc Committee (A/AC.291)"),
    *((f"A/C.{n}/", f"{name} Committee") for n, name in enumerate(_COMMITTEES, start=1)),
    ("A/HRC/", "Human Rights Council"),
    ("E/CN.15/", "Commission on Crime Prevention and Criminal Justice"),
    ("E/", "Economic and Social Council"),
    ("S/", "Security Council"),
    ("A/", "General Assembly"),
]


def body_from_symbol(symbol: str | None) -> str | None:
    for prefix, body in BODY_BY_SYMBOL_PREFIX:
        if symbol and symbol.upper().startswith(prefix):
            return body
    return None


_GA_SESSION = re.compile(r"^A/(?:(?:RES|DEC|INF|C\.\d)/)?(ES-\d+|\d+)/", re.I)


def ga_session(symbol: str | None) -> str | None:
    match = _GA_SESSION.match(symbol or "")
    return match.group(1).upper() if match else None


# (pattern, doc_type), first match wins; applied to 245 $b, then 245 $a, then 989 $b.
_DOC_TYPE_PATTERNS = [
    (r"\blist of participants\b", "list of participants"),
    (r"\b(?:provisional|annotated|adoption of the) agenda\b|^agenda\b", "agenda"),
    (r"\bamendments?\b", "amendment"),
    # the library itself files draft decisions with draft resolutions
    (r"\bdraft (?:resolutions?|decisions?)\b", "draft resolution"),
    (r"\bresolutions?\b(?! and decisions)|^resolutions and decisions$", "resolution"),
    (r"\bworking paper\b|\bconference room paper\b|\bnegotiating (?:document|text)\b"
     r"|\bdraft (?:text of the )?convention\b", "working paper"),
    (r"\bstatements?\b", "statement"),
    (r"\breports?\b", "report"),
    (r"\bsubmi(?:ssion|tted)\b|\bproposals and contributions\b|\bviews of member states\b"
     r"|\bcomments\b", "submission"),
    (r"^notes?\b|\bnote by\b|\bnote verbale\b|\bletter dated\b", "note"),
]
_DOC_TYPE_BY_SYMBOL = [
    (r"/RES/", "resolution"),
    (r"/L\.\d", "draft resolution"),
    (r"/CRP\.\d", "working paper"),
    (r"/INF/", "note"),
]


def infer_doc_type(subtitle: str | None, title: str | None, category: str | None,
                   symbol: str | None) -> str:
    for text in (subtitle, title, category):
        for pattern, doc_type in _DOC_TYPE_PATTERNS:
            if text and re.search(pattern, text, re.I):
                return doc_type
    for pattern, doc_type in _DOC_TYPE_BY_SYMBOL:
        if symbol and re.search(pattern, symbol, re.I):
            return doc_type
    return "other"


_FILE_LANGUAGE = re.compile(r"-([A-Za-z]{2})\.[A-Za-z0-9]+$")


def language_from_file_name(url: str) -> str | None:
    """"..._L.49_Rev.1-EN.pdf" -> "EN". The 856 $y label is not used: exports often mis-encode it."""
    match = _FILE_LANGUAGE.search(url.split("?")[0])
    return match.group(1).upper() if match else None


def split_country_names(text: str) -> list[str]:
    """"Albania, Bosnia and Herzegovina, Uruguay and Zambia" -> the four names as written.

    Commas always separate; " and " separates only where both sides are country names, so
    "Antigua and Barbuda" stays whole. A piece that cannot be split into countries is returned
    whole (the caller reports it).
    """
    names = []
    for piece in text.split(","):
        piece = re.sub(r"^\s*and\s+", "", piece).strip(" .;")
        if piece:
            names.extend(_split_on_and(piece) or [piece])
    return names


def _split_on_and(piece: str) -> list[str] | None:
    if countries.resolve(piece):
        return [piece]
    for match in re.finditer(r"\s+and\s+", piece):
        left, right = piece[:match.start()], piece[match.end():]
        rest = _split_on_and(right)
        if countries.resolve(left) and rest:
            return [left, *rest]
    return None


_UN_ORGAN = re.compile(r"^(UN\.|United Nations\b)", re.I)
_ADDITIONAL_SPONSORS = re.compile(r"additional sponsors?\s*:\s*(.+)", re.I | re.S)


def additional_sponsor_names(note: str) -> list[str]:
    """515 "Additional sponsors: A, B and C (A/78/481/Add.2). - Further note" -> [A, B, C]."""
    match = _ADDITIONAL_SPONSORS.search(note)
    if not match:
        return []
    names = re.split(r"\.\s+-\s+|\s*\((?:see\s+)?[AES]/[^)]*\)", match.group(1))[0]
    return split_country_names(names)


def _country_rows(record: MarcRecord, doc_type: str, url: str, where: str,
                  warnings: list[str]) -> list[dict]:
    lead_role = "sponsor" if doc_type in ("draft resolution", "amendment") else "author"
    named = [(f.first("a"), lead_role) for f in record.fields_of("710") if f.first("a")]
    if not named and lead_role == "sponsor" and record.first("245", "c"):
        named = [(n, lead_role) for n in split_country_names(record.first("245", "c"))]
    for note in record.fields_of("515"):
        named += [(n, "additional sponsor") for n in additional_sponsor_names(note.first("a") or "")]

    rows, seen = [], set()
    for name, role in named:
        if _UN_ORGAN.match(name) or (role, name) in seen:
            continue  # UN organs as corporate authors are not states
        seen.add((role, name))
        iso3 = countries.resolve(name)
        if iso3 is None:
            warnings.append(f"unresolved country name {name!r} ({role}) in {where}")
        rows.append({"record_id": record.record_id, "iso3": iso3, "role": role,
                     "name_in_source": name, "source_url": url})
    return rows


def _file_rows(record: MarcRecord, url: str, where: str, warnings: list[str]) -> list[dict]:
    rows = []
    for link in record.fields_of("856"):
        file_url = link.first("u")
        if not file_url or not file_url.lower().startswith(("http://", "https://")):
            continue
        language = language_from_file_name(file_url)
        if language is None:
            warnings.append(f"no language code in the file name {file_url!r} in {where}")
        rows.append({"record_id": record.record_id, "language": language, "url": file_url,
                     "source_url": url})
    return rows


_SUBJECT_TAGS = ("600", "610", "611", "630", "650", "651")


def _document_row(record: MarcRecord, files: list[dict], url: str, where: str,
                  warnings: list[str]) -> dict:
    symbol = record.first("191", "a") or record.first("791", "a")
    raw_title = record.first("245", "a")
    subtitle = record.first("245", "b")
    doc_date = parse_marc_date(record.first("269", "a")) or parse_marc_date(record.first("992", "a"))
    if doc_date is None:
        warnings.append(f"no usable date (269/992) in {where}")
    session = None
    if symbol and symbol.upper().startswith("A/AC.291"):
        session = find_session(" ".join(filter(None, [raw_title, subtitle, *_meeting_names(record)])))
    session = session or ga_session(symbol) or _digits(record.first("191", "c"))
    subjects = [v for f in record.fields_of(*_SUBJECT_TAGS) if (v := f.first("a"))]
    languages = [f["language"] for f in files if f["language"]]
    return {
        "record_id": record.record_id,
        "symbol": symbol,
        "body": body_from_symbol(symbol) or _body_from_record(record),
        "session": session,
        "title": clean_title(raw_title),
        "date": doc_date,
        "doc_type": infer_doc_type(subtitle, raw_title, record.first("989", "b"), symbol),
        "subjects": "; ".join(dict.fromkeys(subjects)) or None,
        "languages": "; ".join(dict.fromkeys(languages)) or None,
        "source_url": url,
        "record_url": RECORD_URL.format(record.record_id),
    }


def _meeting_names(record: MarcRecord) -> list[str]:
    return [" ".join(v for _, v in f.subfields) for f in record.fields_of("111", "711")]


def _digits(value: str | None) -> str | None:
    return value if value and value.isdigit() else None


def _body_from_record(record: MarcRecord) -> str | None:
    # 981 $a "General Assembly", $b "3rd Committee": the narrower body wins
    return record.first("981", "b") or record.first("981", "a")


def parse(content: bytes, url: str) -> ParseResult:
    result = ParseResult()
    records = read_marc_records(content, result.warnings)
    total = total_results(content)
    result.meta["total_results"] = total
    if total and not records:
        result.warnings.append(f"the library reports {total} results but this page holds no record")
    documents, files, named = result.rows("un_documents"), result.rows("un_document_files"), \
        result.rows("un_document_countries")
    for position, record in enumerate(records, start=1):
        if not record.record_id:
            result.warnings.append(f"record {position} of the page has no record id (001); skipped")
            continue
        where = f"record {record.record_id}"
        record_files = _file_rows(record, url, where, result.warnings)
        document = _document_row(record, record_files, url, where, result.warnings)
        documents.append(document)
        files.extend(record_files)
        named.extend(_country_rows(record, document["doc_type"], url, where, result.warnings))
    return result


def next_page_urls(first_url: str, total_results: int, page_size: int = 200) -> list[str]:
    """The URLs of the pages after ``first_url`` (``jrec=201``, ``jrec=401``...).

    The page size is the URL's own ``rg`` when it has one. The other parameters are kept exactly
    as written, so a query such as ``p=191__a:"A/AC.291/*"`` is not re-encoded.
    """
    base, _, query = first_url.partition("?")
    params = [p for p in query.split("&") if p]
    values = dict(p.partition("=")[::2] for p in params)
    size = int(values["rg"]) if values.get("rg", "").isdigit() else page_size
    start = int(values["jrec"]) if values.get("jrec", "").isdigit() else 1
    kept = [p for p in params if p.partition("=")[0] not in ("jrec", "rg")]
    return [f"{base}?{'&'.join([*kept, f'rg={size}', f'jrec={jrec}'])}"
            for jrec in range(start + size, total_results + 1, size)]


MAX_PAGES = 50  # 10,000 records at 200 a page: far above any search this monitor makes


def fetch(get, urls: list[str]) -> list:
    """Page 1 of each search URL, then the pages after it (``jrec``) up to the library's own total.

    ``get(url)`` returns an HttpResponse or raises FetchError (an empty HTTP 202 included), which
    fails the whole run: a search with a missing page is not stored as if it were complete.
    """
    responses = []
    for url in urls:
        first = get(url)
        responses.append(first)
        total = parse(first.content, first.url).meta.get("total_results") or 0
        pages = next_page_urls(url, total)
        if len(pages) >= MAX_PAGES:
            from collectors.http import FetchError
            raise FetchError(f"{url}: {total} results would take more than {MAX_PAGES} pages; narrow the search")
        for page_url in pages:
            responses.append(get(page_url))
    return responses
