"""UNODC pages of the Ad Hoc Committee on cybercrime: sessions, documents, submissions, stakeholders.

One ``parse`` serves every kind of page (the home page listing the sessions, a session page, the
multi-stakeholder pages with the approved lists). The pages changed layout over the years (symbol
lines then titles; later tables and lists under "Chair's Documents", "Submissions"...), so the page
is read as a sequence of headings and text blocks: a heading decides what the blocks under it are,
and a block is recognised by its document symbol and its links, never by its position.

``find_session`` and ``session_key`` name Committee sessions the same way for every source.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from collectors.base import Dataset, ParseError, ParseResult
from treaty_monitor import countries

SOURCE_ID = "unodc_ahc"
CLI_TABLE = "ahc_documents"

# Each page gives only part of a table (one session's documents, one list of stakeholders): runs add
# and update, they never remove.
DATASETS = {
    "ahc_sessions": Dataset(key=("session_key",), tracked=("start_date", "end_date", "venue"),
                            snapshot=False),
    "ahc_documents": Dataset(key=("session_key", "category", "title", "submitter_name", "url"),
                             tracked=("symbol",), snapshot=False),
    "stakeholders": Dataset(key=("stakeholder_key",), tracked=("category", "country_iso3"),
                            snapshot=False),
    "stakeholder_participation": Dataset(key=("stakeholder_key", "session_key", "role"),
                                         snapshot=False),
}

# A trailing full stop is punctuation, not part of the symbol: see _symbol_in.
SYMBOL = re.compile(r"\bA/AC\.291(?:/[\w.]+)+")

# ---------------------------------------------------------------------------------------------
# Session names

_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3,
    **{f"{n}th": n for n in range(4, 11)},
}
_ORDINAL_WORDS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth",
                  "Ninth", "Tenth")
# The lookbehind keeps "seventy-fourth session" (a General Assembly session) from reading as "fourth".
_ORDINAL = r"(?<![\w-])(" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r")"
_SESSION_PATTERNS = [
    (re.compile(r"session on organi[sz]ational matters", re.I),
     lambda m: ("organizational-matters", "Session on organizational matters")),
    (re.compile(r"organi[sz]ational session", re.I),
     lambda m: ("organizational-session", "Organizational session")),
    (re.compile(r"reconvened concluding session", re.I),
     lambda m: ("reconvened-concluding-session", "Reconvened concluding session")),
    (re.compile(r"concluding session", re.I),
     lambda m: ("concluding-session", "Concluding session")),
    (re.compile(r"(?:session|meeting)\b.*\brules of procedure\b|\brules of procedure\b.*\b(?:session|meeting)\b",
                re.I),
     lambda m: ("cosp-rules-of-procedure",
                "Session on the draft rules of procedure of the Conference of the States Parties")),
    (re.compile(_ORDINAL + r" intersessional consultation", re.I),
     lambda m: (f"intersessional-{_ORDINALS[m.group(1).lower()]}",
                f"{_ORDINAL_WORDS[_ORDINALS[m.group(1).lower()] - 1]} intersessional consultation")),
    (re.compile(_ORDINAL + r" session\b", re.I),
     lambda m: (f"session-{_ORDINALS[m.group(1).lower()]}",
                f"{_ORDINAL_WORDS[_ORDINALS[m.group(1).lower()] - 1]} session")),
]


def _match_session(text: str) -> tuple[str, str] | None:
    for pattern, build in _SESSION_PATTERNS:
        match = pattern.search(text or "")
        if match:
            return build(match)
    return None


def find_session(text: str | None) -> str | None:
    """The Committee session a text names, as one canonical name ("5th session" -> "Fifth session")."""
    found = _match_session(text or "")
    return found[1] if found else None


def session_key(name: str) -> str:
    """Stable key of a session: "Second session" and "2nd session" -> "session-2"; others slugged."""
    found = _match_session(name)
    return found[0] if found else _slug(name)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# ---------------------------------------------------------------------------------------------
# Dates such as "30 May to 10 June 2022", "10-12 May 2021", "24 and 25 March 2022"

_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
_MONTH = r"(" + "|".join(_MONTHS) + r")"
_TO = r"\s*(?:-|–|—|to|and|until)\s*"
_DATE_RANGES = [
    # 30 May 2022 to 10 June 2022
    (re.compile(rf"(\d{{1,2}}) {_MONTH},? (\d{{4}}){_TO}(\d{{1,2}}) {_MONTH},? (\d{{4}})", re.I),
     lambda g: ((g[0], g[1], g[2]), (g[3], g[4], g[5]))),
    # 30 May to 10 June 2022
    (re.compile(rf"(\d{{1,2}}) {_MONTH}{_TO}(\d{{1,2}}) {_MONTH},? (\d{{4}})", re.I),
     lambda g: ((g[0], g[1], g[4]), (g[2], g[3], g[4]))),
    # 10-12 May 2021
    (re.compile(rf"(\d{{1,2}}){_TO}(\d{{1,2}}) {_MONTH},? (\d{{4}})", re.I),
     lambda g: ((g[0], g[2], g[3]), (g[1], g[2], g[3]))),
    # 24 February 2022
    (re.compile(rf"(\d{{1,2}}) {_MONTH},? (\d{{4}})", re.I),
     lambda g: ((g[0], g[1], g[2]), (g[0], g[1], g[2]))),
]


def find_date_range(text: str) -> tuple[date, date, re.Match] | None:
    """The first date or date range in the text: (start, end, the match), or None."""
    for pattern, parts in _DATE_RANGES:
        match = pattern.search(text)
        if match:
            try:
                start, end = (date(int(y), _MONTHS[m.lower()], int(d)) for d, m, y in parts(match.groups()))
            except ValueError:
                continue
            return start, end, match
    return None


_PLACE = r"([A-Z][\w'-]+(?: [A-Z][\w'-]+){0,2})"


def _venue_around(text: str, match: re.Match) -> str | None:
    """"Vienna, 30 May..." / "21 August - 1 September 2023, New York" / "...2023 in Vienna."."""
    before, after = text[:match.start()], text[match.end():]
    if len(text) <= 80:
        rest = " ".join((before + " " + after).replace(",", " ").split()).strip(" .-–:")
        rest = re.sub(r"^(?:from|held)\s+", "", rest, flags=re.I)
        if rest and len(rest.split()) <= 4 and not _match_session(rest):
            return rest
    found = re.match(r"^\s*,?\s*in " + _PLACE, after) or re.search(r"\bin " + _PLACE + r",?\s*(?:from\s*)?$", before)
    return found.group(1) if found else None


# ---------------------------------------------------------------------------------------------
# Stakeholder names

_LEGAL_SUFFIX = re.compile(r"\b(inc|ltd|llc|gmbh|e ?v|ngo)\.?$")
# Acronyms seen standing alone on the Committee's pages, for organisations that are also named in
# full. Acronyms written beside a full name on the page itself ("... (EFF)") are learnt while parsing.
KNOWN_ACRONYMS = {
    "eff": "Electronic Frontier Foundation",
    "hrw": "Human Rights Watch",
    "gitoc": "Global Initiative Against Transnational Organized Crime",
    "apc": "Association for Progressive Communications",
    "cdt": "Center for Democracy and Technology",
}


def stakeholder_key(name: str, acronyms: dict[str, str] | None = None) -> str:
    """One key for the spellings of an organisation's name.

    "Electronic Frontier Foundation (EFF)", "Electronic Frontier Foundation" and "EFF" give the
    same key, as do "Access Now" and "AccessNow": accents, case, spaces, punctuation, a leading
    "The", a legal suffix and a parenthetical are ignored, and a lone acronym is read as the
    full name it stands for (``acronyms``: learnt from the page, else ``KNOWN_ACRONYMS``).
    """
    key = _bare_key(re.sub(r"\([^)]*\)", " ", name)) or _bare_key(name)
    full = (acronyms or {}).get(key) or KNOWN_ACRONYMS.get(key)
    return _bare_key(full) if full else key


def _bare_key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("&", " and ")
    text = re.sub(r"^\s*the\s+", "", " ".join(text.split()))
    text = _LEGAL_SUFFIX.sub("", re.sub(r"[^\w\s]", " ", text).strip()).strip()
    return re.sub(r"[\W_]+", "", text)


def _acronym_of(name: str) -> tuple[str, str] | None:
    """"Electronic Frontier Foundation (EFF)" -> ("eff", "Electronic Frontier Foundation")."""
    match = re.match(r"^(.+?)\s*\(\s*([A-Z][A-Za-z0-9&.-]{1,11})\s*\)\s*$", name)
    if not match or countries.resolve(match.group(2)):
        return None
    return _bare_key(match.group(2)), match.group(1).strip()


# ---------------------------------------------------------------------------------------------
# Reading a page as headings and blocks

@dataclass
class Block:
    kind: str  # "heading" | "text" | "row"
    text: str
    level: int = 0  # headings: 1-6; a bold-only paragraph counts as 6
    links: list[tuple[str, str]] = field(default_factory=list)  # (link text, absolute url)
    cells: list[str] = field(default_factory=list)
    header_row: bool = False


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_LEAF_BLOCKS = ("p", "li", "dt", "dd", "div", "td", "th", "caption")
_BLOCK_CHILDREN = ("p", "li", "div", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "tr")


def _text(el: Tag) -> str:
    return " ".join(el.get_text(" ").split())


def _links(el: Tag, base_url: str) -> list[tuple[str, str]]:
    return [(_text(a), urljoin(base_url, a["href"].strip())) for a in el.find_all("a", href=True)
            if not a["href"].strip().lower().startswith(("javascript:", "mailto:", "#"))]


def page_blocks(soup: BeautifulSoup, base_url: str) -> list[Block]:
    blocks = []
    for el in (soup.body or soup).find_all(True):
        if el.find_parent("tr") is not None or el.find_parent(_HEADINGS) is not None:
            continue  # read as part of its row or heading
        parent_item = el.find_parent("li")
        if parent_item is not None and not parent_item.find(("ul", "ol")):
            continue  # read as part of its list item
        if el.name in _HEADINGS:
            blocks.append(Block("heading", _text(el), int(el.name[1])))
        elif el.name == "tr":
            cells = el.find_all(("td", "th"))
            blocks.append(Block("row", _text(el), links=_links(el, base_url), cells=[_text(c) for c in cells],
                                header_row=all(c.name == "th" for c in cells)))
        elif el.name == "li" and not el.find(("ul", "ol")) and _text(el):
            blocks.append(_text_block(el, base_url))
        elif el.name in _LEAF_BLOCKS and not el.find(_BLOCK_CHILDREN) and _text(el):
            if el.find_parent(("p", "dd", "dt")) is not None:
                continue  # inside a paragraph already taken whole
            blocks.append(_text_block(el, base_url))
        elif el.name == "li" and _text(el):
            # a list item holding a nested list: its own words, without the nested items
            own = " ".join(s.strip() for s in el.find_all(string=True, recursive=False) if s.strip())
            if own:
                blocks.append(Block("text", own, links=[]))
    return blocks


def _text_block(el: Tag, base_url: str) -> Block:
    text = _text(el)
    strong = el.find(("strong", "b"))
    if el.name in ("p", "div") and strong is not None and _text(strong) == text and len(text) < 90 \
            and not el.find("a"):
        return Block("heading", text, 6)
    return Block("text", text, links=_links(el, base_url))


# ---------------------------------------------------------------------------------------------
# What a heading announces

_DOC_CATEGORIES = [
    (r"\bchair'?s?\b.*\bdocuments?\b|\bchair'?s? (?:proposals?|texts?)\b", "chair"),
    (r"\bworking documents?\b|\binformal (?:meetings?|consultations?)\b|\bco-?facilitat", "working"),
    (r"\bsubmissions?\b|\bwritten (?:contributions|inputs)\b", "submission"),
    (r"\bstatements?\b", "statement"),
    (r"\bmeeting documentation\b|\b(?:official|pre-session|in-session|post-session|session) documents?\b"
     r"|^documents?$|^documentation$", "official"),
]
_STATE_HEADING = re.compile(r"\bmember states?\b|^states$|\bgovernments?\b", re.I)
_STAKEHOLDER_HEADING = re.compile(
    r"\bmulti-?\s?stakeholders?\b|^stakeholders$|\bnon-governmental\b|\bintergovernmental\b"
    r"|\bcivil society\b|\bobservers?\b|^other organi[sz]ations$", re.I)
_LIST_CATEGORIES = [
    (r"\bparagraph 7\b|\bintergovernmental organi[sz]ations\b|\bunited nations (?:bodies|entities)\b",
     "para7_igo"),
    (r"\bparagraph 8\b|\bconsultative status\b|\becosoc\b|\beconomic and social council\b", "ecosoc_ngo"),
    (r"\bparagraph 9\b|\bother relevant\b|\bapproved\b", "para9"),
    (r"\bacademi", "para9_academia"),
    (r"\bprivate sector\b|\bbusiness", "para9_private_sector"),
    (r"\bnon-governmental\b|\bcivil society\b|\bngos?\b", "para9_ngo"),
]
_SESSION_LIST_HEADING = re.compile(r"^(?:sessions|intersessional consultations|meetings of the ad hoc committee)$",
                                   re.I)


def _first_match(patterns, text: str) -> str | None:
    return next((value for pattern, value in patterns if re.search(pattern, text, re.I)), None)


def _submitter_kind(text: str) -> str | None:
    if _STATE_HEADING.search(text):
        return "state"
    if _STAKEHOLDER_HEADING.search(text):
        return "stakeholder"
    return None


# ---------------------------------------------------------------------------------------------
# Parsing

_STATUS_LINE = re.compile(r"^(?:advance (?:unedited )?(?:copy|version)|unedited|english only|original:|"
                          r"provisional version|corrigendum pending)\b.{0,40}$", re.I)
_DOCUMENT_LINK = re.compile(r"\.(?:pdf|docx?|odt)(?:[?#]|$)|documents\.un\.org|undocs\.org|daccess-ods|"
                            r"/doc/|digitallibrary\.un\.org/record", re.I)
_FORMAT_LABELS = r"(?:pdf|word|english|french|spanish|arabic|chinese|russian|original)"
_FORMAT_SUFFIX = re.compile(rf"\s*[-–:(|]*\s*(?:{_FORMAT_LABELS}\s*[|,/)]?\s*)+$", re.I)
_LANGUAGE_PREFERENCE = ("english", "-en.pdf", "_e.pdf", ".pdf")


def _strip_format_labels(text: str) -> str:
    stripped = _FORMAT_SUFFIX.sub("", text).strip(" -–:|")
    return stripped or text


def _document_url(links: list[tuple[str, str]]) -> str | None:
    doc_links = [(label, href) for label, href in links if _DOCUMENT_LINK.search(href)]
    for wanted in _LANGUAGE_PREFERENCE:
        for label, href in doc_links:
            if wanted in label.lower() or href.lower().endswith(wanted):
                return href
    return doc_links[0][1] if doc_links else None


@dataclass
class _Section:
    kind: str | None = None  # "documents" | "stakeholders" | "sessions" | None
    level: int = 0
    heading: str = ""
    category: str | None = None  # document category or stakeholder list category
    submitter_kind: str | None = None


class _PageParser:
    def __init__(self, url: str, blocks: list[Block], title: str):
        self.url, self.blocks, self.title = url, blocks, title
        self.result = ParseResult()
        self.section = _Section()
        self.pending_symbol: tuple[str, str | None] | None = None
        self.acronyms: dict[str, str] = {}
        self.stakeholders: dict[str, dict] = {}
        self.participation: dict[tuple, dict] = {}
        headings = [b.text for b in blocks if b.kind == "heading" and b.level <= 2]
        self.session_name = next(filter(None, (find_session(t) for t in [*headings[:1], title])), None)
        self.session = session_key(self.session_name) if self.session_name else None
        self.is_session_page = bool(self.session) and not re.search(
            r"stakeholder|participation|side event", " ".join([*headings[:1], title]), re.I)
        self.approval_session = self.session or _approval_session(blocks)

    def warn(self, message: str) -> None:
        self.result.warnings.append(message)

    def run(self) -> ParseResult:
        self._learn_acronyms()
        if self.is_session_page:
            self._session_row()
        for block in self.blocks:
            if block.kind == "heading":
                self._heading(block)
            elif self.section.kind == "sessions":
                self._session_list_item(block)
            elif self.section.kind == "documents":
                self._document_block(block)
            elif self.section.kind == "stakeholders":
                self._stakeholder_item(block)
        self._flush_pending()
        self.result.rows("stakeholders").extend(self.stakeholders.values())
        self.result.rows("stakeholder_participation").extend(self.participation.values())
        return self.result

    def _learn_acronyms(self) -> None:
        for block in self.blocks:
            for name in [block.text, *block.cells]:
                found = _acronym_of(_strip_format_labels(name))
                if found:
                    self.acronyms.setdefault(found[0], found[1])

    # --- headings ---

    def _heading(self, block: Block) -> None:
        self._flush_pending()
        text, level, section = block.text.strip(" :"), block.level, self.section
        category = _first_match(_DOC_CATEGORIES, text)
        list_category = _first_match(_LIST_CATEGORIES, text)
        kind = _submitter_kind(text)
        if _SESSION_LIST_HEADING.match(text):
            self.section = _Section("sessions", level, text)
        elif category:
            self.section = _Section("documents", level, text, category, kind)
        elif section.kind == "documents" and kind and level > section.level:
            section.submitter_kind = kind
        elif section.kind == "stakeholders" and list_category and level > section.level \
                and section.category == "para9":
            section.category = list_category if list_category != "para9" else section.category
        elif list_category and not (section.kind == "documents" and level > section.level):
            self.section = _Section("stakeholders", level, text, list_category)
        elif section.kind and level <= section.level:
            self.section = _Section()

    # --- sessions (home page) ---

    def _session_row(self) -> None:
        start = end = venue = None
        for block in self.blocks[:40]:
            found = block.kind == "text" and find_date_range(block.text)
            if found:
                start, end, match = found
                venue = _venue_around(block.text, match)
                break
        if start is None:
            self.warn(f"no dates found for {self.session_name} on {self.url}")
        self.result.rows("ahc_sessions").append(_session_dict(
            self.session, "AHC", self.session_name, start, end, venue, self.url, self.url))

    def _session_list_item(self, block: Block) -> None:
        name = block.text.split(",")[0].strip()
        found = find_date_range(block.text)
        if not found or not block.text.strip():
            self.warn(f"could not read a session from {block.text!r} under {self.section.heading!r}")
            return
        start, end, match = found
        venue_text = block.text[len(name):match.start()] + block.text[match.end():]
        venue = " ".join(venue_text.replace(",", " ").split()) or None
        page = next((href for _, href in block.links), None)
        self.result.rows("ahc_sessions").append(_session_dict(
            session_key(name), "AHC", name, start, end, venue, page, self.url))

    # --- documents ---

    def _document_block(self, block: Block) -> None:
        if block.kind == "row":
            if not block.header_row:
                self._document_row(block)
            return
        text = block.text.strip()
        if _is_symbol_line(text):
            self._flush_pending()
            self.pending_symbol = (text, _document_url(block.links))
        elif self.pending_symbol and _STATUS_LINE.match(text):
            return
        elif self.pending_symbol:
            symbol, symbol_url = self.pending_symbol
            self.pending_symbol = None
            self._add_document(symbol, text, symbol_url or _document_url(block.links))
        elif _document_url(block.links) or SYMBOL.search(text):
            self._add_document(_symbol_in(text), _strip_format_labels(text), _document_url(block.links))
        elif len(text) < 150 and not text.endswith("."):
            self.warn(f"could not place {text!r} under {self.section.heading!r}: no document link or symbol")

    def _document_row(self, block: Block) -> None:
        symbol = _symbol_in(block.text)
        titles = [_strip_format_labels(c) for c in block.cells
                  if c and not _is_symbol_line(c) and not _FORMAT_SUFFIX.fullmatch(c)]
        url = _document_url(block.links)
        if not symbol and not url:
            if titles:
                self.warn(f"could not place the row {block.text!r} under {self.section.heading!r}: "
                          "no document link or symbol")
            return
        self._add_document(symbol, max(titles, key=len) if titles else None, url)

    def _flush_pending(self) -> None:
        if self.pending_symbol:
            symbol, url = self.pending_symbol
            self.pending_symbol = None
            self.warn(f"document {symbol} has no title under {self.section.heading!r}")
            self._add_document(symbol, None, url)

    def _add_document(self, symbol: str | None, title: str | None, url: str | None) -> None:
        category = self.section.category
        kind = self.section.submitter_kind if category in ("submission", "statement") else None
        if category in ("submission", "statement"):
            self._add_contribution(symbol, title, url, category, kind)
            return
        self.result.rows("ahc_documents").append(self._document(symbol, title, category, None, None, None, url))

    def _document(self, symbol, title, category, kind, submitter, iso3, url) -> dict:
        if self.session is None:
            self.warn(f"document {title or symbol!r} on {self.url} belongs to no identified session")
        return {"session_key": self.session, "symbol": symbol, "title": title, "category": category,
                "submitter_kind": kind, "submitter_name": submitter, "iso3": iso3, "url": url,
                "source_url": self.url}

    def _add_contribution(self, symbol, title, url, category, kind) -> None:
        name = _strip_format_labels(title or "")
        name = re.sub(r"^(?:submission|statement|contribution)s? (?:by|of|from)\s+", "", name, flags=re.I)
        iso3s, submitter = _state_names(name)
        if kind is None:
            kind = "state" if iso3s else None
            if kind is None:
                self.warn(f"could not tell whether {name!r} under {self.section.heading!r} is a state "
                          "or a stakeholder")
        rows = self.result.rows("ahc_documents")
        if kind == "state":
            if not iso3s:
                self.warn(f"unresolved country name {name!r} under {self.section.heading!r}")
            for iso3 in iso3s or [None]:
                rows.append(self._document(symbol, title, category, kind,
                                           countries.display_name(iso3) if len(iso3s) > 1 else submitter,
                                           iso3, url))
            return
        rows.append(self._document(symbol, title, category, kind, name or None, None, url))
        if kind == "stakeholder" and name:
            key = self._add_stakeholder(name, None, None)
            self._participate(key, category)

    # --- stakeholders ---

    def _stakeholder_item(self, block: Block) -> None:
        if block.kind == "row":
            if block.header_row or not block.cells:
                return
            name, others = block.cells[0], block.cells[1:]
        else:
            if block.kind != "text" or len(block.text) > 150 or block.text.endswith(".") \
                    or len(block.text.split()) > 20:
                return  # an introductory sentence, not a name
            name, others = block.text, []
        name, country = _name_and_country(name.strip(), others)
        category = self._list_category(others)
        key = self._add_stakeholder(name, category, country)
        if self.approval_session:
            self._participate(key, "approved", self.approval_session)
        else:
            self.warn(f"{name!r} is listed as approved but the page names no session; no participation row")

    def _list_category(self, other_cells: list[str]) -> str:
        """The heading's category, made precise by a category cell ("Academia") where the list has one."""
        category = self.section.category
        for cell in other_cells:
            found = _first_match(_LIST_CATEGORIES[3:], cell) or _first_match(_LIST_CATEGORIES[:2], cell)
            if found:
                return found
        if category != "para9":
            return category
        # a paragraph 9 heading alone: precise only when it names one kind of organisation
        kinds = {value for pattern, value in _LIST_CATEGORIES[3:] if re.search(pattern, self.section.heading, re.I)}
        return kinds.pop() if len(kinds) == 1 else "other"

    def _add_stakeholder(self, name: str, category: str | None, country: str | None) -> str:
        key = stakeholder_key(name, self.acronyms)
        row = self.stakeholders.get(key)
        if row is None:
            row = self.stakeholders[key] = {"stakeholder_key": key, "name": name, "name_variants": name,
                                            "category": category, "country_iso3": country,
                                            "source_url": self.url}
            return key
        variants = row["name_variants"].split("; ")
        if name not in variants:
            row["name_variants"] = "; ".join([*variants, name])
            if len(name) > len(row["name"]) and not _acronym_of(name):
                row["name"] = name
        if category and row["category"] and category != row["category"]:
            self.warn(f"{name!r} is listed as both {row['category']} and {category}; kept {row['category']}")
        row["category"] = row["category"] or category
        row["country_iso3"] = row["country_iso3"] or country
        return key

    def _participate(self, key: str, role: str, session: str | None = None) -> None:
        session = session or self.session
        if session:
            self.participation.setdefault((key, session, role), {
                "stakeholder_key": key, "session_key": session, "role": role, "source_url": self.url})


def _session_dict(key, body, name, start, end, venue, page_url, source_url, cited=None, note=None) -> dict:
    return {"session_key": key, "body": body, "name": name, "start_date": start, "end_date": end,
            "venue": venue, "page_url": page_url, "source_url": source_url, "cited_source": cited,
            "note": note}


def _symbol_in(text: str) -> str | None:
    match = SYMBOL.search(text)
    return match.group(0).rstrip(".") if match else None


def _is_symbol_line(text: str) -> bool:
    return _symbol_in(text) == text.strip().rstrip(".")


def _state_names(name: str) -> tuple[list[str], str]:
    """Countries a submitter line names: "Egypt on behalf of the Group of Arab States" -> Egypt."""
    lead = re.split(r"\s+on behalf of\s+|\s*\(", name, maxsplit=1)[0].strip()
    for candidate in (name, lead):
        iso3 = countries.resolve(candidate)
        if iso3:
            return [iso3], candidate
    found, missing = countries.resolve_many(lead)
    return (found, lead) if found and not missing else ([], name)


def _name_and_country(name: str, other_cells: list[str]) -> tuple[str, str | None]:
    """"Access Now (United States of America)" / "Name, Kenya" -> (name, iso3 of the country)."""
    for cell in other_cells:
        if countries.resolve(cell):
            return name, countries.resolve(cell)
    match = re.match(r"^(.+?)\s*(?:\(([^)]+)\)|,\s*([^,]+))\s*$", name)
    if match:
        place = match.group(2) or match.group(3)
        iso3 = countries.resolve(place)
        if iso3:
            return match.group(1).strip(), iso3
    return name, None


def _approval_session(blocks: list[Block]) -> str | None:
    for block in blocks:
        if block.kind == "text" and re.search(r"\bapprov", block.text, re.I):
            name = find_session(block.text)
            if name:
                return session_key(name)
    return None


def parse(content: bytes, url: str) -> ParseResult:
    try:
        text, undecodable = content.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        text, undecodable = content.decode("utf-8", errors="replace"), exc.start
    head = text.lstrip()[:2000].lower()
    if not head:
        raise ParseError("expected an HTML page of the UNODC Ad Hoc Committee, got an empty response")
    if "<html" not in head and "<body" not in head and "<!doctype html" not in head:
        raise ParseError(f"expected an HTML page of the UNODC Ad Hoc Committee, got {text.lstrip()[:40]!r}")
    soup = BeautifulSoup(text, "html.parser")
    for hidden in soup(("script", "style", "noscript", "nav", "header", "footer")):
        hidden.decompose()
    title = " ".join(soup.title.get_text().split()) if soup.title else ""
    result = _PageParser(url, page_blocks(soup, url), title).run()
    if undecodable is not None:
        result.warnings.append(f"{url} is not valid UTF-8 (first bad byte at {undecodable}); "
                               "undecodable bytes were replaced")
    if not any(result.tables.values()):
        result.warnings.append(f"nothing recognised on {url}: no session list, document section or "
                               "stakeholder list")
    return result


SEED_COLUMNS = ("body", "session", "start", "end", "venue", "source", "note")


def sessions_from_seed_csv(content: bytes, url: str) -> ParseResult:
    """The hand-compiled ``ahc_sessions.csv`` (body, session, start, end, venue, source, note)."""
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    missing = [c for c in SEED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ParseError(f"expected the sessions seed CSV with columns {', '.join(SEED_COLUMNS)}, "
                         f"missing {', '.join(missing)}")
    result = ParseResult()
    for line, row in enumerate(reader, start=2):
        start, end = _iso_date(row["start"]), _iso_date(row["end"])
        if start is None:
            result.warnings.append(f"no start date for {row['session']!r} in line {line}")
        result.rows("ahc_sessions").append(_session_dict(
            session_key(row["session"]), row["body"] or None, row["session"], start, end or start,
            row["venue"] or None, None, url, row["source"] or None, row["note"] or None))
    return result


def _iso_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        return None
